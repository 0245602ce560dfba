/**
 * The Redshift Data API over an embedded DuckDB database.
 *
 * Statements run in the background, one at a time per database (DuckDB
 * connection), and their status follows a deterministic scheme so a poll loop
 * behaves the same on every run: the first `pendingDescribes` calls of
 * `describeStatement` report `STARTED`; the next waits for the statement to
 * end and reports `FINISHED`, `FAILED` or `ABORTED`. `getStatementResult`
 * answers only once a describe has reported `FINISHED`, as AWS refuses results
 * of a statement that has not finished.
 *
 * Named parameters (`:name`) are bound, never pasted into SQL. Redshift
 * functions DuckDB lacks are macros; `COPY … FROM 's3://…'` reads from the
 * local S3. See DIALECT.md for the differences that remain.
 *
 * DuckDB (a native module) is loaded when the first database opens, not when
 * this module loads: see duckdb-engine.ts.
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/Welcome.html
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { LocalServiceError } from '../internal/service-error.js';
import type { LocalS3 } from '../s3/local-s3.js';
import { isCopyFrom } from './copy-shim.js';
import { NOW_VARIABLE, SHIM_MACROS, rewriteSql, type RewrittenStatement } from './redshift-dialect.js';
import type {
  BatchExecuteStatementInput, DescribeStatementOutput, ExecuteStatementInput, ExecuteStatementOutput, GetStatementResultOutput,
  LocalRedshiftDataOptions, SqlParameter, StatementStatus, StatementTarget, SubStatementData,
} from './redshift-types.js';
import { SqlLexError, isWord, significant } from './sql-lexer.js';
import { StatementError } from './statement-error.js';

type Engine = typeof import('./duckdb-engine.js');

let engineLoad: Promise<Engine> | undefined;

/** Loads DuckDB once, on first use (see duckdb-engine.ts for why it is not a static import). */
function loadEngine(): Promise<Engine> {
  engineLoad ??= import('./duckdb-engine.js').catch((e: unknown) => {
    engineLoad = undefined;
    throw new Error(`the local Redshift runs on DuckDB, and @duckdb/node-api could not be loaded (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); reinstall the dependencies (npm ci) on this platform.`);
  });
  return engineLoad;
}

interface Database {
  readonly engine: Engine;
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  /** Statements run one after another on the one connection. */
  tail: Promise<unknown>;
}

interface SubRecord {
  readonly id: string;
  readonly sql: string;
  status: StatementStatus;
  error?: string;
  resultRows: number;
  resultSize: number;
  hasResultSet: boolean;
  readonly createdAt: number;
  updatedAt: number;
  readonly queryId: number;
  result?: GetStatementResultOutput;
}

interface StatementRecord {
  readonly id: string;
  readonly target: StatementTarget & { readonly Database: string };
  readonly createdAt: number;
  readonly parameters?: readonly SqlParameter[];
  readonly batch: boolean;
  readonly subs: SubRecord[];
  readonly pid: number;
  status: StatementStatus;
  error?: string;
  updatedAt: number;
  describes: number;
  reportedFinished: boolean;
  done: Promise<void>;
}

const DB_NAME_RE = /^[A-Za-z_][A-Za-z0-9_$]{0,126}$/;
const PARAM_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TERMINAL: ReadonlySet<StatementStatus> = new Set(['FINISHED', 'FAILED', 'ABORTED']);

function validation(message: string): LocalServiceError {
  return new LocalServiceError('RedshiftData', 'ValidationException', message, 400);
}

function sqlTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** The Redshift Data API on an embedded DuckDB. */
export class LocalRedshiftData {
  private readonly root: string;
  private readonly s3: LocalS3 | undefined;
  private readonly inMemory: boolean;
  private readonly defaultDb: string;
  private readonly now: () => number;
  private readonly pendingDescribes: number;
  private readonly databases = new Map<string, Promise<Database>>();
  private readonly statements = new Map<string, StatementRecord>();
  private queryCounter = 0;
  private closed = false;

