import { isAbsolute, resolve } from 'node:path';
import { defineCommand } from 'citty';
import type { ArgsDef, ParsedArgs } from 'citty';
import { Listr } from 'listr2';
import type { Result } from 'neverthrow';
import {
  baseDirOf, deployPipeline, destroyPipeline, diffPipeline, formatDeployError, formatDiff, planOffline, planPipeline,
} from '../../deploy/index.js';
import type { Change, DeployError, DeployOptions, PipelinePlan, ProgressEvent, Resource } from '../../deploy/index.js';
import type { CliIo } from '../io.js';
import type { CliCommand, CliDeps } from '../internal/command.js';
import { CliFailure, flagArg, stringArg } from '../internal/command.js';
import { loadPipeline } from '../internal/load.js';

/** Exit code of a failed AWS call (bad input stays 2). */
const EXIT_AWS_FAILED = 1;

const TARGET_ARGS = {
  pipeline: { type: 'positional', description: 'The pipeline module (.ts)', required: true },
  stage: { type: 'string', description: 'Stage to deploy to (default: $STATECRAFT_STAGE)', valueHint: 'name' },
  region: { type: 'string', description: 'AWS region (default: $AWS_REGION, then us-east-1)', valueHint: 'region' },
  profile: { type: 'string', description: 'Named AWS profile (default: $AWS_PROFILE)', valueHint: 'name' },
  account: { type: 'string', description: 'Account id (default: the caller\'s, from STS)', valueHint: '12 digits' },
  trigger: { type: 'string', description: 'Where the S3 trigger listens, or "none" (default: data/source/)', valueHint: 'bucket/prefix|none' },
  export: { type: 'string', description: 'Name of the exported pipeline when the module exports several', valueHint: 'name' },
  'redshift-workgroup': { type: 'string', description: 'Serverless workgroup ARN the Glue jobs load into (default: $STATECRAFT_REDSHIFT_WORKGROUP)', valueHint: 'arn' },
  'redshift-cluster': { type: 'string', description: 'Provisioned cluster the Glue jobs load into (default: $STATECRAFT_REDSHIFT_CLUSTER)', valueHint: 'id' },
  'redshift-database': { type: 'string', description: 'Database of the workgroup or cluster (default: $STATECRAFT_REDSHIFT_DATABASE, then dev)', valueHint: 'name' },
  'redshift-secret-arn': { type: 'string', description: 'Secrets Manager secret to connect with (default: $STATECRAFT_REDSHIFT_SECRET_ARN)', valueHint: 'arn' },
  'redshift-db-user': { type: 'string', description: 'Cluster database user for temporary credentials (default: $STATECRAFT_REDSHIFT_DB_USER)', valueHint: 'name' },
} as const;

/** A `--redshift-*` flag, else its `STATECRAFT_REDSHIFT_*` variable. */
function redshiftArg(args: ParsedArgs<ArgsDef>, name: 'workgroup' | 'cluster' | 'database' | 'secret-arn' | 'db-user'): string | undefined {
  const value = stringArg(args, `redshift-${name}`) ?? process.env[`STATECRAFT_REDSHIFT_${name.toUpperCase().replace('-', '_')}`];
  return value === '' ? undefined : value;
}

/** The Glue jobs' Redshift target from the flags and the environment (checked by the deployer). */
function redshiftTarget(args: ParsedArgs<ArgsDef>): DeployOptions['redshift'] {
  const workgroup = redshiftArg(args, 'workgroup');
  const cluster = redshiftArg(args, 'cluster');
  const database = redshiftArg(args, 'database');
  const secretArn = redshiftArg(args, 'secret-arn');
  const dbUser = redshiftArg(args, 'db-user');
  if (workgroup !== undefined && cluster !== undefined) throw new CliFailure({ kind: 'usage', message: '--redshift-workgroup and --redshift-cluster exclude each other; give one' });
  const auth = { ...(secretArn === undefined ? {} : { secretArn }) };
  if (workgroup !== undefined) {
    if (dbUser !== undefined) throw new CliFailure({ kind: 'usage', message: '--redshift-db-user is for a provisioned cluster (--redshift-cluster), not a workgroup' });
    return { workgroup, database: database ?? 'dev', ...auth };
  }
  if (cluster !== undefined) return { cluster, database: database ?? 'dev', ...auth, ...(dbUser === undefined ? {} : { dbUser }) };
  if (database !== undefined || secretArn !== undefined || dbUser !== undefined) {
    throw new CliFailure({ kind: 'usage', message: 'the Redshift database, secret or db user was given without a target: add --redshift-workgroup <arn> or --redshift-cluster <id>' });
  }
  return undefined;
}

