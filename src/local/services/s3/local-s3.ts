/**
 * S3 on the local filesystem: `<root>/.statecraft/s3/<bucket>/<key>`.
 *
 * Writes are atomic (temporary file in the same folder, flushed, renamed), so
 * a crash never leaves half an object. ETag, content type, user metadata and
 * the write time live in sidecar files under `.statecraft/s3-meta`, checked
 * against the data file's size and mtime so a file edited by hand is
 * re-hashed rather than reported with a stale ETag.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readFile, readdir, realpath, rm, rmdir, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { LocalServiceError } from '../internal/service-error.js';
import { writeFileAtomic, type WrittenFile } from '../internal/atomic-write.js';
import { S3Layout, TEMP_PREFIX, checkBucketName } from './key-path.js';
import type {
  CopyObjectInput, CopyObjectOutput, GetObjectInput, GetObjectOutput, ListObjectsV2Input, ListObjectsV2Output,
  ListedObject, ObjectHead, ObjectRef, PutObjectInput, PutObjectOutput,
} from './s3-types.js';

/** Options of {@link LocalS3}. */
export interface LocalS3Options {
  /** The project folder; objects live under `<root>/.statecraft/s3`. */
  readonly root: string;
  /** Buckets to create up front. @default [] */
  readonly buckets?: readonly string[];
  /** Clock for `LastModified` (epoch ms), e.g. the interpreter's virtual clock. @default Date.now */
  readonly now?: () => number;
  /**
   * Called after each object write or delete made through this service, as S3
   * event notifications would fire (e.g. to invoke the trigger handler locally).
   * A throw from the listener does not undo the write.
   */
  readonly onEvent?: (event: S3ObjectEvent) => void;
}

/** An object change, with the fields of an S3 event notification record. */
export interface S3ObjectEvent {
  readonly eventName: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectRemoved:Delete';
  /** ISO-8601 time from the service clock. */
  readonly eventTime: string;
  readonly bucket: string;
  readonly key: string;
  /** Size and ETag (without quotes) of a created object. */
  readonly size?: number;
  readonly eTag?: string;
}

interface Sidecar {
  readonly key: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly etag: string;
  readonly crc32: number;
  readonly contentType: string;
  readonly metadata: Record<string, string>;
  readonly lastModified: number;
}

const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

function noSuchKey(): LocalServiceError {
  return new LocalServiceError('S3', 'NoSuchKey', 'The specified key does not exist.', 404);
}

