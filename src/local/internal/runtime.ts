/**
 * Runtime structures shared by the state executors: one `Exec` per execution,
 * one `Thread` per line of control (the main flow, each Parallel branch, each
 * Map iteration). A thread owns its variable scope, its virtual time cursor and
 * the id of its last history event (AWS's `previousEventId` chain).
 */
import type { Clock } from '../clock.js';
import type { HistoryEvent, HistoryEventType } from '../history.js';
import type { ResourceRegistration, TaskCall } from '../resources.js';
import { TaskFailure } from '../resources.js';
import type { StateMocks } from '../mocks.js';
import { seededRandom } from './retry.js';

/** Thrown to stop an execution as TIMED_OUT (execution-level `TimeoutSeconds`). @internal */
export class ExecutionTimedOut extends TaskFailure {
  constructor(cause?: string) {
    super('States.Timeout', cause);
  }
}

/** Thrown to stop an execution as ABORTED (`stop()` on the handle). @internal */
export class ExecutionAborted extends TaskFailure {
  constructor(error: string, cause?: string) {
    super(error, cause);
  }
}

/** A pending `.waitForTaskToken` callback. @internal */
export interface PendingToken {
  readonly stateName: string;
  settle(outcome: { ok: true; output: unknown } | { ok: false; error: string; cause?: string }): void;
  heartbeat(): void;
}

/** What an execution is started with. @internal */
export interface ExecSetup {
  readonly history: HistoryEvent[] | null;
  readonly maxTransitions: number;
  readonly clock: Clock;
  readonly startTime: number;
  readonly deadline: number;
  readonly resources: readonly ResourceRegistration[];
  readonly mocks: StateMocks | undefined;
  readonly seed: number;
  readonly region: string;
  readonly account: string;
  /** undefined: a name derived from a counter, built when first read. */
  readonly executionName: string | undefined;
  readonly stateMachineName: string;
  readonly roleArn: string | undefined;
  readonly input: unknown;
  readonly virtualIdleMs: number;
  readonly virtualTaskIdleMs: number;
  readonly onTaskToken: ((token: string, call: TaskCall) => void) | undefined;
  /** Runs a registered state machine as a child execution (states:startExecution), if any is registered. */
  readonly startChild: ChildStarter | undefined;
  readonly express: boolean;
}

/** Starts a registered state machine by ARN or name; undefined when none is registered under it. @internal */
export type ChildStarter = (stateMachine: string, input: unknown, name: string | undefined, startMs: number) =>
  { readonly arn: string; readonly name: string; readonly result: Promise<{ status: string; output?: unknown; error?: string; cause?: string; stopMs: number }> } | undefined;

let executionSeq = 0;

/**
 * Per-execution state. Everything that only some executions need (ARNs,
 * `$$.Execution`, the jitter PRNG, mock counters, callback tokens) is built on
 * first use, so a plain execution costs a handful of allocations. @internal
 */
export class Exec {
  readonly history: HistoryEvent[] | null;
  eventCounter = 0;
  transitions = 0;
  readonly maxTransitions: number;
  readonly clock: Clock;
  readonly virtual: boolean;
  readonly startTime: number;
  /** Epoch ms at which the whole execution times out, or Infinity. */
  readonly deadline: number;
  readonly resources: readonly ResourceRegistration[];
  readonly mocks: StateMocks | undefined;
  readonly region: string;
  readonly account: string;
  readonly stateMachineName: string;
  readonly input: unknown;
  readonly virtualIdleMs: number;
  readonly virtualTaskIdleMs: number;
  readonly onTaskToken: ((token: string, call: TaskCall) => void) | undefined;
  readonly startChild: ChildStarter | undefined;
  /** An Express workflow execution (ARN and `$$.Execution` differ). */
  readonly express: boolean;
  /** Stopping the execution (shared with child executions of distributed Maps). */
  readonly control: StopControl;
  /** Last epoch ms rendered as ISO text, and the text. */
  lastIsoMs = NaN;
  lastIso = '';
  readonly #seed: number;
  readonly #roleArn: string | undefined;
  #stateMachineContext: Readonly<Record<string, unknown>> | undefined;
  #executionName: string | undefined;
  readonly #seq: number;
  #random: (() => number) | undefined;
  #mockCounters: Map<string, number> | undefined;
  #tokens: Map<string, PendingToken> | undefined;
  #executionContext: Readonly<Record<string, unknown>> | undefined;

