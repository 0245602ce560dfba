/**
 * Runs a Redshift COPY statement on DuckDB (see copy-shim.ts for the parsing
 * and the generated INSERT): lists the objects under the prefix in the local
 * S3 (or, with MANIFEST, reads the manifest and takes exactly its entries), resolves their files inside the S3 root, looks up the target columns
 * and loads with every value bound. Loaded with DuckDB, through duckdb-engine.ts.
 */
import { LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { LocalServiceError } from '../internal/service-error.js';
import { keySegments } from '../s3/key-path.js';
import type { LocalS3 } from '../s3/local-s3.js';
import { CopyShimError, copyInsertSql, parseCopy, parseManifest, type CopyPlan, type TargetColumn } from './copy-shim.js';
import type { SqlToken } from './sql-lexer.js';
import { StatementError } from './statement-error.js';

/** Runs a COPY statement; returns the rows loaded or throws a {@link StatementError}. @internal */
export async function runCopy(conn: DuckDBConnection, s3: LocalS3 | undefined, tokens: readonly SqlToken[]): Promise<number> {
  let plan;
  try {
    plan = parseCopy(tokens);
  } catch (e) {
    if (e instanceof CopyShimError) throw new StatementError(`ERROR: ${e.message}`);
    throw e;
  }
  if (s3 === undefined) throw new StatementError('ERROR: COPY FROM S3 needs the local S3; create the Redshift service with the s3 option (createLocalServices does).');
  const objects = plan.manifest ? await manifestObjects(s3, plan) : await prefixObjects(s3, plan);
  const keys = objects.map((o) => `s3://${o.bucket}/${o.key}`);
  const files = objects.map((o) => o.file);
  const info = await conn.runAndReadAll(
    'SELECT column_name, data_type FROM information_schema.columns WHERE lower(table_name) = lower($t) AND ($s IS NULL OR lower(table_schema) = lower($s)) ORDER BY ordinal_position',
    { t: plan.table, s: plan.schema ?? null },
    { s: VARCHAR },
  );
  const tableColumns: TargetColumn[] = info.getRows().map((r) => ({ name: String(r[0]), type: String(r[1]) }));
  const display = `${plan.schema === undefined ? '' : `${plan.schema}.`}${plan.table}`;
  if (tableColumns.length === 0) throw new StatementError(`ERROR: relation "${display}" does not exist`);
  let columns = tableColumns;
  if (plan.columns !== undefined) {
    columns = plan.columns.map((c) => {
      const col = tableColumns.find((t) => t.name.toLowerCase() === c.toLowerCase());
      if (col === undefined) throw new StatementError(`ERROR: column "${c}" of relation "${display}" does not exist`);
      return col;
    });
  }
  const values: Record<string, string | bigint | ReturnType<typeof listValue>> = {
    files: listValue(files),
    skip: BigInt(plan.ignoreHeader),
    delim: plan.delimiter,
    quote: plan.quote,
    nullstr: plan.nullAs,
    nullstrs: listValue([plan.nullAs, '']),
    compression: plan.gzip ? 'gzip' : 'auto',
    ...(plan.escape === undefined ? {} : { escape: plan.escape }),
  };
  try {
    const sql = copyInsertSql(plan, columns);
    // Bind only the parameters this statement uses (DuckDB refuses unknown ones).
    const used = Object.fromEntries(Object.entries(values).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
    const result = await conn.run(sql, used, { files: LIST(VARCHAR), nullstrs: LIST(VARCHAR) });
    return result.rowsChanged;
  } catch (e) {
    // The reader names columns c0, c1, …: say which table column that is.
    // Keep DuckDB's first paragraph (what and where); its tips are about read_csv options the user never wrote.
    const full = (e as Error).message;
    const message = full.split('\n\n')[0]!.replace(/column "c(\d+)"/g, (m, i: string) => (columns[Number(i)] === undefined ? m : `column "${columns[Number(i)]!.name}"`));
    const file = /file = (.*)/.exec(full)?.[1];
    const at = file === undefined ? -1 : files.indexOf(file.trim());
    throw new StatementError(`ERROR: Load into table '${display}' failed${at < 0 ? '' : ` reading ${keys[at]!}`}: ${message}`);
  }
}

interface LoadObject {
  readonly bucket: string;
  readonly key: string;
  /** Its file, resolved by the local S3 (which keeps it inside the bucket folder). */
  readonly file: string;
}

/** Every object whose key starts with the prefix, as Redshift loads them without MANIFEST. */
async function prefixObjects(s3: LocalS3, plan: CopyPlan): Promise<LoadObject[]> {
  const keys: string[] = [];
  try {
    // The prefix comes from the statement: it obeys the same key rules (no '..', no absolute path).
    keySegments(plan.prefix.replace(/\/+$/, ''));
    let token: string | undefined;
    do {
      const page = await s3.listObjectsV2({ Bucket: plan.bucket, Prefix: plan.prefix, ...(token === undefined ? {} : { ContinuationToken: token }) });
      keys.push(...page.Contents.map((o) => o.Key));
      token = page.NextContinuationToken;
    } while (token !== undefined);
  } catch (e) {
    if (e instanceof LocalServiceError) throw new StatementError(`ERROR: S3ServiceException: ${e.message}`);
    throw e;
  }
  if (keys.length === 0) throw new StatementError(`ERROR: The specified S3 prefix '${plan.prefix}' does not exist (bucket '${plan.bucket}').`);
  return Promise.all(keys.map(async (key) => ({ bucket: plan.bucket, key, file: await s3.objectFile(plan.bucket, key) })));
}

/**
 * MANIFEST: the manifest object is read (its key exactly, no prefix match) and
 * exactly its entries are loaded; a missing mandatory entry fails the COPY, a
 * missing optional one is skipped, and no object found at all fails it (as in Redshift).
 */
async function manifestObjects(s3: LocalS3, plan: CopyPlan): Promise<LoadObject[]> {
  const where = `s3://${plan.bucket}/${plan.prefix}`;
  let entries;
  try {
    keySegments(plan.prefix);
    entries = parseManifest((await s3.getObjectBytes({ Bucket: plan.bucket, Key: plan.prefix })).toString('utf8'), where);
  } catch (e) {
    if (e instanceof CopyShimError) throw new StatementError(`ERROR: ${e.message}`);
    if (e instanceof LocalServiceError) throw new StatementError(`ERROR: could not read the manifest ${where}: ${e.message}`);
    throw e;
  }
  const found: LoadObject[] = [];
  for (const entry of entries) {
    const url = `s3://${entry.bucket}/${entry.key}`;
    let file: string;
    try {
      keySegments(entry.key);
      file = await s3.objectFile(entry.bucket, entry.key);
    } catch (e) {
      if (!(e instanceof LocalServiceError)) throw e;
      if (entry.mandatory) throw new StatementError(`ERROR: Manifest file ${where} lists the mandatory file ${url}, which is missing: ${e.message}`);
      continue;
    }
    found.push({ bucket: entry.bucket, key: entry.key, file });
  }
  if (found.length === 0) throw new StatementError(`ERROR: Manifest file ${where} lists no file that exists.`);
  return found;
}
