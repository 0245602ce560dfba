import { mkdtemp, readdir, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalS3 } from '../../../src/local/services/s3/local-s3.js';
import { LocalServiceError } from '../../../src/local/services/internal/service-error.js';

let root: string;
let s3: LocalS3;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'statecraft-s3-'));
  s3 = new LocalS3({ root, buckets: ['data'], now: () => Date.UTC(2026, 0, 2, 3, 4, 5, 678) });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.relative(dir, path.join(e.parentPath, e.name)));
  return out.sort();
}

describe('LocalS3 objects', () => {
  it('stores an object as a file under .statecraft/s3/<bucket>/<key> and reads it back as a stream', async () => {
    const put = await s3.putObject({ Bucket: 'data', Key: 'source/a.csv', Body: 'id,name\n1,ann\n', ContentType: 'text/csv', Metadata: { origin: 'test' } });
    expect(put.ETag).toBe('"1ac7c6f2b00d1de20f32ffb25ad5e211"');
    expect(await readFile(path.join(root, '.statecraft/s3/data/source/a.csv'), 'utf8')).toBe('id,name\n1,ann\n');
    const got = await s3.getObject({ Bucket: 'data', Key: 'source/a.csv' });
    expect(got.Body).toBeInstanceOf(Readable);
    expect(await text(got.Body)).toBe('id,name\n1,ann\n');
    expect(got).toMatchObject({ ContentLength: 14, ETag: put.ETag, ContentType: 'text/csv', Metadata: { origin: 'test' }, AcceptRanges: 'bytes' });
    expect(got.LastModified.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('computes the ETag as the quoted MD5 hex and CRC32 as base64', async () => {
    const put = await s3.putObject({ Bucket: 'data', Key: 'k', Body: '"text data"' });
    expect(put).toEqual({ ETag: '"2b5df3712557f503a9977a8ea893b2c9"', ChecksumCRC32: 'KUmHvQ==' });
  });

  it('serves byte ranges (first-last, open-ended, suffix) and refuses unsatisfiable ones', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'r', Body: '0123456789' });
    const a = await s3.getObject({ Bucket: 'data', Key: 'r', Range: 'bytes=2-4' });
    expect([await text(a.Body), a.ContentLength, a.ContentRange]).toEqual(['234', 3, 'bytes 2-4/10']);
    expect(await text((await s3.getObject({ Bucket: 'data', Key: 'r', Range: 'bytes=7-' })).Body)).toBe('789');
    expect(await text((await s3.getObject({ Bucket: 'data', Key: 'r', Range: 'bytes=-2' })).Body)).toBe('89');
    await expect(s3.getObject({ Bucket: 'data', Key: 'r', Range: 'bytes=10-12' })).rejects.toMatchObject({ code: 'InvalidRange', httpStatusCode: 416 });
  });

  it('answers NoSuchKey (404) for a missing object, NotFound for its head, NoSuchBucket for a missing bucket', async () => {
    await expect(s3.getObject({ Bucket: 'data', Key: 'nope' })).rejects.toMatchObject({ name: 'NoSuchKey', httpStatusCode: 404 });
    await expect(s3.headObject({ Bucket: 'data', Key: 'nope' })).rejects.toMatchObject({ name: 'NotFound', httpStatusCode: 404 });
    await expect(s3.getObject({ Bucket: 'other', Key: 'x' })).rejects.toMatchObject({ name: 'NoSuchBucket', httpStatusCode: 404 });
  });

  it('copies an object with its metadata, or replaces the metadata when asked', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'source/f 1.csv', Body: 'x', ContentType: 'text/csv', Metadata: { a: '1' } });
    const copy = await s3.copyObject({ Bucket: 'data', Key: 'archive/f 1.csv', CopySource: 'data/source/f%201.csv' });
    expect(copy.CopyObjectResult.ETag).toBe('"9dd4e461268c8034f5c8564e155c67a6"');
    expect(await s3.headObject({ Bucket: 'data', Key: 'archive/f 1.csv' })).toMatchObject({ ContentType: 'text/csv', Metadata: { a: '1' } });
    await s3.copyObject({ Bucket: 'data', Key: 'archive/g.csv', CopySource: '/data/source/f%201.csv', MetadataDirective: 'REPLACE', Metadata: { b: '2' } });
    expect(await s3.headObject({ Bucket: 'data', Key: 'archive/g.csv' })).toMatchObject({ ContentType: 'binary/octet-stream', Metadata: { b: '2' } });
  });

  it('deletes objects idempotently and prunes the folders they leave empty', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'a/b/c.txt', Body: 'x' });
    await s3.deleteObject({ Bucket: 'data', Key: 'a/b/c.txt' });
    await s3.deleteObject({ Bucket: 'data', Key: 'a/b/c.txt' });
    expect(await readdir(path.join(root, '.statecraft/s3/data'))).toEqual([]);
    await expect(s3.headObject({ Bucket: 'data', Key: 'a/b/c.txt' })).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('reports a file dropped in by hand with a fresh ETag, and re-hashes a file edited behind its back', async () => {
    await mkdir(path.join(root, '.statecraft/s3/data/source'), { recursive: true });
    await writeFile(path.join(root, '.statecraft/s3/data/source/hand.csv'), 'abc');
    expect((await s3.headObject({ Bucket: 'data', Key: 'source/hand.csv' })).ETag).toBe('"900150983cd24fb0d6963f7d28e17f72"');
    await s3.putObject({ Bucket: 'data', Key: 'source/hand.csv', Body: 'x' });
    await writeFile(path.join(root, '.statecraft/s3/data/source/hand.csv'), 'abcd');
    expect((await s3.headObject({ Bucket: 'data', Key: 'source/hand.csv' })).ETag).toBe('"e2fc714c4727ee9395f324cd2e7f331f"');
  });

  it('keeps sidecar metadata outside the bucket folder, so no key can collide with it', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'k.json', Body: '1', Metadata: { m: 'v' } });
    await s3.putObject({ Bucket: 'data', Key: 'k', Body: '2' });
    expect(await filesUnder(path.join(root, '.statecraft/s3/data'))).toEqual(['k', 'k.json']);
    expect((await s3.headObject({ Bucket: 'data', Key: 'k.json' })).Metadata).toEqual({ m: 'v' });
    expect((await s3.headObject({ Bucket: 'data', Key: 'k' })).Metadata).toEqual({});
  });
});

