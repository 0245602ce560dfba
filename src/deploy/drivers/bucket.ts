import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, HeadBucketCommand,
  HeadObjectCommand, PutBucketTaggingCommand, PutBucketVersioningCommand, PutObjectCommand, type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { call, mapDiff, write } from '../internal/context.js';
import type { BucketResource, ObjectResource } from '../model.js';
import { tagList, tagMap, type Driver } from './driver.js';

const MISSING = ['NotFound', 'NoSuchBucket', 'NoSuchKey', '404'];

/**
 * S3 buckets. A `versioned` bucket gets versioning enabled (never suspended).
 * Destroy deletes only an empty bucket: data is never removed by a deploy tool
 * (a versioned bucket is empty only once its old versions are deleted too).
 */
export const bucketDriver: Driver<BucketResource> = {
  async observe(r, { clients }) {
    const head = await call('s3:ListBucket', r.name, () => clients.s3.send(new HeadBucketCommand({ Bucket: r.name })), MISSING);
    if (head === undefined) return { action: 'create', reasons: ['bucket does not exist'] };
    const tagging = await call('s3:GetBucketTagging', r.name, () => clients.s3.send(new GetBucketTaggingCommand({ Bucket: r.name })), ['NoSuchTagSet', ...MISSING]);
    const reasons = mapDiff('tag', r.tags, tagMap(tagging?.TagSet));
    if (r.versioned === true) {
      const versioning = await call('s3:GetBucketVersioning', r.name, () => clients.s3.send(new GetBucketVersioningCommand({ Bucket: r.name })), MISSING);
      if (versioning?.Status !== 'Enabled') reasons.push(`versioning is ${versioning?.Status === 'Suspended' ? 'suspended' : 'not enabled'}`);
    }
    return { action: reasons.length === 0 ? 'noop' : 'update', reasons };
  },

  async apply(r, { clients, target }, observed) {
    if (observed.action === 'create') {
      await write('s3:CreateBucket', r.name, () => clients.s3.send(new CreateBucketCommand({
        Bucket: r.name,
        // us-east-1 is the one region that refuses an explicit location constraint.
        ...(target.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: target.region as BucketLocationConstraint } }),
      })));
    }
    await write('s3:PutBucketTagging', r.name, () => clients.s3.send(new PutBucketTaggingCommand({ Bucket: r.name, Tagging: { TagSet: tagList(r.tags) } })));
    if (r.versioned === true && (observed.action === 'create' || observed.reasons.some((x) => x.startsWith('versioning ')))) {
      await write('s3:PutBucketVersioning', r.name, () => clients.s3.send(new PutBucketVersioningCommand({ Bucket: r.name, VersioningConfiguration: { Status: 'Enabled' } })));
    }
  },

  async destroy(r, { clients }) {
    const head = await call('s3:ListBucket', r.name, () => clients.s3.send(new HeadBucketCommand({ Bucket: r.name })), MISSING);
    if (head === undefined) return 'absent';
    await write('s3:DeleteBucket', r.name, () => clients.s3.send(new DeleteBucketCommand({ Bucket: r.name })));
    return 'deleted';
  },
};

/** Objects the pipeline uploads (Glue scripts), compared by ETag (MD5 of a single-part upload). */
export const objectDriver: Driver<ObjectResource> = {
  async observe(r, { clients }) {
    const head = await call('s3:GetObject', `s3://${r.bucket}/${r.key}`, () => clients.s3.send(new HeadObjectCommand({ Bucket: r.bucket, Key: r.key })), MISSING);
    if (head === undefined) return { action: 'create', reasons: ['object does not exist'] };
    const etag = (head.ETag ?? '').replaceAll('"', '');
    return etag === r.md5 ? { action: 'noop', reasons: [] } : { action: 'update', reasons: ['content changed'] };
  },

  async apply(r, { clients }) {
    await write('s3:PutObject', `s3://${r.bucket}/${r.key}`, () => clients.s3.send(new PutObjectCommand({ Bucket: r.bucket, Key: r.key, Body: r.body })));
  },

  async destroy(r, { clients }) {
    const head = await call('s3:GetObject', `s3://${r.bucket}/${r.key}`, () => clients.s3.send(new HeadObjectCommand({ Bucket: r.bucket, Key: r.key })), MISSING);
    if (head === undefined) return 'absent';
    await write('s3:DeleteObject', `s3://${r.bucket}/${r.key}`, () => clients.s3.send(new DeleteObjectCommand({ Bucket: r.bucket, Key: r.key })));
    return 'deleted';
  },
};