  constructor(options: LocalRedshiftDataOptions) {
    this.root = path.resolve(options.root);
    this.s3 = options.s3;
    this.inMemory = options.inMemory ?? false;
    this.defaultDb = options.database ?? 'dev';
    this.now = options.now ?? Date.now;
    this.pendingDescribes = options.pendingDescribes ?? 1;
    if (!DB_NAME_RE.test(this.defaultDb)) throw new RangeError(`database: ${JSON.stringify(this.defaultDb)} is not a valid database name (letters, digits, '_' and '$', starting with a letter or '_').`);
    if (!Number.isInteger(this.pendingDescribes) || this.pendingDescribes < 0) throw new RangeError(`pendingDescribes must be a non-negative integer, got ${String(options.pendingDescribes)}.`);
  }

  /** Runs one SQL text (one or more statements, in order; the last one's result is kept). */
  executeStatement(input: ExecuteStatementInput): ExecuteStatementOutput {
    if (typeof input.Sql !== 'string' || input.Sql.trim() === '') throw validation('Sql is required and must be a non-empty string.');
    const params = checkParameters(input.Parameters);
    return this.submit(input, [input.Sql], false, params);
  }

  /** Runs several SQL texts in one transaction: all of them or, on a failure, none. */
  batchExecuteStatement(input: BatchExecuteStatementInput): ExecuteStatementOutput {
    if (!Array.isArray(input.Sqls) || input.Sqls.length === 0 || input.Sqls.length > 40) throw validation('Sqls must list 1 to 40 SQL statements.');
    input.Sqls.forEach((s, i) => {
      if (typeof s !== 'string' || s.trim() === '') throw validation(`Sqls[${i}] must be a non-empty string.`);
    });
    return this.submit(input, input.Sqls, true, undefined);
  }

  /** The statement's status (see the class comment for the deterministic STARTED → final scheme). */
  async describeStatement(input: { readonly Id: string }): Promise<DescribeStatementOutput> {
    const rec = this.record(input.Id);
    rec.describes += 1;
    if (rec.describes > this.pendingDescribes) {
      await rec.done;
      if (rec.status === 'FINISHED') rec.reportedFinished = true;
    }
    const status: StatementStatus = TERMINAL.has(rec.status) && rec.describes > this.pendingDescribes ? rec.status : 'STARTED';
    const subs = rec.subs.map((s) => this.subData(s, status));
    const last = rec.subs[rec.subs.length - 1]!;
    return {
      Id: rec.id,
      Status: status,
      QueryString: rec.subs.map((s) => s.sql).join('; '),
      HasResultSet: !rec.batch && status === 'FINISHED' && last.hasResultSet,
      ResultRows: status === 'FINISHED' ? (rec.batch ? rec.subs.reduce((n, s) => n + Math.max(0, s.resultRows), 0) : last.resultRows) : -1,
      ResultSize: status === 'FINISHED' ? rec.subs.reduce((n, s) => n + s.resultSize, 0) : 0,
      Duration: status === 'STARTED' ? -1 : (rec.updatedAt - rec.createdAt) * 1_000_000,
      CreatedAt: new Date(rec.createdAt),
      UpdatedAt: new Date(status === 'STARTED' ? rec.createdAt : rec.updatedAt),
      RedshiftQueryId: last.queryId,
      RedshiftPid: rec.pid,
      Database: rec.target.Database,
      ...(status === 'FAILED' && rec.error !== undefined ? { Error: rec.error } : {}),
      ...(rec.parameters === undefined ? {} : { QueryParameters: rec.parameters }),
      ...(rec.batch ? { SubStatements: subs } : {}),
      ...targetFields(rec.target),
    };
  }

