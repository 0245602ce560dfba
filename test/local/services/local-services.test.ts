import { CopyObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { ExecuteStatementCommand, DescribeStatementCommand } from '@aws-sdk/client-redshift-data';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execute } from '../../../src/local/index.js';
import { createLocalServices, type LocalServices } from '../../../src/local/services/index.js';
import { callResource } from './task-call.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:etl-events';

/** Stage → poll a transform statement → read its result → notify, as the CSV ETL does. */
const pipeline = {
  StartAt: 'Stage',
  States: {
    Stage: {
      Type: 'Task',
      Resource: 'arn:aws:states:::glue:startJobRun.sync',
      Parameters: { JobName: 'stage', Arguments: { '--bucket.$': '$.bucket', '--key.$': '$.key' } },
      ResultPath: null,
      Next: 'Transform',
    },
    Transform: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement',
      Parameters: {
        Database: 'dev',
        Sql: 'select count(*) as n, sum(amount) as total from stage where region = :region',
        Parameters: [{ Name: 'region', 'Value.$': '$.region' }],
      },
      ResultPath: '$.statement',
      Next: 'Wait',
    },
    Wait: { Type: 'Wait', Seconds: 10, Next: 'Describe' },
    Describe: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement',
      Parameters: { 'Id.$': '$.statement.Id' },
      ResultPath: '$.status',
      Next: 'Done?',
    },
    'Done?': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.status.Status', StringEquals: 'FINISHED', Next: 'Result' },
        { Variable: '$.status.Status', StringEquals: 'FAILED', Next: 'Failed' },
      ],
      Default: 'Wait',
    },
    Failed: { Type: 'Fail', Error: 'Transform.Failed' },
    Result: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:getStatementResult',
      Parameters: { 'Id.$': '$.statement.Id' },
      ResultSelector: { 'rows.$': '$.Records[0][0].LongValue', 'total.$': '$.Records[0][1].StringValue' },
      ResultPath: '$.loaded',
      Next: 'Notify',
    },
    Notify: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: TOPIC, Subject: 'Loaded', 'Message.$': '$.loaded' },
      ResultSelector: { 'id.$': '$.MessageId' },
      ResultPath: '$.notified',
      End: true,
    },
  },
};

