/**
 * Per-state mocks: what a Task state returns or throws on each invocation,
 * without any resource handler. Modelled on Step Functions Local's
 * MockConfigFile (`"0"`, `"1-2"` invocation ranges, `Return` / `Throw`).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html
 */
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { TaskCall } from './resources.js';
import { TaskFailure } from './resources.js';

/** One mocked response: a result, or an error with an optional cause. */
export type MockResponse =
  | { readonly Return: unknown }
  | { readonly Throw: { readonly Error: string; readonly Cause?: string } };

/**
 * The mock of one state: a sequence of responses by invocation (the last one
 * repeats), responses keyed by invocation number or range (`"0"`, `"1-2"`,
 * 0-based, as in Step Functions Local), or a function of the effective input
 * (return the result or a Promise of it; throw a `TaskFailure`, or an `Error`
 * whose `name` is the ASL error name and whose `message` is the cause).
 */
export type StateMock =
  | readonly MockResponse[]
  | { readonly [invocations: string]: MockResponse }
  | ((input: unknown, call: TaskCall) => unknown);

/** Mocks by Task state name. */
export type StateMocks = { readonly [stateName: string]: StateMock };

/** Why a mock configuration was rejected. */
export interface MockConfigError {
  readonly kind: 'invalid-mock-config';
  /** JSON pointer of the offending field. */
  readonly pointer: string;
  readonly message: string;
}

function isResponse(v: unknown): v is MockResponse {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  if ('Return' in v) return true;
  const t = (v as { Throw?: unknown }).Throw;
  return t !== null && typeof t === 'object' && typeof (t as { Error?: unknown }).Error === 'string';
}

const RANGE = /^(\d+)(?:-(\d+))?$/;

function checkResponses(v: unknown, ptr: string): MockConfigError | undefined {
  if (Array.isArray(v)) {
    if (v.length === 0) return { kind: 'invalid-mock-config', pointer: ptr, message: 'a mock sequence needs at least one response' };
    for (let i = 0; i < v.length; i++) {
      if (!isResponse(v[i])) return { kind: 'invalid-mock-config', pointer: `${ptr}/${i}`, message: 'expected { "Return": value } or { "Throw": { "Error": "...", "Cause": "..." } }' };
    }
    return undefined;
  }
  if (v === null || typeof v !== 'object') return { kind: 'invalid-mock-config', pointer: ptr, message: 'expected an array of responses or an object keyed by invocation ("0", "1-2")' };
  // One response without its list ({ "Return": … } for [{ "Return": … }]) is the likely slip: say so.
  if (isResponse(v)) return { kind: 'invalid-mock-config', pointer: ptr, message: `expected a list of responses: write [${'Return' in v ? '{ "Return": … }' : '{ "Throw": … }'}], not one response alone` };
  for (const [k, r] of Object.entries(v)) {
    if (!RANGE.test(k)) return { kind: 'invalid-mock-config', pointer: `${ptr}/${k}`, message: `invocation key '${k}' must be a number or a range like "1-2"` };
    if (!isResponse(r)) return { kind: 'invalid-mock-config', pointer: `${ptr}/${k}`, message: 'expected { "Return": value } or { "Throw": { "Error": "...", "Cause": "..." } }' };
  }
  return undefined;
}

/**
 * Parses mocks from JSON text or a parsed value: either `{ "<State>": responses }`
 * or a Step Functions Local MockConfigFile (`StateMachines` + `MockedResponses`),
 * from which `stateMachine`/`testCase` pick one test case (optional when the file
 * has exactly one).
 */
export function parseMockConfig(json: unknown, select: { stateMachine?: string; testCase?: string } = {}): Result<StateMocks, MockConfigError> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return err({ kind: 'invalid-mock-config', pointer: '', message: `not JSON: ${(e as Error).message}` });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return err({ kind: 'invalid-mock-config', pointer: '', message: 'expected an object of mocks by state name, or a MockConfigFile' });
  }
  const obj = value as Record<string, unknown>;
  if ('StateMachines' in obj || 'MockedResponses' in obj) {
    const sms = obj['StateMachines'] as Record<string, { TestCases?: Record<string, Record<string, string>> }> | undefined;
    const responses = (obj['MockedResponses'] ?? {}) as Record<string, unknown>;
    if (sms === undefined || typeof sms !== 'object') return err({ kind: 'invalid-mock-config', pointer: '/StateMachines', message: 'a MockConfigFile needs StateMachines' });
    const smNames = Object.keys(sms);
    const smName = select.stateMachine ?? (smNames.length === 1 ? smNames[0] : undefined);
    if (smName === undefined || sms[smName] === undefined) {
      return err({ kind: 'invalid-mock-config', pointer: '/StateMachines', message: `choose a state machine (one of ${smNames.join(', ') || 'none'})` });
    }
    const cases = sms[smName].TestCases ?? {};
    const caseNames = Object.keys(cases);
    const caseName = select.testCase ?? (caseNames.length === 1 ? caseNames[0] : undefined);
    if (caseName === undefined || cases[caseName] === undefined) {
      return err({ kind: 'invalid-mock-config', pointer: `/StateMachines/${smName}/TestCases`, message: `choose a test case (one of ${caseNames.join(', ') || 'none'})` });
    }
    const out: Record<string, StateMock> = {};
    for (const [state, respName] of Object.entries(cases[caseName])) {
      const r = responses[respName];
      const ptr = `/MockedResponses/${respName}`;
      if (r === undefined) return err({ kind: 'invalid-mock-config', pointer: `/StateMachines/${smName}/TestCases/${caseName}/${state}`, message: `no MockedResponses entry named '${respName}'` });
      const problem = checkResponses(r, ptr);
      if (problem !== undefined) return err(problem);
      out[state] = r as StateMock;
    }
    return ok(out);
  }
  for (const [state, r] of Object.entries(obj)) {
    const problem = checkResponses(r, `/${state.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (problem !== undefined) return err(problem);
  }
  return ok(obj as StateMocks);
}

/** The response of invocation `n` (0-based) of a state's mock; throws for an error response. @internal */
export function mockResponse(mock: StateMock, n: number, call: TaskCall): unknown {
  if (typeof mock === 'function') return mock(call.input, call);
  let r: MockResponse | undefined;
  if (Array.isArray(mock)) {
    r = (mock as readonly MockResponse[])[Math.min(n, mock.length - 1)];
  } else {
    const byKey = mock as { readonly [k: string]: MockResponse };
    r = byKey[String(n)];
    if (r === undefined) {
      for (const [k, v] of Object.entries(byKey)) {
        const m = RANGE.exec(k);
        if (m !== null && m[2] !== undefined && n >= Number(m[1]) && n <= Number(m[2])) {
          r = v;
          break;
        }
      }
    }
    if (r === undefined) {
      throw new TaskFailure('States.Runtime', `the mock of state '${call.stateName}' has no response for invocation ${n} (keys: ${Object.keys(byKey).join(', ')})`);
    }
  }
  if (r === undefined) throw new TaskFailure('States.Runtime', `the mock of state '${call.stateName}' is empty`);
  if ('Throw' in r) throw new TaskFailure(r.Throw.Error, r.Throw.Cause);
  return r.Return;
}
