import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createS3TriggerHandler, decodeS3Key, executionName, S3TriggerStartFailed } from '../../src/handlers/s3-trigger/index.js';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:csv-etl';

function record(key: string, o: { bucket?: string; size?: number; eTag?: string; versionId?: string; eventName?: string } = {}): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'eu-west-1',
    eventTime: '2024-05-01T10:00:00.000Z',
    eventName: o.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:X' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'r', 'x-amz-id-2': 'i' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'csv',
      bucket: { name: o.bucket ?? 'data-bucket', ownerIdentity: { principalId: 'X' }, arn: `arn:aws:s3:::${o.bucket ?? 'data-bucket'}` },
      object: {
        key,
        size: o.size ?? 1234,
        eTag: o.eTag ?? 'd41d8cd98f00b204e9800998ecf8427e',
        sequencer: '0055AED6DCD90281E5',
        ...(o.versionId !== undefined ? { versionId: o.versionId } : {}),
      },
    },
  };
}

const event = (...records: S3EventRecord[]): S3Event => ({ Records: records });

const sfnMock = mockClient(SFNClient);

/** A stand-in for Step Functions' name uniqueness: a second start of a name fails. */
function sfnWithNameUniqueness(): Set<string> {
  const started = new Set<string>();
  sfnMock.on(StartExecutionCommand).callsFake((input: StartExecutionCommandInput) => {
    const name = input.name as string;
    if (started.has(name)) throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${ARN}:${name}'`, $metadata: {} });
    started.add(name);
    return { executionArn: `${ARN.replace(':stateMachine:', ':execution:')}:${name}`, startDate: new Date(0) };
  });
  return started;
}

beforeEach(() => sfnMock.reset());
afterEach(() => sfnMock.reset());

const handler = (maxBytes?: number) =>
  createS3TriggerHandler({ sfn: new SFNClient({ region: 'eu-west-1' }), stateMachineArn: ARN, prefix: 'source/', ...(maxBytes !== undefined ? { maxBytes } : {}) });