/** Deploy options from the flags and the environment; bad values are usage errors. */
function deployOptions(args: ParsedArgs<ArgsDef>, file: string, io: CliIo, deps: CliDeps): DeployOptions {
  const stage = stringArg(args, 'stage') ?? process.env['STATECRAFT_STAGE'];
  if (stage === undefined) throw new CliFailure({ kind: 'usage', message: 'which stage? pass --stage <name> (e.g. --stage dev) or set STATECRAFT_STAGE' });
  if (!/^[a-z0-9][a-z0-9-]{0,15}$/.test(stage)) {
    throw new CliFailure({ kind: 'usage', message: `--stage must be 1 to 16 lowercase letters, digits or '-' (got '${stage}')` });
  }
  const account = stringArg(args, 'account');
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new CliFailure({ kind: 'usage', message: `--account must be 12 digits (got '${account}')` });
  const region = stringArg(args, 'region');
  const profile = stringArg(args, 'profile');
  const trigger = stringArg(args, 'trigger');
  let triggerOption: DeployOptions['trigger'];
  if (trigger === 'none') triggerOption = false;
  else if (trigger !== undefined) {
    const m = /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(trigger);
    if (m === null) throw new CliFailure({ kind: 'usage', message: `--trigger must be <bucket>/<prefix> or none (got '${trigger}')` });
    triggerOption = { bucket: m[1] ?? '', prefix: m[2] ?? '' };
  }
  const redshift = redshiftTarget(args);
  return {
    stage,
    baseDir: baseDirOf(isAbsolute(file) ? file : resolve(io.cwd, file)),
    ...(region === undefined ? {} : { region }),
    ...(profile === undefined ? {} : { profile }),
    ...(account === undefined ? {} : { account }),
    ...(triggerOption === undefined ? {} : { trigger: triggerOption }),
    ...(redshift === undefined ? {} : { redshift }),
    ...(deps.deployClients === undefined ? {} : { clients: deps.deployClients }),
    ...(deps.sleep === undefined ? {} : { sleep: deps.sleep }),
  };
}

async function loadTarget(args: ParsedArgs<ArgsDef>, io: CliIo, deps: CliDeps) {
  const file = String(args['pipeline']);
  const exportName = stringArg(args, 'export');
  const opts = deployOptions(args, file, io, deps);
  const loaded = await loadPipeline(file, io.cwd, exportName);
  if (loaded.isErr()) throw new CliFailure(loaded.error);
  return { file, opts, pipeline: loaded.value.pipeline };
}

/** Bad input (exit 2) vs an AWS failure (exit 1). */
function exitCodeOf(e: DeployError): number {
  return e.kind === 'compile-failed' || e.kind === 'invalid-options' || e.kind === 'bundle-failed' ? 2 : EXIT_AWS_FAILED;
}

/** Prints a deploy error as one message (never a stack) and returns the exit code. */
function report(io: CliIo, command: string, file: string, e: DeployError): number {
  io.stderr(`statecraft ${command}: ${file}: ${formatDeployError(e)}\n`);
  return exitCodeOf(e);
}

/** `role mini-dev-sfn`, `object s3://bucket/key`, `bucket-notification data/source/ → fn`. */
export function resourceLabel(r: Resource): string {
  switch (r.kind) {
    case 'object':
      return `object s3://${r.bucket}/${r.key}`;
    case 'bucket-notification':
      return `bucket-notification s3://${r.bucket}/${r.prefix} → ${r.functionName}`;
    default:
      return `${r.kind} ${r.name}`;
  }
}

const SIGN: Readonly<Record<Change['action'], string>> = { create: '+', update: '~', delete: '-', noop: '=' };

