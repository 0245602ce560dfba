import { createHash } from 'node:crypto';
import type { AslDocument } from '../asl/types.js';
import { dataApiStatements, type RedshiftTarget } from '../steps/redshift/index.js';
import type { Deployable, IamStatement } from '../steps/step.js';
import { resourceArn, resourceName, type Environment } from '../steps/naming.js';
import type { LambdaBundle } from './bundle.js';
import { glueLogGroups, redshiftArguments, type GlueScript } from './glue-scripts.js';
import type { ObjectResource, PolicyDocument, PolicyStatement, Resource, Tags } from './model.js';

const md5 = (body: Uint8Array) => createHash('md5').update(body).digest('hex');

/** What the deployer needs to know of a compiled pipeline. */
export interface PipelineArtifacts {
  /** The pipeline's name (its logical id). */
  readonly name: string;
  /** The compiled definition, with this environment's ARNs. */
  readonly definition: AslDocument;
  /** What the state machine's role needs, from the steps. */
  readonly iam: readonly IamStatement[];
  /** The resources the steps need created. */
  readonly deployables: readonly Deployable[];
}

/** Where the S3 trigger listens. `false` deploys no trigger. */
export type TriggerOption = false | { readonly bucket: string; readonly prefix: string };

/** Built code and scripts, keyed by the deployable's id. */
export interface BuiltAssets {
  readonly lambdas: ReadonlyMap<string, LambdaBundle>;
  readonly scripts: ReadonlyMap<string, GlueScript>;
}

/** The logical id of the S3 trigger Lambda that the deployer adds. */
export const TRIGGER_ID = 'trigger';
/** The logical id of the assets bucket holding Glue scripts. */
export const ASSETS_ID = 'assets';

/** Names of the pipeline-level resources (state machine, its role). */
export function pipelineNames(env: Environment, pipelineName: string) {
  return {
    stateMachine: resourceName(env, 'state-machine', pipelineName),
    stateMachineRole: resourceName(env, 'role', `${pipelineName}-sfn`),
  };
}

/** The deployables of the pipeline plus those the deployer adds (trigger Lambda, data and assets buckets). */
export function allDeployables(artifacts: PipelineArtifacts, trigger: TriggerOption): Deployable[] {
  const list: Deployable[] = [...artifacts.deployables];
  const ids = new Set(list.map((d) => `${d.kind}:${d.id}`));
  const add = (d: Deployable) => {
    if (!ids.has(`${d.kind}:${d.id}`)) {
      ids.add(`${d.kind}:${d.id}`);
      list.push(d);
    }
  };
  if (trigger !== false) {
    add({ kind: 'bucket', id: trigger.bucket });
    add({ kind: 'lambda', id: TRIGGER_ID, handler: { package: 's3-trigger' }, timeoutSeconds: 30 });
  }
  if (list.some((d) => d.kind === 'glue-job')) add({ kind: 'bucket', id: ASSETS_ID });
  return list;
}

function statement(actions: readonly string[], resources: readonly string[]): PolicyStatement {
  return { Effect: 'Allow', Action: [...new Set(actions)].sort(), Resource: [...new Set(resources)].sort() };
}

/** Merges statements with the same resources, then with the same actions, and sorts everything: the same needs give the same document. */
export function policyDocument(statements: readonly IamStatement[]): PolicyDocument {
  const byResources = new Map<string, Set<string>>();
  for (const s of statements) {
    if (s.actions.some((a) => a.includes('*'))) {
      // Least privilege is the contract of every step; a wildcard action is a bug in one.
      throw new Error(`invariant: IAM statement with a wildcard action: ${s.actions.join(', ')}`);
    }
    const key = JSON.stringify([...new Set(s.resources)].sort());
    const set = byResources.get(key) ?? new Set<string>();
    for (const a of s.actions) set.add(a);
    byResources.set(key, set);
  }
  // Then statements granting the same actions become one (the grants are the same union).
  const byActions = new Map<string, Set<string>>();
  for (const [res, actions] of byResources) {
    const key = JSON.stringify([...actions].sort());
    const set = byActions.get(key) ?? new Set<string>();
    for (const r of JSON.parse(res) as string[]) set.add(r);
    byActions.set(key, set);
  }
  const out = [...byActions.entries()].map(([actions, res]) => statement(JSON.parse(actions) as string[], [...res]));
  out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { Version: '2012-10-17', Statement: out };
}

function logsStatement(env: Environment, logGroups: readonly string[]): IamStatement {
  return {
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: logGroups.map((g) => `arn:${env.partition}:logs:${env.region}:${env.account}:log-group:${g}:*`),
  };
}