describe('s3-trigger', () => {
  test('a new object starts one execution with its location as input', async () => {
    sfnWithNameUniqueness();
    const report = await handler()(event(record('source/orders.csv')));
    const name = executionName('data-bucket', 'source/orders.csv', 'd41d8cd98f00b204e9800998ecf8427e');
    expect(report.results).toStrictEqual([
      { status: 'started', bucket: 'data-bucket', key: 'source/orders.csv', executionName: name, executionArn: `arn:aws:states:eu-west-1:123456789012:execution:csv-etl:${name}` },
    ]);
    expect(sfnMock.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toStrictEqual([
      { stateMachineArn: ARN, name, input: '{"bucket":"data-bucket","key":"source/orders.csv","size":1234,"eTag":"d41d8cd98f00b204e9800998ecf8427e"}' },
    ]);
  });

  test('the same event delivered twice starts one execution; the second is a duplicate, not a failure', async () => {
    const started = sfnWithNameUniqueness();
    const h = handler();
    const e = event(record('source/orders.csv'));
    const first = await h(e);
    const second = await h(e);
    expect(started.size).toBe(1);
    expect(first.results[0]?.status).toBe('started');
    expect(second.results).toStrictEqual([{ status: 'duplicate', bucket: 'data-bucket', key: 'source/orders.csv', executionName: first.results[0]?.status === 'started' ? first.results[0].executionName : '' }]);
  });

  test('a new version of the same key starts a new execution', async () => {
    const started = sfnWithNameUniqueness();
    const h = handler();
    await h(event(record('source/orders.csv', { versionId: 'v1' })));
    await h(event(record('source/orders.csv', { versionId: 'v2' })));
    expect(started.size).toBe(2);
  });

  test('keys are URL-decoded: + is a space, then percent escapes', async () => {
    sfnWithNameUniqueness();
    const report = await handler()(event(record('source/my+orders+%282024%29+%C3%A9t%C3%A9.csv')));
    expect(report.results[0]).toMatchObject({ status: 'started', key: 'source/my orders (2024) été.csv' });
    const input = JSON.parse(sfnMock.commandCalls(StartExecutionCommand)[0]?.args[0].input.input as string) as { key: string };
    expect(input.key).toBe('source/my orders (2024) été.csv');
    expect(decodeS3Key('a%2Bb+c')).toBe('a+b c');
  });

  test('a key outside the prefix is refused, starts nothing, and does not hide the other records', async () => {
    sfnWithNameUniqueness();
    const report = await handler()(event(record('archive/orders.csv'), record('source/ok.csv')));
    expect(report.results[0]).toStrictEqual({
      status: 'refused',
      bucket: 'data-bucket',
      key: 'archive/orders.csv',
      reason: 'key "archive/orders.csv" is outside the prefix "source/"; it was not processed and not moved',
    });
    expect(report.results[1]?.status).toBe('started');
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  test('an object over the size limit is refused with its size and the limit', async () => {
    sfnWithNameUniqueness();
    const report = await handler(1000)(event(record('source/big.csv', { size: 5000 })));
    expect(report.results).toStrictEqual([
      {
        status: 'refused',
        bucket: 'data-bucket',
        key: 'source/big.csv',
        reason: 's3://data-bucket/source/big.csv is 5000 bytes, over the limit of 1000; it was not processed and not moved (split the file or raise the limit)',
      },
    ]);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  test('a malformed key escape and a folder marker are refused per record', async () => {
    sfnWithNameUniqueness();
    const report = await handler()(event(record('source/bad%E0%A4%A.csv'), record('source/sub/')));
    expect(report.results.map((r) => r.status)).toStrictEqual(['refused', 'refused']);
    expect(report.results[0]).toMatchObject({ reason: 'key "source/bad%E0%A4%A.csv" is not a valid URL-encoded S3 key; nothing was started' });
    expect(report.results[1]).toMatchObject({ reason: 'key "source/sub/" is a folder marker, not a file' });
  });

  test('a non-creation event is ignored', async () => {
    sfnWithNameUniqueness();
    const report = await handler()(event(record('source/x.csv', { eventName: 'ObjectRemoved:Delete' })));
    expect(report.results).toStrictEqual([{ status: 'ignored', bucket: 'data-bucket', key: 'source/x.csv', reason: 'event ObjectRemoved:Delete is not an object creation' }]);
  });

  test('a failed start is reported per record and thrown after the others were tried, so Lambda retries', async () => {
    sfnMock
      .on(StartExecutionCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ executionArn: 'arn:x', startDate: new Date(0) });
    const h = handler();
    const run = h(event(record('source/a.csv'), record('source/b.csv')));
    await expect(run).rejects.toBeInstanceOf(S3TriggerStartFailed);
    const err = (await run.catch((e: unknown) => e)) as S3TriggerStartFailed;
    expect(err.name).toBe('S3Trigger.StartFailed');
    expect(err.message).toBe('1 of 2 records could not start an execution: s3://data-bucket/source/a.csv: ThrottlingException: Rate exceeded');
    expect(err.report.results.map((r) => r.status)).toStrictEqual(['failed', 'started']);
  });

  test('an S3 test event without records does nothing', async () => {
    sfnWithNameUniqueness();
    const report = await handler()({ Service: 'Amazon S3', Event: 's3:TestEvent' } as unknown as S3Event);
    expect(report.results).toStrictEqual([]);
    expect(sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('executionName', () => {
  test('is deterministic, at most 80 characters, and uses only allowed characters', () => {
    const long = `source/${'très long nom de fichier '.repeat(10)}.csv`;
    const a = executionName('b', long, 'etag');
    expect(a).toBe(executionName('b', long, 'etag'));
    expect(a.length).toBeLessThanOrEqual(80);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(a).toMatch(/^tr-s-long-nom-de-fichier-/);
  });

  test('differs by bucket, key and version', () => {
    const names = new Set([executionName('b', 'k.csv', 'v'), executionName('c', 'k.csv', 'v'), executionName('b', 'k2.csv', 'v'), executionName('b', 'k.csv', 'w')]);
    expect(names.size).toBe(4);
  });

  test('is only the hash when the file name has no usable characters', () => {
    expect(executionName('b', 'source/ü.csv', 'v')).toMatch(/^csv-[0-9a-f]{24}$/);
    expect(executionName('b', 'source/¿¿', 'v')).toMatch(/^[0-9a-f]{24}$/);
  });
});
