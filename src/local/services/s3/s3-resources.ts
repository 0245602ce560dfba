/**
 * Resource registrations serving S3 Task states from the local S3: the
 * aws-sdk integration (`arn:aws:states:::aws-sdk:s3:<action>`, PascalCase API
 * fields in and out, errors `S3.<Code>Exception`) and the distributed Map
 * ItemReader resources (`arn:aws:states:::s3:getObject|listObjectsV2`).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
import type { ReaderConfig } from '../../../asl/types.js';
import { TaskFailure, type ResourceRegistration, type TaskCall } from '../../resources.js';
import { LocalServiceError } from '../internal/service-error.js';
import { inputObject, optionalInteger, optionalString, optionalStringMap, requiredString } from '../internal/task-input.js';
import { serviceHandler } from '../internal/to-task-failure.js';
import type { LocalS3 } from './local-s3.js';
import { readItems } from './read-items.js';
import type { ListObjectsV2Output } from './s3-types.js';

/** ISO-8601 time without milliseconds, as Step Functions renders S3 dates. */
function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** The S3 actions served through `arn:aws:states:::aws-sdk:s3:<action>`. */
export const S3_SDK_ACTIONS = ['getObject', 'putObject', 'copyObject', 'deleteObject', 'headObject', 'listObjectsV2'] as const;