function changeLine(c: Change): string {
  const shown = c.reasons.filter((r) => r !== 'offline plan');
  const reasons = shown.length > 0 && c.action !== 'noop' ? ` (${shown.join(', ')})` : '';
  return `  ${SIGN[c.action]} ${c.action.padEnd(6)} ${resourceLabel(c.resource)}${reasons}`;
}

function counts(changes: readonly Change[]): string {
  const n = (a: Change['action']) => changes.filter((c) => c.action === a).length;
  return `${n('create')} to create, ${n('update')} to update, ${n('noop')} unchanged`;
}

/** The JSON of a plan: binary bodies (zips, scripts) shown by size, not byte by byte. */
export function planJson(plan: PipelinePlan): string {
  return `${JSON.stringify(plan, (_key, value: unknown) => (value instanceof Uint8Array ? { bytes: value.byteLength } : value), 2)}\n`;
}

/** A plan for people: the changes, then (offline) every role's policy. */
export function formatPlan(plan: PipelinePlan, offline: boolean): string {
  const t = plan.target;
  const lines = [
    `plan for ${t.app} (stage ${t.stage}, ${t.region}, account ${t.account})${offline ? ' — offline: nothing was read from AWS' : ''}: ${counts(plan.changes)}`,
    ...plan.changes.map(changeLine),
  ];
  if (offline) {
    lines.push('', 'IAM policies:');
    for (const r of plan.resources) {
      if (r.kind !== 'role') continue;
      lines.push(`  ${r.name} (assumed by ${r.service}):`);
      for (const s of r.policy.Statement) lines.push(`    ${s.Action.join(', ')}`, ...s.Resource.map((res) => `      on ${res}`));
    }
  }
  lines.push('', `state machine: ${plan.stateMachineArn}`, `console: ${plan.consoleUrl}`);
  lines.push(...plan.warnings.map((w) => `warning: ${w}`));
  return `${lines.join('\n')}\n`;
}

/** A ResultAsync as a plain Promise of its Result. */
const settle = async <T>(r: PromiseLike<Result<T, DeployError>>): Promise<Result<T, DeployError>> => r;

/** `statecraft plan <pipeline.ts> --stage dev [--offline] [--json]`. */
export const planCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'plan', description: 'Show what a deploy would create or change (Get/Describe calls only; --offline: no AWS call)' },
    args: {
      ...TARGET_ARGS,
      offline: { type: 'boolean', description: 'Make no AWS call: list every resource and IAM policy that would be created' },
      json: { type: 'boolean', description: 'Print the plan as JSON' },
    },
  }),
  async run(args, io, deps) {
    const { file, opts, pipeline } = await loadTarget(args, io, deps);
    const offline = flagArg(args, 'offline');
    const plan = await settle(offline ? planOffline(pipeline, opts) : planPipeline(pipeline, opts));
    if (plan.isErr()) return report(io, 'plan', file, plan.error);
    io.stdout(flagArg(args, 'json') ? planJson(plan.value) : formatPlan(plan.value, offline));
    return 0;
  },
};

/** `statecraft diff <pipeline.ts> --stage dev`: states added/removed/changed, retry and IAM changes. */
export const diffCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'diff', description: 'Compare the deployed state machine and IAM policies with the pipeline' },
    args: { ...TARGET_ARGS, json: { type: 'boolean', description: 'Print the diff as JSON' } },
  }),
  async run(args, io, deps) {
    const { file, opts, pipeline } = await loadTarget(args, io, deps);
    const diff = await settle(diffPipeline(pipeline, opts));
    if (diff.isErr()) return report(io, 'diff', file, diff.error);
    const d = diff.value;
    if (flagArg(args, 'json')) {
      io.stdout(`${JSON.stringify(d, null, 2)}\n`);
      return 0;
    }
    const lines = formatDiff(d.states, d.iam);
    const head = d.deployed ? `diff against ${d.stateMachineArn}` : `${d.stateMachineArn} is not deployed yet: everything is new`;
    io.stdout(`${head}\n${lines.length === 0 ? '  no differences\n' : `${lines.map((l) => `  ${l}`).join('\n')}\n`}`);
    return 0;
  },
};

