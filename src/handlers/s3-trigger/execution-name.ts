import { createHash } from 'node:crypto';

/** Longest execution name Step Functions accepts. @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html */
export const MAX_EXECUTION_NAME = 80;

const HASH_CHARS = 24;

/**
 * A deterministic execution name for one version of one object: a readable
 * part from the key's file name (only `[A-Za-z0-9_-]`) plus a hash of bucket,
 * key and version id (else eTag), at most 80 characters. The same S3 event
 * delivered twice gives the same name, so Step Functions starts it only once.
 */
export function executionName(bucket: string, key: string, version: string): string {
  const hash = createHash('sha256').update(`${bucket}\n${key}\n${version}`).digest('hex').slice(0, HASH_CHARS);
  const base = key.slice(key.lastIndexOf('/') + 1);
  const readable = base
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_EXECUTION_NAME - HASH_CHARS - 1)
    .replace(/-+$/, '');
  return readable === '' ? hash : `${readable}-${hash}`;
}