describe('LocalS3 atomic writes', () => {
  it('a write that fails midway leaves neither a partial object nor temporary files', async () => {
    // given a body stream that dies after the first chunk (a crash mid-upload)
    async function* dying(): AsyncGenerator<string> {
      yield 'first half,';
      throw new Error('connection reset');
    }
    // when
    await expect(s3.putObject({ Bucket: 'data', Key: 'source/big.csv', Body: dying() })).rejects.toThrow('connection reset');
    // then
    expect(await filesUnder(path.join(root, '.statecraft/s3/data'))).toEqual([]);
    await expect(s3.headObject({ Bucket: 'data', Key: 'source/big.csv' })).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('a failed overwrite keeps the previous version whole', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'f.csv', Body: 'old contents' });
    async function* dying(): AsyncGenerator<string> {
      yield 'new';
      throw new Error('disk full');
    }
    await expect(s3.putObject({ Bucket: 'data', Key: 'f.csv', Body: dying() })).rejects.toThrow('disk full');
    expect(await text((await s3.getObject({ Bucket: 'data', Key: 'f.csv' })).Body)).toBe('old contents');
    expect(await filesUnder(path.join(root, '.statecraft/s3/data'))).toEqual(['f.csv']);
  });

  it('a reader that opened an object keeps reading that version while it is overwritten', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'v', Body: 'version one' });
    const got = await s3.getObject({ Bucket: 'data', Key: 'v' });
    await s3.putObject({ Bucket: 'data', Key: 'v', Body: 'version two' });
    expect(await text(got.Body)).toBe('version one');
  });

  it('listing skips the temporary files an interrupted write may leave', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'a', Body: '1' });
    await writeFile(path.join(root, '.statecraft/s3/data/.statecraft-tmp-deadbeef'), 'half');
    expect((await s3.listObjectsV2({ Bucket: 'data' })).Contents.map((o) => o.Key)).toEqual(['a']);
  });
});

