/**
 * The one door to DuckDB: everything of the local Redshift that needs
 * `@duckdb/node-api` at runtime (opening a database, running a statement and
 * reading its result, COPY) goes through this module.
 *
 * Why a door: DuckDB is a native module (~50 MB of shared library, loaded and
 * initialised on first require). `statecraft/local` re-exports every local
 * service, so a static import here would load DuckDB in every program that
 * runs the interpreter, Redshift or not. `LocalRedshiftData` imports this
 * module with `import()` when it opens its first database, and the other
 * files of the Redshift service import `@duckdb/node-api` for types only.
 * `test/local/services/lazy-duckdb.test.ts` checks it in a fresh process.
 * @internal
 */
import { DuckDBInstance, ResultReturnType, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { columnMetadata, toField } from './redshift-result.js';
import type { GetStatementResultOutput } from './redshift-types.js';

export { runCopy } from './copy-runner.js';

/** An open database and its one connection. @internal */
export interface DuckDbHandle {
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
}

/** What a statement gave: a result set, or a count of changed rows (-1 when the statement counts none). @internal */
export type StatementOutcome =
  | { readonly kind: 'rows'; readonly result: GetStatementResultOutput }
  | { readonly kind: 'changed'; readonly rows: number };

/** Opens (or creates) a database file, or `:memory:`. @internal */
export async function openDuckDb(file: string): Promise<DuckDbHandle> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  return { instance, conn };
}

/** Runs one statement with bound values and returns its result in the Data API's shapes. @internal */
export async function runStatement(conn: DuckDBConnection, sql: string, values: Readonly<Record<string, string>>): Promise<StatementOutcome> {
  const reader = await conn.runAndReadAll(sql, { ...values });
  if (reader.returnType === ResultReturnType.QUERY_RESULT) {
    const types = reader.columnTypes();
    const records = reader.getRows().map((row) => row.map((v, i) => toField(v, types[i]!)));
    return { kind: 'rows', result: { Records: records, ColumnMetadata: columnMetadata(reader.columnNames(), types), TotalNumRows: records.length } };
  }
  const counted = reader.statementType === StatementType.INSERT || reader.statementType === StatementType.UPDATE || reader.statementType === StatementType.DELETE;
  return { kind: 'changed', rows: counted ? reader.rowsChanged : -1 };
}

/** Runs one statement and returns its rows as plain JSON objects (decimals, dates and big integers as text). @internal */
export async function queryJson(conn: DuckDBConnection, sql: string, values: Readonly<Record<string, string>>): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, { ...values });
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}