/** Where incoming files land: the trigger's prefix of the data bucket, or (no trigger) the data buckets. */
interface DataScope {
  readonly bucket: string;
  readonly prefix: string;
}

function objectsIn(env: Environment, scopes: readonly DataScope[], prefix?: string): string[] {
  return scopes.map((s) => `${resourceArn(env, 'bucket', s.bucket)}/${prefix ?? s.prefix}*`);
}

/**
 * The runtime role needs of a Lambda the deployer creates: CloudWatch Logs for its own log
 * group, plus what our packaged handlers do (the validator reads the incoming files
 * only; the trigger starts executions of this state machine).
 */
function lambdaNeeds(env: Environment, d: Extract<Deployable, { kind: 'lambda' }>, fnName: string, stateMachineArn: string, sources: readonly DataScope[]): IamStatement[] {
  const needs = [logsStatement(env, [`/aws/lambda/${fnName}`])];
  if ('package' in d.handler && d.handler.package === 'csv-validate') {
    needs.push({ actions: ['s3:GetObject'], resources: objectsIn(env, sources) });
  }
  if ('package' in d.handler && d.handler.package === 's3-trigger') {
    needs.push({ actions: ['states:StartExecution'], resources: [stateMachineArn, `${stateMachineArn}:*`] });
  }
  return needs;
}

/** The Glue job argument naming the prefix a job archives loaded files under (`source/` → `archive/`). */
export const ARCHIVE_PREFIX_ARGUMENT = '--archive-prefix';

/** The Glue job argument naming the prefix a job writes its COPY manifests under (`manifests/`). */
export const MANIFEST_PREFIX_ARGUMENT = '--manifest-prefix';

/**
 * What a Glue job's role needs: its own log groups; its script and declared files (those
 * objects only); the incoming files (read; a job with an `--archive-prefix` default
 * argument moves them, so it may also delete them and write and delete under the archive
 * prefix only; a job with a `--manifest-prefix` default argument writes under that prefix
 * only); and, given a Redshift target, the Data API on that cluster or workgroup.
 */
function glueNeeds(
  env: Environment,
  d: Extract<Deployable, { kind: 'glue-job' }>,
  assetObjects: readonly string[],
  sources: readonly DataScope[],
  redshift: RedshiftTarget | undefined,
): IamStatement[] {
  const needs: IamStatement[] = [
    logsStatement(env, glueLogGroups(d.pythonShell === false ? 'glueetl' : 'pythonshell')),
    { actions: ['s3:GetObject'], resources: [...assetObjects] },
  ];
  const archive = d.defaultArguments?.[ARCHIVE_PREFIX_ARGUMENT];
  if (archive === undefined) needs.push({ actions: ['s3:GetObject'], resources: objectsIn(env, sources) });
  else {
    needs.push({ actions: ['s3:GetObject', 's3:DeleteObject'], resources: objectsIn(env, sources) });
    // The delete undoes the archive copy when the source cannot be deleted (one prefix per file).
    needs.push({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: objectsIn(env, sources, archive) });
  }
  const manifests = d.defaultArguments?.[MANIFEST_PREFIX_ARGUMENT];
  if (manifests !== undefined) needs.push({ actions: ['s3:PutObject'], resources: objectsIn(env, sources, manifests) });
  // The csv-etl jobs send one BatchExecuteStatement per load and poll it with DescribeStatement.
  if (redshift !== undefined) needs.push(...dataApiStatements(redshift, env, ['redshift-data:BatchExecuteStatement']));
  return needs;
}

/** Options of {@link desiredResources}. */
export interface DesiredOptions {
  readonly env: Environment;
  readonly trigger: TriggerOption;
  readonly assets: BuiltAssets;
  /** Where the pipeline's Glue jobs run SQL (passed as job arguments, granted to their roles). @default none */
  readonly redshift?: RedshiftTarget;
}

/**
 * Every AWS resource a pipeline needs, with deterministic names, least-privilege
 * policies and the tags `app` and `stage`. Pure: the same pipeline and options give
 * the same list.
 */
