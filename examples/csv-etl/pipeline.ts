/**
 * The flagship pipeline: a CSV file of orders lands under `source/` in the
 * data bucket; the S3 trigger starts one execution per object with
 * `{ bucket, key, size, versionId?, eTag? }`.
 *
 * 1. validate the file against the orders schema;
 * 2. Glue `stage` loads it into the stage table and archives it as `archive/<run id>/<key>`;
 * 3. Glue `transform` turns the stage table into the `orders` table;
 * 4. a success notification says what was loaded.
 *
 * A file that fails validation moves to `error/<run id>/<key>`, its problem
 * report is written beside it (`error/<run id>/<key>.problems.json`; the run id
 * is the execution name, one per object version: see the example's README) and an error notification
 * carrying the report goes out (read back out of the error's Cause: message,
 * counts, the first problems with line and column; see read-report.ts). A file
 * over the size limit is refused and stays where it is; any other error
 * sends an error notification naming the failing step, error and cause, then
 * fails the execution. Glue concurrency and throttling errors, and transient
 * Lambda errors, are retried with exponential backoff and full jitter. The
 * file is always under exactly one of `source/`, `archive/` or `error/`.
 */
import { bucket, fmt, glueJob, pipeline, s3Put, topic } from '../../src/index.js';
import type { GlueErrorName, RetryOptions, S3ErrorName, ValidateErrorName } from '../../src/index.js';
import { deleteCopy } from './delete-copy.js';
import { readReport } from './read-report.js';
import { orders } from './schema.js';

/** The execution input, as the S3 trigger sends it. */
export interface CsvUpload {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly versionId?: string;
  readonly eTag?: string;
}

/** The data bucket: `source/` (incoming), `archive/` (loaded), `error/` (rejected), `manifests/` (what each COPY loads). */
export const data = bucket('data');
/** Where success and error notifications go. */
export const alerts = topic('alerts');

/** Loads the raw file into the stage table and moves it to `archive/`. */
export const stageJob = glueJob('stage', {
  script: './jobs/stage.py',
  arguments: ['--bucket', '--key', '--archive-prefix', '--manifest-prefix', '--stage-table', '--run-id'],
  // COPY reads a manifest listing exactly the one object, written to manifests/<run id>.manifest.
  defaultArguments: { '--archive-prefix': 'archive/', '--manifest-prefix': 'manifests/' },
});

/** Merges the stage table into the target table. */
export const transformJob = glueJob('transform', {
  script: './jobs/transform.py',
  arguments: ['--stage-table', '--target-table', '--run-id'],
});

const STAGE_TABLE = 'staging.orders';
const TARGET_TABLE = 'public.orders';

/** Retries of the Glue steps: the job is busy (concurrency limit) or Glue throttles. */
const glueRetry: readonly RetryOptions<GlueErrorName>[] = [
  { on: ['Glue.ConcurrentRunsExceededException', 'Glue.ThrottlingException'], every: '30s', attempts: 6, backoff: 2, maxDelay: '10m', jitter: 'full' },
];

/** Retries of the validator Lambda's transient service errors. */
const lambdaRetry: readonly RetryOptions<ValidateErrorName>[] = [
  {
    on: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException'],
    every: '2s', attempts: 6, backoff: 2, maxDelay: '1m', jitter: 'full',
  },
];

/** What a catch handler receives: the state plus the error. */
type Failure = CsvUpload & { readonly error: { readonly Error: string; readonly Cause: string } };

/**
 * The catch handler of any other error of `step`: an error notification naming
 * the step (and `action`, what an operator must do, if any), then fail.
 */
function failed(step: string, action?: string) {
  return {
    on: ['States.ALL'] as const,
    then: pipeline<Failure>(`failed-${step}`)
      .notify(alerts, (s) => ({ status: 'failed', step, bucket: s.bucket, key: s.key, error: s.error.Error, cause: s.error.Cause, ...(action === undefined ? {} : { action }) }), {
        id: `notify-failed-${step}`,
        name: `Notify failure (${step})`,
        subject: 'CSV load failed',
        discardResult: true,
      })
      .fail({ name: `Failed (${step})`, error: 'CsvEtl.Failed', cause: (s) => s.error.Cause }),
  };
}

/**
 * The catch handler of any other error of the validator (a file over the size
 * limit, a Lambda failure): as {@link failed}, and the notification also
 * carries the validator's report when the Cause holds one (see read-report.ts).
 */
function validateFailed() {
  return {
    on: ['States.ALL'] as const,
    then: pipeline<Failure>('failed-validate')
      .step(readReport({ id: 'read-report-validate' }), { name: 'Read report (validate)', resultAt: 'rejection' })
      .notify(alerts, (s) => ({ status: 'failed', step: 'validate', bucket: s.bucket, key: s.key, error: s.error.Error, cause: s.error.Cause, report: s.rejection.report }), {
        id: 'notify-failed-validate',
        name: 'Notify failure (validate)',
        subject: 'CSV load failed',
        discardResult: true,
      })
      .fail({ name: 'Failed (validate)', error: 'CsvEtl.Failed', cause: (s) => s.error.Cause }),
  };
}

