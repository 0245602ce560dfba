import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GlueClient } from '@aws-sdk/client-glue';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { errAsync, okAsync, ResultAsync } from 'neverthrow';
import type { AslDocument } from '../asl/types.js';
import { collectDeployables, collectIam, compile } from '../compile/index.js';
import { checkTarget, type RedshiftTarget } from '../steps/redshift/index.js';
import type { Deployable } from '../steps/step.js';
import { defaultEnvironment, resourceArn, type Environment } from '../steps/naming.js';
import { arnOf, consoleUrl } from './arns.js';
import { bundleLambda, type LambdaBundle } from './bundle.js';
import { diffDefinitions, diffPolicies, type IamDiff, type StateDiff } from './diff.js';
import { applyPlan, destroyResources, inCreateOrder, planResources, type ProgressEvent } from './engine.js';
import { toDeployError, type DeployError } from './errors.js';
import { ARCHIVE_PREFIX_ARGUMENT, allDeployables, desiredResources, pipelineNames, type PipelineArtifacts, type TriggerOption } from './desired.js';
import { readGlueScripts } from './glue-scripts.js';
import { DeployFailure, call, type DeployClients } from './internal/context.js';
import type { Change, DeployTarget, Plan, Resource } from './model.js';

/** Any pipeline built with `pipeline()` (typed through compile: deploy does not import the DSL). */
export type AnyPipeline = Parameters<typeof compile>[0];

