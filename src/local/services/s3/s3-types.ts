/**
 * Inputs and outputs of the local S3, named and shaped as the S3 API
 * (PascalCase fields, as in `@aws-sdk/client-s3` and the Step Functions
 * aws-sdk integration).
 */
import type { Readable } from 'node:stream';
import type { WriteSource } from '../internal/atomic-write.js';

/** The bytes of a `putObject`. */
export type S3Body = WriteSource;

/** `getObject` input. */
export interface GetObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  /** `bytes=first-last`, `bytes=first-` or `bytes=-suffixLength`. */
  readonly Range?: string;
  /** Fails with `PreconditionFailed` (412) unless the ETag matches. */
  readonly IfMatch?: string;
}

/** What `headObject` reports about an object. */
export interface ObjectHead {
  readonly ContentLength: number;
  /** MD5 of the bytes, hex, in double quotes (as S3 reports for single-part uploads). */
  readonly ETag: string;
  readonly LastModified: Date;
  readonly ContentType: string;
  readonly Metadata: Record<string, string>;
  /** Base64 of the big-endian CRC32 of the bytes. */
  readonly ChecksumCRC32: string;
  readonly AcceptRanges: 'bytes';
}

/** `getObject` output: the head plus the body as a Node stream. */
export interface GetObjectOutput extends ObjectHead {
  readonly Body: Readable;
  /** Set for ranged reads: `bytes first-last/size`. */
  readonly ContentRange?: string;
}

/** `putObject` input. */
export interface PutObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly Body?: S3Body;
  /** @default 'binary/octet-stream' */
  readonly ContentType?: string;
  readonly Metadata?: Readonly<Record<string, string>>;
}

/** `putObject` output. */
export interface PutObjectOutput {
  readonly ETag: string;
  readonly ChecksumCRC32: string;
}

/** `copyObject` input. `CopySource` is `bucket/key` (URL-encoded, as S3 expects). */
export interface CopyObjectInput {
  readonly Bucket: string;
  readonly Key: string;
  readonly CopySource: string;
  /** @default 'COPY' */
  readonly MetadataDirective?: 'COPY' | 'REPLACE';
  readonly ContentType?: string;
  readonly Metadata?: Readonly<Record<string, string>>;
}

/** `copyObject` output. */
export interface CopyObjectOutput {
  readonly CopyObjectResult: { readonly ETag: string; readonly LastModified: Date; readonly ChecksumCRC32: string };
}

/** `deleteObject` / `headObject` input. */
export interface ObjectRef {
  readonly Bucket: string;
  readonly Key: string;
}

/** `listObjectsV2` input. */
export interface ListObjectsV2Input {
  readonly Bucket: string;
  readonly Prefix?: string;
  readonly Delimiter?: string;
  /** @default 1000 (also the maximum) */
  readonly MaxKeys?: number;
  readonly ContinuationToken?: string;
  readonly StartAfter?: string;
}

/** One listed object. */
export interface ListedObject {
  readonly Key: string;
  readonly LastModified: Date;
  readonly ETag: string;
  readonly Size: number;
  readonly StorageClass: 'STANDARD';
}

/** `listObjectsV2` output. */
export interface ListObjectsV2Output {
  readonly Name: string;
  readonly Prefix: string;
  readonly Delimiter?: string;
  readonly MaxKeys: number;
  readonly KeyCount: number;
  readonly IsTruncated: boolean;
  readonly Contents: ListedObject[];
  readonly CommonPrefixes: { readonly Prefix: string }[];
  readonly ContinuationToken?: string;
  readonly NextContinuationToken?: string;
  readonly StartAfter?: string;
}