  constructor(s: ExecSetup, control: StopControl) {
    this.history = s.history;
    this.maxTransitions = s.maxTransitions;
    this.clock = s.clock;
    this.virtual = s.clock.kind === 'virtual';
    this.startTime = s.startTime;
    this.deadline = s.deadline;
    this.resources = s.resources;
    this.mocks = s.mocks;
    this.region = s.region;
    this.account = s.account;
    this.#executionName = s.executionName;
    this.#seq = ++executionSeq;
    this.stateMachineName = s.stateMachineName;
    this.input = s.input;
    this.virtualIdleMs = s.virtualIdleMs;
    this.virtualTaskIdleMs = s.virtualTaskIdleMs;
    this.onTaskToken = s.onTaskToken;
    this.startChild = s.startChild;
    this.express = s.express;
    this.control = control;
    this.#seed = s.seed;
    this.#roleArn = s.roleArn;
  }

  /** The execution's name (given, or `execution-000042`). */
  get executionName(): string {
    return (this.#executionName ??= `execution-${this.#seq.toString().padStart(6, '0')}`);
  }
  get executionArn(): string {
    // Express execution ARNs carry an extra id segment: …:express:<machine>:<name>:<id>.
    if (this.express) return `arn:aws:states:${this.region}:${this.account}:express:${this.stateMachineName}:${this.executionName}:${this.#seq.toString(16).padStart(8, '0')}`;
    return `arn:aws:states:${this.region}:${this.account}:execution:${this.stateMachineName}:${this.executionName}`;
  }
  get stateMachineArn(): string {
    return `arn:aws:states:${this.region}:${this.account}:stateMachine:${this.stateMachineName}`;
  }
  get roleArn(): string {
    return this.#roleArn ?? `arn:aws:iam::${this.account}:role/statecraft-local`;
  }
  /** Seeded PRNG of FULL jitter. */
  get random(): () => number {
    return (this.#random ??= seededRandom(this.#seed));
  }
  /** Invocation counters per mocked state name (shared with child executions). */
  get mockCounters(): Map<string, number> {
    return (this.#mockCounters ??= new Map());
  }
  /** Pending `.waitForTaskToken` callbacks. */
  get tokens(): Map<string, PendingToken> {
    return (this.#tokens ??= new Map());
  }
  /** Tokens waiting now, without creating the map. */
  hasTokens(): boolean {
    return this.#tokens !== undefined && this.#tokens.size > 0;
  }
  /** `$$.Execution`. */
  get executionContext(): Readonly<Record<string, unknown>> {
    const base = { Id: this.executionArn, Input: this.input, Name: this.executionName, RoleArn: this.roleArn, StartTime: new Date(this.startTime).toISOString() };
    // Express executions cannot be redriven and have no RedriveCount (recorded: express/test_query_runtime_memory).
    // differs from AWS: Standard executions are never redriven locally, so RedriveCount is always 0.
    return (this.#executionContext ??= this.express ? base : { ...base, RedriveCount: 0 });
  }
  /** `$$.StateMachine`. */
  get stateMachineContext(): Readonly<Record<string, unknown>> {
    return (this.#stateMachineContext ??= { Id: this.stateMachineArn, Name: this.stateMachineName });
  }
  /** A child execution (distributed Map iteration): own history ids, shared mocks, tokens and stop control. */
  child(): Exec {
    const c = new Exec({
      history: null, maxTransitions: this.maxTransitions, clock: this.clock, startTime: this.startTime, deadline: this.deadline,
      resources: this.resources, mocks: this.mocks, seed: this.#seed, region: this.region, account: this.account,
      executionName: this.executionName, stateMachineName: this.stateMachineName, roleArn: this.#roleArn, input: this.input,
      virtualIdleMs: this.virtualIdleMs, virtualTaskIdleMs: this.virtualTaskIdleMs, onTaskToken: this.onTaskToken, startChild: this.startChild, express: this.express,
    }, this.control);
    c.#random = this.random;
    c.#mockCounters = this.mockCounters;
    c.#tokens = this.tokens;
    return c;
  }
}

/** A line of control. @internal */
export interface Thread {
  readonly exec: Exec;
  /** Variables visible here: a prototype chain onto the parent's scope (Parallel/Map) or a root. */
  vars: Record<string, unknown>;
  /** False while `vars` is still the parent's scope: the first Assign creates this thread's own scope. */
  ownsVars: boolean;
  /** Entered time the cached `$$.State` was built for. */
  stateCtxTime: number;
  /** Cached `$$.State` of the current state (rebuilt when the state, time or retry changes). */
  stateCtx: { readonly Name: string; readonly EnteredTime: string; readonly RetryCount?: number } | undefined;
  /** Virtual time cursor, epoch ms (real clock: refreshed from the clock). */
  time: number;
  /** Id of the last event recorded on this thread. */
  prev: number;
  /** Id of the current state's `…StateEntered` event. */
  enteredId: number;
  /** Epoch ms at which the current state was entered. */
  enteredTime: number;
  /** Set by a state's executor: where the flow goes next (null: the fragment ends). */
  next: unknown;
  /** `$$.Map.Item` when this thread runs a Map iteration (or the Map's ItemSelector). */
  mapItem: { readonly Index: number; readonly Value: unknown; readonly Source?: string } | undefined;
  /** `$$.State.RetryCount` of the current attempt; -1 outside retryable states. */
  retryCount: number;
  /** Task token of the current attempt, for `$$.Task.Token`. */
  taskToken: string | undefined;
  /** The `…StateEntered` type of the state entered and not yet exited (undefined once it exits). */
  open: HistoryEventType | undefined;
  /** Set when a sibling Parallel branch failed: this branch stops at its next state. */
  cancelled: boolean;
}

/** How an execution is stopped. @internal */
export interface StopControl {
  /** Set when the execution was stopped (stop(), real-time execution timeout). */
  stopped: TaskFailure | undefined;
  /** The execution's abort signal (created on first use: AbortControllers are costly). */
  signal(): AbortSignal;
  /** Stops the execution with this failure and aborts its signal. */
  stop(f: TaskFailure): void;
}

/** Creates the lazily built stop/abort control of an Exec. @internal */
export function stopControl(): StopControl {
  return new LazyStop();
}

class LazyStop implements StopControl {
  stopped: TaskFailure | undefined = undefined;
  #ac: AbortController | undefined;
  signal(): AbortSignal {
    if (this.#ac === undefined) {
      this.#ac = new AbortController();
      if (this.stopped !== undefined) this.#ac.abort(this.stopped);
    }
    return this.#ac.signal;
  }
  stop(f: TaskFailure): void {
    if (this.stopped !== undefined) return;
    this.stopped = f;
    this.#ac?.abort(f);
  }
}

/** Current time of a thread. @internal */
export function nowOf(t: Thread): number {
  return t.exec.virtual ? t.time : (t.time = t.exec.clock.now());
}

/** Records an event on a thread's chain (when history is kept) and returns its id. @internal */
export function emit(t: Thread, type: HistoryEventType, key: string | null, details: unknown): number {
  const exec = t.exec;
  const id = ++exec.eventCounter;
  if (exec.history !== null) {
    const ev: Record<string, unknown> = { id, previousEventId: t.prev, timestamp: new Date(nowOf(t)), type };
    if (key !== null) ev[key] = details;
    exec.history.push(ev as unknown as HistoryEvent);
  }
  t.prev = id;
  return id;
}

/**
 * A child thread (Parallel branch, Map iteration) starting at the parent's time.
 * `vars` is the parent's scope (read through until the child assigns: then it
 * gets its own scope on top, see applyAssign) or a fresh root scope. @internal
 */
export function childThread(parent: Thread, vars: Record<string, unknown> | null, time: number): Thread {
  return {
    exec: parent.exec,
    vars: vars ?? (Object.create(null) as Record<string, unknown>),
    ownsVars: vars === null,
    stateCtx: undefined,
    stateCtxTime: 0,
    time,
    prev: parent.prev,
    enteredId: 0,
    enteredTime: time,
    next: null,
    mapItem: undefined,
    retryCount: 0,
    taskToken: undefined,
    open: undefined,
    cancelled: parent.cancelled,
  };
}

/** Builds `$$` for the current state. @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html */
export function contextObject(t: Thread, stateName: string): Record<string, unknown> {
  const exec = t.exec;
  let state = t.stateCtx;
  const retry = t.retryCount < 0 ? undefined : t.retryCount;
  if (state === undefined || state.Name !== stateName || state.RetryCount !== retry || t.stateCtxTime !== t.enteredTime) {
    const entered = isoOf(exec, t.enteredTime);
    // RetryCount exists only where retries exist (Task, Parallel, Map attempts).
    state = retry === undefined ? { Name: stateName, EnteredTime: entered } : { Name: stateName, EnteredTime: entered, RetryCount: retry };
    t.stateCtx = state;
    t.stateCtxTime = t.enteredTime;
  }
  const ctx: Record<string, unknown> = { Execution: exec.executionContext, State: state, StateMachine: exec.stateMachineContext };
  if (t.taskToken !== undefined) ctx['Task'] = { Token: t.taskToken };
  if (t.mapItem !== undefined) ctx['Map'] = { Item: t.mapItem };
  return ctx;
}

/** ISO text of an epoch ms, remembering the last one (states entered at the same virtual time share it). */
function isoOf(exec: Exec, ms: number): string {
  if (exec.lastIsoMs !== ms) {
    exec.lastIsoMs = ms;
    exec.lastIso = new Date(ms).toISOString();
  }
  return exec.lastIso;
}

/** Is it a thenable? @internal */
export function isPromise(v: unknown): v is Promise<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

const PREFIXED = new Set(['States.Runtime', 'States.QueryEvaluationError', 'States.IntrinsicFailure', 'States.ParameterPathFailure', 'States.ResultPathMatchFailure']);

/**
 * AWS words runtime failures as "An error occurred while executing the state 'X'
 * (entered at the event id #N). <reason>": adds that prefix to the interpreter's
 * own failures (not to task or branch failures, which arrive already worded). @internal
 */
export function asStateFailure(e: unknown, stateName: string, t: Thread): TaskFailure {
  if (e instanceof TaskFailure) {
    if (e instanceof ExecutionTimedOut || e instanceof ExecutionAborted) return e;
    if (PREFIXED.has(e.error) && e.cause !== undefined) {
      // expr words it without the event id when it does not know it: add the id.
      const bare = `An error occurred while executing the state '${stateName}'. `;
      if (e.cause.startsWith(bare)) return new TaskFailure(e.error, `${prefix(stateName, t)}${e.cause.slice(bare.length)}`);
      if (!e.cause.startsWith('An error occurred while executing the state')) return new TaskFailure(e.error, `${prefix(stateName, t)}${e.cause}`);
    }
    return e;
  }
  // A throw that is not an ASL failure is a bug somewhere below; report it as AWS reports internal errors.
  const msg = e instanceof Error ? e.message : String(e);
  return new TaskFailure('States.Runtime', `${prefix(stateName, t)}${msg}`);
}

function prefix(stateName: string, t: Thread): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${t.enteredId}). `;
}
