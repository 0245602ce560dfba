import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalS3 } from '../../../src/local/services/s3/local-s3.js';
import { LocalRedshiftData } from '../../../src/local/services/redshift/local-redshift-data.js';

let root: string;
let s3: LocalS3;
let rs: LocalRedshiftData;
const NOW = Date.UTC(2026, 2, 15, 10, 30, 45, 250);

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'statecraft-rs-'));
  s3 = new LocalS3({ root, buckets: ['landing'] });
  rs = new LocalRedshiftData({ root, s3, inMemory: true, now: () => NOW });
});
afterEach(async () => {
  await rs.close();
  await rm(root, { recursive: true, force: true });
});

/** Runs SQL through the Data API the way a poll loop does and returns the final description. */
async function run(sql: string, parameters?: { name: string; value: string }[]) {
  const { Id } = rs.executeStatement({ Sql: sql, ...(parameters === undefined ? {} : { Parameters: parameters }) });
  const first = await rs.describeStatement({ Id });
  expect(first.Status).toBe('STARTED');
  return { Id, final: await rs.describeStatement({ Id }) };
}

describe('LocalRedshiftData statements', () => {
  it('a poll loop sees STARTED, then FINISHED; the result has Data API typed fields and column metadata', async () => {
    await run('create table t (id int, name varchar(20), amount decimal(10,2), ok boolean, ratio float8, day date, ts timestamp, big bigint)');
    await run("insert into t values (1, 'ann', 12.50, true, 0.5, '2026-01-02', '2026-01-02 03:04:05', 9007199254740991), (2, null, null, false, null, null, null, null)");
    const { Id, final } = await run('select * from t order by id');
    expect(final).toMatchObject({ Status: 'FINISHED', HasResultSet: true, ResultRows: 2, Database: 'dev' });
    expect(final.Error).toBeUndefined();
    const result = await rs.getStatementResult({ Id });
    expect(result.TotalNumRows).toBe(2);
    expect(result.Records).toStrictEqual([
      [{ longValue: 1 }, { stringValue: 'ann' }, { stringValue: '12.50' }, { booleanValue: true }, { doubleValue: 0.5 }, { stringValue: '2026-01-02' }, { stringValue: '2026-01-02 03:04:05' }, { longValue: 9007199254740991 }],
      [{ longValue: 2 }, { isNull: true }, { isNull: true }, { booleanValue: false }, { isNull: true }, { isNull: true }, { isNull: true }, { isNull: true }],
    ]);
    expect(result.ColumnMetadata.map((c) => [c.name, c.typeName])).toStrictEqual([
      ['id', 'int4'], ['name', 'varchar'], ['amount', 'numeric'], ['ok', 'bool'], ['ratio', 'float8'], ['day', 'date'], ['ts', 'timestamp'], ['big', 'int8'],
    ]);
    expect(result.ColumnMetadata[2]).toMatchObject({ precision: 10, scale: 2 });
  });

  it('reports rows affected by INSERT, UPDATE and DELETE, and -1 for DDL', async () => {
    expect((await run('create table t (id int)')).final).toMatchObject({ Status: 'FINISHED', ResultRows: -1, HasResultSet: false });
    expect((await run('insert into t values (1), (2), (3)')).final.ResultRows).toBe(3);
    expect((await run('update t set id = id + 10 where id > 1')).final.ResultRows).toBe(2);
    expect((await run('delete from t')).final.ResultRows).toBe(3);
  });

  it('a SQL error ends the statement FAILED with the error text; results are refused', async () => {
    const { Id, final } = await run('select * from missing_table');
    expect(final.Status).toBe('FAILED');
    expect(final.Error).toMatch(/^ERROR: Catalog Error: Table with name missing_table does not exist/);
    await expect(rs.getStatementResult({ Id })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses results before a describe has reported FINISHED, as AWS does for an unfinished query', async () => {
    const { Id } = rs.executeStatement({ Sql: 'select 1 as one' });
    await expect(rs.getStatementResult({ Id })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Query does not have result. Please check query status with DescribeStatement.',
    });
    await rs.describeStatement({ Id });
    await rs.describeStatement({ Id });
    expect((await rs.getStatementResult({ Id })).Records).toStrictEqual([[{ longValue: 1 }]]);
  });

  it('an unknown statement id is ResourceNotFoundException', async () => {
    await expect(rs.describeStatement({ Id: 'nope' })).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
  });

  it('keeps the database in <root>/.statecraft/redshift/<db>.duckdb unless in memory', async () => {
    const onDisk = new LocalRedshiftData({ root });
    await onDisk.waitForStatement(onDisk.executeStatement({ Sql: 'create table k (a int)', Database: 'warehouse' }).Id);
    await onDisk.close();
    expect((await stat(path.join(root, '.statecraft/redshift/warehouse.duckdb'))).isFile()).toBe(true);
    const again = new LocalRedshiftData({ root, database: 'warehouse' });
    expect(await again.query('select count(*) as n from k')).toStrictEqual([{ n: '0' }]);
    await again.close();
  });
});

