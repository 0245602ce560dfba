/**
 * A tiny test-only runner for conformance cases made only of Pass, Fail and Choice
 * states: enough to check the expression layer against AWS recordings before the real
 * runner exists. Follows the JSONPath pipeline InputPath → Parameters/Result → ResultPath
 * → OutputPath, and JSONata Output/Assign.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { TaskFailure } from '../../../../src/local/resources.js';
import {
  compileChoiceRule,
  compileJsonata,
  compilePath,
  compilePayloadTemplate,
  compileResultPath,
  compileValueExpression,
  NOT_FOUND,
  stateFailureCause,
  type Scope,
} from '../../../../src/local/expr/index.js';

/** Where the shared conformance suite lives. */
export const CONFORMANCE_DIR = new URL('../../../../../shared/conformance/', import.meta.url);

/** A recorded conformance case (the fields these tests read). */
export interface ConformanceCase {
  readonly id: string;
  readonly definition: { readonly StartAt: string; readonly QueryLanguage?: string; readonly States: Record<string, Record<string, unknown>> };
  readonly input: unknown;
  readonly expect: { readonly status: string; readonly output?: unknown; readonly error?: string; readonly cause?: string };
  readonly placeholders?: readonly string[];
}

/** Loads every case of a group. */
export function loadGroup(group: string): ConformanceCase[] {
  const dir = new URL(`cases/${group}/`, CONFORMANCE_DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as ConformanceCase);
}

/** What a run produced, in compare.mjs's shape. */
export interface RunResult {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
}

const SUPPORTED = new Set(['Pass', 'Fail', 'Choice', 'Succeed']);

/** True when every state of the case is one this mini runner handles. */
export function isMiniRunnable(c: ConformanceCase): boolean {
  return Object.values(c.definition.States).every((s) => SUPPORTED.has(String(s.Type)));
}

function contextFor(input: unknown, stateName: string): Record<string, unknown> {
  return {
    Execution: {
      Id: 'arn:aws:states:us-east-1:111111111111:execution:machine:exec',
      Input: input,
      StartTime: '2026-01-01T00:00:00.000Z',
      Name: 'exec',
      RoleArn: 'arn:aws:iam::111111111111:role/role',
      RedriveCount: 0,
    },
    StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:machine', Name: 'machine' },
    State: { EnteredTime: '2026-01-01T00:00:00.000Z', Name: stateName },
  };
}

function unwrap<T>(r: { isErr(): boolean; _unsafeUnwrap(): T; _unsafeUnwrapErr(): unknown }, what: string): T {
  if (r.isErr()) throw new Error(`${what}: ${String(r._unsafeUnwrapErr())}`);
  return r._unsafeUnwrap();
}

function selectPath(path: unknown, scope: Scope, stateName: string, eventId: number): unknown {
  if (path === null) return {};
  if (path === undefined) return scope.input;
  const p = unwrap(compilePath(String(path)), 'path');
  const v = p.get(scope);
  if (v === NOT_FOUND) {
    throw new TaskFailure('States.Runtime', stateFailureCause(stateName, eventId, `Invalid path '${p.source}' : ${p.explainNotFound(scope)}`));
  }
  return v;
}

