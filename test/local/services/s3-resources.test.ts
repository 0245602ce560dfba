import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskFailure, type ResourceRegistration } from '../../../src/local/resources.js';
import { LocalS3 } from '../../../src/local/services/s3/local-s3.js';
import { s3Resources } from '../../../src/local/services/s3/s3-resources.js';
import { readItems } from '../../../src/local/services/s3/read-items.js';
import { callResource } from './task-call.js';

let root: string;
let s3: LocalS3;
let regs: ResourceRegistration[];
const SDK = 'arn:aws:states:::aws-sdk:s3:';

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'statecraft-s3r-'));
  s3 = new LocalS3({ root, buckets: ['bucket-name'], now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
  regs = s3Resources(s3);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('S3 aws-sdk integration registrations', () => {
  it('getObject returns the aws-sdk output shape with the body as text (as recorded against AWS)', async () => {
    await s3.putObject({ Bucket: 'bucket-name', Key: 'file_key', Body: 'text data' });
    expect(await callResource(regs, `${SDK}getObject`, { Bucket: 'bucket-name', Key: 'file_key' })).toStrictEqual({
      AcceptRanges: 'bytes',
      ContentLength: 9,
      ContentType: 'binary/octet-stream',
      ETag: '"332eec544317a6d340b8e77da7fe54ad"',
      LastModified: '2026-01-02T03:04:05Z',
      Metadata: {},
      ServerSideEncryption: 'AES256',
      Body: 'text data',
    });
  });

  it.each([
    ['text data', '"2b5df3712557f503a9977a8ea893b2c9"', 'KUmHvQ=='],
    [{ Dict: 'Value' }, '"49e31cee5aec8faf3345893addb14346"', 'hnEfWw=='],
    [['List', 'Data'], '"6b23860357f6e63a0272b7f1143a663a"', '1F2MPA=='],
    [false, '"68934a3e9455fa72420237eb05902327"', 'K81oMA=='],
    [0, '"cfcd208495d565ef66e7dff9f98764da"', '9NvfIQ=='],
  ])('putObject stores Body %j serialised as JSON, with the ETag and CRC32 AWS recorded', async (body, etag, crc) => {
    expect(await callResource(regs, `${SDK}putObject`, { Bucket: 'bucket-name', Key: 'file-key', Body: body })).toStrictEqual({
      ChecksumCRC32: crc,
      ChecksumType: 'FULL_OBJECT',
      ETag: etag,
      ServerSideEncryption: 'AES256',
    });
    expect((await s3.getObjectBytes({ Bucket: 'bucket-name', Key: 'file-key' })).toString()).toBe(JSON.stringify(body));
  });

  it('a missing key fails with S3.NoSuchKeyException and the Java SDK style cause', async () => {
    const err = await callResource(regs, `${SDK}getObject`, { Bucket: 'bucket-name', Key: 'no_such_key.json' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailure);
    expect((err as TaskFailure).error).toBe('S3.NoSuchKeyException');
    expect((err as TaskFailure).cause).toMatch(/^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: [\w-]+, Extended Request ID: [\w-]+\)$/);
    const head = await callResource(regs, `${SDK}headObject`, { Bucket: 'bucket-name', Key: 'nope' }).catch((e: unknown) => e);
    expect((head as TaskFailure).error).toBe('S3.NoSuchKeyException');
  });

  it('a missing bucket fails with S3.NoSuchBucketException', async () => {
    const err = await callResource(regs, `${SDK}listObjectsV2`, { Bucket: 'some-other-bucket' }).catch((e: unknown) => e);
    expect((err as TaskFailure).error).toBe('S3.NoSuchBucketException');
  });

  it('a missing parameter fails naming the state and the field', async () => {
    const err = await callResource(regs, `${SDK}getObject`, { Bucket: 'bucket-name' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ error: 'S3.InvalidRequestException' });
    expect((err as TaskFailure).cause).toMatch(/^State 'Step' \(arn:aws:states:::aws-sdk:s3:getObject\): parameter 'Key' is required and must be a non-empty string, got nothing\. \(Service: S3/);
  });

  it('copyObject, deleteObject and listObjectsV2 move a file from source/ to archive/', async () => {
    await s3.putObject({ Bucket: 'bucket-name', Key: 'source/a.csv', Body: 'x' });
    expect(await callResource(regs, `${SDK}copyObject`, { Bucket: 'bucket-name', Key: 'archive/a.csv', CopySource: 'bucket-name/source/a.csv' })).toStrictEqual({
      CopyObjectResult: { ETag: '"9dd4e461268c8034f5c8564e155c67a6"', LastModified: '2026-01-02T03:04:05Z' },
      ServerSideEncryption: 'AES256',
    });
    expect(await callResource(regs, `${SDK}deleteObject`, { Bucket: 'bucket-name', Key: 'source/a.csv' })).toStrictEqual({});
    expect(await callResource(regs, `${SDK}listObjectsV2`, { Bucket: 'bucket-name', MaxKeys: 10 })).toStrictEqual({
      Contents: [{ Key: 'archive/a.csv', LastModified: '2026-01-02T03:04:05Z', ETag: '"9dd4e461268c8034f5c8564e155c67a6"', Size: 1, StorageClass: 'STANDARD' }],
      Name: 'bucket-name',
      Prefix: '',
      MaxKeys: 10,
      KeyCount: 1,
      IsTruncated: false,
    });
  });
});

describe('ItemReader from the local S3', () => {
  it('reads a CSV object with a header row into items of strings', async () => {
    await s3.putObject({ Bucket: 'bucket-name', Key: 'items.csv', Body: 'id,name\n1,ann\n2,"b, c"\n' });
    const items = await callResource(regs, 'arn:aws:states:::s3:getObject', { Bucket: 'bucket-name', Key: 'items.csv', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' } });
    expect(items).toStrictEqual([{ id: '1', name: 'ann' }, { id: '2', name: 'b, c' }]);
  });

  it('reads CSV with given headers and a delimiter, JSON arrays, JSON Lines, and caps MaxItems', async () => {
    await s3.putObject({ Bucket: 'bucket-name', Key: 'p.csv', Body: '1|a\n2|b\n3|c\n' });
    expect(await readItems(s3, 'bucket-name', 'p.csv', { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['n', 'l'], CSVDelimiter: 'PIPE', MaxItems: 2 })).toStrictEqual([
      { n: '1', l: 'a' },
      { n: '2', l: 'b' },
    ]);
    await s3.putObject({ Bucket: 'bucket-name', Key: 'a.json', Body: '[1,{"x":2}]' });
    expect(await readItems(s3, 'bucket-name', 'a.json', { InputType: 'JSON' })).toStrictEqual([1, { x: 2 }]);
    await s3.putObject({ Bucket: 'bucket-name', Key: 'a.jsonl', Body: '{"a":1}\n\n{"a":2}\n' });
    expect(await readItems(s3, 'bucket-name', 'a.jsonl', { InputType: 'JSONL' })).toStrictEqual([{ a: 1 }, { a: 2 }]);
  });

  it('fails with States.ItemReaderFailed for a missing object or a JSON object that is not an array', async () => {
    await expect(callResource(regs, 'arn:aws:states:::s3:getObject', { Bucket: 'bucket-name', Key: 'none.csv', ReaderConfig: { InputType: 'CSV' } })).rejects.toMatchObject({
      error: 'States.ItemReaderFailed',
      cause: 'The specified key does not exist.',
    });
    await s3.putObject({ Bucket: 'bucket-name', Key: 'o.json', Body: '{"a":1}' });
    await expect(callResource(regs, 'arn:aws:states:::s3:getObject', { Bucket: 'bucket-name', Key: 'o.json' })).rejects.toMatchObject({
      error: 'States.ItemReaderFailed',
      cause: 's3://bucket-name/o.json must hold a JSON array of items.',
    });
  });

  it('lists objects as items for an s3:listObjectsV2 ItemReader', async () => {
    await s3.putObject({ Bucket: 'bucket-name', Key: 'in/1', Body: 'x' });
    await s3.putObject({ Bucket: 'bucket-name', Key: 'in/2', Body: 'x' });
    await s3.putObject({ Bucket: 'bucket-name', Key: 'out/3', Body: 'x' });
    expect(await callResource(regs, 'arn:aws:states:::s3:listObjectsV2', { Bucket: 'bucket-name', Prefix: 'in/' })).toStrictEqual([
      { Etag: '"9dd4e461268c8034f5c8564e155c67a6"', Key: 'in/1', LastModified: Date.UTC(2026, 0, 2, 3, 4, 5) / 1000, Size: 1, StorageClass: 'STANDARD' },
      { Etag: '"9dd4e461268c8034f5c8564e155c67a6"', Key: 'in/2', LastModified: Date.UTC(2026, 0, 2, 3, 4, 5) / 1000, Size: 1, StorageClass: 'STANDARD' },
    ]);
  });
});
