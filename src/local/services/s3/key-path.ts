/**
 * Where a bucket and a key live on disk, and the rules that keep every key
 * inside its bucket folder.
 *
 * `<root>/.statecraft/s3/<bucket>/<key>`: the key's `/`-separated segments
 * become folders, so a file dropped into `source/` by hand is the object
 * `source/<name>`. Sidecar metadata lives in a separate, hashed tree
 * (`<root>/.statecraft/s3-meta/<bucket>/<sha256(key)>.json`), so no user key can
 * ever name one.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { LocalServiceError } from '../internal/service-error.js';

/**
 * Name prefix of the temporary files of atomic writes (they live for the
 * moment of a write in the object's folder; file watchers should ignore them).
 * Keys may not use it.
 */
export const TEMP_PREFIX = '.statecraft-tmp-';

const BUCKET_RE = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Throws `InvalidBucketName` unless `bucket` follows S3's naming rules. @internal */
export function checkBucketName(bucket: string): void {
  if (typeof bucket !== 'string' || !BUCKET_RE.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw new LocalServiceError(
      'S3',
      'InvalidBucketName',
      `The specified bucket is not valid: ${JSON.stringify(bucket) ?? String(bucket)}. Bucket names have 3 to 63 characters: lowercase letters, digits, '.' and '-', starting and ending with a letter or digit.`,
      400,
    );
  }
}

function refuse(key: string, why: string): LocalServiceError {
  // differs from AWS: S3 accepts these keys; on a filesystem they would escape the
  // bucket folder or clash with folders, so the local S3 refuses them.
  return new LocalServiceError('S3', 'InvalidArgument', `Key ${JSON.stringify(key)} is refused by the local S3: ${why}`, 400);
}

/** The key's path segments, or an error saying why the key cannot be stored on disk. @internal */
export function keySegments(key: string): string[] {
  if (typeof key !== 'string') throw new LocalServiceError('S3', 'InvalidArgument', `Key must be a string, got ${typeof key}.`, 400);
  if (key === '') throw refuse(key, 'the key is empty.');
  if (Buffer.byteLength(key, 'utf8') > 1024) {
    throw new LocalServiceError('S3', 'KeyTooLongError', `Your key is too long: ${Buffer.byteLength(key, 'utf8')} bytes (at most 1024).`, 400);
  }
  if (key.includes('\0')) throw refuse(key, 'it contains a NUL character.');
  if (key.includes('\\')) throw refuse(key, "it contains '\\', a path separator on Windows; use '/' to separate folders.");
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) throw refuse(key, "it is an absolute path; keys are relative to the bucket (remove the leading '/').");
  const segments = key.split('/');
  segments.forEach((s, i) => {
    if (s === '..') throw refuse(key, "a '..' segment would escape the bucket folder.");
    if (s === '.') throw refuse(key, "it has a '.' segment; write the key without it.");
    if (s === '') throw refuse(key, i === segments.length - 1 ? "it ends with '/' (a folder marker); the local S3 stores only objects." : "it has an empty segment ('//').");
    if (s.startsWith(TEMP_PREFIX)) throw refuse(key, `segments starting with '${TEMP_PREFIX}' are reserved for atomic writes.`);
    if (Buffer.byteLength(s, 'utf8') > 255) throw refuse(key, `the segment '${s.slice(0, 20)}…' is longer than 255 bytes, the filesystem's limit for a name.`);
  });
  return segments;
}

/** Disk layout of one local S3 root. @internal */
export class S3Layout {
  /** `<root>/.statecraft/s3`. */
  readonly dataRoot: string;
  /** `<root>/.statecraft/s3-meta`. */
  readonly metaRoot: string;
  constructor(root: string) {
    this.dataRoot = path.resolve(root, '.statecraft', 's3');
    this.metaRoot = path.resolve(root, '.statecraft', 's3-meta');
  }

  /** The bucket's folder (the name is checked first). */
  bucketDir(bucket: string): string {
    checkBucketName(bucket);
    return path.join(this.dataRoot, bucket);
  }

  /** The file that holds `key`, checked to lie inside the bucket folder. */
  objectPath(bucket: string, key: string): string {
    const dir = this.bucketDir(bucket);
    const file = path.join(dir, ...keySegments(key));
    const rel = path.relative(dir, file);
    // Defence in depth: the segment rules above already make this impossible.
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw refuse(key, 'it resolves outside the bucket folder.');
    return file;
  }

  /** The sidecar metadata file of `key` (hashed, so it never collides with a key). */
  metaPath(bucket: string, key: string): string {
    checkBucketName(bucket);
    return path.join(this.metaRoot, bucket, `${createHash('sha256').update(key, 'utf8').digest('hex')}.json`);
  }

  /** The key of a file under the bucket folder. */
  keyOf(bucketDir: string, file: string): string {
    return path.relative(bucketDir, file).split(path.sep).join('/');
  }
}
