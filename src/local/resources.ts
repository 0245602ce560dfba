/**
 * The contract between the interpreter and whatever serves Task states.
 *
 * A Task's `Resource` ARN is matched against a registry of patterns; the first
 * matching handler runs the call. Local services (`services/`), per-state mocks and
 * user code all plug in here, so the interpreter never imports the DSL or `steps/`.
 */

/**
 * An ASL error raised by a task or by the runtime: `{ Error, Cause }` data, never a JS crash.
 * It carries no stack trace: it is data that Retry/Catch route, and capturing
 * stacks would dominate the cost of failing executions.
 */
export class TaskFailure extends Error {
  override readonly name = 'TaskFailure';
  /** The ASL error name matched by Retry/Catch `ErrorEquals`, e.g. `States.TaskFailed`. */
  readonly error: string;
  /** The cause string (AWS reports a string, often JSON text). */
  override readonly cause?: string;
  constructor(error: string, cause?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(cause === undefined ? error : `${error}: ${cause}`);
    Error.stackTraceLimit = limit;
    this.error = error;
    if (cause !== undefined) this.cause = cause;
  }
}

/** What a resource handler is given for one call (one attempt). */
export interface TaskCall {
  /** The Task state's `Resource` ARN, as written. */
  readonly resource: string;
  /** The state's name. */
  readonly stateName: string;
  /** The effective input: after InputPath + Parameters (JSONPath) or Arguments (JSONata). */
  readonly input: unknown;
  /** 0 for the first attempt, then 1, 2, … for retries. */
  readonly attempt: number;
  /** The task token when the resource ends in `.waitForTaskToken`. */
  readonly taskToken?: string;
  /** The role to assume, from the state's `Credentials`. */
  readonly credentials?: unknown;
  /** The execution's context object (`$$`). */
  readonly context: unknown;
  /** Aborted when the state times out or the execution stops. */
  readonly signal: AbortSignal;
  /** Current virtual time, epoch milliseconds. */
  now(): number;
}

/**
 * Serves one Task call: returns the task result (sync or async) or throws a
 * {@link TaskFailure}. Any other throw is normalised to `States.TaskFailed`.
 */
export type ResourceHandler = (call: TaskCall) => unknown;

/**
 * A resource ARN pattern: an exact ARN, a glob with `*` (matches any run of
 * characters), or a RegExp.
 */
export type ResourcePattern = string | RegExp;

/** A registry entry. */
export interface ResourceRegistration {
  readonly pattern: ResourcePattern;
  readonly handler: ResourceHandler;
}
