import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AslDocument } from '../asl/types.js';
import type { Deployable, IamStatement } from '../steps/step.js';
import { resourceArn, resourceName, type Environment } from '../steps/naming.js';
import type { LambdaBundle } from './bundle.js';
import type { PolicyDocument, PolicyStatement, Resource, Tags } from './model.js';

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
  readonly scripts: ReadonlyMap<string, Uint8Array>;
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

/** Merges statements with the same resources, sorts everything: the same needs give the same document. */
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
  const out = [...byResources.entries()].map(([res, actions]) => statement([...actions], JSON.parse(res) as string[]));
  out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { Version: '2012-10-17', Statement: out };
}

function logsStatement(env: Environment, logGroup: string): IamStatement {
  return {
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [`arn:${env.partition}:logs:${env.region}:${env.account}:log-group:${logGroup}:*`],
  };
}

/**
 * The runtime role needs of a Lambda the deployer creates: CloudWatch Logs for its own log
 * group, plus what our packaged handlers do (read the data bucket; start executions).
 */
function lambdaNeeds(env: Environment, d: Extract<Deployable, { kind: 'lambda' }>, fnName: string, stateMachineArn: string, dataBuckets: readonly string[]): IamStatement[] {
  const needs = [logsStatement(env, `/aws/lambda/${fnName}`)];
  if ('package' in d.handler && d.handler.package === 'csv-validate') {
    needs.push({ actions: ['s3:GetObject'], resources: dataBuckets.map((b) => `${resourceArn(env, 'bucket', b)}/*`) });
  }
  if ('package' in d.handler && d.handler.package === 's3-trigger') {
    needs.push({ actions: ['states:StartExecution'], resources: [stateMachineArn, `${stateMachineArn}:*`] });
  }
  return needs;
}

/** What a Glue job's role needs: its script, the data bucket (stage reads and archives), the Redshift Data API. */
function glueNeeds(env: Environment, jobName: string, assetsBucket: string, dataBuckets: readonly string[]): IamStatement[] {
  const data = dataBuckets.map((b) => resourceArn(env, 'bucket', b));
  return [
    logsStatement(env, '/aws-glue/python-jobs/*'),
    { actions: ['s3:GetObject'], resources: [`${resourceArn(env, 'bucket', assetsBucket)}/scripts/*`] },
    { actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: data.map((b) => `${b}/*`) },
    { actions: ['s3:ListBucket'], resources: data },
    {
      actions: ['redshift-data:ExecuteStatement', 'redshift-data:BatchExecuteStatement', 'redshift-data:DescribeStatement', 'redshift-data:GetStatementResult'],
      resources: [`arn:${env.partition}:redshift:${env.region}:${env.account}:cluster:*`, `arn:${env.partition}:redshift-serverless:${env.region}:${env.account}:workgroup/*`],
    },
    { actions: ['glue:GetJobRun'], resources: [resourceArn(env, 'glue-job', jobName)] },
  ];
}

/** Options of {@link desiredResources}. */
export interface DesiredOptions {
  readonly env: Environment;
  readonly trigger: TriggerOption;
  readonly assets: BuiltAssets;
}

/**
 * Every AWS resource a pipeline needs, with deterministic names, least-privilege
 * policies and the tags `app` and `stage`. Pure: the same pipeline and options give
 * the same list.
 */
export function desiredResources(artifacts: PipelineArtifacts, { env, trigger, assets }: DesiredOptions): Resource[] {
  const tags: Tags = { app: env.app, stage: env.stage, 'managed-by': 'statecraft' };
  const names = pipelineNames(env, artifacts.name);
  const smArn = resourceArn(env, 'state-machine', names.stateMachine);
  const deployables = allDeployables(artifacts, trigger);
  const buckets = deployables.filter((d) => d.kind === 'bucket').map((d) => resourceName(env, 'bucket', d.id));
  const assetsBucket = resourceName(env, 'bucket', ASSETS_ID);
  const dataBuckets = buckets.filter((b) => b !== assetsBucket);
  const out: Resource[] = [];

  for (const d of deployables) {
    switch (d.kind) {
      case 'bucket':
        out.push({ kind: 'bucket', id: d.id, name: resourceName(env, 'bucket', d.id), tags });
        break;
      case 'topic':
        out.push({ kind: 'topic', id: d.id, name: resourceName(env, 'topic', d.id), subscriptions: [], tags });
        break;
      case 'lambda': {
        const name = resourceName(env, 'lambda', d.id);
        const role = resourceName(env, 'role', `${d.id}-fn`);
        const bundle = assets.lambdas.get(d.id);
        if (bundle === undefined) throw new Error(`invariant: no bundle built for Lambda ${d.id}`);
        out.push({ kind: 'role', id: `${d.id}-fn-role`, name: role, service: 'lambda.amazonaws.com', policyName: 'statecraft', policy: policyDocument(lambdaNeeds(env, d, name, smArn, dataBuckets)), tags });
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
        const body = assets.scripts.get(d.id);
        if (body === undefined) throw new Error(`invariant: no script read for Glue job ${d.id}`);
        const key = `scripts/${d.id}.py`;
        out.push({ kind: 'role', id: `${d.id}-glue-role`, name: role, service: 'glue.amazonaws.com', policyName: 'statecraft', policy: policyDocument(glueNeeds(env, name, assetsBucket, dataBuckets)), tags });
        out.push({ kind: 'object', id: `${d.id}-script`, bucket: assetsBucket, key, body, md5: createHash('md5').update(body).digest('hex') });
        out.push({
          kind: 'glue-job', id: d.id, name, roleName: role, scriptLocation: `s3://${assetsBucket}/${key}`,
          command: d.pythonShell === false ? 'glueetl' : 'pythonshell', pythonVersion: d.pythonShell === false ? '3' : '3.9',
          maxCapacity: d.pythonShell === false ? 2 : 0.0625, maxConcurrentRuns: 3, defaultArguments: { ...d.defaultArguments }, tags,
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

/** Reads the Glue scripts the deployables name (relative paths resolve against `baseDir`). */
export async function readScripts(deployables: readonly Deployable[], resolve: (path: string) => string): Promise<Map<string, Uint8Array>> {
  const scripts = new Map<string, Uint8Array>();
  for (const d of deployables) if (d.kind === 'glue-job') scripts.set(d.id, new Uint8Array(await readFile(resolve(d.scriptPath))));
  return scripts;
}
