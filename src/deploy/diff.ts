import type { AslDocument, State, StateMachineFragment } from '../asl/types.js';
import { canonicalJson } from './internal/context.js';
import type { PolicyDocument } from './model.js';

/** One difference between the deployed definition and the new one, by state. */
export type StateDiff =
  | { readonly kind: 'added'; readonly state: string; readonly type: string }
  | { readonly kind: 'removed'; readonly state: string; readonly type: string }
  | { readonly kind: 'retry-changed'; readonly state: string; readonly before: unknown; readonly after: unknown }
  | { readonly kind: 'catch-changed'; readonly state: string; readonly before: unknown; readonly after: unknown }
  | { readonly kind: 'changed'; readonly state: string; readonly fields: readonly string[] };

/** One difference in an IAM policy. */
export type IamDiff =
  | { readonly kind: 'permission-added'; readonly role: string; readonly action: string; readonly resource: string }
  | { readonly kind: 'permission-removed'; readonly role: string; readonly action: string; readonly resource: string };

/** Every state of a document by path-free name (names are unique across the document). */
function statesOf(doc: StateMachineFragment, out = new Map<string, State>()): Map<string, State> {
  for (const [name, state] of Object.entries(doc.States)) {
    out.set(name, state);
    if (state.Type === 'Parallel') for (const b of state.Branches) statesOf(b, out);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) statesOf(processor, out);
    }
  }
  return out;
}

/** Fields of a state other than its nested fragments, Retry and Catch. */
function ownFields(state: State): Record<string, unknown> {
  const { Retry: _r, Catch: _c, Branches: _b, ItemProcessor: _p, Iterator: _i, ...rest } = state as State & Record<string, unknown>;
  return rest;
}

/**
 * A state-level diff of two definitions: states added, removed or changed (naming the
 * fields), and Retry/Catch policy changes reported on their own.
 */
export function diffDefinitions(before: AslDocument | undefined, after: AslDocument): StateDiff[] {
  const old = before ? statesOf(before) : new Map<string, State>();
  const now = statesOf(after);
  const diffs: StateDiff[] = [];
  for (const [name, state] of now) {
    const prev = old.get(name);
    if (prev === undefined) {
      diffs.push({ kind: 'added', state: name, type: state.Type });
      continue;
    }
    const a = ownFields(prev);
    const b = ownFields(state);
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
    if (fields.length > 0) diffs.push({ kind: 'changed', state: name, fields });
    const retry = (s: State) => ('Retry' in s ? s.Retry : undefined);
    const catcher = (s: State) => ('Catch' in s ? s.Catch : undefined);
    if (canonicalJson(retry(prev)) !== canonicalJson(retry(state))) diffs.push({ kind: 'retry-changed', state: name, before: retry(prev) ?? null, after: retry(state) ?? null });
    if (canonicalJson(catcher(prev)) !== canonicalJson(catcher(state))) diffs.push({ kind: 'catch-changed', state: name, before: catcher(prev) ?? null, after: catcher(state) ?? null });
  }
  for (const [name, state] of old) if (!now.has(name)) diffs.push({ kind: 'removed', state: name, type: state.Type });
  return diffs;
}

function grants(policy: PolicyDocument | undefined): Set<string> {
  const out = new Set<string>();
  for (const s of policy?.Statement ?? []) for (const a of s.Action) for (const r of s.Resource) out.add(`${a} ${r}`);
  return out;
}

/** Permissions (action × resource) added to or removed from a role's policy. */
export function diffPolicies(role: string, before: PolicyDocument | undefined, after: PolicyDocument): IamDiff[] {
  const a = grants(before);
  const b = grants(after);
  const diffs: IamDiff[] = [];
  for (const g of [...b].sort()) if (!a.has(g)) {
    const [action, resource] = g.split(' ') as [string, string];
    diffs.push({ kind: 'permission-added', role, action, resource });
  }
  for (const g of [...a].sort()) if (!b.has(g)) {
    const [action, resource] = g.split(' ') as [string, string];
    diffs.push({ kind: 'permission-removed', role, action, resource });
  }
  return diffs;
}

/** A diff as lines for a terminal: `+ added`, `- removed`, `~ changed`. */
export function formatDiff(states: readonly StateDiff[], iam: readonly IamDiff[]): string[] {
  const lines: string[] = [];
  for (const d of states) {
    switch (d.kind) {
      case 'added': lines.push(`+ state ${d.state} (${d.type})`); break;
      case 'removed': lines.push(`- state ${d.state} (${d.type})`); break;
      case 'changed': lines.push(`~ state ${d.state}: ${d.fields.join(', ')}`); break;
      case 'retry-changed': lines.push(`~ retry of ${d.state}: ${JSON.stringify(d.before)} -> ${JSON.stringify(d.after)}`); break;
      case 'catch-changed': lines.push(`~ catch of ${d.state}: ${JSON.stringify(d.before)} -> ${JSON.stringify(d.after)}`); break;
    }
  }
  for (const d of iam) lines.push(`${d.kind === 'permission-added' ? '+' : '-'} iam ${d.role}: ${d.action} on ${d.resource}`);
  return lines;
}