describe('LocalS3 key safety', () => {
  const refused: [string, string][] = [
    ['../escape.txt', "a '..' segment would escape the bucket folder."],
    ['source/../../x', "a '..' segment would escape the bucket folder."],
    ['/etc/passwd', "it is an absolute path; keys are relative to the bucket (remove the leading '/')."],
    ['a\\..\\b', "it contains '\\', a path separator on Windows; use '/' to separate folders."],
    ['a//b', "it has an empty segment ('//')."],
    ['./a', "it has a '.' segment; write the key without it."],
    ['folder/', "it ends with '/' (a folder marker); the local S3 stores only objects."],
    ['x/.statecraft-tmp-1', "segments starting with '.statecraft-tmp-' are reserved for atomic writes."],
  ];
  it.each(refused)('refuses the key %j with a clear error and writes nothing', async (key, why) => {
    const err = await s3.putObject({ Bucket: 'data', Key: key, Body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalServiceError);
    expect(err).toMatchObject({ code: 'InvalidArgument', httpStatusCode: 400, message: `Key ${JSON.stringify(key)} is refused by the local S3: ${why}` });
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses a bucket name that is not a valid S3 name (which also stops escapes through it)', async () => {
    await expect(s3.putObject({ Bucket: '..', Key: 'k', Body: 'x' })).rejects.toMatchObject({ code: 'InvalidBucketName' });
    await expect(s3.createBucket('../up')).rejects.toMatchObject({ code: 'InvalidBucketName' });
  });

  it('refuses keys that reach outside the bucket through a symbolic link', async () => {
    // given a folder and a file outside the bucket, linked from inside it
    const outside = await mkdtemp(path.join(tmpdir(), 'statecraft-outside-'));
    try {
      await writeFile(path.join(outside, 'secret.txt'), 'secret');
      await mkdir(path.join(root, '.statecraft/s3/data'), { recursive: true });
      await symlink(outside, path.join(root, '.statecraft/s3/data/link'));
      await symlink(path.join(outside, 'secret.txt'), path.join(root, '.statecraft/s3/data/secret.txt'));
      // then reads and writes through the links are refused
      await expect(s3.getObject({ Bucket: 'data', Key: 'link/secret.txt' })).rejects.toMatchObject({
        code: 'InvalidArgument',
        message: 'Key "link/secret.txt" is refused by the local S3: a symbolic link in its folders leads outside the bucket folder.',
      });
      await expect(s3.putObject({ Bucket: 'data', Key: 'link/new.txt', Body: 'x' })).rejects.toMatchObject({ code: 'InvalidArgument' });
      await expect(s3.getObject({ Bucket: 'data', Key: 'secret.txt' })).rejects.toMatchObject({
        message: 'Key "secret.txt" is refused by the local S3: it is a symbolic link leading outside the bucket folder.',
      });
      expect(await readdir(outside)).toEqual(['secret.txt']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses a key that needs a folder where an object already is', async () => {
    await s3.putObject({ Bucket: 'data', Key: 'a', Body: 'x' });
    await expect(s3.putObject({ Bucket: 'data', Key: 'a/b', Body: 'y' })).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: 'Key "a/b" is refused by the local S3: a shorter key is already an object where this key needs a folder (on disk a name is a file or a folder, not both).',
    });
    await expect(s3.putObject({ Bucket: 'data', Key: 'a/b', Body: 'y' })).rejects.toBeInstanceOf(LocalServiceError);
  });
});

describe('LocalS3 listObjectsV2', () => {
  beforeEach(async () => {
    for (const k of ['source/a.csv', 'source/b.csv', 'source/sub/c.csv', 'archive/a.csv', 'error/x.csv', 'root.txt']) await s3.putObject({ Bucket: 'data', Key: k, Body: k });
  });

  it('lists all keys in UTF-8 binary order with sizes and ETags', async () => {
    const out = await s3.listObjectsV2({ Bucket: 'data' });
    expect(out.Contents.map((o) => o.Key)).toEqual(['archive/a.csv', 'error/x.csv', 'root.txt', 'source/a.csv', 'source/b.csv', 'source/sub/c.csv']);
    expect(out.Contents[2]).toMatchObject({ Size: 8, Key: 'root.txt', ETag: '"66f93d6b2ca96c9ad78a8a9ba0008e99"', StorageClass: 'STANDARD' });
    expect(out).toMatchObject({ Name: 'data', Prefix: '', KeyCount: 6, MaxKeys: 1000, IsTruncated: false });
  });

  it('filters by prefix and groups by delimiter into CommonPrefixes', async () => {
    const out = await s3.listObjectsV2({ Bucket: 'data', Prefix: 'source/', Delimiter: '/' });
    expect(out.Contents.map((o) => o.Key)).toEqual(['source/a.csv', 'source/b.csv']);
    expect(out.CommonPrefixes).toEqual([{ Prefix: 'source/sub/' }]);
    expect(out.KeyCount).toBe(3);
    const top = await s3.listObjectsV2({ Bucket: 'data', Delimiter: '/' });
    expect(top.CommonPrefixes.map((p) => p.Prefix)).toEqual(['archive/', 'error/', 'source/']);
    expect(top.Contents.map((o) => o.Key)).toEqual(['root.txt']);
  });

  it('paginates with MaxKeys and continuation tokens, counting common prefixes as keys', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.listObjectsV2({ Bucket: 'data', Delimiter: '/', MaxKeys: 2, ...(token === undefined ? {} : { ContinuationToken: token }) });
      pages += 1;
      seen.push(...page.CommonPrefixes.map((p) => p.Prefix), ...page.Contents.map((o) => o.Key));
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token !== undefined);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(['archive/', 'error/', 'root.txt', 'source/']);
  });

  it('pages through plain keys one at a time and honours StartAfter', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.listObjectsV2({ Bucket: 'data', Prefix: 'source/', MaxKeys: 1, ...(token === undefined ? {} : { ContinuationToken: token }) });
      keys.push(...page.Contents.map((o) => o.Key));
      token = page.NextContinuationToken;
    } while (token !== undefined);
    expect(keys).toEqual(['source/a.csv', 'source/b.csv', 'source/sub/c.csv']);
    expect((await s3.listObjectsV2({ Bucket: 'data', StartAfter: 'source/a.csv' })).Contents.map((o) => o.Key)).toEqual(['source/b.csv', 'source/sub/c.csv']);
  });

  it('rejects a forged continuation token', async () => {
    await expect(s3.listObjectsV2({ Bucket: 'data', ContinuationToken: 'garbage' })).rejects.toMatchObject({ code: 'InvalidArgument', message: 'The continuation token provided is incorrect.' });
  });
});

