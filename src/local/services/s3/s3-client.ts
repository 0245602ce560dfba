/**
 * The `@aws-sdk/client-s3` face of the local S3: an object with `send(command)`
 * that takes the SDK's own Command objects and answers with SDK-shaped outputs
 * and errors, so Lambda handlers written against `S3Client` run unchanged.
 *
 * Only types come from the SDK (`import type`): the local layer never loads it
 * at runtime. Commands are recognised by their class name.
 */
import { Readable } from 'node:stream';
import type {
  CopyObjectCommand, CopyObjectCommandOutput, CreateBucketCommand, CreateBucketCommandOutput, DeleteObjectCommand,
  DeleteObjectCommandOutput, GetObjectCommand, GetObjectCommandOutput, HeadBucketCommand, HeadBucketCommandOutput,
  HeadObjectCommand, HeadObjectCommandOutput, ListObjectsV2Command, ListObjectsV2CommandOutput, PutObjectCommand,
  PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { commandName, sdkMetadata, type SdkCommandLike } from '../internal/sdk-command.js';
import { LocalServiceError } from '../internal/service-error.js';
import type { LocalS3 } from './local-s3.js';
import type { S3Body } from './s3-types.js';

/** A stand-in for `S3Client`: `send` for the commands the local S3 serves. */
export interface LocalS3Client {
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
  send(command: PutObjectCommand): Promise<PutObjectCommandOutput>;
  send(command: CopyObjectCommand): Promise<CopyObjectCommandOutput>;
  send(command: DeleteObjectCommand): Promise<DeleteObjectCommandOutput>;
  send(command: HeadObjectCommand): Promise<HeadObjectCommandOutput>;
  send(command: ListObjectsV2Command): Promise<ListObjectsV2CommandOutput>;
  send(command: CreateBucketCommand): Promise<CreateBucketCommandOutput>;
  send(command: HeadBucketCommand): Promise<HeadBucketCommandOutput>;
  send(command: SdkCommandLike): Promise<unknown>;
  /** No-op, as `S3Client.destroy()`. */
  destroy(): void;
}

/** A Node Readable with the SDK's stream mixin (`transformToString`, …). @internal */
export function sdkStream(body: Readable): Readable & {
  transformToString(encoding?: string): Promise<string>;
  transformToByteArray(): Promise<Uint8Array>;
  transformToWebStream(): ReadableStream;
} {
  const bytes = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    return Buffer.concat(chunks);
  };
  return Object.assign(body, {
    transformToString: async (encoding = 'utf-8') => (await bytes()).toString(encoding as BufferEncoding),
    transformToByteArray: async () => new Uint8Array(await bytes()),
    transformToWebStream: () => Readable.toWeb(body) as unknown as ReadableStream,
  });
}

/** Turns an SDK request body (string, bytes, Blob, Node or web stream) into bytes to write. @internal */
export function requestBody(body: unknown, field = 'Body'): S3Body {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    return (async function* () {
      yield new Uint8Array(await body.arrayBuffer());
    })();
  }
  if (typeof (body as ReadableStream).getReader === 'function') return Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return body as AsyncIterable<Uint8Array>;
  throw new LocalServiceError('S3', 'InvalidArgument', `${field} must be a string, bytes, a Blob or a stream, got ${typeof body}.`, 400);
}

/**
 * The command's input, after checking its required string fields (the SDK's
 * input types mark everything optional). @internal
 */
export function sdkInput<T>(command: SdkCommandLike, name: string, required: readonly string[]): T {
  const input = command.input;
  if (input === null || typeof input !== 'object') throw new LocalServiceError('S3', 'InvalidArgument', `${name}: the command has no input object.`, 400);
  for (const f of required) {
    const v = (input as Record<string, unknown>)[f];
    if (typeof v !== 'string' || v === '') throw new LocalServiceError('S3', 'InvalidArgument', `${name}: input field '${f}' is required and must be a non-empty string.`, 400);
  }
  return input as T;
}

/** Wraps a {@link LocalS3} as an `S3Client` look-alike. */
export function localS3Client(s3: LocalS3): LocalS3Client {
  const send = async (command: SdkCommandLike): Promise<unknown> => {
    const name = commandName(command);
    switch (name) {
      case 'GetObjectCommand': {
        const out = await s3.getObject(sdkInput(command, name, ['Bucket', 'Key']));
        return { ...out, Body: sdkStream(out.Body), $metadata: sdkMetadata(out.ContentRange === undefined ? 200 : 206) };
      }
      case 'PutObjectCommand': {
        const { Body, ...rest } = sdkInput<{ Bucket: string; Key: string; Body?: unknown }>(command, name, ['Bucket', 'Key']);
        const out = await s3.putObject({ ...rest, Body: requestBody(Body) });
        return { ...out, $metadata: sdkMetadata() };
      }
      case 'CopyObjectCommand':
        return { ...(await s3.copyObject(sdkInput(command, name, ['Bucket', 'Key', 'CopySource']))), $metadata: sdkMetadata() };
      case 'DeleteObjectCommand':
        await s3.deleteObject(sdkInput(command, name, ['Bucket', 'Key']));
        return { $metadata: sdkMetadata(204) };
      case 'HeadObjectCommand':
        return { ...(await s3.headObject(sdkInput(command, name, ['Bucket', 'Key']))), $metadata: sdkMetadata() };
      case 'ListObjectsV2Command': {
        const out = await s3.listObjectsV2(sdkInput(command, name, ['Bucket']));
        // The SDK leaves empty lists out.
        const { Contents, CommonPrefixes, ...rest } = out;
        return {
          ...rest,
          ...(Contents.length > 0 ? { Contents } : {}),
          ...(CommonPrefixes.length > 0 ? { CommonPrefixes } : {}),
          $metadata: sdkMetadata(),
        };
      }
      case 'CreateBucketCommand':
      {
        const { Bucket } = sdkInput<{ Bucket: string }>(command, name, ['Bucket']);
        await s3.createBucket(Bucket);
        return { Location: `/${Bucket}`, $metadata: sdkMetadata() };
      }
      case 'HeadBucketCommand':
        try {
          await s3.bucketPath(sdkInput<{ Bucket: string }>(command, name, ['Bucket']).Bucket);
        } catch (e) {
          if (e instanceof LocalServiceError && e.code === 'NoSuchBucket') throw new LocalServiceError('S3', 'NotFound', 'Not Found', 404);
          throw e;
        }
        return { $metadata: sdkMetadata() };
      default:
        throw new LocalServiceError('S3', 'NotImplemented', `The local S3 does not serve ${name}; it serves GetObject, PutObject, CopyObject, DeleteObject, HeadObject, ListObjectsV2, CreateBucket and HeadBucket.`, 501);
    }
  };
  return { send: send as LocalS3Client['send'], destroy: () => undefined };
}
