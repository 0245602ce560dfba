import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, codeSha256, deterministicZip, destroyResources, planResources, type Resource } from '../../src/deploy/index.js';
import { FAKE_TARGET, awsError, fakeAws, type FakeAws } from './helpers/fake-aws.js';

const tags = { app: 'csv-etl', stage: 'dev' };
const zip = deterministicZip({ 'index.mjs': 'export const handler = async () => 1;\n' });
const script = new TextEncoder().encode('print("stage")\n');

function resources(definition = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}'): Resource[] {
  return [
    { kind: 'state-machine', id: 'sm', name: 'csv-etl-dev', roleName: 'csv-etl-dev-sfn', definition, alias: 'live', tags },
    { kind: 'role', id: 'sfn-role', name: 'csv-etl-dev-sfn', service: 'states.amazonaws.com', policyName: 'statecraft', tags,
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['glue:StartJobRun'], Resource: ['arn:aws:glue:eu-west-1:123456789012:job/csv-etl-dev-stage'] }] } },
    { kind: 'role', id: 'fn-role', name: 'csv-etl-dev-trigger', service: 'lambda.amazonaws.com', policyName: 'statecraft', tags,
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['states:StartExecution'], Resource: ['arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev'] }] } },
    { kind: 'bucket', id: 'data', name: 'csv-etl-dev-data', tags },
    { kind: 'object', id: 'script', bucket: 'csv-etl-dev-data', key: 'scripts/stage.py', body: script, md5: createHash('md5').update(script).digest('hex') },
    { kind: 'function', id: 'trigger', name: 'csv-etl-dev-trigger', roleName: 'csv-etl-dev-trigger', zip, codeSha256: codeSha256(zip), handler: 'index.handler', runtime: 'nodejs20.x', memoryMb: 256, timeoutSeconds: 30, environment: { STATE_MACHINE_ARN: 'x' }, tags },
    { kind: 'glue-job', id: 'stage', name: 'csv-etl-dev-stage', roleName: 'csv-etl-dev-sfn', scriptLocation: 's3://csv-etl-dev-data/scripts/stage.py', command: 'pythonshell', pythonVersion: '3.9', maxCapacity: 0.0625, maxConcurrentRuns: 2, defaultArguments: {}, tags },
    { kind: 'topic', id: 'events', name: 'csv-etl-dev-events', subscriptions: [{ protocol: 'email', endpoint: 'ops@example.com' }], tags },
    { kind: 'bucket-notification', id: 'trigger-notification', bucket: 'csv-etl-dev-data', prefix: 'source/', functionName: 'csv-etl-dev-trigger', statementId: 'statecraft-csv-etl-dev-source' },
  ];
}

const noWait = async () => {};

