/**
 * Test harness of the integration steps: renders a step as a one-step ASL
 * document (what the compiler does for a lone step, without Retry/Catch),
 * checks documents with both validators, and runs them on the local
 * interpreter with fake resource handlers.
 */
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { AslDocument, QueryLanguage, State } from '../../src/asl/types.js';
import { validateAsl } from '../../src/asl/validate.js';
import { execute } from '../../src/local/index.js';
import type { ExecutionResult, ResourceRegistration } from '../../src/local/index.js';
import { defaultEnvironment } from '../../src/steps/naming.js';
import { NEXT } from '../../src/steps/step.js';
import type { AnyStep, IamContext, IamStatement, RenderContext, StepFragment } from '../../src/steps/step.js';

/** The environment of the tests: the documented local default. */
export const ENV = defaultEnvironment('demo');

/** The IAM context of the tests. */
export const IAM_CTX: IamContext = {
  env: ENV,
  stateMachineName: 'demo-dev-demo',
  stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:demo-dev-demo',
};

/** A render context for a query language. */
export function ctx(queryLanguage: QueryLanguage, stateName = 'Step'): RenderContext {
  return { queryLanguage, env: ENV, stateName };
}

/** Renders a step. */
export function render(step: AnyStep, queryLanguage: QueryLanguage, stateName = 'Step'): StepFragment {
  return step.render(ctx(queryLanguage, stateName));
}

function withEnd(state: State, queryLanguage: QueryLanguage, resultExpression: string | undefined): State {
  if (state.Type === 'Succeed' || state.Type === 'Fail' || state.Type === 'Choice') return state;
  const out = queryLanguage === 'JSONata' && resultExpression !== undefined && state.Type !== 'Wait' ? { Output: `{% ${resultExpression} %}` } : {};
  return { ...state, ...out, End: true } as State;
}

/**
 * A document holding only the step, as the compiler would place it with the
 * result replacing the state (expanded states prefixed `<name>.`).
 */
export function stepDocument(step: AnyStep, queryLanguage: QueryLanguage, stateName = 'Step'): AslDocument {
  const f = render(step, queryLanguage, stateName);
  const ql = queryLanguage === 'JSONata' ? { QueryLanguage: 'JSONata' as const } : {};
  if (f.kind === 'task') return { ...ql, StartAt: stateName, States: { [stateName]: withEnd(f.state, queryLanguage, f.resultExpression) } };
  const prefix = (local: string) => `${stateName}.${local}`;
  const states: { [name: string]: State } = {};
  for (const [local, state] of Object.entries(f.states)) {
    const next = (state as { Next?: string }).Next;
    if (next === NEXT) {
      const { Next: _drop, ...rest } = state as State & { Next?: string };
      states[prefix(local)] = withEnd(rest as State, queryLanguage, f.resultExpression);
    } else if (next !== undefined) {
      states[prefix(local)] = { ...state, Next: prefix(next) } as State;
    } else {
      states[prefix(local)] = state;
    }
  }
  return { ...ql, StartAt: prefix(f.startAt), States: states };
}

interface AslValidatorResult {
  readonly isValid: boolean;
  readonly errorsText: (separator?: string) => string;
}
const require = createRequire(import.meta.url);
// asl-validator ships no type declarations; this is its documented call shape.
const aslValidator = require('asl-validator') as (definition: unknown) => AslValidatorResult;

/** Asserts that our validator and asl-validator 4 both accept the document. */
export function expectValidAsl(doc: AslDocument): void {
  const ours = validateAsl(doc);
  expect(ours.isOk() ? [] : ours.error).toStrictEqual([]);
  const theirs = aslValidator(JSON.parse(JSON.stringify(doc)));
  expect(theirs.isValid ? '' : theirs.errorsText('\n')).toBe('');
}

/** Runs a document on the local interpreter (virtual clock). */
export async function run(doc: AslDocument, input: unknown, resources: readonly ResourceRegistration[]): Promise<ExecutionResult> {
  const r = await execute(doc, input, { resources });
  if (r.isErr()) throw new Error(`invalid definition: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Asserts the least-privilege rules of the contract: no wildcard action, every resource an ARN of the test account (or a listed exception). */
export function expectLeastPrivilege(statements: readonly IamStatement[], allowStar: readonly string[] = []): void {
  expect(statements.length).toBeGreaterThan(0);
  for (const s of statements) {
    expect(s.actions.length).toBeGreaterThan(0);
    for (const a of s.actions) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
    for (const r of s.resources) {
      if (r === '*') {
        for (const a of s.actions) expect(allowStar).toContain(a);
        continue;
      }
      expect(r).toMatch(/^arn:aws:[a-z0-9-]+:(us-east-1)?:(000000000000)?:/);
    }
  }
}