function noSuchBucket(bucket: string): LocalServiceError {
  return new LocalServiceError('S3', 'NoSuchBucket', `The specified bucket does not exist: '${bucket}'. Create it with createBucket() or the 'buckets' option.`, 404);
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/** Base64 of the big-endian CRC32, as S3 reports `ChecksumCRC32`. @internal */
export function crc32Base64(value: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b.toString('base64');
}

/** S3 on the filesystem, with the object API the pipeline steps use. */
export class LocalS3 {
  /** The disk layout. @internal */
  readonly layout: S3Layout;
  private readonly now: () => number;
  private readonly onEvent: ((event: S3ObjectEvent) => void) | undefined;
  /** Buckets from the options, created on the first call (constructors cannot await). */
  private pendingBuckets: string[];

  constructor(options: LocalS3Options) {
    this.layout = new S3Layout(options.root);
    this.now = options.now ?? Date.now;
    this.onEvent = options.onEvent;
    for (const b of options.buckets ?? []) checkBucketName(b);
    this.pendingBuckets = [...(options.buckets ?? [])];
  }

  private async ready(): Promise<void> {
    if (this.pendingBuckets.length === 0) return;
    const buckets = this.pendingBuckets;
    this.pendingBuckets = [];
    await Promise.all(buckets.map((b) => this.createBucket(b)));
  }

  /** Creates a bucket (its folder). Creating an existing bucket is a no-op. */
  async createBucket(bucket: string): Promise<void> {
    await mkdir(this.layout.bucketDir(bucket), { recursive: true });
  }

  /** The bucket's folder on disk; throws `NoSuchBucket` when it does not exist. */
  async bucketPath(bucket: string): Promise<string> {
    await this.ready();
    const dir = this.layout.bucketDir(bucket);
    const s = await stat(dir).catch(() => undefined);
    if (s === undefined || !s.isDirectory()) throw noSuchBucket(bucket);
    return dir;
  }

  /**
   * The file holding an existing object, checked to lie inside the bucket
   * folder. For tools that read the file directly (e.g. the Redshift COPY shim).
   */
  async objectFile(bucket: string, key: string): Promise<string> {
    await this.bucketPath(bucket);
    const file = await this.safePath(bucket, key);
    const s = await stat(file).catch(() => undefined);
    if (s === undefined || !s.isFile()) throw noSuchKey();
    return file;
  }

  /**
   * The key's file, checked twice: by name (no `..`, no absolute path) and on
   * disk (no symbolic link on the way leads out of the bucket folder).
   */
  private async safePath(bucket: string, key: string): Promise<string> {
    const file = this.layout.objectPath(bucket, key);
    const dir = this.layout.bucketDir(bucket);
    const realDir = await realpath(dir).catch(() => dir);
    // The deepest folder on the way that exists, resolved through any links.
    let probe = path.dirname(file);
    for (;;) {
      const real = await realpath(probe).catch(() => undefined);
      if (real !== undefined) {
        if (real !== realDir && !real.startsWith(realDir + path.sep)) {
          throw new LocalServiceError('S3', 'InvalidArgument', `Key ${JSON.stringify(key)} is refused by the local S3: a symbolic link in its folders leads outside the bucket folder.`, 400);
        }
        break;
      }
      if (probe === dir || probe.length <= dir.length) break;
      probe = path.dirname(probe);
    }
    const st = await lstat(file).catch(() => undefined);
    if (st?.isSymbolicLink() === true) {
      const target = await realpath(file).catch(() => undefined);
      if (target === undefined || !target.startsWith(realDir + path.sep)) {
        throw new LocalServiceError('S3', 'InvalidArgument', `Key ${JSON.stringify(key)} is refused by the local S3: it is a symbolic link leading outside the bucket folder.`, 400);
      }
    }
    return file;
  }

  /** Writes an object atomically. */
  async putObject(input: PutObjectInput): Promise<PutObjectOutput> {
    await this.bucketPath(input.Bucket);
    const file = await this.safePath(input.Bucket, input.Key);
    const written = await this.writeObjectFile(input.Key, file, input.Body ?? '');
    const sc = await this.saveSidecar(input.Bucket, input.Key, file, written, input.ContentType ?? DEFAULT_CONTENT_TYPE, { ...(input.Metadata ?? {}) });
    this.emit({ eventName: 'ObjectCreated:Put', bucket: input.Bucket, key: input.Key, size: sc.size, eTag: sc.etag });
    return { ETag: `"${sc.etag}"`, ChecksumCRC32: crc32Base64(sc.crc32) };
  }

  /** Reads an object as a stream (optionally a byte range). */
  async getObject(input: GetObjectInput): Promise<GetObjectOutput> {
    await this.bucketPath(input.Bucket);
    const file = await this.safePath(input.Bucket, input.Key);
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (e) {
      if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR' || errno(e) === 'EISDIR') throw noSuchKey();
      throw e;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw noSuchKey();
      // The open handle pins this version: a concurrent put renames a new file in, it doesn't change ours.
      const sc = await this.sidecarFor(input.Bucket, input.Key, st.size, st.mtimeMs, () => hashHandle(fh));
      const head = headOf(sc);
      if (input.IfMatch !== undefined && input.IfMatch !== '*' && input.IfMatch.replace(/"/g, '') !== sc.etag) {
        throw new LocalServiceError('S3', 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
      }
      let range: { start: number; end: number } | undefined;
      if (input.Range !== undefined) range = parseRange(input.Range, st.size);
      const body = createReadStream('', {
        fd: fh,
        autoClose: true,
        ...(range === undefined ? {} : { start: range.start, end: range.end }),
      });
      if (range === undefined) return { ...head, Body: body };
      return { ...head, ContentLength: range.end - range.start + 1, ContentRange: `bytes ${range.start}-${range.end}/${st.size}`, Body: body };
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  /** Reads a whole object into memory. */
  async getObjectBytes(input: ObjectRef): Promise<Buffer> {
    const out = await this.getObject(input);
    const chunks: Buffer[] = [];
    for await (const c of out.Body) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /** The object's size, ETag, time, type and metadata; `NotFound` (404) when absent. */
  async headObject(input: ObjectRef): Promise<ObjectHead> {
    await this.bucketPath(input.Bucket);
    const file = await this.safePath(input.Bucket, input.Key);
    const st = await stat(file).catch(() => undefined);
    // HeadObject has no body, so S3 answers a bare 404 and the SDK names it `NotFound`.
    if (st === undefined || !st.isFile()) throw new LocalServiceError('S3', 'NotFound', 'Not Found', 404);
    return headOf(await this.sidecarFor(input.Bucket, input.Key, st.size, st.mtimeMs, () => hashFile(file)));
  }

  /** Copies an object (atomically at the destination). */
  async copyObject(input: CopyObjectInput): Promise<CopyObjectOutput> {
    const src = parseCopySource(input.CopySource);
    const source = await this.getObject({ Bucket: src.bucket, Key: src.key });
    await this.bucketPath(input.Bucket);
    const file = await this.safePath(input.Bucket, input.Key);
    const replace = input.MetadataDirective === 'REPLACE';
    const written = await this.writeObjectFile(input.Key, file, source.Body);
    const sc = await this.saveSidecar(
      input.Bucket, input.Key, file, written,
      replace ? (input.ContentType ?? DEFAULT_CONTENT_TYPE) : source.ContentType,
      replace ? { ...(input.Metadata ?? {}) } : source.Metadata,
    );
    this.emit({ eventName: 'ObjectCreated:Copy', bucket: input.Bucket, key: input.Key, size: sc.size, eTag: sc.etag });
    return { CopyObjectResult: { ETag: `"${sc.etag}"`, LastModified: new Date(sc.lastModified), ChecksumCRC32: crc32Base64(sc.crc32) } };
  }

  /** Deletes an object; deleting a missing key succeeds, as in S3. Empty folders left behind are removed. */
  async deleteObject(input: ObjectRef): Promise<void> {
    const dir = await this.bucketPath(input.Bucket);
    const file = await this.safePath(input.Bucket, input.Key);
    const st = await stat(file).catch(() => undefined);
    if (st?.isFile() === true) await rm(file, { force: true });
    await rm(this.layout.metaPath(input.Bucket, input.Key), { force: true });
    // S3 sends a delete event even when the key did not exist.
    this.emit({ eventName: 'ObjectRemoved:Delete', bucket: input.Bucket, key: input.Key });
    for (let d = path.dirname(file); d.length > dir.length && d.startsWith(dir); d = path.dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        break; // not empty (or gone): stop pruning
      }
    }
  }

  /**
   * Removes temporary files left by writes that died with their process (a
   * crash or a kill), in every bucket. Files younger than `olderThanMs` are
   * kept: they may belong to a write in progress in another process.
   * @returns how many files were removed
   */
  async removeStaleTempFiles(olderThanMs = 60_000): Promise<number> {
    await this.ready();
    let removed = 0;
    const sweep = async (folder: string): Promise<void> => {
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
      for (const ent of entries) {
        const full = path.join(folder, ent.name);
        if (ent.isDirectory()) await sweep(full);
        else if (ent.isFile() && ent.name.startsWith(TEMP_PREFIX)) {
          const st = await stat(full).catch(() => undefined);
          if (st !== undefined && Date.now() - st.mtimeMs >= olderThanMs) {
            await rm(full, { force: true });
            removed += 1;
          }
        }
      }
    };
    await sweep(this.layout.dataRoot);
    await sweep(this.layout.metaRoot);
    return removed;
  }

  /** Lists objects in UTF-8 binary key order, with prefix, delimiter and pagination. */
  async listObjectsV2(input: ListObjectsV2Input): Promise<ListObjectsV2Output> {
    const dir = await this.bucketPath(input.Bucket);
    const prefix = input.Prefix ?? '';
    const maxKeys = Math.min(input.MaxKeys ?? 1000, 1000);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new LocalServiceError('S3', 'InvalidArgument', `MaxKeys must be a non-negative integer, got ${String(input.MaxKeys)}.`, 400);
    const token = input.ContinuationToken === undefined ? undefined : decodeToken(input.ContinuationToken);
    const after = token?.after ?? input.StartAfter;
    const delimiter = input.Delimiter === '' ? undefined : input.Delimiter;

    // Walk only the folder the prefix pins down.
    const slash = prefix.lastIndexOf('/');
    const startRel = slash < 0 ? '' : prefix.slice(0, slash);
    const keys: string[] = [];
    if (startRel === '' || !startRel.split('/').some((s) => s === '' || s === '.' || s === '..')) {
      await walk(path.join(dir, ...(startRel === '' ? [] : startRel.split('/'))), dir, this.layout, keys);
    }
    const sorted = keys.filter((k) => k.startsWith(prefix)).map((k) => Buffer.from(k, 'utf8')).sort(Buffer.compare).map((b) => b.toString('utf8'));

    const contents: ListedObject[] = [];
    const prefixes: string[] = [];
    let last: { after: string; group: boolean } | undefined;
    let truncated = false;
    const afterBuf = after === undefined ? undefined : Buffer.from(after, 'utf8');
    for (const key of sorted) {
      if (afterBuf !== undefined && Buffer.compare(Buffer.from(key, 'utf8'), afterBuf) <= 0) continue;
      if (token?.group === true && key.startsWith(token.after)) continue;
      let group: string | undefined;
      if (delimiter !== undefined) {
        const i = key.indexOf(delimiter, prefix.length);
        if (i >= 0) group = key.slice(0, i + delimiter.length);
      }
      if (group !== undefined && prefixes[prefixes.length - 1] === group) continue;
      if (contents.length + prefixes.length >= maxKeys) {
        // MaxKeys 0 asks for no keys at all, and S3 then reports the listing as not truncated.
        truncated = maxKeys > 0;
        break;
      }
      if (group !== undefined) {
        prefixes.push(group);
        last = { after: group, group: true };
      } else {
        const st = await stat(path.join(dir, ...key.split('/')));
        const sc = await this.sidecarFor(input.Bucket, key, st.size, st.mtimeMs, () => hashFile(path.join(dir, ...key.split('/'))));
        contents.push({ Key: key, LastModified: new Date(sc.lastModified), ETag: `"${sc.etag}"`, Size: sc.size, StorageClass: 'STANDARD' });
        last = { after: key, group: false };
      }
    }
    return {
      Name: input.Bucket,
      Prefix: prefix,
      ...(delimiter === undefined ? {} : { Delimiter: delimiter }),
      MaxKeys: maxKeys,
      KeyCount: contents.length + prefixes.length,
      IsTruncated: truncated,
      Contents: contents,
      CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
      ...(input.ContinuationToken === undefined ? {} : { ContinuationToken: input.ContinuationToken }),
      ...(truncated && last !== undefined ? { NextContinuationToken: encodeToken(last) } : {}),
      ...(input.StartAfter === undefined ? {} : { StartAfter: input.StartAfter }),
    };
  }

  private emit(event: Omit<S3ObjectEvent, 'eventTime'>): void {
    if (this.onEvent === undefined) return;
    try {
      this.onEvent({ ...event, eventTime: new Date(this.now()).toISOString() });
    } catch {
      // A listener's failure is the listener's: the object change already happened.
    }
  }

  private async writeObjectFile(key: string, file: string, body: PutObjectInput['Body'] & {}): Promise<WrittenFile> {
    try {
      return await writeFileAtomic(file, body, TEMP_PREFIX);
    } catch (e) {
      const code = errno(e);
      if (code === 'ENOTDIR' || code === 'EEXIST') {
        throw new LocalServiceError('S3', 'InvalidArgument', `Key ${JSON.stringify(key)} is refused by the local S3: a shorter key is already an object where this key needs a folder (on disk a name is a file or a folder, not both).`, 400);
      }
      if (code === 'EISDIR') {
        throw new LocalServiceError('S3', 'InvalidArgument', `Key ${JSON.stringify(key)} is refused by the local S3: other keys already use it as a folder (on disk a name is a file or a folder, not both).`, 400);
      }
      throw e;
    }
  }

  private async saveSidecar(bucket: string, key: string, file: string, w: WrittenFile, contentType: string, metadata: Record<string, string>): Promise<Sidecar> {
    const st = await stat(file);
    const sc: Sidecar = { key, size: w.size, mtimeMs: st.mtimeMs, etag: w.md5, crc32: w.crc32, contentType, metadata, lastModified: Math.floor(this.now() / 1000) * 1000 };
    // A crash between the data rename and this write leaves a stale sidecar, which
    // sidecarFor() detects (size/mtime) and rebuilds: the object itself is whole.
    await writeFileAtomic(this.layout.metaPath(bucket, key), JSON.stringify(sc), TEMP_PREFIX);
    return sc;
  }

  private async sidecarFor(bucket: string, key: string, size: number, mtimeMs: number, hash: () => Promise<{ md5: string; crc32: number }>): Promise<Sidecar> {
    const metaFile = this.layout.metaPath(bucket, key);
    const text = await readFile(metaFile, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        const sc = JSON.parse(text) as Sidecar;
        if (sc.key === key && sc.size === size && sc.mtimeMs === mtimeMs) return sc;
      } catch {
        // unreadable sidecar: rebuild below
      }
    }
    // A file put there by hand (or edited): hash it and remember.
    const h = await hash();
    const sc: Sidecar = { key, size, mtimeMs, etag: h.md5, crc32: h.crc32, contentType: DEFAULT_CONTENT_TYPE, metadata: {}, lastModified: Math.floor(mtimeMs / 1000) * 1000 };
    await writeFileAtomic(metaFile, JSON.stringify(sc), TEMP_PREFIX).catch(() => undefined);
    return sc;
  }
}

function headOf(sc: Sidecar): ObjectHead {
  return {
    ContentLength: sc.size,
    ETag: `"${sc.etag}"`,
    LastModified: new Date(sc.lastModified),
    ContentType: sc.contentType,
    Metadata: { ...sc.metadata },
    ChecksumCRC32: crc32Base64(sc.crc32),
    AcceptRanges: 'bytes',
  };
}

async function hashHandle(fh: FileHandle): Promise<{ md5: string; crc32: number }> {
  const md5 = createHash('md5');
  let crc = 0;
  const buf = Buffer.alloc(1 << 16);
  for (let pos = 0; ; ) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) break;
    const chunk = buf.subarray(0, bytesRead);
    md5.update(chunk);
    crc = crc32(chunk, crc);
    pos += bytesRead;
  }
  return { md5: md5.digest('hex'), crc32: crc >>> 0 };
}

async function hashFile(file: string): Promise<{ md5: string; crc32: number }> {
  const fh = await open(file, 'r');
  try {
    return await hashHandle(fh);
  } finally {
    await fh.close();
  }
}

async function walk(folder: string, bucketDir: string, layout: S3Layout, out: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') return;
    throw e;
  }
  for (const ent of entries) {
    if (ent.name.startsWith(TEMP_PREFIX)) continue; // an atomic write in flight (or a crash's leftovers)
    const full = path.join(folder, ent.name);
    if (ent.isDirectory()) await walk(full, bucketDir, layout, out);
    else if (ent.isFile()) out.push(layout.keyOf(bucketDir, full));
  }
}

/** Parses an HTTP byte range against the object size. @internal */
export function parseRange(range: string, size: number): { start: number; end: number } {
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  const invalid = (): LocalServiceError =>
    new LocalServiceError('S3', 'InvalidRange', `The requested range is not satisfiable: '${range}' for an object of ${size} bytes.`, 416);
  if (m === null || (m[1] === '' && m[2] === '')) throw invalid();
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) throw invalid();
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) throw invalid();
  return { start, end };
}

/** Splits `bucket/key` (URL-encoded, optional leading `/` and `?versionId=`). @internal */
export function parseCopySource(source: string): { bucket: string; key: string } {
  const s = source.replace(/^\//, '').replace(/\?versionId=.*$/, '');
  const i = s.indexOf('/');
  if (i <= 0 || i === s.length - 1) {
    throw new LocalServiceError('S3', 'InvalidArgument', `CopySource must be 'bucket/key', got ${JSON.stringify(source)}.`, 400);
  }
  let key: string;
  try {
    key = decodeURIComponent(s.slice(i + 1));
  } catch {
    throw new LocalServiceError('S3', 'InvalidArgument', `CopySource ${JSON.stringify(source)} is not valid URL encoding.`, 400);
  }
  return { bucket: s.slice(0, i), key };
}

function encodeToken(t: { after: string; group: boolean }): string {
  return Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');
}

function decodeToken(token: string): { after: string; group: boolean } {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown; group?: unknown };
    if (typeof t.after === 'string' && typeof t.group === 'boolean') return { after: t.after, group: t.group };
  } catch {
    // fall through
  }
  throw new LocalServiceError('S3', 'InvalidArgument', 'The continuation token provided is incorrect.', 400);
}
