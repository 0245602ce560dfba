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

/**
 * Runs `attempt(n)` with the state's retriers and catchers. Synchronous while
 * the attempts are; retries wait on the thread's clock. @internal
 */
export function withRecovery(t: Thread, name: string, rec: Recovery, input: unknown, attempt: (n: number) => unknown): unknown {
  if (rec.retriers.length === 0 && rec.catchers.length === 0) {
    t.retryCount = 0;
    try {
      const r = attempt(0);
      return isPromise(r) ? r.catch(announceAndThrow) : r;
    } catch (e) {
      return announceAndThrow(e);
    }
  }
  const counts = new Array<number>(rec.retriers.length).fill(0);
  const onError = (e: unknown, n: number): unknown => {
    const f = stateFailure(t, name, e);
    if (f instanceof ExecutionTimedOut || f instanceof ExecutionAborted) throw f;
    const ri = findRetrier(rec.retriers, f.error);
    if (ri >= 0) {
      const r = rec.retriers[ri]!;
      const used = counts[ri]!;
      if (used < r.maxAttempts) {
        counts[ri] = used + 1;
        t.exec.transitions++; // AWS bills (and counts) one transition per retry attempt
        const slept = sleepOn(t, backoffMs(r, used, t.exec.random));
        if (isPromise(slept)) return slept.then(() => loop(n + 1));
        return loop(n + 1);
      }
    }
    // Not retried: now AWS records MapStateFailed / ParallelStateFailed.
    const announce = pendingStateFailed.get(f);
    if (announce !== undefined) {
      pendingStateFailed.delete(f);
      announce();
    }
    const ci = findCatcher(rec.catchers, f.error);
    if (ci >= 0) return rec.applyCatch(t, rec.catchers[ci]!, input, f);
    throw f;
  };
  const loop = (n: number): unknown => {
    t.retryCount = n;
    let r: unknown;
    try {
      r = attempt(n);
    } catch (e) {
      return onError(e, n);
    }
    if (isPromise(r)) return r.then(undefined, (e: unknown) => onError(e, n));
    return r;
  };
  return loop(0);
}

function announceAndThrow(e: unknown): never {
  if (e instanceof TaskFailure) {
    const announce = pendingStateFailed.get(e);
    if (announce !== undefined) {
      pendingStateFailed.delete(e);
      announce();
    }
  }
  throw e;
}

/** The `{ Error, Cause }` error output of a caught failure. @internal */
export function errorOutput(f: TaskFailure): Record<string, unknown> {
  // AWS always carries both keys: a timeout without a cause reads "", any other missing cause null.
  const cause = f.cause ?? (f.error === 'States.Timeout' || f.error === 'States.HeartbeatTimeout' ? '' : null);
  return { Error: f.error, Cause: cause };
}

/** Current time helper re-exported for states. @internal */
export { nowOf };