describe('LocalS3 event notifications', () => {
  it('reports puts, copies and deletes with key, size and ETag, as S3 event records do', async () => {
    const events: unknown[] = [];
    const s = new LocalS3({ root, buckets: ['data'], now: () => Date.UTC(2026, 0, 1), onEvent: (e) => events.push(e) });
    await s.putObject({ Bucket: 'data', Key: 'source/a b.csv', Body: 'x' });
    await s.copyObject({ Bucket: 'data', Key: 'archive/a b.csv', CopySource: 'data/source/a%20b.csv' });
    await s.deleteObject({ Bucket: 'data', Key: 'source/a b.csv' });
    await expect(s.putObject({ Bucket: 'data', Key: '../x', Body: 'x' })).rejects.toBeInstanceOf(LocalServiceError);
    const t = '2026-01-01T00:00:00.000Z';
    expect(events).toEqual([
      { eventName: 'ObjectCreated:Put', bucket: 'data', key: 'source/a b.csv', size: 1, eTag: '9dd4e461268c8034f5c8564e155c67a6', eventTime: t },
      { eventName: 'ObjectCreated:Copy', bucket: 'data', key: 'archive/a b.csv', size: 1, eTag: '9dd4e461268c8034f5c8564e155c67a6', eventTime: t },
      { eventName: 'ObjectRemoved:Delete', bucket: 'data', key: 'source/a b.csv', eventTime: t },
    ]);
  });
});

describe('LocalS3 after a real crash', () => {
  it('a process killed mid-write leaves the old object whole, and its temporary file is never listed', async () => {
    // given an existing version of the object
    const { fork } = await import('node:child_process');
    await s3.putObject({ Bucket: 'data', Key: 'source/f.csv', Body: 'old version' });
    // when another process is killed (SIGKILL) in the middle of overwriting it
    const child = fork(path.join(import.meta.dirname, 'crash-writer.ts'), [root, 'source/f.csv'], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the writer exited early (${String(code)})`)));
    });
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // then the object is the old version, the half-written bytes sit only in an ignored temporary file
    expect(await text((await s3.getObject({ Bucket: 'data', Key: 'source/f.csv' })).Body)).toBe('old version');
    const onDisk = await readdir(path.join(root, '.statecraft/s3/data/source'));
    expect(onDisk.filter((n) => n !== 'f.csv').every((n) => n.startsWith('.statecraft-tmp-'))).toBe(true);
    expect(onDisk.length).toBe(2);
    expect((await s3.listObjectsV2({ Bucket: 'data' })).Contents.map((o) => o.Key)).toEqual(['source/f.csv']);
    // and the leftover can be swept once no write can still own it
    expect(await s3.removeStaleTempFiles(60_000)).toBe(0);
    expect(await s3.removeStaleTempFiles(0)).toBe(1);
    expect(await readdir(path.join(root, '.statecraft/s3/data/source'))).toEqual(['f.csv']);
  });
});

describe('s3EventNotification', () => {
  it('builds the S3 event a Lambda trigger receives, with the key URL-encoded and spaces as +', async () => {
    const { s3EventNotification } = await import('../../../src/local/services/s3/s3-event.js');
    const n = s3EventNotification({ eventName: 'ObjectCreated:Put', eventTime: '2026-01-01T00:00:00.000Z', bucket: 'data', key: 'source/my file+1.csv', size: 3, eTag: 'abc' }, { region: 'eu-west-1' });
    expect(n.Records).toHaveLength(1);
    expect(n.Records[0]).toMatchObject({
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'data', arn: 'arn:aws:s3:::data' }, object: { key: 'source/my+file%2B1.csv', size: 3, eTag: 'abc' } },
    });
    // decoding as the trigger handler does gives the key back
    const key = (n.Records[0] as { s3: { object: { key: string } } }).s3.object.key;
    expect(decodeURIComponent(key.replace(/\+/g, ' '))).toBe('source/my file+1.csv');
  });
});
