/**
 * Checks of a state machine or nested fragment (Parallel branch, Map ItemProcessor):
 * StartAt, names, transitions scoped to the fragment, reachability.
 * @internal
 */
import { childPointer } from './json-pointer.js';
import { checkState } from './check-state.js';
import type { PendingTarget } from './check-errors.js';
import { isObj, jsonType, type Ctx, type Obj } from './context.js';

/** Fields each kind of fragment may carry besides StartAt/States/Comment. */
const EXTRA_FIELDS = {
  document: new Set(['QueryLanguage', 'TimeoutSeconds', 'Version']),
  branch: new Set<string>(),
  processor: new Set(['ProcessorConfig']),
  iterator: new Set(['ProcessorConfig']),
} as const;

/** What a fragment is, for its allowed fields and messages. @internal */
export type FragmentKind = keyof typeof EXTRA_FIELDS;

const FRAGMENT_NOUN: Record<FragmentKind, string> = {
  document: 'the state machine',
  branch: 'the Parallel branch',
  processor: 'the Map ItemProcessor',
  iterator: 'the Map Iterator',
};

/**
 * Checks one fragment and every state in it (recursively).
 * @internal
 */
export function checkFragment(ctx: Ctx, fragment: unknown, pointer: string, kind: FragmentKind): void {
  const noun = FRAGMENT_NOUN[kind];
  if (!isObj(fragment)) {
    ctx.add('not-an-object', pointer, `${capitalise(noun)} must be an object with StartAt and States, not ${jsonType(fragment)}`);
    return;
  }
  for (const key of Object.keys(fragment)) {
    if (key === 'StartAt' || key === 'States' || key === 'Comment' || EXTRA_FIELDS[kind].has(key)) continue;
    ctx.add('unknown-field', childPointer(pointer, key), `${capitalise(noun)} has unknown field "${key}"`);
  }
  const states = fragment['States'];
  const statesPointer = childPointer(pointer, 'States');
  const names: Obj = isObj(states) ? states : {};
  const nameList = Object.keys(names);
  const nameSet = new Set(nameList);
  if (states === undefined) ctx.add('missing-field', pointer, `${capitalise(noun)} has no States; add an object of named states`);
  else if (!isObj(states)) ctx.add('not-an-object', statesPointer, `States of ${noun} must be an object of named states, not ${jsonType(states)}`);

  const startAt = fragment['StartAt'];
  const startPointer = childPointer(pointer, 'StartAt');
  if (startAt === undefined) ctx.add('missing-field', pointer, `${capitalise(noun)} has no StartAt; name the first state to run`);
  else if (typeof startAt !== 'string') ctx.add('invalid-value', startPointer, `StartAt of ${noun} must be a state name string, not ${jsonType(startAt)}`);
  else if (isObj(states) && !nameSet.has(startAt)) {
    ctx.add('unknown-start', startPointer, `StartAt "${startAt}" names no state of ${noun}${hint(nameList)}`);
  }

  const targets: PendingTarget[] = [];
  const edges = new Map<string, string[]>();
  for (const name of nameList) {
    const statePointer = childPointer(statesPointer, name);
    const first = ctx.names.get(name);
    if (first !== undefined) {
      ctx.add('duplicate-state-name', statePointer, `State name "${name}" is already used at ${first}; state names must be unique across the whole state machine, including Parallel branches and Map processors`);
    } else {
      ctx.names.set(name, statePointer);
    }
    if (name.length > 80) {
      ctx.add('invalid-value', statePointer, `State name "${name.slice(0, 20)}…" is ${name.length} characters long; the limit is 80`);
    }
    const out: string[] = [];
    edges.set(name, out);
    checkState(ctx, name, names[name], statePointer, targets, out, checkFragment);
  }

  for (const t of targets) {
    if (!nameSet.has(t.target)) {
      ctx.add('unknown-target', t.pointer, `${t.what} is "${t.target}", which names no state of ${noun}; transitions cannot leave or enter a Parallel branch or Map processor${hint(nameList)}`);
    }
  }

  if (typeof startAt === 'string' && nameSet.has(startAt)) {
    const seen = new Set<string>([startAt]);
    const queue = [startAt];
    while (queue.length > 0) {
      const from = queue.pop() as string;
      for (const to of edges.get(from) ?? []) {
        if (!seen.has(to) && nameSet.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    for (const name of nameList) {
      if (!seen.has(name)) {
        ctx.add('unreachable-state', childPointer(statesPointer, name), `State "${name}" is unreachable: no Next, Default, Choice or Catch path leads to it from StartAt "${startAt}"; link it or remove it`);
      }
    }
  }
}

function hint(all: readonly string[]): string {
  if (all.length === 0) return '';
  const shown = all.slice(0, 8).map((n) => `"${n}"`).join(', ');
  return ` (states here: ${shown}${all.length > 8 ? ', …' : ''})`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