/** Shows apply/destroy progress: listr2 on a terminal, one line per resource otherwise (logs, tests). */
async function withProgress<T>(
  io: CliIo,
  title: string,
  work: (onProgress: (e: ProgressEvent) => void) => Promise<Result<T, DeployError>>,
): Promise<Result<T, DeployError>> {
  const verb = (e: ProgressEvent) => (e.kind === 'failed' ? `${e.change.action} failed:` : e.kind === 'start' ? `${e.change.action}…` : `${e.change.action}d`.replace('eed', 'ed'));
  if (!io.isTty) {
    return work((e) => {
      if (e.kind !== 'start') io.stdout(`  ${e.kind === 'done' ? '✔' : '✖'} ${verb(e)} ${resourceLabel(e.change.resource)}\n`);
    });
  }
  let result: Result<T, DeployError> | undefined;
  const list = new Listr([
    {
      title,
      task: async (_ctx, task) => {
        result = await work((e) => {
          task.output = `${e.kind === 'done' ? '✔' : e.kind === 'failed' ? '✖' : '…'} ${verb(e)} ${resourceLabel(e.change.resource)}`;
        });
        // Mark the task failed; the error itself is printed once, by the caller.
        if (result.isErr()) throw new Error('stopped');
      },
      rendererOptions: { persistentOutput: true, outputBar: Infinity },
    },
  ], { exitOnError: true, rendererOptions: { collapseErrors: true, showErrorMessage: false } });
  await list.run().catch(() => undefined);
  if (result === undefined) throw new Error('invariant: the deploy task did not run');
  return result;
}

/** `statecraft deploy <pipeline.ts> --stage dev`: plan, then apply in dependency order, with progress per resource. */
export const deployCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'deploy', description: 'Deploy the pipeline to AWS (roles, functions, jobs, topics, trigger, state machine + alias live)' },
    args: TARGET_ARGS,
  }),
  async run(args, io, deps) {
    const { file, opts, pipeline } = await loadTarget(args, io, deps);
    const deployed = await withProgress(io, `Deploying ${file} to stage ${opts.stage}`, (onProgress) => settle(deployPipeline(pipeline, { ...opts, onProgress })));
    if (deployed.isErr()) return report(io, 'deploy', file, deployed.error);
    const plan = deployed.value;
    const changed = plan.changes.filter((c) => c.action !== 'noop');
    io.stdout([
      changed.length === 0 ? 'nothing to do: everything is up to date (no write call made)' : `deployed: ${counts(plan.changes).replace('to create', 'created').replace('to update', 'updated')}`,
      ...plan.changes.filter((c) => c.resource.kind === 'function' || c.resource.kind === 'state-machine' || c.resource.kind === 'topic').map((c) => `  ${c.resource.kind}: ${c.arn}`),
      `state machine: ${plan.stateMachineArn} (alias live)`,
      `console: ${plan.consoleUrl}`,
      ...plan.warnings.map((w) => `warning: ${w}`),
    ].join('\n') + '\n');
    return 0;
  },
};

/** `statecraft destroy <pipeline.ts> --stage dev --yes`: deletes what deploy created, in reverse order. */
export const destroyCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'destroy', description: 'Delete the deployed resources of the pipeline (buckets only when empty)' },
    args: { ...TARGET_ARGS, yes: { type: 'boolean', description: 'Confirm the deletion (required)' } },
  }),
  async run(args, io, deps) {
    const { file, opts, pipeline } = await loadTarget(args, io, deps);
    if (!flagArg(args, 'yes')) {
      throw new CliFailure({ kind: 'usage', message: `this deletes every resource of ${file} in stage ${opts.stage}; re-run with --yes to confirm` });
    }
    const destroyed = await withProgress(io, `Destroying ${file} in stage ${opts.stage}`, (onProgress) => settle(destroyPipeline(pipeline, { ...opts, onProgress })));
    if (destroyed.isErr()) return report(io, 'destroy', file, destroyed.error);
    const deleted = destroyed.value.filter((c) => c.reasons.includes('deleted')).length;
    io.stdout(`destroyed: ${deleted} deleted, ${destroyed.value.length - deleted} already absent\n`);
    return 0;
  },
};
