/**
 * The local `stage` Glue job, the TypeScript twin of `stage.py`: load one CSV
 * object into the stage table through the Redshift Data API, replacing that
 * file's earlier rows in the same transaction (so restaging is idempotent),
 * COPY reading a manifest that lists exactly that object (so `a.csv.bak` beside
 * `a.csv` is not loaded with it), then archive the file (copy to `--archive-prefix`, delete the source).
 *
 * Data values reach the database only through COPY; the column list comes
 * from the file's header, each name checked as a SQL identifier and quoted.
 */
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { checkSqlIdentifier, quoteIdent, quoteQualifiedIdent } from '../../../src/csv/index.js';
import type { JobDeps } from './common.js';
import { JobError, keyLiteral, requiredArg, runBatch, runIdLiteral } from './common.js';

/** Bytes read to find the header line. */
const HEADER_BYTES = 64 * 1024;

/** The arguments of one stage run, as Glue passes them. */
export interface StageArgs {
  readonly bucket: string;
  readonly key: string;
  readonly stageTable: string;
  readonly runId: string;
  readonly archivePrefix: string;
  /** Where the COPY manifest is written, in the data bucket (e.g. `manifests/`). */
  readonly manifestPrefix: string;
  /** The role COPY reads the file with: `default` (the cluster's default IAM role) or a role ARN. @default 'default' */
  readonly copyIamRole: string;
}

/** Reads and checks the job's `--arguments`. */
export function stageArgs(args: Readonly<Record<string, string>>): StageArgs {
  const archivePrefix = requiredArg(args, '--archive-prefix');
  if (!/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*\/$/.test(archivePrefix)) {
    throw new JobError(`--archive-prefix ${JSON.stringify(archivePrefix)} must be folder names of A-Z, a-z, 0-9, _ and - ending with '/', e.g. archive/`);
  }
  const manifestPrefix = requiredArg(args, '--manifest-prefix');
  if (!/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*\/$/.test(manifestPrefix)) {
    throw new JobError(`--manifest-prefix ${JSON.stringify(manifestPrefix)} must be folder names of A-Z, a-z, 0-9, _ and - ending with '/', e.g. manifests/`);
  }
  const copyIamRole = args['--copy-iam-role'] ?? 'default';
  return { bucket: requiredArg(args, '--bucket'), key: requiredArg(args, '--key'), stageTable: requiredArg(args, '--stage-table'), runId: requiredArg(args, '--run-id'), archivePrefix, manifestPrefix, copyIamRole };
}

/**
 * The COPY manifest's key, `<manifest prefix><run id>.manifest` in the data bucket:
 * one per upload (the run id is one per object version), the same on a re-run.
 */
export function manifestKey(a: Pick<StageArgs, 'manifestPrefix' | 'runId'>): string {
  runIdLiteral(a.runId); // refuses a run id that is not an execution name
  return `${a.manifestPrefix}${a.runId}.manifest`;
}

/**
 * The COPY manifest: exactly the one object, mandatory (COPY of a plain
 * `s3://bucket/key` would load every key starting with it, `a.csv.bak` too).
 * `meta.content_length` is for ORC/Parquet only. The same bytes as stage.py writes.
 */
export function manifestBody(a: Pick<StageArgs, 'bucket' | 'key'>): string {
  return JSON.stringify({ entries: [{ url: `s3://${a.bucket}/${a.key}`, mandatory: true }] });
}

/** The quoted column list from a CSV header line (BOM and CR stripped, simple quotes removed), each name checked. */
export function headerColumns(headerLine: string, delimiter = ','): string[] {
  const line = headerLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
  return line.split(delimiter).map((raw) => {
    const name = raw.trim().replace(/^"(.*)"$/, '$1');
    const ok = checkSqlIdentifier(name, 'CSV column');
    if (ok.isErr()) throw new JobError(`${ok.error.message} (header of the file)`);
    return quoteIdent(name);
  });
}

