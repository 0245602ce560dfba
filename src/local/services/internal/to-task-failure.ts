/**
 * Wraps a local service call as a resource handler: a {@link LocalServiceError}
 * becomes the {@link TaskFailure} Step Functions would record.
 */
import { TaskFailure, type ResourceHandler, type TaskCall } from '../../resources.js';
import { LocalServiceError, stepFunctionsCause, stepFunctionsErrorName } from './service-error.js';

let requestCounter = 0;

/** A request id for causes: deterministic within a process, unique per call. @internal */
export function nextRequestId(): string {
  requestCounter += 1;
  return `local-${requestCounter.toString(16).padStart(8, '0')}`;
}

/** Turns service errors into `TaskFailure`s; other throws pass through (the runner normalises them). @internal */
export function serviceHandler(run: (call: TaskCall) => Promise<unknown>): ResourceHandler {
  return async (call) => {
    try {
      return await run(call);
    } catch (e) {
      if (e instanceof LocalServiceError) throw new TaskFailure(stepFunctionsErrorName(e), stepFunctionsCause(e, nextRequestId()));
      throw e;
    }
  };
}
