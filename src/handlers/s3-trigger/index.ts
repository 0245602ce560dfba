/**
 * `statecraft/handlers/s3-trigger`: the Lambda behind the S3 event
 * notification. For each new object under the configured prefix it starts one
 * execution of the pipeline, named deterministically after the object version.
 * Imports only an injected Step Functions client (SDK v3 `send` shape).
 *
 * Failure policy: every record gets its own result. Refusals (a key outside the
 * prefix, a folder marker, an object over the size limit, a key that does not
 * decode) are permanent, so they are reported and never retried; nothing is
 * moved. A StartExecution that fails for another reason is transient: after
 * trying every record the handler throws `S3Trigger.StartFailed` with a
 * per-record summary, so Lambda's async retry redelivers the event, and the
 * records already started come back as `ExecutionAlreadyExists`, i.e. success.
 */
import { SFNClient, StartExecutionCommand, type StartExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { executionName } from './execution-name.js';

export { MAX_EXECUTION_NAME, executionName } from './execution-name.js';

/** Anything with the `send` of `SFNClient` for StartExecution (the real client, a mock, a local stand-in). */
export interface SfnStartClient {
  send(command: StartExecutionCommand): Promise<StartExecutionCommandOutput>;
}

/** Optional sink for one line per record; the default handler passes the console (CloudWatch). */
export interface TriggerLogger {
  info(message: string, data: Record<string, unknown>): void;
  warn(message: string, data: Record<string, unknown>): void;
}

/** Options of {@link createS3TriggerHandler}. */
export interface S3TriggerOptions {
  readonly sfn: SfnStartClient;
  readonly stateMachineArn: string;
  /** Key prefix the trigger accepts, e.g. `source/`; keys elsewhere are refused. */
  readonly prefix: string;
  /** Largest object accepted, in bytes. @default no limit */
  readonly maxBytes?: number;
  readonly logger?: TriggerLogger;
}

/** The execution input: what the pipeline's first state receives. */
export interface TriggerExecutionInput {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly versionId?: string;
  readonly eTag?: string;
}

/** What happened to one record of the event. */
export type TriggerRecordResult =
  | { readonly status: 'started'; readonly bucket: string; readonly key: string; readonly executionName: string; readonly executionArn: string }
  | { readonly status: 'duplicate'; readonly bucket: string; readonly key: string; readonly executionName: string }
  | { readonly status: 'ignored'; readonly bucket: string; readonly key: string; readonly reason: string }
  | { readonly status: 'refused'; readonly bucket: string; readonly key: string; readonly reason: string }
  | { readonly status: 'failed'; readonly bucket: string; readonly key: string; readonly executionName: string; readonly error: string; readonly message: string };

/** The handler's answer: one result per record, in event order. */
export interface TriggerReport {
  readonly results: readonly TriggerRecordResult[];
}

/** The error thrown when at least one StartExecution failed transiently (so Lambda retries the event). */
export class S3TriggerStartFailed extends Error {
  override readonly name = 'S3Trigger.StartFailed';
  constructor(readonly report: TriggerReport) {
    const failed = report.results.filter((r): r is Extract<TriggerRecordResult, { status: 'failed' }> => r.status === 'failed');
    super(
      `${failed.length} of ${report.results.length} records could not start an execution: ` +
        failed.map((f) => `s3://${f.bucket}/${f.key}: ${f.error}: ${f.message}`).join('; '),
    );
  }
}

/** Decodes an S3 event key: `+` is a space, then percent-decoding. */
export function decodeS3Key(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : 'Error';
}

async function handleRecord(record: S3EventRecord, o: S3TriggerOptions): Promise<TriggerRecordResult> {
  const bucket = record.s3.bucket.name;
  const raw = record.s3.object.key;
  let key: string;
  try {
    key = decodeS3Key(raw);
  } catch {
    return { status: 'refused', bucket, key: raw, reason: `key ${JSON.stringify(raw)} is not a valid URL-encoded S3 key; nothing was started` };
  }
  if (!record.eventName.startsWith('ObjectCreated:')) {
    return { status: 'ignored', bucket, key, reason: `event ${record.eventName} is not an object creation` };
  }
  if (!key.startsWith(o.prefix)) {
    return { status: 'refused', bucket, key, reason: `key ${JSON.stringify(key)} is outside the prefix ${JSON.stringify(o.prefix)}; it was not processed and not moved` };
  }
  if (key.endsWith('/')) {
    return { status: 'refused', bucket, key, reason: `key ${JSON.stringify(key)} is a folder marker, not a file` };
  }
  const size = record.s3.object.size;
  if (o.maxBytes !== undefined && size > o.maxBytes) {
    return {
      status: 'refused',
      bucket,
      key,
      reason: `s3://${bucket}/${key} is ${size} bytes, over the limit of ${o.maxBytes}; it was not processed and not moved (split the file or raise the limit)`,
    };
  }
  const { versionId, eTag, sequencer } = record.s3.object;
  const version = versionId ?? eTag ?? sequencer ?? '';
  const name = executionName(bucket, key, version);
  // Same object version → byte-identical input. While the first run is open, StartExecution with the same
  // name and input succeeds again (same ARN); once it is closed, it fails with ExecutionAlreadyExists.
  // Either way nothing new runs. See https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
  const input: TriggerExecutionInput = {
    bucket,
    key,
    size,
    ...(versionId !== undefined ? { versionId } : {}),
    ...(eTag !== undefined ? { eTag } : {}),
  };
  try {
    const out = await o.sfn.send(new StartExecutionCommand({ stateMachineArn: o.stateMachineArn, name, input: JSON.stringify(input) }));
    return { status: 'started', bucket, key, executionName: name, executionArn: out.executionArn ?? '' };
  } catch (e) {
    if (errorName(e) === 'ExecutionAlreadyExists') return { status: 'duplicate', bucket, key, executionName: name };
    return { status: 'failed', bucket, key, executionName: name, error: errorName(e), message: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Builds the S3-trigger Lambda handler. Records are handled one by one so one
 * bad record never hides the others; see the module comment for the failure policy.
 */
export function createS3TriggerHandler(options: S3TriggerOptions): (event: S3Event) => Promise<TriggerReport> {
  return async (event) => {
    const results: TriggerRecordResult[] = [];
    for (const record of event.Records ?? []) {
      const r = await handleRecord(record, options);
      results.push(r);
      if (r.status === 'refused' || r.status === 'failed') options.logger?.warn(`s3-trigger: ${r.status}`, { ...r });
      else options.logger?.info(`s3-trigger: ${r.status}`, { ...r });
    }
    const report = { results };
    if (results.some((r) => r.status === 'failed')) throw new S3TriggerStartFailed(report);
    return report;
  };
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`s3-trigger: environment variable ${name} is not set; set it in the function configuration`);
  return v;
}

let deployed: ((event: S3Event) => Promise<TriggerReport>) | undefined;

/**
 * The deployed entry point: reads STATE_MACHINE_ARN, SOURCE_PREFIX (default
 * `source/`) and MAX_BYTES (optional) and builds one SFN client per container.
 */
export const handler = async (event: S3Event): Promise<TriggerReport> => {
  if (deployed === undefined) {
    const maxBytes = process.env['MAX_BYTES'];
    const limit = maxBytes === undefined || maxBytes === '' ? undefined : Number(maxBytes);
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) throw new Error(`s3-trigger: MAX_BYTES must be a positive integer, got ${JSON.stringify(maxBytes)}`);
    deployed = createS3TriggerHandler({
      sfn: new SFNClient({}),
      stateMachineArn: requiredEnv('STATE_MACHINE_ARN'),
      prefix: process.env['SOURCE_PREFIX'] ?? 'source/',
      ...(limit !== undefined ? { maxBytes: limit } : {}),
      logger: { info: (m, d) => console.log(JSON.stringify({ level: 'info', message: m, ...d })), warn: (m, d) => console.warn(JSON.stringify({ level: 'warn', message: m, ...d })) },
    });
  }
  return deployed(event);
};