/** The statements of one staging transaction: forget the file's rows, COPY it, tag the new rows with the file and run. */
export function stageStatements(a: StageArgs, columns: readonly string[]): string[] {
  let table: string;
  try {
    table = quoteQualifiedIdent(a.stageTable);
  } catch (e) {
    throw new JobError(`--stage-table: ${(e as Error).message}`);
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(a.bucket)) throw new JobError(`--bucket ${JSON.stringify(a.bucket)} is not an S3 bucket name`);
  const key = keyLiteral(a.key);
  const run = runIdLiteral(a.runId);
  if (a.copyIamRole !== 'default' && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/.test(a.copyIamRole)) {
    throw new JobError(`--copy-iam-role ${JSON.stringify(a.copyIamRole)} is not an IAM role ARN (or "default")`);
  }
  // The local COPY ignores the role (it reads the local S3); Redshift reads the file with it.
  const role = a.copyIamRole === 'default' ? 'IAM_ROLE default' : `IAM_ROLE '${a.copyIamRole}'`;
  return [
    `DELETE FROM ${table} WHERE source_key = ${key}`,
    `COPY ${table} (${columns.join(', ')}) FROM 's3://${a.bucket}/${manifestKey(a)}' ${role} FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto' MANIFEST`,
    `UPDATE ${table} SET source_key = ${key}, run_id = ${run} WHERE source_key IS NULL`,
  ];
}

async function readHeaderLine(deps: JobDeps, bucket: string, key: string): Promise<string> {
  const out = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${HEADER_BYTES - 1}` }));
  const body = out.Body;
  if (body === undefined) throw new JobError(`s3://${bucket}/${key} has no body`);
  const text = Buffer.from(await body.transformToByteArray()).toString('utf8');
  const end = text.indexOf('\n');
  if (end < 0) throw new JobError(`s3://${bucket}/${key}: no header line ends within the first ${HEADER_BYTES} bytes`);
  return text.slice(0, end);
}

/** S3 wants `CopySource` URL-encoded, slashes kept. */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
}

/**
 * The archive key, `<archive prefix><run id>/<key>` (e.g. `archive/orders-csv-1f…/source/orders.csv`):
 * the run id (the execution name) is one per object version, so no two uploads
 * share an archive key, and a re-run of the same upload reaches the same one.
 */
export function archivedKey(a: Pick<StageArgs, 'archivePrefix' | 'runId' | 'key'>): string {
  runIdLiteral(a.runId); // refuses a run id that is not an execution name
  return `${a.archivePrefix}${a.runId}/${a.key}`;
}

/**
 * Moves the file to the archive: copy, then delete the source. When the delete
 * fails the copy is removed again (best effort), so the file stays under one prefix.
 */
export async function archive(deps: JobDeps, a: StageArgs): Promise<string> {
  const archived = archivedKey(a);
  await deps.s3.send(new CopyObjectCommand({ Bucket: a.bucket, Key: archived, CopySource: copySource(a.bucket, a.key) }));
  try {
    await deps.s3.send(new DeleteObjectCommand({ Bucket: a.bucket, Key: a.key }));
  } catch (e) {
    await deps.s3.send(new DeleteObjectCommand({ Bucket: a.bucket, Key: archived })).catch(() => undefined);
    throw e;
  }
  return archived;
}

/** Builds the local stage job on injected clients. */
export function stageJob(deps: JobDeps): (args: Readonly<Record<string, string>>, ctx?: { log(line: string): void }) => Promise<void> {
  return async (args, ctx) => {
    const a = stageArgs(args);
    const columns = headerColumns(await readHeaderLine(deps, a.bucket, a.key));
    const statements = stageStatements(a, columns); // checks every argument before the first write
    await deps.s3.send(new PutObjectCommand({ Bucket: a.bucket, Key: manifestKey(a), Body: manifestBody(a), ContentType: 'application/json' }));
    await runBatch(deps, statements, `staging s3://${a.bucket}/${a.key} into ${a.stageTable}`);
    const archived = await archive(deps, a);
    ctx?.log(`staged s3://${a.bucket}/${a.key} into ${a.stageTable}; archived as ${archived}`);
  };
}

export default stageJob;
