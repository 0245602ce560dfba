/**
 * Running executions: `startExecution()` gives a handle with the callback API (`sendTaskSuccess`, `sendTaskFailure`,
 * `sendTaskHeartbeat`) and `stop()`.
 */
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { Clock } from './clock.js';
import { DEFAULT_CLOCK, realClock, virtualClock } from './clock.js';
import type { HistoryEvent } from './history.js';
import { runFrom } from './internal/node.js';
import type { PendingToken, Thread } from './internal/runtime.js';
import { Exec, ExecutionAborted, ExecutionTimedOut, emit, isPromise, stopControl } from './internal/runtime.js';
import type { StateMocks } from './mocks.js';
import type { CompiledMachine, PreparedMachine } from './prepare.js';
import type { ChildStarter } from './internal/runtime.js';
import type { ResourceRegistration, TaskCall } from './resources.js';
import { TaskFailure } from './resources.js';
import { plainJson } from './internal/plain-json.js';

/** Options of one execution. */
export interface ExecuteOptions {
  /** Handlers of Task resources by ARN pattern, first match wins. @default [] */
  readonly resources?: readonly ResourceRegistration[];
  /** Per-state mocks; a mocked state never calls a handler. */
  readonly mocks?: StateMocks;
  /** `virtual` (waits and back-off take no time), `real`, or your own Clock. @default 'virtual' */
  readonly clock?: 'virtual' | 'real' | Clock;
  /** Record the history. `false` runs like an Express workflow without a history (fastest). @default true */
  readonly history?: boolean;
  /** Seed of the random source of FULL jitter. @default 1 */
  readonly seed?: number;
  /** @default a name derived from a counter */
  readonly executionName?: string;
  /** @default 'StateMachine' */
  readonly stateMachineName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '123456789012' */
  readonly account?: string;
  /** `$$.Execution.RoleArn`. @default arn:aws:iam::<account>:role/statecraft-local */
  readonly roleArn?: string;
  /** Stop as FAILED (States.Runtime) after this many states entered (guards endless loops). @default 10_000_000 */
  readonly maxTransitions?: number;
  /**
   * Virtual clock only: how long (real ms) a `.waitForTaskToken` task may wait
   * for its callback before its TimeoutSeconds/HeartbeatSeconds fire in virtual
   * time. @default 20
   */
  readonly virtualIdleMs?: number;
  /**
   * Virtual clock only: the same for a pending asynchronous resource handler or
   * mock (longer, so slow local services are not cut short). @default 1000
   */
  readonly virtualTaskIdleMs?: number;
  /** Called when a `.waitForTaskToken` task has been submitted. */
  readonly onTaskToken?: (token: string, call: TaskCall) => void;
  /**
   * `EXPRESS` runs as an Express workflow: Express execution ARNs and
   * `$$.Execution` without RedriveCount. Combine with `history: false` for the
   * fastest runs (Express workflows have no execution history on AWS).
   * @default 'STANDARD'
   */
  readonly type?: 'STANDARD' | 'EXPRESS';
  /**
   * State machines that `arn:aws:states:::states:startExecution(.sync|.sync:2)`
   * tasks start, by state machine ARN or name (for sub-workflows). A registered
   * resource handler for that ARN takes precedence.
   */
  readonly stateMachines?: Readonly<Record<string, PreparedMachine>>;
}

/** Final status of an execution. */
export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** The outcome of one execution. */
export interface ExecutionResult {
  readonly status: ExecutionStatus;
  /** The execution output (SUCCEEDED only). */
  readonly output?: unknown;
  /** The ASL error name (FAILED, TIMED_OUT, ABORTED). */
  readonly error?: string;
  readonly cause?: string;
  /** AWS-shaped history events; empty when `history: false`. */
  readonly history: readonly HistoryEvent[];
  /** States entered plus retries. */
  readonly transitions: number;
  readonly executionArn: string;
  readonly startDate: Date;
  readonly stopDate: Date;
}

/** Why a callback call was refused. */
export interface CallbackError {
  readonly kind: 'unknown-task-token';
  readonly token: string;
  readonly message: string;
}

