/**
 * Entering/leaving states and turning failures into ASL data, plus the
 * Retry/Catch driver shared by Task, Parallel and Map.
 */
import type { HistoryEventType } from '../history.js';
import { TaskFailure } from '../resources.js';
import type { CompiledCatcher, CompiledRetrier } from './retry.js';
import { backoffMs, findCatcher, findRetrier } from './retry.js';
import type { Thread } from './runtime.js';
import { ExecutionAborted, ExecutionTimedOut, asStateFailure, emit, isPromise, nowOf } from './runtime.js';

/** Records `…StateEntered` and resets per-state context. @internal */
export function enterState(t: Thread, name: string, type: HistoryEventType, input: unknown): void {
  const exec = t.exec;
  if (exec.control.stopped !== undefined) throw exec.control.stopped;
  if (t.cancelled) throw new TaskFailure('States.BranchFailed', 'another branch of the Parallel state failed');
  if (++exec.transitions > exec.maxTransitions) {
    throw new TaskFailure('States.Runtime', `The execution entered more than ${exec.maxTransitions} states (option maxTransitions); is there an endless loop?`);
  }
  if (!exec.virtual) t.time = exec.clock.now();
  else if (t.time > exec.deadline) throw new ExecutionTimedOut();
  t.enteredTime = t.time;
  t.open = type;
  t.retryCount = -1;
  t.taskToken = undefined;
  t.enteredId = emit(t, type, 'stateEnteredEventDetails', exec.history !== null ? { name, input } : null);
}

/** Records `…StateExited`. @internal */
export function exitState(t: Thread, name: string, type: HistoryEventType, output: unknown, assigned?: Record<string, unknown>): void {
  t.open = undefined;
  if (t.exec.history === null) {
    t.prev = ++t.exec.eventCounter;
    return;
  }
  emit(t, type, 'stateExitedEventDetails', assigned === undefined ? { name, output } : { name, output, assignedVariables: assigned });
}

/** Normalises a throw inside a state and records `EvaluationFailed` for JSONata errors. @internal */
export function stateFailure(t: Thread, name: string, e: unknown): TaskFailure {
  const f = asStateFailure(e, name, t);
  if (f.error === 'States.QueryEvaluationError' && !(f as { recorded?: boolean }).recorded) {
    emit(t, 'EvaluationFailed', 'evaluationFailedEventDetails', { error: f.error, cause: f.cause, state: name });
    (f as { recorded?: boolean }).recorded = true;
  }
  return f;
}

/** Sleeps `ms` on the thread: virtual time moves at once; real time awaits. @internal */
export function sleepOn(t: Thread, ms: number): void | Promise<void> {
  const exec = t.exec;
  if (exec.virtual) {
    t.time += ms;
    if (t.time > exec.deadline) throw new ExecutionTimedOut();
    return;
  }
  return exec.clock.sleep(ms, exec.control.signal()).then(() => {
    t.time = exec.clock.now();
    if (exec.control.stopped !== undefined) throw exec.control.stopped;
  });
}

/** Retry and Catch of a state. @internal */
export interface Recovery {
  readonly retriers: readonly CompiledRetrier[];
  readonly catchers: readonly CompiledCatcher[];
  /** Produces the state's output for a matched catcher and sets `t.next`. */
  applyCatch(t: Thread, catcher: CompiledCatcher, input: unknown, failure: TaskFailure): unknown;
}

/** Failures that end a Map/Parallel attempt and, when not retried, get a `…StateFailed` event. @internal */
export const pendingStateFailed = new WeakMap<TaskFailure, () => void>();

/** One attempt of a state (compiled once per state; `n` is the retry number). @internal */
export type Attempt = (t: Thread, input: unknown, n: number) => unknown;

/**
 * Runs `attempt` with the state's retriers and catchers. Synchronous while the
 * attempts are, and allocation-free when the first attempt succeeds; retries
 * wait on the thread's clock. @internal
 */
export function withRecovery(t: Thread, name: string, rec: Recovery, input: unknown, attempt: Attempt): unknown {
  return tryAttempt(t, name, rec, input, attempt, 0, undefined);
}

function tryAttempt(t: Thread, name: string, rec: Recovery, input: unknown, attempt: Attempt, n: number, counts: number[] | undefined): unknown {
  t.retryCount = n;
  let r: unknown;
  try {
    r = attempt(t, input, n);
  } catch (e) {
    return recover(t, name, rec, input, attempt, e, n, counts);
  }
  if (isPromise(r)) return r.then(undefined, (e: unknown) => recover(t, name, rec, input, attempt, e, n, counts));
  return r;
}

function recover(t: Thread, name: string, rec: Recovery, input: unknown, attempt: Attempt, e: unknown, n: number, counts: number[] | undefined): unknown {
  const f = stateFailure(t, name, e);
  if (f instanceof ExecutionTimedOut || f instanceof ExecutionAborted) throw f;
  const ri = rec.retriers.length === 0 ? -1 : findRetrier(rec.retriers, f.error);
  if (ri >= 0) {
    const r = rec.retriers[ri]!;
    const c = counts ?? new Array<number>(rec.retriers.length).fill(0);
    const used = c[ri]!;
    if (used < r.maxAttempts) {
      c[ri] = used + 1;
      t.exec.transitions++; // AWS bills (and counts) one transition per retry attempt
      const slept = sleepOn(t, backoffMs(r, used, t.exec.random));
      if (isPromise(slept)) return slept.then(() => tryAttempt(t, name, rec, input, attempt, n + 1, c));
      return tryAttempt(t, name, rec, input, attempt, n + 1, c);
    }
  }
  // Not retried: now AWS records MapStateFailed / ParallelStateFailed.
  const announce = pendingStateFailed.get(f);
  if (announce !== undefined) {
    pendingStateFailed.delete(f);
    announce();
  }
  const ci = rec.catchers.length === 0 ? -1 : findCatcher(rec.catchers, f.error);
  if (ci >= 0) return rec.applyCatch(t, rec.catchers[ci]!, input, f);
  throw f;
}

/** The `{ Error, Cause }` error output of a caught failure. @internal */
export function errorOutput(f: TaskFailure): Record<string, unknown> {
  // AWS always carries both keys: a timeout without a cause reads "", any other missing cause null.
  const cause = f.cause ?? (f.error === 'States.Timeout' || f.error === 'States.HeartbeatTimeout' ? '' : null);
  return { Error: f.error, Cause: cause };
}

/** Current time helper re-exported for states. @internal */
export { nowOf };
