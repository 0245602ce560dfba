/**
 * Compiles an ASL document into linked nodes, collecting every problem with a
 * JSON pointer (structure, transitions, and every expression via src/local/expr).
 */
import type {
  ChoiceState, FailState, MapState, ParallelState, PassState, QueryLanguage, SucceedState, TaskState, WaitState,
} from '../../asl/types.js';
import { compileChoice } from '../states/choice.js';
import { compileFail } from '../states/fail.js';
import { compileMap } from '../states/map.js';
import { compileParallel } from '../states/parallel.js';
import { compilePass } from '../states/pass.js';
import { compileSucceed } from '../states/succeed.js';
import { compileTask } from '../states/task.js';
import { compileWait } from '../states/wait.js';
import { TaskFailure } from '../resources.js';
import type { CompileContext } from './compile-context.js';
import { ptrSeg } from './compile-context.js';
import { enterState } from './lifecycle.js';
import type { Fragment, Node } from './node.js';

const TYPES = new Set(['Task', 'Pass', 'Wait', 'Succeed', 'Fail', 'Choice', 'Parallel', 'Map']);
const TERMINAL = new Set(['Succeed', 'Fail', 'Choice']);
const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Compiles a (sub-)machine. @internal */
export function compileFragment(cc: CompileContext, ptr: string, frag: unknown, ql: QueryLanguage): Fragment | undefined {
  if (frag === null || typeof frag !== 'object' || Array.isArray(frag)) {
    cc.issue(ptr, 'expected a state machine object with StartAt and States');
    return undefined;
  }
  const f = frag as { StartAt?: unknown; States?: unknown; QueryLanguage?: unknown };
  if (typeof f.StartAt !== 'string') cc.issue(`${ptr}/StartAt`, 'StartAt must name the first state');
  if (f.States === null || typeof f.States !== 'object' || Array.isArray(f.States)) {
    cc.issue(`${ptr}/States`, 'States must be an object of states by name');
    return undefined;
  }
  const states = f.States as Record<string, unknown>;
  const nodes = new Map<string, Node>();
  const wanted: { ptr: string; name: string }[] = [];
  const want = (p: string, n: unknown): void => {
    if (typeof n === 'string') wanted.push({ ptr: p, name: n });
  };
  for (const [name, raw] of Object.entries(states)) {
    const sp = `${ptr}/States/${ptrSeg(name)}`;
    if (name.length > 80) cc.issue(sp, `state name '${name.slice(0, 20)}…' is longer than 80 characters`);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      cc.issue(sp, 'a state must be an object');
      continue;
    }
    const s = raw as Record<string, unknown>;
    const type = s['Type'];
    if (typeof type !== 'string' || !TYPES.has(type)) {
      cc.issue(`${sp}/Type`, `unknown state Type ${JSON.stringify(type)} (expected one of ${[...TYPES].join(', ')})`);
      continue;
    }
    const sql = (s['QueryLanguage'] ?? ql) as QueryLanguage;
    if (sql !== 'JSONPath' && sql !== 'JSONata') {
      cc.issue(`${sp}/QueryLanguage`, `QueryLanguage must be "JSONPath" or "JSONata"`);
      continue;
    }
    if (ql === 'JSONata' && sql === 'JSONPath' && s['QueryLanguage'] !== undefined) {
      cc.issue(`${sp}/QueryLanguage`, 'a state cannot use JSONPath when the state machine uses JSONata');
    }
    if (!TERMINAL.has(type)) {
      const hasNext = s['Next'] !== undefined;
      const hasEnd = s['End'] === true;
      if (hasNext === hasEnd) cc.issue(sp, `a ${type} state needs exactly one of "Next" and "End": true`);
      want(`${sp}/Next`, s['Next']);
    }
    if (type === 'Choice') {
      const choices = Array.isArray(s['Choices']) ? s['Choices'] as unknown[] : [];
      choices.forEach((c, i) => want(`${sp}/Choices/${i}/Next`, (c as { Next?: unknown } | null)?.Next));
      want(`${sp}/Default`, s['Default']);
    }
    if (Array.isArray(s['Catch'])) (s['Catch'] as unknown[]).forEach((c, i) => want(`${sp}/Catch/${i}/Next`, (c as { Next?: unknown } | null)?.Next));
    const sub = (p: string, fr: unknown, q: QueryLanguage): Fragment | undefined => compileFragment(cc, p, fr, q);
    let node: Node;
    switch (type) {
      case 'Pass': node = compilePass(cc, sp, name, raw as PassState, sql); break;
      case 'Task': node = compileTask(cc, sp, name, raw as TaskState, sql); break;
      case 'Choice': node = compileChoice(cc, sp, name, raw as ChoiceState, sql); break;
      case 'Wait': node = compileWait(cc, sp, name, raw as WaitState, sql); break;
      case 'Succeed': node = compileSucceed(cc, sp, name, raw as SucceedState, sql); break;
      case 'Fail': node = compileFail(cc, sp, name, raw as FailState, sql); break;
      case 'Parallel': node = compileParallel(cc, sp, name, raw as ParallelState, sql, sub); break;
      default: node = compileMap(cc, sp, name, raw as MapState, sql, sub); break;
    }
    if (type === 'Pass' && s['Result'] !== undefined && Buffer.byteLength(JSON.stringify(s['Result'])) > MAX_PAYLOAD_BYTES) node = oversizedPass(name);
    nodes.set(name, node);
    cc.stateNames.add(name);
  }
  for (const w of wanted) if (!nodes.has(w.name) && states[w.name] === undefined) cc.issue(w.ptr, `no state named '${w.name}' in this state machine`);
  if (typeof f.StartAt === 'string' && states[f.StartAt] === undefined) cc.issue(`${ptr}/StartAt`, `no state named '${f.StartAt}' in this state machine`);
  const start = typeof f.StartAt === 'string' ? nodes.get(f.StartAt) : undefined;
  if (start === undefined) return undefined;
  const lookup = (n: string): Node => {
    const node = nodes.get(n);
    if (node === undefined) return start; // reported above; never run (prepare fails)
    return node;
  };
  for (const n of nodes.values()) n.link(lookup);
  return { start, nodes };
}

/** A Pass whose constant Result exceeds the payload quota fails like AWS: States.DataLimitExceeded. */
function oversizedPass(name: string): Node {
  return {
    name,
    type: 'Pass',
    link() {},
    run(t, input) {
      enterState(t, name, 'PassStateEntered', input);
      throw new TaskFailure('States.DataLimitExceeded', `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`);
    },
  };
}