/** A running execution. */
export interface ExecutionHandle {
  /** Resolves when the execution ends (never rejects). */
  readonly result: Promise<ExecutionResult>;
  readonly executionArn: string;
  /** Tokens of the `.waitForTaskToken` tasks waiting now. */
  taskTokens(): string[];
  /** @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html */
  sendTaskSuccess(token: string, output: unknown): Result<void, CallbackError>;
  /** @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskFailure.html */
  sendTaskFailure(token: string, error?: string, cause?: string): Result<void, CallbackError>;
  /** @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskHeartbeat.html */
  sendTaskHeartbeat(token: string): Result<void, CallbackError>;
  /** Stops the execution as ABORTED. */
  stop(error?: string, cause?: string): void;
}

/** Starts an execution of a compiled machine. @internal */
export function startExecution(machine: CompiledMachine, input: unknown, o: ExecuteOptions): ExecutionHandle {
  const clock: Clock = o.clock === undefined || o.clock === 'virtual' ? DEFAULT_CLOCK : o.clock === 'real' ? realClock() : o.clock;
  const region = o.region ?? 'us-east-1';
  const account = o.account ?? '123456789012';
  const smName = o.stateMachineName ?? 'StateMachine';
  const startTime = clock.now();
  if (input === undefined) input = {}; // AWS's default execution input
  const history: HistoryEvent[] | null = o.history === false ? null : [];
  const exec: Exec = new Exec({
    history,
    maxTransitions: o.maxTransitions ?? 10_000_000,
    clock,
    startTime,
    deadline: machine.timeoutSeconds === undefined ? Infinity : startTime + machine.timeoutSeconds * 1000,
    resources: o.resources ?? [],
    mocks: o.mocks,
    seed: o.seed ?? 1,
    region,
    account,
    executionName: o.executionName,
    stateMachineName: smName,
    roleArn: o.roleArn,
    input,
    virtualIdleMs: o.virtualIdleMs ?? 20,
    virtualTaskIdleMs: o.virtualTaskIdleMs ?? 1000,
    onTaskToken: o.onTaskToken,
    startChild: o.stateMachines === undefined ? undefined : childStarter(o, clock, (): string => exec.executionName),
    express: o.type === 'EXPRESS',
  }, stopControl());
  const t: Thread = {
    exec, vars: NO_VARIABLES, ownsVars: false, stateCtx: undefined, stateCtxTime: 0, time: startTime, prev: 0, enteredId: 0, enteredTime: startTime,
    next: null, mapItem: undefined, retryCount: 0, taskToken: undefined, open: undefined, cancelled: false,
  };
  emit(t, 'ExecutionStarted', 'executionStartedEventDetails', history !== null ? { input, roleArn: exec.roleArn } : null);

  let realTimer: ReturnType<typeof setTimeout> | undefined;
  if (!exec.virtual && machine.timeoutSeconds !== undefined) {
    realTimer = setTimeout(() => exec.control.stop(new ExecutionTimedOut()), machine.timeoutSeconds * 1000);
  }

  const end = (status: ExecutionStatus, output: unknown, f: TaskFailure | undefined): ExecutionResult => {
    if (realTimer !== undefined) clearTimeout(realTimer);
    if (exec.hasTokens()) for (const p of [...exec.tokens.values()]) p.settle({ ok: false, error: 'States.Runtime', cause: 'execution ended' });
    if (exec.virtual && status === 'TIMED_OUT' && t.time < exec.deadline) t.time = exec.deadline;
    t.prev = exec.eventCounter;
    const error = f === undefined || f.error === '' ? undefined : f.error;
    const cause = f?.cause;
    if (history !== null) {
      const details = { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
      if (status === 'SUCCEEDED') emit(t, 'ExecutionSucceeded', 'executionSucceededEventDetails', { output });
      else if (status === 'FAILED') emit(t, 'ExecutionFailed', 'executionFailedEventDetails', details);
      else if (status === 'TIMED_OUT') emit(t, 'ExecutionTimedOut', 'executionTimedOutEventDetails', details);
      else emit(t, 'ExecutionAborted', 'executionAbortedEventDetails', details);
    } else exec.eventCounter++;
    clock.advanceTo(t.time);
    return new Outcome(exec, status, machine.usesJsonata ? plainJson(output) : output, error, cause, exec.virtual ? t.time : clock.now());
  };
  const onError = (e: unknown): ExecutionResult => {
    if (e instanceof ExecutionTimedOut) return end('TIMED_OUT', undefined, e);
    if (e instanceof ExecutionAborted) return end('ABORTED', undefined, e);
    if (e instanceof TaskFailure) return end('FAILED', undefined, e);
    return end('FAILED', undefined, new TaskFailure('States.Runtime', `internal error of the local interpreter: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
  };

  let result: Promise<ExecutionResult>;
  try {
    const r = runFrom(t, machine.root.start, input);
    result = isPromise(r) ? r.then((v) => end('SUCCEEDED', v, undefined), onError) : Promise.resolve(end('SUCCEEDED', r, undefined));
  } catch (e) {
    result = Promise.resolve(onError(e));
  }
  return new Handle(exec, result);
}

/** The (frozen, empty) scope an execution starts with; the first Assign puts a scope on top. */
const NO_VARIABLES = Object.freeze(Object.create(null) as Record<string, unknown>);

let childSeq = 0;

/** Runs registered state machines as child executions (same resources, mocks and options). */
function childStarter(o: ExecuteOptions, clock: Clock, parentName: () => string): ChildStarter {
  const machines = o.stateMachines ?? {};
  return (stateMachine, input, name, startMs) => {
    const smName = /:stateMachine:([^:]+)/.exec(stateMachine)?.[1] ?? stateMachine;
    const pm = machines[stateMachine] ?? machines[smName];
    if (pm === undefined) return undefined;
    const childName = name ?? `${parentName()}-child-${++childSeq}`;
    const handle = pm.start(input, {
      ...o,
      clock: clock.kind === 'virtual' ? virtualClock(startMs) : clock,
      executionName: childName,
      stateMachineName: smName,
    });
    return {
      arn: handle.executionArn,
      name: childName,
      result: handle.result.then((r) => ({
        status: r.status, stopMs: r.stopDate.getTime(),
        ...(r.status === 'SUCCEEDED' ? { output: r.output } : {}),
        ...(r.error === undefined ? {} : { error: r.error }),
        ...(r.cause === undefined ? {} : { cause: r.cause }),
      })),
    };
  };
}

/** The result object: dates and ARN are computed when read. */
class Outcome implements ExecutionResult {
  readonly status: ExecutionStatus;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly history: readonly HistoryEvent[];
  readonly transitions: number;
  readonly #exec: Exec;
  readonly #stop: number;
  constructor(exec: Exec, status: ExecutionStatus, output: unknown, error: string | undefined, cause: string | undefined, stop: number) {
    this.status = status;
    if (status === 'SUCCEEDED') this.output = output;
    if (error !== undefined) this.error = error;
    if (cause !== undefined) this.cause = cause;
    this.history = exec.history ?? [];
    this.transitions = exec.transitions;
    this.#exec = exec;
    this.#stop = stop;
  }
  get executionArn(): string {
    return this.#exec.executionArn;
  }
  get startDate(): Date {
    return new Date(this.#exec.startTime);
  }
  get stopDate(): Date {
    return new Date(this.#stop);
  }
}

/** The handle of a running execution. */
class Handle implements ExecutionHandle {
  readonly #exec: Exec;
  constructor(exec: Exec, readonly result: Promise<ExecutionResult>) {
    this.#exec = exec;
  }
  get executionArn(): string {
    return this.#exec.executionArn;
  }
  taskTokens(): string[] {
    return this.#exec.hasTokens() ? [...this.#exec.tokens.keys()] : [];
  }
  #callback(token: string, f: (p: PendingToken) => void): Result<void, CallbackError> {
    const p = this.#exec.hasTokens() ? this.#exec.tokens.get(token) : undefined;
    if (p === undefined) return err({ kind: 'unknown-task-token', token, message: `no task is waiting for the token '${token}' (it already completed, timed out, or never existed)` });
    f(p);
    return ok(undefined);
  }
  sendTaskSuccess(token: string, output: unknown): Result<void, CallbackError> {
    return this.#callback(token, (p) => p.settle({ ok: true, output }));
  }
  sendTaskFailure(token: string, error?: string, cause?: string): Result<void, CallbackError> {
    return this.#callback(token, (p) => p.settle(cause === undefined ? { ok: false, error: error ?? '' } : { ok: false, error: error ?? '', cause }));
  }
  sendTaskHeartbeat(token: string): Result<void, CallbackError> {
    return this.#callback(token, (p) => p.heartbeat());
  }
  stop(error = 'States.Aborted', cause?: string): void {
    this.#exec.control.stop(new ExecutionAborted(error, cause));
    if (this.#exec.hasTokens()) for (const p of [...this.#exec.tokens.values()]) p.settle({ ok: false, error, ...(cause === undefined ? {} : { cause }) });
  }
}
