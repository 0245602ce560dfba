/**
 * `statecraft/handlers/csv-validate`: the Lambda behind the `validate()` step.
 * It streams one S3 object through the CSV validator core (never holding the
 * file whole), returns the row count and column statistics, or throws an error
 * whose `name` is the ASL `Error` (`CsvValidation.*`) and whose message, the
 * Lambda `errorMessage` inside the ASL `Cause`, is a JSON problem report.
 * Imports only `src/csv` and an injected S3 client (SDK v3 `send` shape).
 */
import { GetObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import {
  CSV_VALIDATION_ERROR_NAMES,
  createCsvValidator,
  schemaFromJson,
  type ColumnStats,
  type CsvProblem,
  type CsvSchema,
  type CsvValidationError,
  type CsvValidationErrorName,
  type CsvValidatorOptions,
} from '../../csv/index.js';

export type { CsvValidationErrorName } from '../../csv/index.js';

/** Anything with the `send` of `S3Client` for GetObject (the real client, a mock, the local S3). */
export interface S3GetClient {
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
}

/** The task input: which object to validate. */
export interface CsvValidateEvent {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** The task output on a valid file. */
export interface CsvValidateOutput {
  readonly bucket: string;
  readonly key: string;
  readonly rows: number;
  readonly bytes: number;
  readonly columns: Readonly<Record<string, ColumnStats>>;
}

/** The JSON report carried by a {@link CsvValidationFailure}'s message. */
export interface CsvValidationReport {
  readonly error: CsvValidationErrorName;
  readonly kind: CsvValidationError['kind'];
  readonly bucket: string;
  readonly key: string;
  readonly message: string;
  readonly problemCount?: number;
  readonly rows?: number;
  readonly problems?: readonly CsvProblem[];
}

/**
 * Step Functions caps an error cause at 32,768 characters. The cause of a
 * Lambda error is the runtime's JSON envelope, in which the report is a JSON
 * string (so escaped again): the report, written that way, stays under this,
 * which leaves room for the envelope's other fields. A cut cause would no
 * longer be JSON, and the pipeline could not read the report back.
 */
export const MAX_REPORT_CHARS = 30_000;

/** The length of the report as it appears in the Lambda error envelope (a JSON string of its JSON). */
function envelopedLength(report: CsvValidationReport): number {
  return JSON.stringify(JSON.stringify(report)).length;
}

/** The error thrown for an invalid file: `name` is one of {@link CsvValidationErrorName}. */
export class CsvValidationFailure extends Error {
  override readonly name: CsvValidationErrorName;
  constructor(readonly report: CsvValidationReport) {
    super(JSON.stringify(report));
    this.name = report.error;
    // The Lambda runtime puts `stack` in the envelope too (its first line repeats the whole message), and a
    // verdict on a file has no useful frames: keep it one short line so the cause stays under the cap.
    this.stack = `${report.error}: see errorMessage for the problem report`;
  }
}

/** Builds the report for an error, dropping listed problems until it fits {@link MAX_REPORT_CHARS} (as enveloped). */
export function validationReport(bucket: string, key: string, e: CsvValidationError): CsvValidationReport {
  const base = { error: CSV_VALIDATION_ERROR_NAMES[e.kind], kind: e.kind, bucket, key, message: e.message };
  if (e.kind !== 'invalid') return base;
  let problems = e.problems;
  let report: CsvValidationReport = { ...base, problemCount: e.problemCount, rows: e.rows, problems };
  while (problems.length > 1 && envelopedLength(report) > MAX_REPORT_CHARS) {
    problems = problems.slice(0, Math.floor(problems.length / 2));
    report = { ...report, problems };
  }
  return report;
}

/**
 * Reads the report back from an ASL `Cause`: either the report JSON itself or
 * Lambda's error envelope (`{"errorMessage": "<report JSON>", "errorType": …}`).
 * Returns `undefined` for a cause that carries no validation report.
 */
export function parseValidationCause(cause: string): CsvValidationReport | undefined {
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };
  let value = parse(cause);
  if (typeof value === 'object' && value !== null && typeof (value as { errorMessage?: unknown }).errorMessage === 'string') {
    value = parse((value as { errorMessage: string }).errorMessage);
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<CsvValidationReport>;
  const names: readonly string[] = Object.values(CSV_VALIDATION_ERROR_NAMES);
  return typeof r.error === 'string' && names.includes(r.error) && typeof r.message === 'string' ? (value as CsvValidationReport) : undefined;
}

/** Options of {@link createCsvValidateHandler}. */
export interface CsvValidateOptions {
  readonly s3: S3GetClient;
  readonly schema: CsvSchema;
  /** Validator options (maxProblems defaults to 50 here, to keep the ASL cause short). */
  readonly validator?: CsvValidatorOptions;
}

type Body = NonNullable<GetObjectCommandOutput['Body']>;

/** Reads an SDK body as chunks: a Node Readable or web ReadableStream (both async-iterable), a Blob, or bytes. */
async function* chunksOf(body: Body | Uint8Array): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  const b = body as unknown as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown>; getReader?: () => ReadableStreamDefaultReader<Uint8Array>; stream?: () => unknown };
  if (typeof b[Symbol.asyncIterator] === 'function') {
    for await (const c of b as AsyncIterable<unknown>) yield typeof c === 'string' ? Buffer.from(c) : (c as Uint8Array);
    return;
  }
  if (typeof b.getReader === 'function') {
    const reader = b.getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        yield value;
      }
    } finally {
      // Stopped early (a fatal error): cancel the download instead of draining it.
      if (!finished) await reader.cancel();
      reader.releaseLock();
    }
  }
  if (typeof b.stream === 'function') {
    yield* chunksOf(b.stream() as Body);
    return;
  }
  throw new TypeError('csv-validate: GetObject returned a Body that is neither a stream nor bytes');
}