/** Where and how to deploy a pipeline. */
export interface DeployOptions {
  /** The stage, e.g. `dev`. */
  readonly stage: string;
  /** AWS region. @default process.env.AWS_REGION, then 'us-east-1' */
  readonly region?: string;
  /** Named profile of the shared AWS config. @default process.env.AWS_PROFILE */
  readonly profile?: string;
  /** Account id. @default the caller's, from STS GetCallerIdentity; '000000000000' offline */
  readonly account?: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Where the S3 trigger listens; `false` for none. @default { bucket: 'data', prefix: 'source/' } */
  readonly trigger?: TriggerOption;
  /**
   * Where the pipeline's Glue jobs run SQL: a provisioned cluster (identifier, database,
   * and a secret ARN or db user, or neither for the job's IAM identity) or a serverless
   * workgroup by ARN. Passed to every Glue job as `--redshift-*` default arguments; their
   * roles get the Data API on exactly that cluster or workgroup (plus the secret or
   * credentials call). Without it the jobs get no Redshift access (the plan warns).
   * @default none
   */
  readonly redshift?: RedshiftTarget;
  /** Directory that relative script and handler paths resolve against (the pipeline file's). @default process.cwd() */
  readonly baseDir?: string;
  /** Injected SDK clients (tests); built from region and profile otherwise. */
  readonly clients?: DeployClients;
  /** Waits between polls; tests pass one that takes no time. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told of each resource as apply handles it. */
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** A plan plus what it was made from. */
export interface PipelinePlan extends Plan {
  /** What the deploy will not do that the pipeline probably needs (e.g. Glue jobs without a Redshift target). */
  readonly warnings: readonly string[];
  readonly resources: readonly Resource[];
  readonly definition: AslDocument;
  readonly stateMachineArn: string;
  readonly consoleUrl: string;
}

/**
 * `.ts` when this module runs from the sources (tsx, vitest), `.js` from the built package
 * (dist/): the packaged handlers are bundled from the same tree as this module.
 */
const OWN_EXTENSION = extname(fileURLToPath(import.meta.url));

/** Where the packaged handlers live, by package name. */
const PACKAGED_HANDLERS: Readonly<Record<'csv-validate' | 's3-trigger', string>> = {
  'csv-validate': fileURLToPath(new URL(`../handlers/csv-validate/index${OWN_EXTENSION}`, import.meta.url)),
  's3-trigger': fileURLToPath(new URL(`../handlers/s3-trigger/index${OWN_EXTENSION}`, import.meta.url)),
};

/** Builds SDK v3 clients for a region and profile. Throttling is retried by the SDK's standard retry strategy. */
export function defaultClients(region: string, profile?: string): DeployClients {
  const config = { region, maxAttempts: 5, ...(profile !== undefined ? { profile } : {}) };
  return {
    iam: new IAMClient(config), lambda: new LambdaClient(config), glue: new GlueClient(config),
    s3: new S3Client(config), sns: new SNSClient(config), sfn: new SFNClient(config),
  };
}

function environment(pipeline: AnyPipeline, opts: DeployOptions, account: string): Environment {
  return defaultEnvironment(pipeline.data.name, {
    stage: opts.stage,
    region: opts.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    account,
    ...(opts.partition !== undefined ? { partition: opts.partition } : {}),
  });
}

function targetOf(env: Environment): DeployTarget {
  return { partition: env.partition, region: env.region, account: env.account, app: env.app, stage: env.stage };
}

/** The account to deploy to: given, or the caller's. */
function resolveAccount(opts: DeployOptions, region: string): ResultAsync<string, DeployError> {
  if (opts.account !== undefined) {
    return /^\d{12}$/.test(opts.account)
      ? okAsync(opts.account)
      : errAsync({ kind: 'invalid-options', field: 'account', message: `must be 12 digits, got '${opts.account}'` });
  }
  const sts = new STSClient({ region, ...(opts.profile !== undefined ? { profile: opts.profile } : {}) });
  return ResultAsync.fromPromise(sts.send(new GetCallerIdentityCommand({})), (e) => toDeployError(e, 'sts:GetCallerIdentity', 'caller'))
    .andThen((id) => (id.Account ? okAsync(id.Account) : errAsync<string, DeployError>({ kind: 'aws-error', action: 'sts:GetCallerIdentity', resource: 'caller', code: 'NoAccount', message: 'STS returned no account id' })));
}

/** Compiles the pipeline for an environment and collects what it needs. */
export function artifactsOf(pipeline: AnyPipeline, env: Environment): ResultAsync<PipelineArtifacts, DeployError> {
  const compiled = compile(pipeline, { env });
  if (compiled.isErr()) {
    return errAsync({ kind: 'compile-failed', message: compiled.error.map((i) => `${i.path || '(pipeline)'}: ${i.message}`).join('; ') });
  }
  return okAsync({ name: pipeline.data.name, definition: compiled.value, iam: collectIam(pipeline, env), deployables: collectDeployables(pipeline) });
}

/** A serverless workgroup named in an IAM resource by pattern, not by its ARN. */
const UNSCOPED_WORKGROUP = /^arn:[^:]+:redshift-serverless:[^:]*:[^:]*:workgroup\/\*$/;

/**
 * Checks the Redshift target of the Glue jobs, and that no step names a serverless
 * workgroup by name only: a workgroup's ARN holds its id, so only the ARN lets a role be
 * scoped to that one workgroup.
 */
export function checkRedshift(target: RedshiftTarget | undefined, artifacts: PipelineArtifacts): DeployError | undefined {
  const byArn = 'give the workgroup ARN instead of its name (aws redshift-serverless get-workgroup --workgroup-name <name> --query workgroup.workgroupArn), so the role can be scoped to that workgroup';
  if (target !== undefined) {
    try {
      checkTarget('redshift', target);
    } catch (e) {
      return { kind: 'invalid-options', field: 'redshift', message: e instanceof Error ? e.message.replace(/^redshift: /, '') : String(e) };
    }
    if ('workgroup' in target && !target.workgroup.startsWith('arn:')) return { kind: 'invalid-options', field: 'redshift.workgroup', message: `'${target.workgroup}' is a name: ${byArn}` };
  }
  if (artifacts.iam.some((s) => s.resources.some((r) => UNSCOPED_WORKGROUP.test(r)))) {
    return { kind: 'invalid-options', field: 'redshift step target', message: `a redshift step names its serverless workgroup by name: ${byArn}` };
  }
  return undefined;
}

/** A prefix a role may be scoped to: folder names ending in `/` (never empty, never a pattern). */
const SCOPED_PREFIX = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/$/;

/** A Glue job's `--archive-prefix` scopes its role's writes: it must be a folder, such as `archive/`. */
function checkArchivePrefixes(artifacts: PipelineArtifacts): DeployError | undefined {
  for (const d of artifacts.deployables) {
    const prefix = d.kind === 'glue-job' ? d.defaultArguments?.[ARCHIVE_PREFIX_ARGUMENT] : undefined;
    if (prefix !== undefined && !SCOPED_PREFIX.test(prefix)) {
      return { kind: 'invalid-options', field: `glueJob('${d.id}') ${ARCHIVE_PREFIX_ARGUMENT}`, message: `'${prefix}' must be folder names ending with '/', e.g. archive/ (the job's role may write under it only)` };
    }
  }
  return undefined;
}

/** Warnings of a plan: Glue jobs that get no Redshift access. */
function warningsOf(artifacts: PipelineArtifacts, target: RedshiftTarget | undefined, trigger: TriggerOption | undefined): string[] {
  const warnings: string[] = [];
  const jobs = artifacts.deployables.filter((d) => d.kind === 'glue-job').map((d) => d.id);
  if (jobs.length > 0 && target === undefined) {
    warnings.push(`the Glue job${jobs.length > 1 ? 's' : ''} ${jobs.join(', ')} get no Redshift access and no --redshift-* arguments: give the target (--redshift-workgroup <ARN>, or --redshift-cluster <id>; with --redshift-database) if they load Redshift`);
  }
  // The default trigger suits the CSV ETL shape; for a pipeline that declares no 'data' bucket it would create a
  // bucket and a Lambda nobody asked for, starting executions with an input the pipeline does not expect.
  const { bucket, prefix } = DEFAULT_TRIGGER;
  if (trigger === undefined && !artifacts.deployables.some((d) => d.kind === 'bucket' && d.id === bucket)) {
    warnings.push(`the default S3 trigger creates a '${bucket}' bucket (no step declares one) and starts an execution per upload under ${bucket}/${prefix} with the input { bucket, key, size, versionId?, eTag? }: pass --trigger none if uploads do not start this pipeline, or --trigger <bucket>/<prefix>`);
  }
  return warnings;
}

const DEFAULT_TRIGGER = { bucket: 'data', prefix: 'source/' } as const;

/** Bundles every Lambda and reads every Glue script the pipeline deploys. */
function buildAssets(deployables: readonly Deployable[], baseDir: string) {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const bundles: ResultAsync<[string, LambdaBundle], DeployError>[] = [];
  for (const d of deployables) {
    if (d.kind !== 'lambda') continue;
    const entry = 'package' in d.handler ? PACKAGED_HANDLERS[d.handler.package] : at(d.handler.entry);
    const exportName = 'package' in d.handler ? 'handler' : (d.handler.export ?? 'handler');
    bundles.push(bundleLambda(entry, exportName).map((b) => [d.id, b] as [string, LambdaBundle]));
  }
  return ResultAsync.combine(bundles).andThen((list) =>
    ResultAsync.fromPromise(readGlueScripts(deployables, at), (e) => ({
      kind: 'invalid-options' as const, field: 'glue script', message: e instanceof Error ? e.message : String(e),
    })).map((scripts) => ({ lambdas: new Map(list), scripts })),
  );
}

/** The desired resources of a pipeline for a target, with code bundled. No AWS call. */
export function resolvePipeline(pipeline: AnyPipeline, opts: DeployOptions, account: string) {
  const env = environment(pipeline, opts, account);
  const trigger = opts.trigger ?? DEFAULT_TRIGGER;
  return artifactsOf(pipeline, env)
    .andThen((artifacts) => {
      const bad = checkRedshift(opts.redshift, artifacts) ?? checkArchivePrefixes(artifacts);
      return bad === undefined ? okAsync(artifacts) : errAsync<PipelineArtifacts, DeployError>(bad);
    })
    .andThen((artifacts) =>
      buildAssets(allDeployables(artifacts, trigger), opts.baseDir ?? process.cwd()).map((assets) => ({
        env, artifacts, warnings: warningsOf(artifacts, opts.redshift, opts.trigger),
        resources: desiredResources(artifacts, { env, trigger, assets, ...(opts.redshift !== undefined ? { redshift: opts.redshift } : {}) }),
      })),
    );
}

interface Resolved {
  readonly env: Environment;
  readonly artifacts: PipelineArtifacts;
  readonly warnings: readonly string[];
  readonly resources: readonly Resource[];
}

function describe({ env, artifacts, warnings, resources }: Resolved, changes: readonly Change[]): PipelinePlan {
  const name = pipelineNames(env, artifacts.name).stateMachine;
  return {
    target: targetOf(env), changes, warnings, resources, definition: artifacts.definition,
    stateMachineArn: resourceArn(env, 'state-machine', name), consoleUrl: consoleUrl(targetOf(env), name),
  };
}

/**
 * What would be created with no AWS call at all: every resource (as `create`) with its
 * IAM policy, in the order apply would create them (as the online plan lists them).
 * Uses `account` when given, otherwise the placeholder `000000000000`.
 */
export function planOffline(pipeline: AnyPipeline, opts: DeployOptions): ResultAsync<PipelinePlan, DeployError> {
  return resolvePipeline(pipeline, opts, opts.account ?? '000000000000').map((resolved) =>
    describe(resolved, inCreateOrder(resolved.resources).map((r) => ({ action: 'create' as const, resource: r, arn: arnOf(r, targetOf(resolved.env)), reasons: ['offline plan'] }))),
  );
}

function online(pipeline: AnyPipeline, opts: DeployOptions) {
  const region = opts.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const account = opts.clients !== undefined && opts.account === undefined ? okAsync<string, DeployError>('000000000000') : resolveAccount(opts, region);
  return account.andThen((acct) => resolvePipeline(pipeline, opts, acct).map((r) => ({
    ...r, clients: opts.clients ?? defaultClients(region, opts.profile),
  })));
}

/** Reads AWS (Get/Describe/List only) and returns the changes a deploy would make. */
export function planPipeline(pipeline: AnyPipeline, opts: DeployOptions): ResultAsync<PipelinePlan, DeployError> {
  return online(pipeline, opts).andThen((resolved) =>
    planResources(resolved.resources, targetOf(resolved.env), { clients: resolved.clients, ...(opts.sleep ? { sleep: opts.sleep } : {}) })
      .map((plan) => describe(resolved, plan.changes)),
  );
}

/** Plans, then applies the plan in dependency order. Re-running after a failure converges. */
export function deployPipeline(pipeline: AnyPipeline, opts: DeployOptions): ResultAsync<PipelinePlan, DeployError> {
  return online(pipeline, opts).andThen((resolved) => {
    const engine = { clients: resolved.clients, ...(opts.sleep ? { sleep: opts.sleep } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) };
    return planResources(resolved.resources, targetOf(resolved.env), engine)
      .andThen((plan) => applyPlan(plan, engine))
      .map((plan) => describe(resolved, plan.changes));
  });
}

/** Deletes what a deploy created, in reverse order. Buckets are deleted only when empty. */
export function destroyPipeline(pipeline: AnyPipeline, opts: DeployOptions): ResultAsync<Change[], DeployError> {
  return online(pipeline, opts).andThen(({ env, resources, clients }) =>
    destroyResources(resources, targetOf(env), { clients, ...(opts.sleep ? { sleep: opts.sleep } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) }),
  );
}

/** A state-level and IAM diff between what is deployed and the pipeline. */
export interface PipelineDiff {
  readonly stateMachineArn: string;
  readonly deployed: boolean;
  readonly states: readonly StateDiff[];
  readonly iam: readonly IamDiff[];
}

/** Compares the deployed definition and role policies with the pipeline's. */
export function diffPipeline(pipeline: AnyPipeline, opts: DeployOptions): ResultAsync<PipelineDiff, DeployError> {
  return online(pipeline, opts).andThen(({ env, artifacts, resources, clients }) =>
    ResultAsync.fromPromise((async () => {
      const arn = resourceArn(env, 'state-machine', pipelineNames(env, artifacts.name).stateMachine);
      const sm = await call('states:DescribeStateMachine', arn, () => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })), ['StateMachineDoesNotExist']);
      const before = sm?.definition !== undefined ? (JSON.parse(sm.definition) as AslDocument) : undefined;
      const iam: IamDiff[] = [];
      for (const r of resources) {
        if (r.kind !== 'role') continue;
        const got = await call('iam:GetRolePolicy', r.name, () => clients.iam.send(new GetRolePolicyCommand({ RoleName: r.name, PolicyName: r.policyName })), ['NoSuchEntity', 'NoSuchEntityException']);
        const doc = got?.PolicyDocument !== undefined ? JSON.parse(decodeURIComponent(got.PolicyDocument)) : undefined;
        iam.push(...diffPolicies(r.name, doc, r.policy));
      }
      return { stateMachineArn: arn, deployed: before !== undefined, states: diffDefinitions(before, artifacts.definition), iam };
    })(), (e) => (e instanceof DeployFailure ? e.error : toDeployError(e, 'diff', artifacts.name))),
  );
}

/** @internal the directory of a pipeline file, for `baseDir`. */
export function baseDirOf(file: string): string {
  return dirname(resolve(file));
}