describe('LocalRedshiftData parameters', () => {
  beforeEach(async () => {
    await rs.query("create table people (id int, name varchar, city varchar); insert into people values (1, 'ann', 'Oslo'), (2, 'bob', 'Rome')");
  });

  it('binds :name parameters as values, never as SQL text', async () => {
    const evil = "x' or '1'='1";
    const { Id, final } = await run('select id from people where name = :name or city = :name', [{ name: 'name', value: evil }]);
    expect(final).toMatchObject({ Status: 'FINISHED', ResultRows: 0, QueryParameters: [{ name: 'name', value: evil }] });
    expect((await rs.getStatementResult({ Id })).Records).toStrictEqual([]);
    const ok = await run('select id from people where id = :id and city = :city', [{ name: 'id', value: '2' }, { name: 'city', value: 'Rome' }]);
    expect((await rs.getStatementResult({ Id: ok.Id })).Records).toStrictEqual([[{ longValue: 2 }]]);
  });

  it('a parameter value with SQL in it is stored verbatim by an INSERT', async () => {
    await run('insert into people values (:id, :name, :city)', [{ name: 'id', value: '3' }, { name: 'name', value: "Robert'); DROP TABLE people;--" }, { name: 'city', value: ':city' }]);
    expect(await rs.query('select name, city from people where id = 3')).toStrictEqual([{ name: "Robert'); DROP TABLE people;--", city: ':city' }]);
  });

  it('leaves :words inside strings, quoted identifiers, comments and :: casts alone', async () => {
    const { Id } = await run("select ':id' as s, id::varchar as \"x:id\" -- :id\nfrom people where id = :id", [{ name: 'id', value: '1' }]);
    expect((await rs.getStatementResult({ Id })).Records).toStrictEqual([[{ stringValue: ':id' }, { stringValue: '1' }]]);
  });

  it('fails a statement that uses a parameter it was not given', async () => {
    expect((await run('select * from people where id = :id')).final).toMatchObject({ Status: 'FAILED', Error: 'ERROR: the statement uses :id, which Parameters does not give.' });
  });

  it('rejects malformed Parameters at once with ValidationException', () => {
    expect(() => rs.executeStatement({ Sql: 'select 1', Parameters: [{ name: 'a b', value: '1' }] })).toThrow(expect.objectContaining({ name: 'ValidationException' }));
    expect(() => rs.executeStatement({ Sql: 'select 1', Parameters: [{ name: 'a', value: 1 as unknown as string }] })).toThrow(
      'Parameters[0].value (:a) must be a string (the Data API passes every value as text), got 1.',
    );
    expect(() => rs.executeStatement({ Sql: '  ' })).toThrow('Sql is required and must be a non-empty string.');
  });
});