/** Runs a case made of Pass/Fail/Choice/Succeed states; never throws for ASL failures. */
export async function runMini(c: ConformanceCase): Promise<RunResult> {
  const top = c.definition.QueryLanguage ?? 'JSONPath';
  let name = c.definition.StartAt;
  let input: unknown = c.input;
  let vars: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let eventId = 2;
  try {
    for (let step = 0; step < 100; step++) {
      const state = c.definition.States[name];
      if (state === undefined) throw new Error(`no state ${name}`);
      const lang = (state.QueryLanguage as string | undefined) ?? top;
      const context = contextFor(c.input, name);
      if (lang === 'JSONata') {
        const states = { input, context };
        if (state.Type === 'Fail') {
          const error = state.Error === undefined ? undefined : await unwrap(compileJsonata(state.Error, 'Error'), 'Error').evaluate({ states, vars }, name, eventId);
          const cause = state.Cause === undefined ? undefined : await unwrap(compileJsonata(state.Cause, 'Cause'), 'Cause').evaluate({ states, vars }, name, eventId);
          return { status: 'FAILED', ...(error === undefined ? {} : { error: String(error) }), ...(cause === undefined ? {} : { cause: String(cause) }) };
        }
        let next = state.Next as string | undefined;
        let output: unknown = input;
        if (state.Type === 'Choice') {
          next = state.Default as string | undefined;
          for (const rule of state.Choices as Record<string, unknown>[]) {
            const cond = await unwrap(compileJsonata(rule.Condition, 'Condition'), 'Condition').evaluate({ states, vars }, name, eventId);
            if (cond === true) {
              next = rule.Next as string;
              if (rule.Output !== undefined) output = await unwrap(compileJsonata(rule.Output, 'Output'), 'Output').evaluate({ states, vars }, name, eventId);
              else if (state.Output !== undefined) output = await unwrap(compileJsonata(state.Output, 'Output'), 'Output').evaluate({ states, vars }, name, eventId);
              break;
            }
          }
          if (next === state.Default && state.Output !== undefined) output = await unwrap(compileJsonata(state.Output, 'Output'), 'Output').evaluate({ states, vars }, name, eventId);
        } else if (state.Output !== undefined) output = await unwrap(compileJsonata(state.Output, 'Output'), 'Output').evaluate({ states, vars }, name, eventId);
        if (state.Assign !== undefined) {
          const assigned = (await unwrap(compileJsonata(state.Assign, 'Assign'), 'Assign').evaluate({ states, vars }, name, eventId)) as Record<string, unknown>;
          vars = Object.assign(Object.create(vars) as Record<string, unknown>, assigned);
        }
        input = output;
        if (state.End === true || state.Type === 'Succeed' || next === undefined) return { status: 'SUCCEEDED', output };
        name = next;
        eventId += 2;
        continue;
      }
      // JSONPath
      const raw: Scope = { input, context, vars };
      if (state.Type === 'Fail') {
        const error = state.ErrorPath !== undefined ? unwrap(compileValueExpression(String(state.ErrorPath), 'ErrorPath'), 'ErrorPath')(raw, name, eventId) : state.Error;
        const cause = state.CausePath !== undefined ? unwrap(compileValueExpression(String(state.CausePath), 'CausePath'), 'CausePath')(raw, name, eventId) : state.Cause;
        return { status: 'FAILED', ...(error === undefined ? {} : { error: String(error) }), ...(cause === undefined ? {} : { cause: String(cause) }) };
      }
      const effective = selectPath(state.InputPath, raw, name, eventId);
      const scope: Scope = { input: effective, context, vars };
      let next = state.Next as string | undefined;
      let output: unknown;
      let assignInput: unknown = effective;
      if (state.Type === 'Choice') {
        next = state.Default as string | undefined;
        for (const rule of state.Choices as Record<string, unknown>[]) {
          if (unwrap(compileChoiceRule(rule), 'Choice')(scope, name, eventId)) { next = rule.Next as string; break; }
        }
        if (next === undefined) return { status: 'FAILED', error: 'States.NoChoiceMatched' };
        output = selectPath(state.OutputPath, { input: effective, context, vars }, name, eventId);
      } else {
        const params = state.Parameters === undefined ? effective : unwrap(compilePayloadTemplate(state.Parameters), 'Parameters')(scope, name, eventId);
        const result = 'Result' in state ? state.Result : params;
        assignInput = result;
        const placed = state.Type === 'Succeed' ? effective : unwrap(compileResultPath(state.ResultPath as string | null | undefined), 'ResultPath')(input, result, name);
        output = selectPath(state.OutputPath, { input: placed, context, vars }, name, eventId);
      }
      if (state.Assign !== undefined) {
        // JSONPath Assign sees the state's result as `$` (and the variables as they were before the state).
        const assigned = unwrap(compilePayloadTemplate(state.Assign), 'Assign')({ input: assignInput, context, vars }, name, eventId) as Record<string, unknown>;
        vars = Object.assign(Object.create(vars) as Record<string, unknown>, assigned);
      }
      input = output;
      if (state.End === true || state.Type === 'Succeed' || next === undefined) return { status: 'SUCCEEDED', output };
      name = next;
      eventId += 2;
    }
    throw new Error('too many steps');
  } catch (e) {
    if (e instanceof TaskFailure) return { status: 'FAILED', error: e.error, ...(e.cause === undefined ? {} : { cause: e.cause }) };
    throw e;
  }
}
