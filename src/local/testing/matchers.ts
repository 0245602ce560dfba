/**
 * vitest matchers for executions: register them once with
 * `expect.extend(localMatchers)` (e.g. in a setup file). They accept an
 * `ExecutionResult` or the `Result` that `execute()` returns.
 *
 * @example
 * expect.extend(localMatchers);
 * const run = await execute(definition, { n: 1 });
 * expect(run).toSucceedWith({ n: 2 });
 * expect(run).toHaveRetried('Load', 2);
 */
import type { Result } from 'neverthrow';
import type { ExecutionResult } from '../execution.js';
import type { HistoryEvent } from '../history.js';
import { visitedStates } from '../history.js';
import type { InvalidOptions } from '../execute.js';
import type { InvalidDefinition } from '../prepare.js';
// Brings vitest into the program for the `declare module 'vitest'` augmentation below: the library build
// (tsconfig.build.json) has no test file that imports it, and an augmentation alone does not load a module.
import type {} from 'vitest';

/** What the matchers accept. */
export type ExecutionLike = ExecutionResult | Result<ExecutionResult, InvalidDefinition | InvalidOptions>;

/** The matchers' signatures, for vitest's `Assertion`. */
export interface LocalMatchers<R = unknown> {
  /** The execution SUCCEEDED (with exactly this output, when given). */
  toSucceedWith(output?: unknown): R;
  /** The execution FAILED with this error name (and cause, when given). */
  toFailWith(error: string, cause?: string): R;
  /** Every one of these states was entered at least once. */
  toHaveVisited(...states: string[]): R;
  /** The state was retried exactly `n` times (attempts beyond the first). */
  toHaveRetried(state: string, n: number): R;
  /** The states entered, in order, are exactly this list. */
  toHaveTakenPath(path: readonly string[]): R;
}

interface MatcherContext {
  equals(a: unknown, b: unknown): boolean;
  isNot: boolean;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

function unwrap(v: unknown): { run?: ExecutionResult; problem?: string } {
  if (v !== null && typeof v === 'object' && 'isOk' in v && typeof (v as { isOk: unknown }).isOk === 'function') {
    const r = v as Result<ExecutionResult, InvalidDefinition | InvalidOptions>;
    if (r.isErr()) return { problem: r.error.message };
    return { run: r.value };
  }
  if (v !== null && typeof v === 'object' && 'status' in v && 'history' in v) return { run: v as ExecutionResult };
  return { problem: `expected an execution result, got ${JSON.stringify(v)}` };
}

function describe(run: ExecutionResult): string {
  if (run.status === 'SUCCEEDED') return `SUCCEEDED with ${JSON.stringify(run.output)}`;
  return `${run.status} with error ${JSON.stringify(run.error)} and cause ${JSON.stringify(run.cause)}`;
}

/** Number of attempts (task calls, Map/Parallel runs) minus entries, per state name. */
function retriesOf(history: readonly HistoryEvent[], state: string): number {
  const byId = new Map<number, HistoryEvent>();
  for (const e of history) byId.set(e.id, e);
  const owner = (e: HistoryEvent): string | undefined => {
    let cur: HistoryEvent | undefined = e;
    for (let guard = 0; cur !== undefined && guard < 100_000; guard++) {
      if (cur.stateEnteredEventDetails !== undefined) return cur.stateEnteredEventDetails.name;
      cur = byId.get(cur.previousEventId);
    }
    return undefined;
  };
  let entries = 0;
  let attempts = 0;
  for (const e of history) {
    if (e.stateEnteredEventDetails?.name === state) entries++;
    else if (/^(TaskScheduled|LambdaFunctionScheduled|ActivityScheduled|MapStateStarted|ParallelStateStarted)$/.test(e.type) && owner(e) === state) attempts++;
  }
  return Math.max(0, attempts - entries);
}

function withRun(received: unknown, f: (run: ExecutionResult) => MatcherResult): MatcherResult {
  const u = unwrap(received);
  if (u.run === undefined) return { pass: false, message: () => u.problem ?? 'no execution' };
  return f(u.run);
}

/** The matchers, for `expect.extend(localMatchers)`. */
export const localMatchers = {
  toSucceedWith(this: MatcherContext, received: unknown, ...args: [output?: unknown]): MatcherResult {
    return withRun(received, (run) => {
      const pass = run.status === 'SUCCEEDED' && (args.length === 0 || this.equals(run.output, args[0]));
      return {
        pass,
        message: () => pass
          ? `expected the execution not to succeed with ${JSON.stringify(args[0])}`
          : `expected the execution to succeed${args.length === 0 ? '' : ` with ${JSON.stringify(args[0])}`}, but it ${describe(run)}`,
        actual: run.status === 'SUCCEEDED' ? run.output : run.status,
        expected: args[0],
      };
    });
  },
  toFailWith(this: MatcherContext, received: unknown, error: string, cause?: string): MatcherResult {
    return withRun(received, (run) => {
      const pass = run.status === 'FAILED' && run.error === error && (cause === undefined || run.cause === cause);
      return {
        pass,
        message: () => pass
          ? `expected the execution not to fail with ${error}`
          : `expected the execution to fail with ${error}${cause === undefined ? '' : ` (${cause})`}, but it ${describe(run)}`,
      };
    });
  },
  toHaveVisited(this: MatcherContext, received: unknown, ...states: string[]): MatcherResult {
    return withRun(received, (run) => {
      const visited = visitedStates(run.history);
      const missing = states.filter((s) => !visited.includes(s));
      return {
        pass: missing.length === 0,
        message: () => missing.length === 0
          ? `expected the execution not to visit ${states.join(', ')}`
          : `expected the execution to visit ${missing.join(', ')}; it visited ${visited.join(' → ') || 'nothing (was history disabled?)'}`,
      };
    });
  },
  toHaveRetried(this: MatcherContext, received: unknown, state: string, n: number): MatcherResult {
    return withRun(received, (run) => {
      const got = retriesOf(run.history, state);
      const visited = visitedStates(run.history);
      // A misspelt state name would otherwise read as "retried 0 time(s)", which looks like a retry policy problem.
      const never = visited.includes(state) ? '' : `; it was never entered (the execution entered ${visited.join(' → ') || 'nothing: was history disabled?'})`;
      return {
        pass: got === n,
        message: () => `expected state '${state}' to be retried ${this.isNot ? 'not ' : ''}${n} time(s), it was retried ${got} time(s)${never}`,
        actual: got,
        expected: n,
      };
    });
  },
  toHaveTakenPath(this: MatcherContext, received: unknown, path: readonly string[]): MatcherResult {
    return withRun(received, (run) => {
      const visited = visitedStates(run.history);
      const pass = this.equals(visited, [...path]);
      return {
        pass,
        message: () => `expected the path ${pass && this.isNot ? 'not ' : ''}to be ${path.join(' → ')}, it was ${visited.join(' → ')}`,
        actual: visited,
        expected: [...path],
      };
    });
  },
};

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends LocalMatchers<T> {}
}
