/**
 * Glue jobs as typed references: a job the pipeline deploys from a script, or
 * one that exists. The reference declares the job's `--arguments`, so the
 * `glue` step accepts exactly those.
 */
import { logicalArn, resourceName } from '../naming.js';
import type { Environment } from '../naming.js';
import type { Deployable } from '../step.js';
import { checkLogicalId, logicalIdFrom } from '../lambda/function.js';

/** A Glue job argument name: `--` followed by a name. */
export type GlueArgumentName = `--${string}`;

/** Where the job comes from. */
export type GlueJobSource =
  | {
      readonly kind: 'deploy';
      readonly scriptPath: string;
      readonly pythonShell: boolean;
      readonly defaultArguments?: { readonly [name: string]: string };
    }
  | { readonly kind: 'existing'; readonly name: string };

/** A typed reference to a Glue job whose run arguments are `A`. Plain data. */
export interface GlueJob<A extends GlueArgumentName = never> {
  readonly kind: 'glue-job';
  /** Logical id: names the deployed job (`resourceName(env, 'glue-job', id)`). */
  readonly id: string;
  readonly source: GlueJobSource;
  /** The argument names a run may set. */
  readonly arguments: readonly A[];
}

/** Options of {@link glueJob}. */
export interface GlueJobOptions<A extends GlueArgumentName> {
  /** The job's script (Python), relative to the pipeline file; uploaded by the deployer. */
  readonly script: string;
  /** Python shell job (small, cheap) rather than a Spark (`glueetl`) job. @default true */
  readonly pythonShell?: boolean;
  /** The argument names a run may set, e.g. `['--bucket', '--key']`. @default none */
  readonly arguments?: readonly A[];
  /** Arguments every run gets unless the run sets them. @default none */
  readonly defaultArguments?: { readonly [name: GlueArgumentName]: string };
}

const ARGUMENT = /^--[A-Za-z0-9_.-]+$/;

function checkArguments(where: string, names: readonly string[]): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (typeof n !== 'string' || !ARGUMENT.test(n)) {
      throw new TypeError(`${where}: arguments[${i}] must look like '--name' (letters, digits, _ . -), got ${JSON.stringify(n)}`);
    }
    if (seen.has(n)) throw new TypeError(`${where}: arguments[${i}] repeats ${n}`);
    seen.add(n);
  });
}

/**
 * A Glue job the pipeline deploys from a script.
 * @example const stage = glueJob('stage', { script: './jobs/stage.py', arguments: ['--bucket', '--key'] });
 */
export function glueJob<const A extends GlueArgumentName = never>(id: string, options: GlueJobOptions<A>): GlueJob<A> {
  checkLogicalId('glueJob()', id);
  if (typeof options?.script !== 'string' || options.script === '') {
    throw new TypeError(`glueJob('${id}'): script must be the path of the job's Python script`);
  }
  const args = options.arguments ?? [];
  checkArguments(`glueJob('${id}')`, args);
  if (options.defaultArguments !== undefined) checkArguments(`glueJob('${id}') defaultArguments`, Object.keys(options.defaultArguments));
  return {
    kind: 'glue-job',
    id,
    source: {
      kind: 'deploy',
      scriptPath: options.script,
      pythonShell: options.pythonShell ?? true,
      ...(options.defaultArguments !== undefined ? { defaultArguments: { ...options.defaultArguments } } : {}),
    },
    arguments: [...args],
  };
}

const JOB_NAME = /^[\w .-]{1,255}$/;

/**
 * A Glue job that already exists, by name, with the argument names a run may set.
 * @example const legacy = existingGlueJob('nightly-load', ['--date']);
 */
export function existingGlueJob<const A extends GlueArgumentName = never>(name: string, args: readonly A[] = []): GlueJob<A> {
  if (typeof name !== 'string' || !JOB_NAME.test(name)) {
    throw new TypeError(`existingGlueJob(): name must be a Glue job name (1-255 letters, digits, space, _ . -), got ${JSON.stringify(name)}`);
  }
  checkArguments(`existingGlueJob('${name}')`, args);
  return { kind: 'glue-job', id: logicalIdFrom(name), source: { kind: 'existing', name }, arguments: [...args] };
}

/** The job's physical name in an environment. */
export function glueJobName(job: GlueJob<GlueArgumentName>, env: Environment): string {
  return job.source.kind === 'existing' ? job.source.name : resourceName(env, 'glue-job', job.id);
}

/** The job's ARN in an environment. */
export function glueJobArn(job: GlueJob<GlueArgumentName>, env: Environment): string {
  return job.source.kind === 'existing'
    ? `arn:${env.partition}:glue:${env.region}:${env.account}:job/${job.source.name}`
    : logicalArn(env, 'glue-job', job.id);
}

/** The deployables of a job reference: one Glue job, or nothing for an existing job. */
export function glueJobDeployables(job: GlueJob<GlueArgumentName>): readonly Deployable[] {
  const s = job.source;
  if (s.kind === 'existing') return [];
  return [{
    kind: 'glue-job',
    id: job.id,
    scriptPath: s.scriptPath,
    pythonShell: s.pythonShell,
    ...(s.defaultArguments !== undefined ? { defaultArguments: s.defaultArguments } : {}),
  }];
}