/** The registrations for the local S3 (aws-sdk actions plus ItemReader resources). */
export function s3Resources(s3: LocalS3): ResourceRegistration[] {
  const sdk = (action: (typeof S3_SDK_ACTIONS)[number], run: (call: TaskCall, input: Readonly<Record<string, unknown>>) => Promise<unknown>): ResourceRegistration => ({
    pattern: `arn:aws:states:::aws-sdk:s3:${action}`,
    handler: serviceHandler((call) => run(call, inputObject(call, 'S3'))),
  });
  const ref = (call: TaskCall, input: Readonly<Record<string, unknown>>): { Bucket: string; Key: string } => ({
    Bucket: requiredString(call, 'S3', input, 'Bucket'),
    Key: requiredString(call, 'S3', input, 'Key'),
  });
  return [
    sdk('getObject', async (call, input) => {
      const range = optionalString(call, 'S3', input, 'Range');
      const out = await s3.getObject({ ...ref(call, input), ...(range === undefined ? {} : { Range: range }) });
      const chunks: Buffer[] = [];
      for await (const c of out.Body) chunks.push(c as Buffer);
      return {
        AcceptRanges: out.AcceptRanges,
        ContentLength: out.ContentLength,
        ...(out.ContentRange === undefined ? {} : { ContentRange: out.ContentRange }),
        ContentType: out.ContentType,
        ETag: out.ETag,
        LastModified: isoSeconds(out.LastModified),
        Metadata: out.Metadata,
        ServerSideEncryption: 'AES256',
        // Step Functions returns the body as text.
        Body: Buffer.concat(chunks).toString('utf8'),
      };
    }),
    sdk('putObject', async (call, input) => {
      // Step Functions serialises Body as JSON whatever its type: a string body is
      // stored with its quotes (recorded against AWS: conformance case
      // services/test_aws_sdk_task_service.test_s3_put_object__str).
      const body = input.Body === undefined ? '' : JSON.stringify(input.Body);
      const contentType = optionalString(call, 'S3', input, 'ContentType');
      const metadata = optionalStringMap(call, 'S3', input, 'Metadata');
      const out = await s3.putObject({
        ...ref(call, input),
        Body: body,
        ...(contentType === undefined ? {} : { ContentType: contentType }),
        ...(metadata === undefined ? {} : { Metadata: metadata }),
      });
      return { ChecksumCRC32: out.ChecksumCRC32, ChecksumType: 'FULL_OBJECT', ETag: out.ETag, ServerSideEncryption: 'AES256' };
    }),
    sdk('copyObject', async (call, input) => {
      const directive = optionalString(call, 'S3', input, 'MetadataDirective');
      if (directive !== undefined && directive !== 'COPY' && directive !== 'REPLACE') {
        throw new LocalServiceError('S3', 'InvalidArgument', `State '${call.stateName}': MetadataDirective must be COPY or REPLACE, got '${directive}'.`, 400);
      }
      const contentType = optionalString(call, 'S3', input, 'ContentType');
      const metadata = optionalStringMap(call, 'S3', input, 'Metadata');
      const out = await s3.copyObject({
        ...ref(call, input),
        CopySource: requiredString(call, 'S3', input, 'CopySource'),
        ...(directive === undefined ? {} : { MetadataDirective: directive }),
        ...(contentType === undefined ? {} : { ContentType: contentType }),
        ...(metadata === undefined ? {} : { Metadata: metadata }),
      });
      return {
        CopyObjectResult: { ETag: out.CopyObjectResult.ETag, LastModified: isoSeconds(out.CopyObjectResult.LastModified) },
        ServerSideEncryption: 'AES256',
      };
    }),
    sdk('deleteObject', async (call, input) => {
      await s3.deleteObject(ref(call, input));
      return {};
    }),
    sdk('headObject', async (call, input) => {
      try {
        const out = await s3.headObject(ref(call, input));
        return {
          AcceptRanges: out.AcceptRanges,
          ContentLength: out.ContentLength,
          ContentType: out.ContentType,
          ETag: out.ETag,
          LastModified: isoSeconds(out.LastModified),
          Metadata: out.Metadata,
          ServerSideEncryption: 'AES256',
        };
      } catch (e) {
        // The Java SDK behind Step Functions names a HEAD 404 NoSuchKey.
        if (e instanceof LocalServiceError && e.code === 'NotFound') throw new LocalServiceError('S3', 'NoSuchKey', 'The specified key does not exist.', 404);
        throw e;
      }
    }),
    sdk('listObjectsV2', async (call, input) => {
      const opt = (f: string): Record<string, string> => {
        const v = optionalString(call, 'S3', input, f);
        return v === undefined ? {} : { [f]: v };
      };
      const maxKeys = optionalInteger(call, 'S3', input, 'MaxKeys');
      const out = await s3.listObjectsV2({
        Bucket: requiredString(call, 'S3', input, 'Bucket'),
        ...opt('Prefix'), ...opt('Delimiter'), ...opt('ContinuationToken'), ...opt('StartAfter'),
        ...(maxKeys === undefined ? {} : { MaxKeys: maxKeys }),
      });
      return sdkListing(out);
    }),
    // Distributed Map ItemReader resources (the runner passes Parameters plus ReaderConfig).
    {
      pattern: 'arn:aws:states:::s3:getObject',
      handler: itemReaderHandler(async (call, input) => {
        const config = (input.ReaderConfig ?? {}) as ReaderConfig;
        return readItems(s3, requiredString(call, 'S3', input, 'Bucket'), requiredString(call, 'S3', input, 'Key'), config);
      }),
    },
    {
      pattern: 'arn:aws:states:::s3:listObjectsV2',
      handler: itemReaderHandler(async (call, input) => {
        const bucket = requiredString(call, 'S3', input, 'Bucket');
        const prefix = optionalString(call, 'S3', input, 'Prefix');
        const max = (input.ReaderConfig as ReaderConfig | undefined)?.MaxItems;
        const items: unknown[] = [];
        let token: string | undefined;
        do {
          const page = await s3.listObjectsV2({ Bucket: bucket, ...(prefix === undefined ? {} : { Prefix: prefix }), ...(token === undefined ? {} : { ContinuationToken: token }) });
          // The ItemReader's item shape (note `Etag` and epoch seconds), per the AWS guide.
          for (const o of page.Contents) items.push({ Etag: o.ETag, Key: o.Key, LastModified: Math.floor(o.LastModified.getTime() / 1000), Size: o.Size, StorageClass: o.StorageClass });
          token = page.NextContinuationToken;
        } while (token !== undefined && (max === undefined || max <= 0 || items.length < max));
        return max !== undefined && max > 0 ? items.slice(0, max) : items;
      }),
    },
  ];
}

/** A listing in the aws-sdk integration's shape (empty lists left out, dates as text). */
function sdkListing(out: ListObjectsV2Output): Record<string, unknown> {
  const { Contents, CommonPrefixes, ...rest } = out;
  return {
    ...(CommonPrefixes.length > 0 ? { CommonPrefixes } : {}),
    ...(Contents.length > 0 ? { Contents: Contents.map((o) => ({ ...o, LastModified: isoSeconds(o.LastModified) })) } : {}),
    ...rest,
  };
}

function itemReaderHandler(run: (call: TaskCall, input: Readonly<Record<string, unknown>>) => Promise<unknown[]>): ResourceRegistration['handler'] {
  return async (call) => {
    try {
      return await run(call, inputObject(call, 'S3'));
    } catch (e) {
      if (e instanceof LocalServiceError) throw new TaskFailure('States.ItemReaderFailed', e.message);
      throw e;
    }
  };
}
