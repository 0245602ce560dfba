/**
 * What the two local Glue jobs share: their injected clients, the Redshift
 * Data API batch-then-poll loop, and the checks that keep object keys and run
 * ids safe to write into SQL text. The Python shell scripts beside this file
 * (stage.py, transform.py) do exactly the same, with boto3.
 */
import { BatchExecuteStatementCommand, DescribeStatementCommand } from '@aws-sdk/client-redshift-data';
import type { BatchExecuteStatementCommandOutput, DescribeStatementCommandOutput } from '@aws-sdk/client-redshift-data';
import type {
  CopyObjectCommand, CopyObjectCommandOutput, DeleteObjectCommand, DeleteObjectCommandOutput, GetObjectCommand, GetObjectCommandOutput,
} from '@aws-sdk/client-s3';

/** The S3 calls the jobs make (an `S3Client`, or the local S3's client face). */
export interface JobS3Client {
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
  send(command: CopyObjectCommand): Promise<CopyObjectCommandOutput>;
  send(command: DeleteObjectCommand): Promise<DeleteObjectCommandOutput>;
}

/** The Redshift Data API calls the jobs make (a `RedshiftDataClient`, or the local DuckDB face). */
export interface JobRedshiftDataClient {
  send(command: BatchExecuteStatementCommand): Promise<BatchExecuteStatementCommandOutput>;
  send(command: DescribeStatementCommand): Promise<DescribeStatementCommandOutput>;
}

/** Clients and connection settings of the jobs. */
export interface JobDeps {
  readonly s3: JobS3Client;
  readonly redshiftData: JobRedshiftDataClient;
  /** Where the statements run: the Data API's Database plus a cluster or a workgroup. @default { Database: 'dev' } */
  readonly target?: { readonly Database: string; readonly ClusterIdentifier?: string; readonly WorkgroupName?: string; readonly DbUser?: string; readonly SecretArn?: string };
  /** Waits between describe polls. @default no wait (the local Data API answers on the next describe) */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A job failure with a message that says what to do; Glue reports it as the run's ErrorMessage. */
export class JobError extends Error {
  override readonly name = 'JobError';
}

const RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** Checks a run id (a Step Functions execution name) before it becomes a SQL string literal. */
export function runIdLiteral(runId: string | undefined): string {
  if (runId === undefined || !RUN_ID.test(runId)) {
    throw new JobError(`--run-id ${JSON.stringify(runId)} must be 1-80 characters of A-Z, a-z, 0-9, _ and - (an execution name)`);
  }
  return `'${runId}'`;
}

/**
 * An object key as a SQL string literal. Keys with a quote, a backslash or a
 * control character are refused rather than escaped: Redshift and DuckDB
 * disagree on backslash escapes, and no escaping is the only escaping that
 * cannot go wrong.
 */
export function keyLiteral(key: string): string {
  // eslint-disable-next-line no-control-regex
  if (key === '' || /['\\\u0000-\u001f\u007f]/.test(key)) {
    throw new JobError(`object key ${JSON.stringify(key)} contains a quote, a backslash or a control character; rename the file (only such keys are refused)`);
  }
  return `'${key}'`;
}

/** A required `--name` argument. */
export function requiredArg(args: Readonly<Record<string, string>>, name: string): string {
  const v = args[name];
  if (v === undefined || v === '') throw new JobError(`the job argument ${name} is missing; pass it in the state's Arguments or the job's DefaultArguments`);
  return v;
}

/** Runs statements as one Data API batch (one transaction) and polls until it ends; throws with the database's error when it failed. */
export async function runBatch(deps: JobDeps, sqls: readonly string[], what: string): Promise<void> {
  const target = deps.target ?? { Database: 'dev' };
  const { Id } = await deps.redshiftData.send(new BatchExecuteStatementCommand({ ...target, Sqls: [...sqls] }));
  if (Id === undefined) throw new JobError(`${what}: BatchExecuteStatement returned no statement id`);
  for (let polls = 0; ; polls++) {
    const d = await deps.redshiftData.send(new DescribeStatementCommand({ Id }));
    if (d.Status === 'FINISHED') return;
    if (d.Status === 'FAILED' || d.Status === 'ABORTED') throw new JobError(failureText(what, d));
    await (deps.sleep ?? (() => Promise.resolve()))(Math.min(200 * 2 ** polls, 5_000));
  }
}

/** What failed: the batch, which of its statements (from `SubStatements`) and the database's error; stage.py and transform.py say the same. */
export function failureText(what: string, d: Pick<DescribeStatementCommandOutput, 'Status' | 'Error' | 'SubStatements'>): string {
  const subs = d.SubStatements ?? [];
  const i = subs.findIndex((s) => s.Status === 'FAILED' || s.Status === 'ABORTED');
  const at = i < 0 ? '' : ` at statement ${i + 1} of ${subs.length} (${briefSql(subs[i]?.QueryString ?? '')})`;
  const error = [d.Error, ...subs.map((s) => s.Error)].find((e) => e !== undefined && e !== '') ?? 'no error text';
  return `${what} failed (${d.Status ?? 'FAILED'})${at}: ${error}`;
}

/** The start of a statement on one line, cut at a space. */
export function briefSql(sql: string, width = 60): string {
  const text = sql.split(/\s+/).filter((w) => w !== '').join(' ');
  return text.length <= width ? text : `${text.slice(0, width).replace(/ [^ ]*$/, '')} \u2026`;
}

/** Splits a SQL file into statements: each ends with `;` at the end of a line; `--` comment lines are dropped. */
export function splitStatements(sql: string): string[] {
  const body = sql.split('\n').filter((l) => !/^\s*--/.test(l)).join('\n');
  return body.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter((s) => s !== '');
}
