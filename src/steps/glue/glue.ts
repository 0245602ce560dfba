/**
 * The `glue` step: starts a Glue job run with typed `--arguments` and, by
 * default, waits for it to finish (`glue:startJobRun.sync`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html
 */
import { lit, record, renderParameters } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateFor, TemplateInput } from '../expr/index.js';
import { integrationArn } from '../naming.js';
import type { IamStatement, Step } from '../step.js';
import { checkLogicalId } from '../lambda/function.js';
import { glueJobArn, glueJobDeployables, glueJobName } from './job.js';
import type { GlueArgumentName, GlueJob } from './job.js';

/**
 * The errors of a Glue job step: the Glue API's exceptions as Step Functions
 * names them, and `States.TaskFailed` for a run that ends FAILED, TIMEOUT or
 * STOPPED (its Cause is the JobRun as JSON).
 */
export const GLUE_ERRORS = [
  'Glue.ConcurrentRunsExceededException',
  'Glue.ThrottlingException',
  'Glue.AWSGlueException',
  'Glue.EntityNotFoundException',
  'Glue.InvalidInputException',
  'Glue.InternalServiceException',
  'Glue.OperationTimeoutException',
  'Glue.ResourceNumberLimitExceededException',
  'States.TaskFailed',
] as const;

/** An error name of {@link GLUE_ERRORS}. */
export type GlueErrorName = (typeof GLUE_ERRORS)[number];

/**
 * The integration patterns a Glue step supports (as CDK's `GlueStartJobRun`):
 * `sync` waits for the run to end (`.sync`); `fire-and-forget` returns once the run started.
 */
export type GluePattern = 'sync' | 'fire-and-forget';

/** The states a finished job run reports. */
export type GlueJobRunState = 'SUCCEEDED' | 'FAILED' | 'TIMEOUT' | 'STOPPED' | 'ERROR' | 'EXPIRED';

/** The result of a `sync` Glue step: the JobRun, as Glue's GetJobRun returns it. */
export interface GlueJobRun {
  readonly Id: string;
  readonly JobName: string;
  readonly JobRunState: GlueJobRunState;
  readonly Attempt: number;
  /** Epoch milliseconds. */
  readonly StartedOn: number;
  /** Epoch milliseconds. */
  readonly CompletedOn?: number;
  /** Seconds the run used resources. */
  readonly ExecutionTime?: number;
  readonly Arguments?: { readonly [name: string]: string };
  readonly ErrorMessage?: string;
}

/** The result of a `fire-and-forget` Glue step. */
export interface GlueJobStarted {
  readonly JobRunId: string;
}

/** The output of a Glue step for its pattern. */
export type GlueOutput<P extends GluePattern> = P extends 'fire-and-forget' ? GlueJobStarted : GlueJobRun;

/** The `--arguments` a run may set: the job's declared names, each a string. */
export type GlueArguments<A extends GlueArgumentName> = { readonly [K in A]?: TemplateFor<string> };

/**
 * An arguments function: the run's `--arguments`, from the typed state proxy.
 * Named so that a compiler message prints this name, not the whole signature
 * with the state type in it once more.
 */
export type GlueArgsFn<S, A extends GlueArgumentName> = (state: Ref<S>, context: ContextRef) => GlueArguments<A>;

/** Options of {@link glue}. */
export interface GlueOptions<S, A extends GlueArgumentName, P extends GluePattern> {
  /** Logical id of the step (names its state). @default the job's id */
  readonly id?: string;
  /** The run's arguments, built from the state. @default the job's default arguments */
  readonly args?: GlueArgsFn<S, A>;
  /** Wait for the run to end, or return once it started. @default 'sync' */
  readonly pattern?: P;
  /** ASL `Comment`. */
  readonly comment?: string;
}

const PATTERNS: readonly GluePattern[] = ['sync', 'fire-and-forget'];

/** The IAM actions per pattern: `.sync` polls the run and may stop it. */
const ACTIONS: { readonly [P in GluePattern]: readonly string[] } = {
  sync: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'],
  'fire-and-forget': ['glue:StartJobRun'],
};

/** The IAM a Glue step needs on its job for a pattern. */
export function glueStatements(jobArn: string, pattern: GluePattern): readonly IamStatement[] {
  return [{ actions: ACTIONS[pattern], resources: [jobArn] }];
}

/**
 * Starts a run of a Glue job. `args` sets the run's `--arguments` from the
 * state; only the names the job declares are accepted, each a string.
 *
 * Errors: {@link GLUE_ERRORS}. IAM: `glue:StartJobRun` (+ `GetJobRun`,
 * `GetJobRuns`, `BatchStopJobRun` for `sync`) on the job's ARN.
 * @example glue(stageJob, { args: (s) => ({ '--bucket': s.bucket, '--key': s.key }) })
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html
 */
export function glue<S, A extends GlueArgumentName = never, P extends GluePattern = 'sync'>(
  job: GlueJob<A>,
  options: GlueOptions<S, A, P> = {},
): Step<S, GlueOutput<P>, GlueErrorName> {
  if (job?.kind !== 'glue-job') throw new TypeError('glue(): the first argument must be a job from glueJob() or existingGlueJob()');
  const id = options.id ?? job.id;
  checkLogicalId('glue()', id);
  const pattern: GluePattern = options.pattern ?? 'sync';
  if (!PATTERNS.includes(pattern)) {
    throw new TypeError(`glue('${id}'): pattern must be one of ${PATTERNS.map((p) => `'${p}'`).join(', ')}, got ${JSON.stringify(pattern)}`);
  }
  let args: Template | undefined;
  if (options.args !== undefined) {
    args = record<S>(options.args as (s: Ref<S>, c: ContextRef) => TemplateInput, 'args');
    const keys = args.kind === 'object' ? args.entries.map(([k]) => k) : args.kind === 'literal' && typeof args.value === 'object' && args.value !== null && !Array.isArray(args.value) ? Object.keys(args.value) : undefined;
    if (keys === undefined) throw new TypeError(`glue('${id}'): args must return an object of '--name' arguments`);
    const declared: readonly string[] = job.arguments;
    for (const k of keys) {
      if (!declared.includes(k)) {
        throw new TypeError(`glue('${id}'): args['${k}'] is not an argument of job '${job.id}' (declared: ${declared.length === 0 ? 'none' : declared.join(', ')}); add it to the job's arguments`);
      }
    }
  }
  const resourceSuffix = pattern === 'sync' ? '.sync' : '';
  return {
    kind: 'glue',
    id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: GLUE_ERRORS,
    render: (ctx) => {
      const fields: { [k: string]: Template } = { JobName: lit(glueJobName(job, ctx.env)) };
      if (args !== undefined) fields['Arguments'] = args;
      return {
        kind: 'task',
        state: { Type: 'Task', Resource: integrationArn(ctx.env, `glue:startJobRun${resourceSuffix}`), ...renderParameters(fields, ctx.queryLanguage) },
      };
    },
    iam: (ctx) => glueStatements(glueJobArn(job, ctx.env), pattern),
    deployables: glueJobDeployables(job),
  };
}