  /** The rows of a finished statement (or of a batch's sub-statement `<id>:<n>`). */
  async getStatementResult(input: { readonly Id: string }): Promise<GetStatementResultOutput> {
    const m = /^(.*):(\d+)$/.exec(input.Id);
    const rec = this.statements.get(input.Id) ?? (m === null ? undefined : this.statements.get(m[1]!));
    if (rec === undefined) throw new LocalServiceError('RedshiftData', 'ResourceNotFoundException', `Query does not exist: ${input.Id}`, 400);
    const sub = m !== null && rec.id !== input.Id ? rec.subs[Number(m[2]) - 1] : rec.batch ? undefined : rec.subs[rec.subs.length - 1];
    if (sub === undefined) throw validation(`Id ${input.Id} names a batch; ask for a sub-statement result with '<id>:<n>'.`);
    if (!rec.reportedFinished || sub.status !== 'FINISHED') {
      throw new LocalServiceError('RedshiftData', 'ResourceNotFoundException', 'Query does not have result. Please check query status with DescribeStatement.', 400);
    }
    if (sub.result === undefined) throw new LocalServiceError('RedshiftData', 'ResourceNotFoundException', 'Query does not have result. The statement returned no rows (HasResultSet is false).', 400);
    return sub.result;
  }

  /** Waits until a statement has ended and returns its final description (skipping the STARTED phase). */
  async waitForStatement(id: string): Promise<DescribeStatementOutput> {
    const rec = this.record(id);
    await rec.done;
    rec.describes = Math.max(rec.describes, this.pendingDescribes);
    return this.describeStatement({ Id: id });
  }

  /**
   * Runs SQL directly and returns the rows as plain objects (values as JSON:
   * decimals, dates and big integers as text). For tests and tools; pipelines
   * use the Data API calls. Parameters are bound as in executeStatement.
   */
  async query(sql: string, parameters: Readonly<Record<string, string>> = {}, database?: string): Promise<Record<string, unknown>[]> {
    const db = await this.database(database ?? this.defaultDb);
    const statements = rewriteSql(sql);
    return this.enqueue(db, async () => {
      let rows: Record<string, unknown>[] = [];
      for (const st of statements) {
        await this.setNow(db);
        rows = await db.engine.queryJson(db.conn, st.sql, bindValues(st, parameters));
      }
      return rows;
    });
  }

  /** Closes every database. */
  async close(): Promise<void> {
    this.closed = true;
    const dbs = await Promise.allSettled([...this.databases.values()]);
    for (const d of dbs) {
      if (d.status !== 'fulfilled') continue;
      await d.value.tail.catch(() => undefined);
      d.value.conn.closeSync();
      d.value.instance.closeSync();
    }
    this.databases.clear();
  }

  private record(id: string): StatementRecord {
    const rec = typeof id === 'string' ? this.statements.get(id) : undefined;
    if (rec === undefined) throw new LocalServiceError('RedshiftData', 'ResourceNotFoundException', `Query does not exist: ${String(id)}`, 400);
    return rec;
  }

  private subData(s: SubRecord, visible: StatementStatus): SubStatementData {
    const status = visible === 'STARTED' ? (s.status === 'SUBMITTED' ? 'SUBMITTED' : 'STARTED') : s.status;
    return {
      Id: s.id,
      Status: status,
      QueryString: s.sql,
      HasResultSet: status === 'FINISHED' && s.hasResultSet,
      ResultRows: status === 'FINISHED' ? s.resultRows : -1,
      ResultSize: status === 'FINISHED' ? s.resultSize : 0,
      Duration: TERMINAL.has(status) ? (s.updatedAt - s.createdAt) * 1_000_000 : -1,
      CreatedAt: new Date(s.createdAt),
      UpdatedAt: new Date(s.updatedAt),
      RedshiftQueryId: s.queryId,
      ...(status === 'FAILED' && s.error !== undefined ? { Error: s.error } : {}),
    };
  }