describe('deploy engine', () => {
  let aws: FakeAws;
  beforeEach(() => { aws = fakeAws(); });
  afterEach(() => aws.restore());

  async function deploy(rs: Resource[]) {
    const plan = (await planResources(rs, FAKE_TARGET, { clients: aws.clients, sleep: noWait }))._unsafeUnwrap();
    return (await applyPlan(plan, { clients: aws.clients, sleep: noWait }))._unsafeUnwrap();
  }

  it('a first deploy creates every resource in dependency order', async () => {
    const plan = await deploy(resources());
    expect(plan.changes.map((c) => `${c.action} ${c.resource.kind}`)).toEqual([
      'create role', 'create role', 'create bucket', 'create object', 'create function', 'create glue-job', 'create topic', 'create bucket-notification', 'create state-machine',
    ]);
    expect(aws.writes()).toEqual([
      'iam:CreateRole', 'iam:PutRolePolicy', 'iam:CreateRole', 'iam:PutRolePolicy',
      's3:CreateBucket', 's3:PutBucketTagging', 's3:PutObject',
      'lambda:CreateFunction', 'glue:CreateJob', 'sns:CreateTopic', 'sns:Subscribe',
      'lambda:AddPermission', 's3:PutBucketNotificationConfiguration',
      'states:CreateStateMachine', 'states:CreateStateMachineAlias',
    ]);
    expect(aws.state.aliases.get('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev:live')).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev:1');
  });

  it('a second deploy of the same resources makes no write call', async () => {
    await deploy(resources());
    const before = aws.calls.length;
    const plan = await deploy(resources());
    expect(plan.changes.every((c) => c.action === 'noop')).toBe(true);
    expect(aws.calls.slice(before).filter((c) => !/:(Get|Describe|List|Head)/.test(c))).toEqual([]);
  });

  it('a changed definition only updates the state machine and moves the alias', async () => {
    await deploy(resources());
    const before = aws.calls.length;
    const plan = await deploy(resources('{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}'));
    expect(plan.changes.filter((c) => c.action !== 'noop').map((c) => [c.resource.kind, c.reasons])).toEqual([['state-machine', ['definition changed']]]);
    expect(aws.calls.slice(before).filter((c) => !/:(Get|Describe|List|Head)/.test(c))).toEqual(['states:UpdateStateMachine', 'states:UpdateStateMachineAlias']);
    expect(aws.state.aliases.get('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev:live')).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev:2');
  });

  it('changed handler code is uploaded; unchanged code is not', async () => {
    await deploy(resources());
    const other = deterministicZip({ 'index.mjs': 'export const handler = async () => 2;\n' });
    const rs = resources().map((r) => (r.kind === 'function' ? { ...r, zip: other, codeSha256: codeSha256(other) } : r));
    const before = aws.calls.length;
    await deploy(rs);
    expect(aws.calls.slice(before).filter((c) => !/:(Get|Describe|List|Head)/.test(c))).toEqual(['lambda:UpdateFunctionCode']);
  });

  it('an apply that fails half-way converges when run again', async () => {
    aws.failOnce('glue:CreateJob', awsError('InternalServiceException', 'Glue had a bad day', 500));
    const plan = (await planResources(resources(), FAKE_TARGET, { clients: aws.clients, sleep: noWait }))._unsafeUnwrap();
    const failed = await applyPlan(plan, { clients: aws.clients, sleep: noWait });
    expect(failed._unsafeUnwrapErr()).toMatchObject({ kind: 'aws-error', action: 'glue:CreateJob', resource: 'csv-etl-dev-stage', code: 'InternalServiceException' });
    expect(aws.state.machines.size).toBe(0);

    const again = await deploy(resources());
    expect(again.changes.filter((c) => c.action !== 'noop').map((c) => c.resource.kind)).toEqual(['glue-job', 'topic', 'bucket-notification', 'state-machine']);
    const third = await deploy(resources());
    expect(third.changes.every((c) => c.action === 'noop')).toBe(true);
  });

  it('an alias left on an old version by an interrupted apply is moved on the next run', async () => {
    await deploy(resources());
    aws.failOnce('states:UpdateStateMachineAlias', awsError('ServiceUnavailable', 'try later', 503));
    const changed = resources('{"StartAt":"C","States":{"C":{"Type":"Pass","End":true}}}');
    const plan = (await planResources(changed, FAKE_TARGET, { clients: aws.clients, sleep: noWait }))._unsafeUnwrap();
    expect((await applyPlan(plan, { clients: aws.clients, sleep: noWait })).isErr()).toBe(true);
    const rerun = await deploy(changed);
    expect(rerun.changes.find((c) => c.resource.kind === 'state-machine')?.reasons).toEqual(['alias live on an old version']);
    expect(aws.state.aliases.get('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev:live')).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev:2');
  });

  it('a role IAM has not propagated yet is retried, not reported', async () => {
    aws.failOnce('lambda:CreateFunction', awsError('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.'));
    await deploy(resources());
    expect(aws.calls.filter((c) => c === 'lambda:CreateFunction')).toHaveLength(2);
    expect(aws.state.functions.has('csv-etl-dev-trigger')).toBe(true);
  });

  it('AccessDenied names the action and the resource', async () => {
    aws.failOnce('iam:GetRole', awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: iam:GetRole', 403));
    const plan = await planResources(resources(), FAKE_TARGET, { clients: aws.clients, sleep: noWait });
    expect(plan._unsafeUnwrapErr()).toMatchObject({ kind: 'access-denied', action: 'iam:GetRole', resource: 'csv-etl-dev-sfn' });
    expect(plan._unsafeUnwrapErr().message).toMatch(/^Access denied: iam:GetRole on csv-etl-dev-sfn\./);
  });

  it('missing credentials give one clear message', async () => {
    aws.failOnce('iam:GetRole', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const plan = await planResources(resources(), FAKE_TARGET, { clients: aws.clients, sleep: noWait });
    expect(plan._unsafeUnwrapErr()).toMatchObject({ kind: 'missing-credentials' });
    expect(plan._unsafeUnwrapErr().message).toContain('No AWS credentials were found');
  });

  it('destroy deletes in reverse order and tolerates what is already gone', async () => {
    await deploy(resources().filter((r) => r.kind !== 'object'));
    const done = (await destroyResources(resources().filter((r) => r.kind !== 'object'), FAKE_TARGET, { clients: aws.clients, sleep: noWait }))._unsafeUnwrap();
    expect(done.map((c) => c.resource.kind)).toEqual(['state-machine', 'bucket-notification', 'topic', 'glue-job', 'function', 'bucket', 'role', 'role']);
    expect(aws.state.machines.size + aws.state.functions.size + aws.state.roles.size + aws.state.buckets.size).toBe(0);
    const again = (await destroyResources(resources().filter((r) => r.kind !== 'object'), FAKE_TARGET, { clients: aws.clients, sleep: noWait }))._unsafeUnwrap();
    expect(again.every((c) => c.reasons[0] === 'already absent')).toBe(true);
  });

  it('deterministic zips are byte-identical', () => {
    const a = deterministicZip({ 'b.mjs': 'b', 'a.mjs': 'a' });
    const b = deterministicZip({ 'a.mjs': 'a', 'b.mjs': 'b' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
