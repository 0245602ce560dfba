/**
 * Registrations serving the optimized Glue integration from the local jobs:
 * `arn:aws:states:::glue:startJobRun` (returns `{ JobName, JobRunId }` at once)
 * and `arn:aws:states:::glue:startJobRun.sync` (waits; returns the JobRun;
 * a FAILED, TIMEOUT or ERROR run fails the task with `States.TaskFailed` and
 * the JobRun as JSON in the cause). Start errors are `Glue.<Code>`, e.g.
 * `Glue.ConcurrentRunsExceededException`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html
 */
import { TaskFailure, type ResourceRegistration } from '../../resources.js';
import { inputObject, optionalStringMap, requiredString } from '../internal/task-input.js';
import { serviceHandler } from '../internal/to-task-failure.js';
import type { JobRun, LocalGlue } from './local-glue.js';

/** A JobRun as Step Functions renders it: dates as epoch milliseconds. */
export function jobRunJson(run: JobRun): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(run)) out[k] = v instanceof Date ? v.getTime() : v;
  return out;
}

/** The registrations for the local Glue jobs. */
export function glueResources(glue: LocalGlue): ResourceRegistration[] {
  const startInput = (call: Parameters<ResourceRegistration['handler']>[0]): { JobName: string; Arguments?: Record<string, string> } => {
    const input = inputObject(call, 'Glue');
    const args = optionalStringMap(call, 'Glue', input, 'Arguments');
    return { JobName: requiredString(call, 'Glue', input, 'JobName'), ...(args === undefined ? {} : { Arguments: args }) };
  };
  return [
    {
      pattern: 'arn:aws:states:::glue:startJobRun.sync',
      handler: serviceHandler(async (call) => {
        const run = await glue.runJob(startInput(call), call.signal);
        const json = jobRunJson(run);
        if (run.JobRunState === 'FAILED' || run.JobRunState === 'TIMEOUT' || run.JobRunState === 'ERROR') {
          throw new TaskFailure('States.TaskFailed', JSON.stringify(json));
        }
        return json;
      }),
    },
    {
      pattern: 'arn:aws:states:::glue:startJobRun',
      handler: serviceHandler(async (call) => {
        const input = startInput(call);
        return { JobName: input.JobName, JobRunId: glue.startJobRun(input).JobRunId };
      }),
    },
  ];
}