  private submit(target: StatementTarget, sqls: readonly string[], batch: boolean, params: Readonly<Record<string, string>> | undefined): ExecuteStatementOutput {
    if (this.closed) throw new LocalServiceError('RedshiftData', 'InternalServerException', 'The local Redshift Data service is closed.', 500);
    const dbName = target.Database ?? this.defaultDb;
    if (!DB_NAME_RE.test(dbName)) throw validation(`Database ${JSON.stringify(dbName)} is not a valid database name.`);
    const id = randomUUID();
    const created = this.now();
    const rec: StatementRecord = {
      id,
      target: { ...target, Database: dbName },
      createdAt: created,
      ...(params === undefined ? {} : { parameters: Object.entries(params).map(([name, value]) => ({ name, value })) }),
      batch,
      subs: sqls.map((sql, i) => ({ id: batch ? `${id}:${i + 1}` : id, sql, status: 'SUBMITTED', resultRows: -1, resultSize: 0, hasResultSet: false, createdAt: created, updatedAt: created, queryId: ++this.queryCounter })),
      pid: 1_073_000_000 + (this.queryCounter % 1_000_000),
      status: 'SUBMITTED',
      updatedAt: created,
      describes: 0,
      reportedFinished: false,
      done: Promise.resolve(),
    };
    rec.done = this.database(dbName).then(
      (db) => this.enqueue(db, () => this.run(db, rec, params ?? {})),
      (e: unknown) => this.fail(rec, 0, e),
    );
    this.statements.set(id, rec);
    return { Id: id, CreatedAt: new Date(created), ...targetFields(rec.target), Database: dbName };
  }

  private async run(db: Database, rec: StatementRecord, params: Readonly<Record<string, string>>): Promise<void> {
    rec.status = 'STARTED';
    let index = 0;
    try {
      if (rec.batch) await db.conn.run('BEGIN TRANSACTION');
      for (; index < rec.subs.length; index++) {
        const sub = rec.subs[index]!;
        sub.status = 'STARTED';
        let statements: RewrittenStatement[];
        try {
          statements = rewriteSql(sub.sql);
        } catch (e) {
          throw new StatementError(`ERROR: ${e instanceof SqlLexError ? e.message : String(e)}`);
        }
        if (statements.length === 0) throw new StatementError('ERROR: the SQL text holds no statement.');
        for (const st of statements) await this.runOne(db, sub, st, params);
        sub.status = 'FINISHED';
        sub.updatedAt = this.now();
      }
      if (rec.batch) await db.conn.run('COMMIT');
      rec.status = 'FINISHED';
      rec.updatedAt = this.now();
    } catch (e) {
      // The Data API runs each call in its own session: uncommitted work never survives a failure.
      await db.conn.run('ROLLBACK').catch(() => undefined);
      this.fail(rec, index, e);
    } finally {
      if (!rec.batch) await db.conn.run('ROLLBACK').catch(() => undefined);
    }
  }

  private fail(rec: StatementRecord, index: number, e: unknown): void {
    const message = e instanceof StatementError ? e.message : `ERROR: ${e instanceof Error ? e.message : String(e)}`;
    const at = this.now();
    rec.subs.forEach((s, i) => {
      if (i === index) {
        s.status = 'FAILED';
        s.error = message;
        s.updatedAt = at;
      } else if (i > index) {
        s.status = 'ABORTED';
        s.updatedAt = at;
      }
    });
    rec.status = 'FAILED';
    rec.error = message;
    rec.updatedAt = at;
  }