/**
 * Builds the validator Lambda handler: GetObject, stream the Body through the
 * validator, stop reading (and destroy the stream) at the first fatal error.
 */
export function createCsvValidateHandler(options: CsvValidateOptions): (event: CsvValidateEvent) => Promise<CsvValidateOutput> {
  const validatorOptions: CsvValidatorOptions = { maxProblems: 50, ...options.validator };
  return async (event) => {
    const { bucket, key } = event;
    if (typeof bucket !== 'string' || typeof key !== 'string' || bucket === '' || key === '') {
      throw new TypeError(`csv-validate: the task input needs "bucket" and "key" strings, got ${JSON.stringify(event)}`);
    }
    const fail = (e: CsvValidationError): never => {
      throw new CsvValidationFailure(validationReport(bucket, key, e));
    };
    const out = await options.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(event.versionId !== undefined ? { VersionId: event.versionId } : {}) }));
    const limit = validatorOptions.maxBytes ?? options.schema.maxBytes;
    const body = out.Body;
    if (limit !== undefined && out.ContentLength !== undefined && out.ContentLength > limit) {
      (body as { destroy?: () => void } | undefined)?.destroy?.();
      fail({ kind: 'too-large', limit: 'bytes', max: limit, message: `the file is ${out.ContentLength} bytes, larger than the limit of ${limit} bytes; split it or raise maxBytes` });
    }
    const v = createCsvValidator(options.schema, validatorOptions);
    if (body !== undefined) {
      for await (const chunk of chunksOf(body)) {
        if (!v.push(chunk)) break; // leaving the loop closes the stream
      }
    }
    const r = v.finish();
    if (r.isErr()) return fail(r.error);
    return { bucket, key, rows: r.value.rows, bytes: r.value.bytes, columns: r.value.columns };
  };
}

let deployed: ((event: CsvValidateEvent) => Promise<CsvValidateOutput>) | undefined;

/** Environment variables the deployed handler reads for its schema, first found wins (`CSV_SCHEMA` is what the validate step sets). */
export const SCHEMA_ENV_VARS = ['CSV_SCHEMA', 'SCHEMA_JSON'] as const;

/**
 * The deployed entry point: reads the schema (written by `schemaToJson`) from
 * CSV_SCHEMA or SCHEMA_JSON and the optional CSV_MAX_PROBLEMS, and builds one
 * S3 client per container. A missing or bad configuration throws
 * `CsvValidation.SchemaInvalid`: a deployment bug, not a data problem.
 */
export const handler = async (event: CsvValidateEvent): Promise<CsvValidateOutput> => {
  if (deployed === undefined) {
    const bad = (message: string): Error => Object.assign(new Error(message), { name: 'CsvValidation.SchemaInvalid' });
    const envName = SCHEMA_ENV_VARS.find((n) => (process.env[n] ?? '') !== '');
    if (envName === undefined) throw bad('csv-validate: environment variable CSV_SCHEMA (or SCHEMA_JSON) is not set; deploy the function with the schema from schemaToJson()');
    const schema = schemaFromJson(process.env[envName]);
    if (schema.isErr()) throw bad(`csv-validate: ${envName} is invalid at ${schema.error.path || '/'}: ${schema.error.message}`);
    const rawMax = process.env['CSV_MAX_PROBLEMS'];
    const maxProblems = rawMax === undefined || rawMax === '' ? undefined : Number(rawMax);
    if (maxProblems !== undefined && !(Number.isSafeInteger(maxProblems) && maxProblems > 0)) {
      throw bad(`csv-validate: CSV_MAX_PROBLEMS must be a positive integer, got ${JSON.stringify(rawMax)}`);
    }
    deployed = createCsvValidateHandler({
      s3: new S3Client({}),
      schema: schema.value,
      ...(maxProblems !== undefined ? { validator: { maxProblems } } : {}),
    });
  }
  return deployed(event);
};
