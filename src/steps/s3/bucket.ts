/** S3 buckets as references: one the pipeline deploys, or one that exists. */
import { resourceName } from '../naming.js';
import type { Environment } from '../naming.js';
import type { Deployable } from '../step.js';
import { checkLogicalId, logicalIdFrom } from '../lambda/function.js';

/** A reference to an S3 bucket. Plain data. */
export interface Bucket {
  readonly kind: 's3-bucket';
  /** Logical id: names the deployed bucket (`resourceName(env, 'bucket', id)`). */
  readonly id: string;
  readonly source: { readonly kind: 'deploy' } | { readonly kind: 'existing'; readonly name: string };
}

/**
 * An S3 bucket the pipeline deploys (its name carries app, stage and account).
 * @example const data = bucket('data');
 */
export function bucket(id: string): Bucket {
  checkLogicalId('bucket()', id);
  return { kind: 's3-bucket', id, source: { kind: 'deploy' } };
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * An S3 bucket that already exists, by name.
 * @example const landing = existingBucket('acme-landing');
 */
export function existingBucket(name: string): Bucket {
  if (typeof name !== 'string' || !BUCKET_NAME.test(name)) {
    throw new TypeError(`existingBucket(): expected a bucket name (3-63 lowercase letters, digits, '.', '-'), got ${JSON.stringify(name)}`);
  }
  return { kind: 's3-bucket', id: logicalIdFrom(name), source: { kind: 'existing', name } };
}

/** The bucket's name in an environment. */
export function bucketName(b: Bucket, env: Environment): string {
  return b.source.kind === 'existing' ? b.source.name : resourceName(env, 'bucket', b.id);
}

/** The ARN of the objects under a prefix of the bucket (`arn:aws:s3:::name/prefix*`). */
export function objectsArn(b: Bucket, prefix: string, env: Environment): string {
  return `arn:${env.partition}:s3:::${bucketName(b, env)}/${prefix}*`;
}

/** The deployables of a bucket reference: the bucket, or nothing for an existing one. */
export function bucketDeployables(b: Bucket): readonly Deployable[] {
  return b.source.kind === 'existing' ? [] : [{ kind: 'bucket', id: b.id }];
}