let root: string;
let services: LocalServices;
let lines: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'statecraft-svc-'));
  lines = [];
  services = createLocalServices({
    root,
    buckets: ['landing'],
    topics: ['etl-events'],
    log: (l) => lines.push(l),
    redshift: { inMemory: true },
    jobs: {
      // The stage job as a local Glue job: COPY through the Redshift Data API client, then archive the file.
      stage: async (args, ctx) => {
        const { redshiftData, s3 } = services.clients;
        const { Id } = await redshiftData.send(
          new ExecuteStatementCommand({ Database: 'dev', Sql: `copy stage from 's3://${args['--bucket']}/${args['--key']}' iam_role default csv ignoreheader 1` }),
        );
        let status = 'STARTED';
        while (status !== 'FINISHED' && status !== 'FAILED') status = (await redshiftData.send(new DescribeStatementCommand({ Id }))).Status!;
        if (status === 'FAILED') throw new Error('COPY failed');
        const key = args['--key']!;
        await s3.send(new CopyObjectCommand({ Bucket: args['--bucket'], Key: key.replace(/^source\//, 'archive/'), CopySource: `${args['--bucket']}/${key}` }));
        await s3.send(new DeleteObjectCommand({ Bucket: args['--bucket'], Key: key }));
        ctx.log(`staged ${key}`);
      },
    },
  });
  await services.redshift.query('create table stage (id int, region varchar(10), amount decimal(10,2))');
});
afterEach(async () => {
  await services.close();
  await rm(root, { recursive: true, force: true });
});

describe('createLocalServices', () => {
  it('serves a stage → transform → notify pipeline on the interpreter, end to end', async () => {
    // given
    await services.s3.putObject({ Bucket: 'landing', Key: 'source/sales.csv', Body: 'id,region,amount\n1,eu,10.50\n2,us,3\n3,eu,4.25\n' });
    // when
    const r = (await execute(pipeline, { bucket: 'landing', key: 'source/sales.csv', region: 'eu' }, { resources: services.resources }))._unsafeUnwrap();
    // then
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ loaded: { rows: 2, total: '14.75' }, notified: { id: expect.any(String) }, status: { Status: 'FINISHED' } });
    // the poll loop went round once: the first describe reports STARTED
    expect(r.history.filter((e) => e.type === 'WaitStateEntered')).toHaveLength(2);
    expect((await services.s3.listObjectsV2({ Bucket: 'landing' })).Contents.map((o) => o.Key)).toEqual(['archive/sales.csv']);
    const [message] = await services.sns.messages(TOPIC);
    expect(JSON.parse(message!.Message)).toEqual({ rows: 2, total: '14.75' });
    expect(lines).toEqual(['[glue stage] staged source/sales.csv', '[sns] etl-events "Loaded": {"rows":2,"total":"14.75"}']);
  });

  it('registers every resource the steps use', () => {
    expect(services.resources.map((r) => String(r.pattern)).sort()).toEqual([
      'arn:aws:states:::aws-sdk:redshiftdata:batchExecuteStatement',
      'arn:aws:states:::aws-sdk:redshiftdata:describeStatement',
      'arn:aws:states:::aws-sdk:redshiftdata:executeStatement',
      'arn:aws:states:::aws-sdk:redshiftdata:getStatementResult',
      'arn:aws:states:::aws-sdk:s3:copyObject',
      'arn:aws:states:::aws-sdk:s3:deleteObject',
      'arn:aws:states:::aws-sdk:s3:getObject',
      'arn:aws:states:::aws-sdk:s3:headObject',
      'arn:aws:states:::aws-sdk:s3:listObjectsV2',
      'arn:aws:states:::aws-sdk:s3:putObject',
      'arn:aws:states:::glue:startJobRun',
      'arn:aws:states:::glue:startJobRun.sync',
      'arn:aws:states:::s3:getObject',
      'arn:aws:states:::s3:listObjectsV2',
      'arn:aws:states:::sns:publish',
    ]);
  });

  it('a failed COPY inside the stage job fails the Task with States.TaskFailed and leaves the file in source/', async () => {
    await services.s3.putObject({ Bucket: 'landing', Key: 'source/bad.csv', Body: 'id,region,amount\nx,eu,1\n' });
    const r = (await execute(pipeline, { bucket: 'landing', key: 'source/bad.csv', region: 'eu' }, { resources: services.resources }))._unsafeUnwrap();
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.TaskFailed');
    expect(JSON.parse(r.cause!)).toMatchObject({ JobName: 'stage', JobRunState: 'FAILED', ErrorMessage: 'Error: COPY failed' });
    expect((await services.s3.listObjectsV2({ Bucket: 'landing' })).Contents.map((o) => o.Key)).toEqual(['source/bad.csv']);
    expect(await services.redshift.query('select count(*) as n from stage')).toEqual([{ n: '0' }]);
  });
});

describe('Redshift Data aws-sdk registrations', () => {
  it('use PascalCase fields and dates as text, as Step Functions shows SDK results', async () => {
    const exec = (await callResource(services.resources, 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement', {
      Sql: 'select :x::int + 1 as y',
      Parameters: [{ Name: 'x', Value: '41' }],
      WorkgroupName: 'wg',
    })) as { Id: string; CreatedAt: string; Database: string; WorkgroupName: string };
    expect(exec).toMatchObject({ Database: 'dev', WorkgroupName: 'wg' });
    expect(exec.CreatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const describe1 = await callResource(services.resources, 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement', { Id: exec.Id });
    expect(describe1).toMatchObject({ Status: 'STARTED' });
    await callResource(services.resources, 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement', { Id: exec.Id });
    const result = await callResource(services.resources, 'arn:aws:states:::aws-sdk:redshiftdata:getStatementResult', { Id: exec.Id });
    expect(result).toMatchObject({ Records: [[{ LongValue: 42 }]], ColumnMetadata: [{ Name: 'y', TypeName: 'int4' }], TotalNumRows: 1 });
  });

  it('fail with RedshiftData.<Code>Exception errors', async () => {
    await expect(callResource(services.resources, 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement', { Id: 'nope' })).rejects.toMatchObject({
      error: 'RedshiftData.ResourceNotFoundException',
      cause: expect.stringMatching(/^Query does not exist: nope \(Service: RedshiftData, Status Code: 400, Request ID: [\w-]+\)$/),
    });
    await expect(callResource(services.resources, 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement', { Sql: 'select 1', Parameters: [{ Name: 'x', Value: 1 }] })).rejects.toMatchObject({
      error: 'RedshiftData.ValidationException',
    });
  });
});