  private async runOne(db: Database, sub: SubRecord, st: RewrittenStatement, params: Readonly<Record<string, string>>): Promise<void> {
    await this.setNow(db);
    const sig = significant(st.tokens);
    if (isWord(sig[0], 'copy') || isWord(sig[0], 'unload')) {
      if (!isCopyFrom(st.tokens)) throw new StatementError('ERROR: only COPY … FROM \'s3://…\' is supported locally (UNLOAD and COPY … TO are not).');
      const rows = await db.engine.runCopy(db.conn, this.s3, st.tokens);
      Object.assign(sub, { resultRows: rows, hasResultSet: false, resultSize: 0 });
      delete sub.result;
      return;
    }
    const missing = st.params.filter((p) => !(p in params));
    if (missing.length > 0) throw new StatementError(`ERROR: the statement uses ${missing.map((p) => `:${p}`).join(', ')}, which Parameters does not give.`);
    const outcome = await db.engine.runStatement(db.conn, st.sql, bindValues(st, params));
    if (outcome.kind === 'rows') {
      const { result } = outcome;
      Object.assign(sub, { resultRows: result.Records.length, hasResultSet: true, resultSize: JSON.stringify(result.Records).length, result });
    } else {
      Object.assign(sub, { resultRows: outcome.rows, hasResultSet: false, resultSize: 0 });
      delete sub.result;
    }
  }

  private async setNow(db: Database): Promise<void> {
    await db.conn.run(`SET VARIABLE ${NOW_VARIABLE} = $now::TIMESTAMP`, { now: sqlTimestamp(this.now()) });
  }

  private enqueue<T>(db: Database, work: () => Promise<T>): Promise<T> {
    const next = db.tail.then(work, work);
    db.tail = next.catch(() => undefined);
    return next;
  }

  private database(name: string): Promise<Database> {
    let db = this.databases.get(name);
    if (db === undefined) {
      db = (async () => {
        let file = ':memory:';
        if (!this.inMemory) {
          const dir = path.join(this.root, '.statecraft', 'redshift');
          await mkdir(dir, { recursive: true });
          file = path.join(dir, `${name}.duckdb`);
        }
        const engine = await loadEngine();
        const { instance, conn } = await engine.openDuckDb(file);
        await conn.run(`SET VARIABLE ${NOW_VARIABLE} = $now::TIMESTAMP`, { now: sqlTimestamp(this.now()) });
        for (const macro of SHIM_MACROS) await conn.run(macro);
        return { engine, instance, conn, tail: Promise.resolve() };
      })();
      // A database that failed to open (e.g. locked by another process) is retried on the next call.
      db.catch(() => this.databases.delete(name));
      this.databases.set(name, db);
    }
    return db;
  }
}

function checkParameters(parameters: readonly SqlParameter[] | undefined): Record<string, string> | undefined {
  if (parameters === undefined) return undefined;
  if (!Array.isArray(parameters)) throw validation('Parameters must be a list of { name, value }.');
  const out: Record<string, string> = {};
  parameters.forEach((p: unknown, i) => {
    const { name, value } = (p ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || !PARAM_NAME_RE.test(name)) throw validation(`Parameters[${i}].name must be a name of letters, digits and '_', got ${JSON.stringify(name)}.`);
    if (typeof value !== 'string') throw validation(`Parameters[${i}].value (:${name}) must be a string (the Data API passes every value as text), got ${JSON.stringify(value)}.`);
    if (name in out) throw validation(`Parameters names :${name} twice.`);
    out[name] = value;
  });
  return out;
}

function bindValues(st: RewrittenStatement, params: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of st.params) values[p] = params[p]!;
  return values;
}

function targetFields(t: StatementTarget): Partial<Record<'ClusterIdentifier' | 'WorkgroupName' | 'DbUser' | 'SecretArn', string>> {
  return {
    ...(t.ClusterIdentifier === undefined ? {} : { ClusterIdentifier: t.ClusterIdentifier }),
    ...(t.WorkgroupName === undefined ? {} : { WorkgroupName: t.WorkgroupName }),
    ...(t.DbUser === undefined ? {} : { DbUser: t.DbUser }),
    ...(t.SecretArn === undefined ? {} : { SecretArn: t.SecretArn }),
  };
}
