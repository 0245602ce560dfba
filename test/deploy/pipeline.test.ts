import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployPipeline, diffPipeline, planOffline, planPipeline } from '../../src/deploy/index.js';
import { bucket, glueJob, pipeline, redshift } from '../../src/index.js';
import { fakeAws, isWrite, type FakeAws } from './helpers/fake-aws.js';
import { mini } from './fixtures/mini-pipeline.js';

const baseDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const noWait = async () => {};

describe('deploying a pipeline', () => {
  let aws: FakeAws;
  beforeEach(() => { aws = fakeAws(); });
  afterEach(() => aws.restore());
  const opts = () => ({ stage: 'dev', region: 'eu-west-1', account: '123456789012', baseDir, clients: aws.clients, sleep: noWait });

  it('a first deploy creates roles, buckets, script, functions, job, topic, trigger and state machine in order', async () => {
    const plan = (await deployPipeline(mini, opts()))._unsafeUnwrap();
    expect(plan.changes.map((c) => `${c.action} ${c.resource.kind} ${c.arn}`)).toMatchSnapshot();
    expect(aws.writes()).toMatchSnapshot();
    expect(plan.stateMachineArn).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:mini-dev-mini');
  }, 60_000);

  it('re-deploying an unchanged pipeline makes no write call', async () => {
    (await deployPipeline(mini, opts()))._unsafeUnwrap();
    const before = aws.calls.length;
    const again = (await deployPipeline(mini, opts()))._unsafeUnwrap();
    expect(again.changes.filter((c) => c.action !== 'noop')).toEqual([]);
    expect(aws.calls.slice(before).filter(isWrite)).toEqual([]);
  }, 60_000);

  it('the compiled definition names this stage’s resources', async () => {
    (await deployPipeline(mini, opts()))._unsafeUnwrap();
    const sm = aws.state.machines.get('arn:aws:states:eu-west-1:123456789012:stateMachine:mini-dev-mini');
    expect(sm?.definition).toContain('mini-dev-stage');
    expect(sm?.definition).toContain('arn:aws:sns:eu-west-1:123456789012:mini-dev-events');
  }, 60_000);

  it('plan makes only read calls', async () => {
    const plan = (await planPipeline(mini, opts()))._unsafeUnwrap();
    expect(plan.changes.every((c) => c.action === 'create')).toBe(true);
    expect(aws.calls.filter(isWrite)).toEqual([]);
  }, 60_000);

  it('an offline plan makes no AWS call and shows every policy', async () => {
    const plan = (await planOffline(mini, { stage: 'dev', region: 'eu-west-1', baseDir }))._unsafeUnwrap();
    expect(aws.calls).toEqual([]);
    const roles = plan.changes.filter((c) => c.resource.kind === 'role');
    expect(roles.map((r) => r.resource.kind === 'role' && r.resource.name)).toEqual(['mini-dev-stage-glue', 'mini-dev-validate-fn', 'mini-dev-trigger-fn', 'mini-dev-mini-sfn']);
    for (const r of roles) if (r.resource.kind === 'role') for (const s of r.resource.policy.Statement) for (const a of s.Action) expect(a).not.toContain('*');
    const sfnRole = roles.at(-1)!.resource;
    expect(sfnRole.kind === 'role' && sfnRole.policy.Statement.flatMap((s) => s.Action)).toEqual(expect.arrayContaining(['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun', 'lambda:InvokeFunction', 'sns:Publish']));
  }, 60_000);

  it('an offline plan lists the changes in the order plan and apply make them (a bucket before its objects)', async () => {
    const offline = (await planOffline(mini, { stage: 'dev', region: 'eu-west-1', account: '123456789012', baseDir }))._unsafeUnwrap();
    const online = (await planPipeline(mini, opts()))._unsafeUnwrap();
    const order = (p: typeof online) => p.changes.map((c) => `${c.resource.kind} ${c.arn}`);
    expect(order(offline)).toStrictEqual(order(online));
    const kinds = offline.changes.map((c) => c.resource.kind);
    expect(kinds.indexOf('bucket')).toBeLessThan(kinds.indexOf('object'));
    expect(kinds.lastIndexOf('bucket')).toBeLessThan(kinds.indexOf('object'));
    expect(kinds.at(-1)).toBe('state-machine');
  }, 60_000);

  it('an offline plan says where the default S3 trigger comes from when no step declares its bucket', async () => {
    const note = "the default S3 trigger creates a 'data' bucket (no step declares one) and starts an execution per upload under data/source/ with the input { bucket, key, size, versionId?, eTag? }: pass --trigger none if uploads do not start this pipeline, or --trigger <bucket>/<prefix>";
    const orders = pipeline<{ orderId: string }>('orders').pass({ name: 'Noop' });
    expect((await planOffline(orders, { stage: 'dev', region: 'eu-west-1', baseDir }))._unsafeUnwrap().warnings).toStrictEqual([note]);
    expect((await planOffline(orders, { stage: 'dev', region: 'eu-west-1', baseDir, trigger: false }))._unsafeUnwrap().warnings).toStrictEqual([]);
    expect((await planOffline(orders, { stage: 'dev', region: 'eu-west-1', baseDir, trigger: { bucket: 'data', prefix: 'in/' } }))._unsafeUnwrap().warnings).toStrictEqual([]);
    const withData = pipeline<{ key: string }>('moves').s3.delete({ id: 'clean', bucket: bucket('data'), prefix: 'source/', key: (s) => s.key });
    expect((await planOffline(withData, { stage: 'dev', region: 'eu-west-1', baseDir }))._unsafeUnwrap().warnings).toStrictEqual([]);
  }, 60_000);

  it('diff shows the states of a first deploy as added', async () => {
    const diff = (await diffPipeline(mini, opts()))._unsafeUnwrap();
    expect(diff.deployed).toBe(false);
    expect(diff.states.every((d) => d.kind === 'added')).toBe(true);
    (await deployPipeline(mini, opts()))._unsafeUnwrap();
    const after = (await diffPipeline(mini, opts()))._unsafeUnwrap();
    expect(after).toMatchObject({ deployed: true, states: [], iam: [] });
  }, 60_000);

  it('a missing Glue script is one clear error and nothing is written', async () => {
    const out = await deployPipeline(mini, { ...opts(), baseDir: '/nonexistent' });
    expect(out._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-options', field: 'glue script' });
    expect(out._unsafeUnwrapErr().message).toBe("glueJob('stage') script ./stage.py: no such file at /nonexistent/stage.py (a relative path starts from the folder of the pipeline file: the deploy option baseDir)");
    expect(aws.calls.filter(isWrite)).toEqual([]);
  }, 60_000);

  it('a redshift step on a workgroup ARN: ExecuteStatement on that workgroup only, DescribeStatement on * (AWS has no resource type for it)', async () => {
    const wg = 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0f1e2d3c';
    const load = pipeline<{ key: string }>('load').step(redshift<{ key: string }>('call etl.load(:key)', { target: { workgroup: wg, database: 'dw' }, parameters: (s) => ({ key: s.key }) }));
    const plan = (await planOffline(load, { stage: 'dev', region: 'eu-west-1', account: '123456789012', baseDir, trigger: false }))._unsafeUnwrap();
    const sfnRole = plan.resources.find((r) => r.kind === 'role' && r.service === 'states.amazonaws.com');
    expect(sfnRole?.kind === 'role' && sfnRole.policy.Statement).toStrictEqual([
      { Effect: 'Allow', Action: ['redshift-data:DescribeStatement'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['redshift-data:ExecuteStatement', 'redshift-serverless:GetCredentials'], Resource: [wg] },
    ]);
  }, 60_000);

  it('a redshift step naming its workgroup by name is refused: the role could not be scoped to it', async () => {
    const load = pipeline<{ key: string }>('load').step(redshift<{ key: string }>('select 1', { target: { workgroup: 'etl', database: 'dw' } }));
    const out = await planOffline(load, { stage: 'dev', region: 'eu-west-1', baseDir, trigger: false });
    expect(out._unsafeUnwrapErr()).toMatchObject({ kind: 'invalid-options', field: 'redshift step target' });
    expect(out._unsafeUnwrapErr().message).toMatch(/^a redshift step names its serverless workgroup by name: give the workgroup ARN/);
  }, 60_000);

  it('an --archive-prefix that is not a folder is refused: the Glue role may write under it only', async () => {
    const job = glueJob('stage', { script: './stage.py', defaultArguments: { '--archive-prefix': '' } });
    const p = pipeline<{ key: string }>('arch').glue(job, { discardResult: true });
    const out = await planOffline(p, { stage: 'dev', region: 'eu-west-1', baseDir });
    expect(out._unsafeUnwrapErr()).toStrictEqual({
      kind: 'invalid-options', field: "glueJob('stage') --archive-prefix", message: "'' must be folder names ending with '/', e.g. archive/ (the job's role may write under it only)",
    });
  }, 60_000);
});
