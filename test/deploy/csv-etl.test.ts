/**
 * The flagship csv-etl example through the deployer: its offline plan and policies, and a
 * first and second deploy against the stateful fakes (no network).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvEtl } from '../../examples/csv-etl/pipeline.js';
import { deployPipeline, planOffline, type DeployOptions, type PipelinePlan, type PolicyStatement, type Resource } from '../../src/deploy/index.js';
import { fakeAws, isWrite, type FakeAws } from './helpers/fake-aws.js';

const baseDir = fileURLToPath(new URL('../../examples/csv-etl/', import.meta.url));
const WORKGROUP = 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:etl-loader-AbCdEf';
const offline: DeployOptions = { stage: 'dev', region: 'eu-west-1', account: '123456789012', baseDir, redshift: { workgroup: WORKGROUP, database: 'analytics' } };
const noWait = async () => {};

function role(plan: PipelinePlan, name: string): readonly PolicyStatement[] {
  const r = plan.resources.find((x): x is Extract<Resource, { kind: 'role' }> => x.kind === 'role' && x.name === name);
  if (r === undefined) throw new Error(`no role ${name}`);
  return r.policy.Statement;
}

function job(plan: PipelinePlan, id: string): Extract<Resource, { kind: 'glue-job' }> {
  const r = plan.resources.find((x): x is Extract<Resource, { kind: 'glue-job' }> => x.kind === 'glue-job' && x.id === id);
  if (r === undefined) throw new Error(`no Glue job ${id}`);
  return r;
}

describe('the csv-etl example, planned offline', () => {
  it('no policy of any role has a wildcard action, and only DescribeStatement has the resource *', async () => {
    const plan = (await planOffline(csvEtl, offline))._unsafeUnwrap();
    const roles = plan.resources.filter((r) => r.kind === 'role');
    expect(roles.map((r) => r.name)).toStrictEqual([
      'csv-etl-dev-stage-glue', 'csv-etl-dev-transform-glue', 'csv-etl-dev-validate-fn', 'csv-etl-dev-trigger-fn', 'csv-etl-dev-csv-etl-sfn',
    ]);
    const statements = roles.flatMap((r) => r.policy.Statement);
    expect(statements.flatMap((s) => s.Action).filter((a) => a.includes('*'))).toStrictEqual([]);
    // AWS defines no resource type for DescribeStatement: the service authorization reference requires "*".
    expect(statements.filter((s) => s.Resource.includes('*'))).toStrictEqual([
      { Effect: 'Allow', Action: ['redshift-data:DescribeStatement'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['redshift-data:DescribeStatement'], Resource: ['*'] },
    ]);
    expect(plan.warnings).toStrictEqual([]);
  }, 60_000);

  it('the stage job reads and deletes under source/, writes under archive/ and manifests/, and runs SQL on that one workgroup', async () => {
    const plan = (await planOffline(csvEtl, offline))._unsafeUnwrap();
    expect(role(plan, 'csv-etl-dev-stage-glue')).toStrictEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [
        'arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/python-jobs/error:*',
        'arn:aws:logs:eu-west-1:123456789012:log-group:/aws-glue/python-jobs/output:*',
      ] },
      { Effect: 'Allow', Action: ['redshift-data:BatchExecuteStatement', 'redshift-serverless:GetCredentials'], Resource: [WORKGROUP] },
      { Effect: 'Allow', Action: ['redshift-data:DescribeStatement'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:GetObject'], Resource: ['arn:aws:s3:::csv-etl-dev-data-123456789012/source/*'] },
      { Effect: 'Allow', Action: ['s3:DeleteObject', 's3:PutObject'], Resource: ['arn:aws:s3:::csv-etl-dev-data-123456789012/archive/*'] },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::csv-etl-dev-assets-123456789012/scripts/stage.py'] },
      // the COPY manifest (exactly the one object to load), written under manifests/ only
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::csv-etl-dev-data-123456789012/manifests/*'] },
    ]);
    expect(job(plan, 'stage').defaultArguments).toStrictEqual({
      '--archive-prefix': 'archive/', '--manifest-prefix': 'manifests/', '--redshift-database': 'analytics', '--redshift-workgroup': WORKGROUP,
    });
  }, 60_000);

  it('the transform job gets its SQL uploaded beside its script, passed as --transform-sql', async () => {
    const plan = (await planOffline(csvEtl, offline))._unsafeUnwrap();
    const sql = plan.resources.find((r) => r.kind === 'object' && r.key === 'scripts/transform/transform.sql');
    expect(sql?.kind === 'object' && Buffer.from(sql.body).toString('utf8')).toBe(readFileSync(new URL('../../examples/csv-etl/sql/transform.sql', import.meta.url), 'utf8'));
    expect(job(plan, 'transform').defaultArguments).toStrictEqual({
      '--redshift-database': 'analytics', '--redshift-workgroup': WORKGROUP,
      '--transform-sql': 's3://csv-etl-dev-assets-123456789012/scripts/transform/transform.sql',
    });
    expect(role(plan, 'csv-etl-dev-transform-glue').find((s) => s.Resource.some((r) => r.includes('assets')))).toStrictEqual({
      Effect: 'Allow', Action: ['s3:GetObject'], Resource: [
        'arn:aws:s3:::csv-etl-dev-assets-123456789012/scripts/transform.py',
        'arn:aws:s3:::csv-etl-dev-assets-123456789012/scripts/transform/transform.sql',
        'arn:aws:s3:::csv-etl-dev-data-123456789012/source/*',
      ],
    });
  }, 60_000);

  it('the validator reads only source/', async () => {
    const plan = (await planOffline(csvEtl, offline))._unsafeUnwrap();
    expect(role(plan, 'csv-etl-dev-validate-fn').find((s) => s.Action.includes('s3:GetObject'))).toStrictEqual({
      Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::csv-etl-dev-data-123456789012/source/*'],
    });
  }, 60_000);

  it('a cluster with a secret: BatchExecuteStatement on that cluster, GetSecretValue on that secret', async () => {
    const plan = (await planOffline(csvEtl, { ...offline, redshift: { cluster: 'warehouse', database: 'dw', secretArn: SECRET } }))._unsafeUnwrap();
    const redshift = role(plan, 'csv-etl-dev-transform-glue').filter((s) => s.Action.some((a) => /^(redshift|secretsmanager)/.test(a)));
    expect(redshift).toStrictEqual([
      { Effect: 'Allow', Action: ['redshift-data:BatchExecuteStatement'], Resource: ['arn:aws:redshift:eu-west-1:123456789012:cluster:warehouse'] },
      { Effect: 'Allow', Action: ['redshift-data:DescribeStatement'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [SECRET] },
    ]);
    expect(job(plan, 'transform').defaultArguments).toMatchObject({ '--redshift-cluster': 'warehouse', '--redshift-database': 'dw', '--redshift-secret-arn': SECRET });
  }, 60_000);

  it('a workgroup by name is refused: only its ARN scopes the role', async () => {
    const out = await planOffline(csvEtl, { ...offline, redshift: { workgroup: 'etl', database: 'dev' } });
    expect(out._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-options', field: 'redshift.workgroup' });
    expect(out._unsafeUnwrapErr().message).toMatch(/^'etl' is a name: give the workgroup ARN instead of its name/);
  }, 60_000);

  it('without a Redshift target the Glue jobs get no Data API access and the plan says so', async () => {
    const { redshift: _omitted, ...rest } = offline;
    const plan = (await planOffline(csvEtl, rest))._unsafeUnwrap();
    expect(plan.resources.flatMap((r) => (r.kind === 'role' ? r.policy.Statement.flatMap((s) => s.Action) : [])).filter((a) => a.startsWith('redshift'))).toStrictEqual([]);
    expect(plan.warnings).toStrictEqual([
      'the Glue jobs stage, transform get no Redshift access and no --redshift-* arguments: give the target (--redshift-workgroup <ARN>, or --redshift-cluster <id>; with --redshift-database) if they load Redshift',
    ]);
  }, 60_000);
});

describe('deploying the csv-etl example', () => {
  let aws: FakeAws;
  beforeEach(() => { aws = fakeAws(); });
  afterEach(() => aws.restore());
  const opts = (): DeployOptions => ({ ...offline, clients: aws.clients, sleep: noWait });

  it('a first deploy makes these writes, in this order; a second makes none', async () => {
    (await deployPipeline(csvEtl, opts()))._unsafeUnwrap();
    expect(aws.log.filter((c) => isWrite(c.split(' ')[0]!))).toMatchInlineSnapshot(`
      [
        "iam:CreateRole csv-etl-dev-stage-glue",
        "iam:PutRolePolicy csv-etl-dev-stage-glue",
        "iam:CreateRole csv-etl-dev-transform-glue",
        "iam:PutRolePolicy csv-etl-dev-transform-glue",
        "iam:CreateRole csv-etl-dev-validate-fn",
        "iam:PutRolePolicy csv-etl-dev-validate-fn",
        "iam:CreateRole csv-etl-dev-trigger-fn",
        "iam:PutRolePolicy csv-etl-dev-trigger-fn",
        "iam:CreateRole csv-etl-dev-csv-etl-sfn",
        "iam:PutRolePolicy csv-etl-dev-csv-etl-sfn",
        "s3:CreateBucket csv-etl-dev-data-123456789012",
        "s3:PutBucketTagging csv-etl-dev-data-123456789012",
        "s3:PutBucketVersioning csv-etl-dev-data-123456789012",
        "s3:CreateBucket csv-etl-dev-assets-123456789012",
        "s3:PutBucketTagging csv-etl-dev-assets-123456789012",
        "s3:PutObject s3://csv-etl-dev-assets-123456789012/scripts/stage.py",
        "s3:PutObject s3://csv-etl-dev-assets-123456789012/scripts/transform.py",
        "s3:PutObject s3://csv-etl-dev-assets-123456789012/scripts/transform/transform.sql",
        "lambda:CreateFunction csv-etl-dev-validate",
        "lambda:CreateFunction csv-etl-dev-trigger",
        "glue:CreateJob csv-etl-dev-stage",
        "glue:CreateJob csv-etl-dev-transform",
        "sns:CreateTopic csv-etl-dev-alerts",
        "lambda:AddPermission csv-etl-dev-trigger",
        "s3:PutBucketNotificationConfiguration csv-etl-dev-data-123456789012",
        "states:CreateStateMachine csv-etl-dev-csv-etl",
        "states:CreateStateMachineAlias live -> stateMachine:csv-etl-dev-csv-etl:1",
      ]
    `);
    const before = aws.calls.length;
    const again = (await deployPipeline(csvEtl, opts()))._unsafeUnwrap();
    expect(again.changes.filter((c) => c.action !== 'noop')).toStrictEqual([]);
    expect(aws.calls.slice(before).filter(isWrite)).toStrictEqual([]);
    expect(aws.calls.length - before).toBeGreaterThan(0);
  }, 60_000);

  it('the data bucket is versioned (defence in depth: an object written twice keeps its old version), the assets bucket is not; versioning suspended by hand is enabled again', async () => {
    (await deployPipeline(csvEtl, opts()))._unsafeUnwrap();
    const data = aws.state.buckets.get('csv-etl-dev-data-123456789012');
    expect(data?.versioning).toBe('Enabled');
    expect(aws.state.buckets.get('csv-etl-dev-assets-123456789012')?.versioning).toBeUndefined();
    // when someone suspends it
    if (data !== undefined) data.versioning = 'Suspended';
    const before = aws.log.length;
    const again = (await deployPipeline(csvEtl, opts()))._unsafeUnwrap();
    // then the next deploy says why and enables it again (the tags are rewritten with it, unchanged)
    expect(again.changes.filter((c) => c.action !== 'noop').map((c) => [c.action, c.resource.kind === 'bucket' ? c.resource.name : c.resource.kind, c.reasons])).toStrictEqual([['update', 'csv-etl-dev-data-123456789012', ['versioning is suspended']]]);
    expect(aws.log.slice(before).filter((c) => isWrite(c.split(' ')[0]!))).toStrictEqual(['s3:PutBucketTagging csv-etl-dev-data-123456789012', 's3:PutBucketVersioning csv-etl-dev-data-123456789012']);
    expect(data?.versioning).toBe('Enabled');
  }, 60_000);

  it('what was deployed can be read back: job arguments, the uploaded SQL, the alias on version 1', async () => {
    (await deployPipeline(csvEtl, opts()))._unsafeUnwrap();
    expect(aws.state.jobs.get('csv-etl-dev-transform')?.job.DefaultArguments).toStrictEqual({
      '--redshift-database': 'analytics', '--redshift-workgroup': WORKGROUP,
      '--transform-sql': 's3://csv-etl-dev-assets-123456789012/scripts/transform/transform.sql',
    });
    const sql = aws.state.buckets.get('csv-etl-dev-assets-123456789012')?.objects.get('scripts/transform/transform.sql');
    expect(Buffer.from(sql ?? new Uint8Array()).toString('utf8')).toContain('INSERT INTO {{target_table}}');
    expect(aws.state.aliases.get('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev-csv-etl:live')).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev-csv-etl:1');
  }, 60_000);
});
