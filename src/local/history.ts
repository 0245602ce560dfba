/**
 * Execution history with AWS's GetExecutionHistory event types and detail names.
 *
 * differs from AWS: `input`/`output`/`parameters` in the details are the JSON
 * values themselves rather than JSON text (no serialisation per state; values
 * are never mutated by the interpreter, so sharing them is safe).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
 */

/** Every history event type the interpreter records. */
export type HistoryEventType =
  | 'ExecutionStarted' | 'ExecutionSucceeded' | 'ExecutionFailed' | 'ExecutionTimedOut' | 'ExecutionAborted'
  | 'PassStateEntered' | 'PassStateExited'
  | 'TaskStateEntered' | 'TaskStateExited' | 'TaskStateAborted'
  | 'TaskScheduled' | 'TaskStarted' | 'TaskSubmitted' | 'TaskSucceeded' | 'TaskFailed' | 'TaskTimedOut'
  | 'LambdaFunctionScheduled' | 'LambdaFunctionStarted' | 'LambdaFunctionSucceeded' | 'LambdaFunctionFailed' | 'LambdaFunctionTimedOut'
  | 'ActivityScheduled' | 'ActivityStarted' | 'ActivitySucceeded' | 'ActivityFailed' | 'ActivityTimedOut'
  | 'ChoiceStateEntered' | 'ChoiceStateExited'
  | 'WaitStateEntered' | 'WaitStateExited' | 'WaitStateAborted'
  | 'SucceedStateEntered' | 'SucceedStateExited'
  | 'FailStateEntered'
  | 'ParallelStateEntered' | 'ParallelStateStarted' | 'ParallelStateSucceeded' | 'ParallelStateFailed' | 'ParallelStateAborted' | 'ParallelStateExited'
  | 'MapStateEntered' | 'MapStateStarted' | 'MapStateSucceeded' | 'MapStateFailed' | 'MapStateAborted' | 'MapStateExited'
  | 'MapIterationStarted' | 'MapIterationSucceeded' | 'MapIterationFailed' | 'MapIterationAborted'
  | 'MapRunStarted' | 'MapRunSucceeded' | 'MapRunFailed'
  | 'EvaluationFailed';

/** `stateEnteredEventDetails`. */
export interface StateEnteredDetails { readonly name: string; readonly input: unknown }
/** `stateExitedEventDetails`. */
export interface StateExitedDetails { readonly name: string; readonly output: unknown; readonly assignedVariables?: Readonly<Record<string, unknown>> }
/** Details carrying an error and a cause (`…FailedEventDetails`, `…TimedOutEventDetails`). */
export interface ErrorDetails { readonly error: string; readonly cause?: string; readonly resourceType?: string; readonly resource?: string }
/** `taskScheduledEventDetails`. */
export interface TaskScheduledDetails {
  readonly resourceType: string;
  readonly resource: string;
  readonly region: string;
  readonly parameters: unknown;
  readonly timeoutInSeconds?: number;
  readonly heartbeatInSeconds?: number;
}
/** `taskStartedEventDetails` (and the resource part of other task details). */
export interface TaskResourceDetails { readonly resourceType: string; readonly resource: string }
/** `taskSucceededEventDetails` / `taskSubmittedEventDetails`. */
export interface TaskOutputDetails extends TaskResourceDetails { readonly output: unknown }
/** `lambdaFunctionScheduledEventDetails`. */
export interface LambdaScheduledDetails { readonly resource: string; readonly input: unknown; readonly timeoutInSeconds?: number }
/** `mapStateStartedEventDetails`. */
export interface MapStartedDetails { readonly length: number }
/** `mapIterationStartedEventDetails` and the other iteration events. */
export interface MapIterationDetails { readonly name: string; readonly index: number }
/** `evaluationFailedEventDetails`. */
export interface EvaluationFailedDetails { readonly error: string; readonly cause?: string; readonly location?: string; readonly state: string }

/** One history event: shared fields plus the one `…EventDetails` field its type carries. */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  /** Virtual (or real) time of the event. */
  readonly timestamp: Date;
  readonly type: HistoryEventType;
  readonly executionStartedEventDetails?: { readonly input: unknown; readonly roleArn: string };
  readonly executionSucceededEventDetails?: { readonly output: unknown };
  readonly executionFailedEventDetails?: ErrorDetails;
  readonly executionTimedOutEventDetails?: ErrorDetails;
  readonly executionAbortedEventDetails?: ErrorDetails;
  readonly stateEnteredEventDetails?: StateEnteredDetails;
  readonly stateExitedEventDetails?: StateExitedDetails;
  readonly taskScheduledEventDetails?: TaskScheduledDetails;
  readonly taskStartedEventDetails?: TaskResourceDetails;
  readonly taskSubmittedEventDetails?: TaskOutputDetails;
  readonly taskSucceededEventDetails?: TaskOutputDetails;
  readonly taskFailedEventDetails?: ErrorDetails;
  readonly taskTimedOutEventDetails?: ErrorDetails;
  readonly lambdaFunctionScheduledEventDetails?: LambdaScheduledDetails;
  readonly lambdaFunctionSucceededEventDetails?: { readonly output: unknown };
  readonly lambdaFunctionFailedEventDetails?: ErrorDetails;
  readonly lambdaFunctionTimedOutEventDetails?: ErrorDetails;
  readonly activityScheduledEventDetails?: { readonly resource: string; readonly input: unknown; readonly timeoutInSeconds?: number; readonly heartbeatInSeconds?: number };
  readonly activityStartedEventDetails?: { readonly workerName: string };
  readonly activitySucceededEventDetails?: { readonly output: unknown };
  readonly activityFailedEventDetails?: ErrorDetails;
  readonly activityTimedOutEventDetails?: ErrorDetails;
  readonly mapStateStartedEventDetails?: MapStartedDetails;
  readonly mapIterationStartedEventDetails?: MapIterationDetails;
  readonly mapIterationSucceededEventDetails?: MapIterationDetails;
  readonly mapIterationFailedEventDetails?: MapIterationDetails;
  readonly mapIterationAbortedEventDetails?: MapIterationDetails;
  readonly mapRunStartedEventDetails?: { readonly mapRunArn: string };
  readonly mapRunFailedEventDetails?: ErrorDetails;
  readonly evaluationFailedEventDetails?: EvaluationFailedDetails;
}

/** The names of the states entered, in history order (from `…StateEntered` events). */
export function visitedStates(history: readonly HistoryEvent[]): string[] {
  const out: string[] = [];
  for (const e of history) if (e.stateEnteredEventDetails !== undefined) out.push(e.stateEnteredEventDetails.name);
  return out;
}
