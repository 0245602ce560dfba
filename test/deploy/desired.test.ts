import { describe, expect, it } from 'vitest';
import { codeSha256, deterministicZip } from '../../src/deploy/index.js';
import { desiredResources, policyDocument, type PipelineArtifacts } from '../../src/deploy/desired.js';
import { defaultEnvironment } from '../../src/steps/naming.js';

const env = defaultEnvironment('csv-etl', { account: '123456789012', region: 'eu-west-1', stage: 'dev' });
const zip = deterministicZip({ 'index.mjs': 'export const handler = async () => 1;' });
const bundle = { zip, codeSha256: codeSha256(zip), handler: 'index.handler' };
const artifacts: PipelineArtifacts = {
  name: 'csv-etl',
  definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
  iam: [
    { actions: ['glue:StartJobRun', 'glue:GetJobRun'], resources: ['arn:aws:glue:eu-west-1:123456789012:job/csv-etl-dev-stage'] },
    { actions: ['glue:GetJobRuns', 'glue:BatchStopJobRun'], resources: ['arn:aws:glue:eu-west-1:123456789012:job/csv-etl-dev-stage'] },
  ],
  deployables: [
    { kind: 'lambda', id: 'validate', handler: { package: 'csv-validate' } },
    { kind: 'glue-job', id: 'stage', scriptPath: 'stage.py' },
    { kind: 'topic', id: 'events' },
  ],
};
const assets = { lambdas: new Map([['validate', bundle], ['trigger', bundle]]), scripts: new Map([['stage', { body: new TextEncoder().encode('print(1)'), files: [] }]]) };

describe('desired resources', () => {
  const resources = desiredResources(artifacts, { env, trigger: { bucket: 'data', prefix: 'source/' }, assets });

  it('names every resource deterministically from app, stage and step', () => {
    expect(resources.map((r) => `${r.kind} ${'name' in r ? r.name : `${r.bucket}/${'key' in r ? r.key : r.prefix}`}`)).toEqual([
      'role csv-etl-dev-validate-fn',
      'function csv-etl-dev-validate',
      'role csv-etl-dev-stage-glue',
      'object csv-etl-dev-assets-123456789012/scripts/stage.py',
      'glue-job csv-etl-dev-stage',
      'topic csv-etl-dev-events',
      'bucket csv-etl-dev-data-123456789012',
      'role csv-etl-dev-trigger-fn',
      'function csv-etl-dev-trigger',
      'bucket csv-etl-dev-assets-123456789012',
      'bucket-notification csv-etl-dev-data-123456789012/source/',
      'role csv-etl-dev-csv-etl-sfn',
      'state-machine csv-etl-dev-csv-etl',
    ]);
    expect(desiredResources(artifacts, { env, trigger: { bucket: 'data', prefix: 'source/' }, assets })).toEqual(resources);
  });

  it('no policy has a wildcard action', () => {
    for (const r of resources) if (r.kind === 'role') for (const s of r.policy.Statement) for (const a of s.Action) expect(a).not.toContain('*');
  });

  it('the state machine role gets exactly the steps’ needs, merged by resource', () => {
    const role = resources.find((r) => r.kind === 'role' && r.service === 'states.amazonaws.com');
    expect(role?.kind === 'role' && role.policy).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun'], Resource: ['arn:aws:glue:eu-west-1:123456789012:job/csv-etl-dev-stage'] }],
    });
  });

  it('the trigger may start executions of this state machine only, through its alias', () => {
    const role = resources.find((r) => r.kind === 'role' && r.name === 'csv-etl-dev-trigger-fn');
    expect(role?.kind === 'role' && role.policy.Statement.find((s) => s.Action.includes('states:StartExecution'))?.Resource).toEqual([
      'arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev-csv-etl',
      'arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev-csv-etl:*',
    ]);
    const fn = resources.find((r) => r.kind === 'function' && r.id === 'trigger');
    expect(fn?.kind === 'function' && fn.environment).toEqual({ STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl-dev-csv-etl:live', SOURCE_PREFIX: 'source/' });
  });

  it('the validator reads only the source prefix of the data bucket', () => {
    const role = resources.find((r) => r.kind === 'role' && r.name === 'csv-etl-dev-validate-fn');
    expect(role?.kind === 'role' && role.policy.Statement.find((s) => s.Action.includes('s3:GetObject'))?.Resource).toEqual(['arn:aws:s3:::csv-etl-dev-data-123456789012/source/*']);
  });

  it('a wildcard action from a step is refused as a bug', () => {
    expect(() => policyDocument([{ actions: ['s3:*'], resources: ['arn:aws:s3:::b'] }])).toThrow('invariant: IAM statement with a wildcard action: s3:*');
  });
});