/** Retries of the S3 calls of the quarantine and its undo. */
const s3Retry: readonly RetryOptions<S3ErrorName>[] = [{ on: ['S3.S3Exception'], every: '1s', attempts: 3, backoff: 2, jitter: 'full' }];

/**
 * Deleting the source after the copy to `error/` failed for good: delete the
 * copy again (the file stays in `source/` only), then report the failure. Only
 * if that fails too (S3 refusing every call for the whole retry window) is the
 * file under both prefixes; the notification then says so.
 */
const undoQuarantine = pipeline<Failure>('undo-quarantine')
  .step(deleteCopy<Failure>({ id: 'undo-quarantine', bucket: data, prefix: 'error/' }), {
    name: 'Delete the error/ copy',
    discardResult: true,
    retry: [{ on: ['S3.S3Exception'], every: '2s', attempts: 5, backoff: 2, maxDelay: '1m', jitter: 'full' }],
    catch: [failed('quarantine-undo', 'the file is under both source/ and error/: delete the error/ copy by hand, then redrive')],
  })
  .notify(alerts, (s) => ({ status: 'failed', step: 'quarantine', bucket: s.bucket, key: s.key, error: s.error.Error, cause: s.error.Cause }), {
    id: 'notify-failed-quarantine-delete',
    name: 'Notify failure (quarantine-delete)',
    subject: 'CSV load failed',
    discardResult: true,
  })
  .fail({ name: 'Failed (quarantine-delete)', error: 'CsvEtl.Failed', cause: (s) => s.error.Cause });

/** The CSV ETL pipeline. */
export const csvEtl = pipeline<CsvUpload>('csv-etl', { comment: 'Validate, stage and transform one CSV file of orders' })
  .validate(orders, {
    name: 'Validate',
    resultAt: 'validation',
    retry: lambdaRetry,
    catch: [
      {
        // Not CsvValidation.TooLarge: a file over the size limit is refused and moved nowhere (as the trigger
        // refuses it); it fails below with a notification and stays in source/.
        on: ['CsvValidation.Invalid', 'CsvValidation.Empty', 'CsvValidation.HeaderOnly', 'CsvValidation.Binary', 'CsvValidation.Encoding'],
        then: (b) => b
          .step(readReport({ id: 'read-report' }), { name: 'Read problem report', resultAt: 'rejection' })
          // S3 has no rename: copy, then delete the source. If the delete fails
          // for good, the copy is deleted again, so the file stays in source/ only.
          .s3.copy({
            id: 'quarantine',
            name: 'Copy to error/',
            from: { bucket: data, prefix: 'source/', key: (s) => s.key },
            to: { bucket: data, prefix: 'error/', key: (s, ctx) => fmt`error/${ctx.execution.name}/${s.key}` },
            discardResult: true,
            retry: s3Retry,
            catch: [failed('quarantine')],
          })
          .s3.delete({
            id: 'quarantine-delete',
            name: 'Delete from source/',
            bucket: data,
            prefix: 'source/',
            key: (s) => s.key,
            discardResult: true,
            retry: s3Retry,
            catch: [{ on: ['States.ALL'], then: undoQuarantine }],
          })
          .step(s3Put({
            id: 'problem-report',
            bucket: data,
            prefix: 'error/',
            key: (s, ctx) => fmt`error/${ctx.execution.name}/${s.key}.problems.json`,
            body: (s) => ({ bucket: s.bucket, key: s.key, error: s.error.Error, report: s.rejection.report }),
            contentType: 'application/json',
          }), { name: 'Write problem report', discardResult: true, catch: [failed('problem-report')] })
          .notify(alerts, (s) => ({ status: 'rejected', bucket: s.bucket, key: s.key, error: s.error.Error, report: s.rejection.report }), {
            id: 'notify-rejected',
            name: 'Notify rejected',
            subject: 'CSV file rejected',
            discardResult: true,
          })
          .fail({ name: 'Rejected', error: 'CsvEtl.InvalidFile', cause: (s) => s.error.Cause }),
      },
      validateFailed(),
    ],
  })
  .glue(stageJob, {
    args: (s, ctx) => ({ '--bucket': s.bucket, '--key': s.key, '--stage-table': STAGE_TABLE, '--run-id': ctx.execution.name }),
    name: 'Stage',
    resultAt: 'stage',
    retry: glueRetry,
    catch: [failed('stage')],
  })
  .glue(transformJob, {
    args: (_s, ctx) => ({ '--stage-table': STAGE_TABLE, '--target-table': TARGET_TABLE, '--run-id': ctx.execution.name }),
    name: 'Transform',
    resultAt: 'transform',
    retry: glueRetry,
    catch: [failed('transform')],
  })
  .notify(alerts, (s) => ({ status: 'loaded', bucket: s.bucket, key: s.key, rows: s.validation.rows, bytes: s.validation.bytes, table: TARGET_TABLE }), {
    id: 'notify-loaded',
    name: 'Notify loaded',
    subject: 'CSV loaded',
    discardResult: true,
    catch: [failed('notify-loaded')],
  });

export default csvEtl;