export function desiredResources(artifacts: PipelineArtifacts, { env, trigger, assets, redshift }: DesiredOptions): Resource[] {
  const tags: Tags = { app: env.app, stage: env.stage, 'managed-by': 'statecraft' };
  const names = pipelineNames(env, artifacts.name);
  const smArn = resourceArn(env, 'state-machine', names.stateMachine);
  const deployables = allDeployables(artifacts, trigger);
  const buckets = deployables.filter((d) => d.kind === 'bucket').map((d) => resourceName(env, 'bucket', d.id));
  const assetsBucket = resourceName(env, 'bucket', ASSETS_ID);
  const sources: DataScope[] = trigger !== false
    ? [{ bucket: resourceName(env, 'bucket', trigger.bucket), prefix: trigger.prefix }]
    : buckets.filter((b) => b !== assetsBucket).map((bucket) => ({ bucket, prefix: '' }));
  const out: Resource[] = [];

  for (const d of deployables) {
    switch (d.kind) {
      case 'bucket':
        // Data buckets keep every version of an object (defence in depth: nothing overwritten is lost); the
        // assets bucket does not (deploy replaces its scripts, destroy deletes them and then the bucket).
        out.push({ kind: 'bucket', id: d.id, name: resourceName(env, 'bucket', d.id), tags, ...(d.id === ASSETS_ID ? {} : { versioned: true }) });
        break;
      case 'topic':
        out.push({ kind: 'topic', id: d.id, name: resourceName(env, 'topic', d.id), subscriptions: [], tags });
        break;
      case 'lambda': {
        const name = resourceName(env, 'lambda', d.id);
        const role = resourceName(env, 'role', `${d.id}-fn`);
        const bundle = assets.lambdas.get(d.id);
        if (bundle === undefined) throw new Error(`invariant: no bundle built for Lambda ${d.id}`);
        out.push({ kind: 'role', id: `${d.id}-fn-role`, name: role, service: 'lambda.amazonaws.com', policyName: 'statecraft', policy: policyDocument(lambdaNeeds(env, d, name, smArn, sources)), tags });
        const environment: Record<string, string> = { ...d.environment };
        if (d.id === TRIGGER_ID && trigger !== false) {
          environment['STATE_MACHINE_ARN'] = `${smArn}:live`;
          environment['SOURCE_PREFIX'] = trigger.prefix;
        }
        out.push({
          kind: 'function', id: d.id, name, roleName: role, zip: bundle.zip, codeSha256: bundle.codeSha256, handler: bundle.handler,
          runtime: 'nodejs20.x', memoryMb: d.memoryMb ?? 512, timeoutSeconds: d.timeoutSeconds ?? 300, environment, tags,
        });
        break;
      }
      case 'glue-job': {
        const name = resourceName(env, 'glue-job', d.id);
        const role = resourceName(env, 'role', `${d.id}-glue`);
        const script = assets.scripts.get(d.id);
        if (script === undefined) throw new Error(`invariant: no script read for Glue job ${d.id}`);
        const key = `scripts/${d.id}.py`;
        const objects: ObjectResource[] = [
          { kind: 'object', id: `${d.id}-script`, bucket: assetsBucket, key, body: script.body, md5: md5(script.body) },
          ...script.files.map((f): ObjectResource => ({ kind: 'object', id: `${d.id}-file-${f.name}`, bucket: assetsBucket, key: `scripts/${d.id}/${f.name}`, body: f.body, md5: md5(f.body) })),
        ];
        const assetObjects = objects.map((o) => `${resourceArn(env, 'bucket', o.bucket)}/${o.key}`);
        out.push({ kind: 'role', id: `${d.id}-glue-role`, name: role, service: 'glue.amazonaws.com', policyName: 'statecraft', policy: policyDocument(glueNeeds(env, d, assetObjects, sources, redshift)), tags });
        out.push(...objects);
        const defaultArguments: Record<string, string> = {
          ...(redshift !== undefined ? redshiftArguments(redshift) : {}),
          ...Object.fromEntries(script.files.map((f) => [f.argument, `s3://${assetsBucket}/scripts/${d.id}/${f.name}`])),
          // What the pipeline says explicitly wins.
          ...d.defaultArguments,
        };
        out.push({
          kind: 'glue-job', id: d.id, name, roleName: role, scriptLocation: `s3://${assetsBucket}/${key}`,
          command: d.pythonShell === false ? 'glueetl' : 'pythonshell', pythonVersion: d.pythonShell === false ? '3' : '3.9',
          maxCapacity: d.pythonShell === false ? 2 : 0.0625, maxConcurrentRuns: 3, defaultArguments, tags,
        });
        break;
      }
    }
  }

  if (trigger !== false) {
    out.push({
      kind: 'bucket-notification', id: 'trigger-notification', bucket: resourceName(env, 'bucket', trigger.bucket), prefix: trigger.prefix,
      functionName: resourceName(env, 'lambda', TRIGGER_ID), statementId: `statecraft-${names.stateMachine}`.slice(0, 100),
    });
  }
  out.push({ kind: 'role', id: 'state-machine-role', name: names.stateMachineRole, service: 'states.amazonaws.com', policyName: 'statecraft', policy: policyDocument(artifacts.iam), tags });
  out.push({ kind: 'state-machine', id: 'state-machine', name: names.stateMachine, roleName: names.stateMachineRole, definition: JSON.stringify(artifacts.definition), alias: 'live', tags });
  return out;
}
