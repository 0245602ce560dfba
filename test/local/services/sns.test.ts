import { PublishCommand } from '@aws-sdk/client-sns';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskFailure } from '../../../src/local/resources.js';
import { LocalSns } from '../../../src/local/services/sns/local-sns.js';
import { localSnsClient } from '../../../src/local/services/sns/sns-client.js';
import { snsResources } from '../../../src/local/services/sns/sns-resources.js';
import { callResource } from './task-call.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:etl-success';
let root: string;
let lines: string[];
let ids: number;
let sns: LocalSns;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'statecraft-sns-'));
  lines = [];
  ids = 0;
  sns = new LocalSns({ root, topics: ['etl-success', 'orders.fifo'], log: (l) => lines.push(l), now: () => Date.UTC(2026, 0, 1, 12, 0, 0), messageId: () => `m-${++ids}` });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('LocalSns outbox', () => {
  it('appends one JSON line per message to .statecraft/sns/<topic>.jsonl with id, ARN, subject, attributes and virtual time', async () => {
    await sns.publish({ TopicArn: TOPIC, Subject: 'Loaded', Message: 'rows=3', MessageAttributes: { kind: { DataType: 'String', StringValue: 'ok' } } });
    await sns.publish({ TopicArn: TOPIC, Message: 'second' });
    const file = await readFile(path.join(root, '.statecraft/sns/etl-success.jsonl'), 'utf8');
    expect(file.split('\n')).toEqual([
      JSON.stringify({ MessageId: 'm-1', TopicArn: TOPIC, Subject: 'Loaded', Message: 'rows=3', MessageAttributes: { kind: { DataType: 'String', StringValue: 'ok' } }, Timestamp: '2026-01-01T12:00:00.000Z' }),
      JSON.stringify({ MessageId: 'm-2', TopicArn: TOPIC, Message: 'second', Timestamp: '2026-01-01T12:00:00.000Z' }),
      '',
    ]);
    expect((await sns.messages('etl-success')).map((m) => m.Message)).toEqual(['rows=3', 'second']);
  });

  it('reports each message as one line to the injected logger', async () => {
    await sns.publish({ TopicArn: TOPIC, Subject: 'Loaded', Message: 'rows=3\nfile=a.csv' });
    expect(lines).toEqual(['[sns] etl-success "Loaded": rows=3 file=a.csv']);
  });

  it('keeps publish order when many messages go out at once', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => sns.publish({ TopicArn: TOPIC, Message: `n${i}` })));
    expect((await sns.messages(TOPIC)).map((m) => m.Message)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`));
  });

  it('refuses an undeclared topic with NotFoundException (404), writing nothing', async () => {
    await expect(sns.publish({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:nope', Message: 'x' })).rejects.toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist', httpStatusCode: 404 });
    expect(await sns.messages('nope')).toEqual([]);
  });

  it('refuses a topic ARN that is not one (so no odd file name is ever written)', async () => {
    await expect(sns.publish({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:../../x', Message: 'x' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('requires MessageGroupId on a FIFO topic and numbers FIFO messages', async () => {
    const fifo = 'arn:aws:sns:us-east-1:123456789012:orders.fifo';
    await expect(sns.publish({ TopicArn: fifo, Message: 'x' })).rejects.toMatchObject({ message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics' });
    const a = await sns.publish({ TopicArn: fifo, Message: 'x', MessageGroupId: 'g' });
    const b = await sns.publish({ TopicArn: fifo, Message: 'y', MessageGroupId: 'g' });
    expect(a.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(b.SequenceNumber!)).toBe(BigInt(a.SequenceNumber!) + 1n);
  });

  it('accepts any topic when no topics are declared', async () => {
    const open = new LocalSns({ root });
    await open.publish({ TopicArn: 'arn:aws:sns:eu-west-1:111111111111:anything', Message: 'x' });
    expect((await open.messages('anything')).length).toBe(1);
  });
});

describe('SNS faces', () => {
  it('sns:publish stringifies a JSON Message, returns MessageId and the SDK metadata', async () => {
    const out = (await callResource(snsResources(sns), 'arn:aws:states:::sns:publish', { TopicArn: TOPIC, Message: { Message: 'HelloWorld!' } })) as Record<string, unknown>;
    expect(out.MessageId).toBe('m-1');
    expect(out).toMatchObject({ SdkHttpMetadata: { HttpStatusCode: 200 }, SdkResponseMetadata: { RequestId: expect.any(String) } });
    expect(out.SequenceNumber).toBeUndefined();
    expect((await sns.messages(TOPIC))[0]!.Message).toBe('{"Message":"HelloWorld!"}');
  });

  it('sns:publish to an unknown topic fails with SNS.NotFoundException and the recorded cause format', async () => {
    const err = await callResource(snsResources(sns), 'arn:aws:states:::sns:publish', { TopicArn: 'arn:aws:sns:us-east-1:123456789012:gone', Message: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailure);
    expect((err as TaskFailure).error).toBe('SNS.NotFoundException');
    expect((err as TaskFailure).cause).toMatch(/^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound; Request ID: [\w-]+; Proxy: null\)$/);
  });

  it('the SNS client face serves a real PublishCommand', async () => {
    const out = await localSnsClient(sns).send(new PublishCommand({ TopicArn: TOPIC, Message: 'hi', Subject: 's' }));
    expect(out).toMatchObject({ MessageId: 'm-1', $metadata: { httpStatusCode: 200 } });
    expect((await sns.messages(TOPIC))[0]).toMatchObject({ Subject: 's', Message: 'hi' });
  });
});

describe('LocalSns outbox reading', () => {
  it('names the file and line of a damaged outbox line', async () => {
    const { appendFile, mkdir } = await import('node:fs/promises');
    await sns.publish({ TopicArn: TOPIC, Message: 'ok' });
    await mkdir(path.join(root, '.statecraft/sns'), { recursive: true });
    await appendFile(path.join(root, '.statecraft/sns/etl-success.jsonl'), '{"MessageId":"cut');
    await expect(sns.messages(TOPIC)).rejects.toThrow(`${path.join(root, '.statecraft/sns/etl-success.jsonl')}:2 is not a JSON line (a write cut short?); remove or fix that line.`);
  });
});
