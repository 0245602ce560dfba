import {
  CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalS3 } from '../../../src/local/services/s3/local-s3.js';
import { localS3Client, type LocalS3Client } from '../../../src/local/services/s3/s3-client.js';

let root: string;
let client: LocalS3Client;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'statecraft-s3c-'));
  client = localS3Client(new LocalS3({ root, buckets: ['inbox'] }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('localS3Client with real @aws-sdk/client-s3 commands', () => {
  it('puts and gets an object; the Body is a Node Readable with the SDK stream mixin', async () => {
    const put = await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'source/a.csv', Body: 'a,b\n1,2\n', ContentType: 'text/csv' }));
    expect(put.ETag).toBe('"e5ebd4c02cefbe7955977c67ada242b7"');
    expect(put.$metadata.httpStatusCode).toBe(200);
    const got = await client.send(new GetObjectCommand({ Bucket: 'inbox', Key: 'source/a.csv' }));
    expect(got.Body).toBeInstanceOf(Readable);
    expect(await got.Body!.transformToString()).toBe('a,b\n1,2\n');
    expect(got.ContentType).toBe('text/csv');
    expect(got.ContentLength).toBe(8);
    const again = await client.send(new GetObjectCommand({ Bucket: 'inbox', Key: 'source/a.csv' }));
    expect(Buffer.from(await again.Body!.transformToByteArray()).toString()).toBe('a,b\n1,2\n');
  });

  it('reads a Body stream chunk by chunk as a handler streaming a big object would', async () => {
    const big = 'x'.repeat(200_000);
    await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'big', Body: Buffer.from(big) }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'inbox', Key: 'big' }));
    let n = 0;
    let chunks = 0;
    for await (const c of got.Body as Readable) {
      n += (c as Buffer).length;
      chunks += 1;
    }
    expect(n).toBe(200_000);
    expect(chunks).toBeGreaterThan(1);
  });

  it('accepts a Node stream as a PutObject Body', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 's', Body: Readable.from(['ab', 'cd']) }));
    expect(await (await client.send(new GetObjectCommand({ Bucket: 'inbox', Key: 's' }))).Body!.transformToString()).toBe('abcd');
  });

  it('throws SDK-shaped errors: NoSuchKey with $metadata.httpStatusCode 404, NotFound for HeadObject', async () => {
    const err = await client.send(new GetObjectCommand({ Bucket: 'inbox', Key: 'missing' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 } });
    expect(err).toBeInstanceOf(Error);
    // a handler that checks `err.name === 'NoSuchKey'` as documented for SDK v3 works unchanged
    expect((err as S3ServiceException).name).toBe('NoSuchKey');
    await expect(client.send(new HeadObjectCommand({ Bucket: 'inbox', Key: 'missing' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('copies, lists and deletes, as a move from source/ to archive/ does', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'source/f.csv', Body: 'x' }));
    const copy = await client.send(new CopyObjectCommand({ Bucket: 'inbox', Key: 'archive/f.csv', CopySource: 'inbox/source/f.csv' }));
    expect(copy.CopyObjectResult?.ETag).toBe('"9dd4e461268c8034f5c8564e155c67a6"');
    const del = await client.send(new DeleteObjectCommand({ Bucket: 'inbox', Key: 'source/f.csv' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    const list = await client.send(new ListObjectsV2Command({ Bucket: 'inbox' }));
    expect(list.Contents?.map((o) => o.Key)).toEqual(['archive/f.csv']);
    expect(list.Contents?.[0]?.LastModified).toBeInstanceOf(Date);
    const empty = await client.send(new ListObjectsV2Command({ Bucket: 'inbox', Prefix: 'source/' }));
    expect(empty.Contents).toBeUndefined();
    expect(empty.KeyCount).toBe(0);
  });

  it('refuses a command it does not serve, naming the ones it does', async () => {
    class DeleteBucketCommand {
      constructor(readonly input: unknown) {}
    }
    await expect(client.send(new DeleteBucketCommand({ Bucket: 'inbox' }))).rejects.toMatchObject({
      name: 'NotImplemented',
      message: 'The local S3 does not serve DeleteBucketCommand; it serves GetObject, PutObject, CopyObject, DeleteObject, HeadObject, ListObjectsV2, CreateBucket and HeadBucket.',
    });
  });

  it('refuses a command missing a required field', async () => {
    await expect(client.send(new GetObjectCommand({ Bucket: 'inbox' } as never))).rejects.toMatchObject({
      name: 'InvalidArgument',
      message: "GetObjectCommand: input field 'Key' is required and must be a non-empty string.",
    });
  });
});
