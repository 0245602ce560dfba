import { mkdtemp, rm } from 'node:fs/promises';
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
  root = await mkdtemp(path.join(tmpdir(), 'statecraft-rsq-'));
  s3 = new LocalS3({ root, buckets: ['landing'] });
  rs = new LocalRedshiftData({ root, s3, inMemory: true, now: () => NOW });
});
afterEach(async () => {
  await rs.close();
  await rm(root, { recursive: true, force: true });
});

async function exec(sql: string) {
  return rs.waitForStatement(rs.executeStatement({ Sql: sql }).Id);
}

describe('batchExecuteStatement', () => {
  it('runs all statements in one transaction and reports each sub-statement', async () => {
    await rs.query('create table t (id int primary key)');
    const { Id } = rs.batchExecuteStatement({ Sqls: ['insert into t values (1)', 'insert into t values (2)', 'select count(*) as n from t'] });
    const d = await rs.waitForStatement(Id);
    expect(d.Status).toBe('FINISHED');
    expect(d.SubStatements?.map((s) => [s.Id, s.Status, s.ResultRows, s.HasResultSet])).toStrictEqual([
      [`${Id}:1`, 'FINISHED', 1, false],
      [`${Id}:2`, 'FINISHED', 1, false],
      [`${Id}:3`, 'FINISHED', 1, true],
    ]);
    expect((await rs.getStatementResult({ Id: `${Id}:3` })).Records).toStrictEqual([[{ longValue: 2 }]]);
  });

  it('rolls back every statement when one fails: FAILED, the rest ABORTED, nothing half-loaded', async () => {
    // given
    await rs.query('create table t (id int primary key)');
    // when the second insert violates the key
    const { Id } = rs.batchExecuteStatement({ Sqls: ['delete from t', 'insert into t values (1), (1)', 'insert into t values (3)'] });
    await rs.query('insert into t values (7)').catch(() => undefined);
    const d = await rs.waitForStatement(Id);
    // then
    expect(d.Status).toBe('FAILED');
    expect(d.Error).toMatch(/^ERROR: Constraint Error: PRIMARY KEY or UNIQUE constraint violation: duplicate key "1"/);
    expect(d.SubStatements?.map((s) => s.Status)).toStrictEqual(['FINISHED', 'FAILED', 'ABORTED']);
    expect(await rs.query('select id from t order by id')).toStrictEqual([{ id: 7 }]);
  });

  it('a failed statement leaves no open transaction behind for the next one', async () => {
    await rs.query('create table t (id int)');
    expect((await exec("begin; insert into t values (1); select 'x'::int")).Status).toBe('FAILED');
    expect((await exec('insert into t values (2)')).Status).toBe('FINISHED');
    expect(await rs.query('select id from t')).toStrictEqual([{ id: 2 }]);
  });
});

describe('COPY from the local S3', () => {
  beforeEach(async () => {
    await rs.query('create table stage (id int, name varchar(50), amount decimal(10,2), day date)');
  });

  it('loads a CSV object with a header row (Redshift COPY … CSV IGNOREHEADER 1)', async () => {
    await s3.putObject({ Bucket: 'landing', Key: 'source/sales.csv', Body: 'id,name,amount,day\n1,ann,12.50,2026-01-02\n2,"b, ""q""",,\n3,,7,2026-01-03\n' });
    const d = await exec("COPY stage FROM 's3://landing/source/sales.csv' IAM_ROLE 'arn:aws:iam::123456789012:role/load' FORMAT AS CSV IGNOREHEADER 1 REGION 'us-east-1'");
    expect(d).toMatchObject({ Status: 'FINISHED', ResultRows: 3 });
    expect(await rs.query('select * from stage order by id')).toStrictEqual([
      { id: 1, name: 'ann', amount: '12.50', day: '2026-01-02' },
      { id: 2, name: 'b, "q"', amount: null, day: null },
      { id: 3, name: '', amount: '7.00', day: '2026-01-03' },
    ]);
  });

  it('loads every object under the prefix, into named columns, with EMPTYASNULL and a pipe-delimited text default', async () => {
    await s3.putObject({ Bucket: 'landing', Key: 'parts/a.txt', Body: 'ann|1\n|2\n' });
    await s3.putObject({ Bucket: 'landing', Key: 'parts/b.txt', Body: '\\N|3\n' });
    const d = await exec("copy stage (name, id) from 's3://landing/parts/' iam_role default emptyasnull");
    expect(d).toMatchObject({ Status: 'FINISHED', ResultRows: 3 });
    expect(await rs.query('select id, name from stage order by id')).toStrictEqual([
      { id: 1, name: 'ann' },
      { id: 2, name: null },
      { id: 3, name: null },
    ]);
  });

  it('MANIFEST loads exactly the objects the manifest lists, not every key starting with their name', async () => {
    await s3.putObject({ Bucket: 'landing', Key: 'source/a.csv', Body: 'id,name,amount,day\n1,ann,1,2026-01-01\n' });
    await s3.putObject({ Bucket: 'landing', Key: 'source/a.csv.bak', Body: 'id,name,amount,day\n2,old,2,2026-01-01\n' });
    await s3.putObject({ Bucket: 'landing', Key: 'manifests/run-1.manifest', Body: JSON.stringify({ entries: [{ url: 's3://landing/source/a.csv', mandatory: true }] }) });
    const d = await exec("copy stage from 's3://landing/manifests/run-1.manifest' iam_role default format as csv ignoreheader 1 manifest");
    expect(d).toMatchObject({ Status: 'FINISHED', ResultRows: 1 });
    expect(await rs.query('select id, name from stage')).toStrictEqual([{ id: 1, name: 'ann' }]);
    // without MANIFEST the same URL is a prefix: a.csv and a.csv.bak both load
    expect((await exec("copy stage from 's3://landing/source/a.csv' format as csv ignoreheader 1")).ResultRows).toBe(2);
  });

  it('MANIFEST: several entries load, an optional missing one is skipped, meta is ignored', async () => {
    await s3.putObject({ Bucket: 'landing', Key: 'p/1.csv', Body: '1,ann,1,2026-01-01\n' });
    await s3.putObject({ Bucket: 'landing', Key: 'q/2.csv', Body: '2,bob,2,2026-01-02\n' });
    await s3.putObject({ Bucket: 'landing', Key: 'm.json', Body: JSON.stringify({ entries: [
      { url: 's3://landing/p/1.csv', mandatory: true, meta: { content_length: 19 } },
      { url: 's3://landing/q/2.csv' },
      { url: 's3://landing/gone.csv', mandatory: false },
    ] }) });
    expect(await exec("copy stage from 's3://landing/m.json' csv manifest")).toMatchObject({ Status: 'FINISHED', ResultRows: 2 });
    expect(await rs.query('select id from stage order by id')).toStrictEqual([{ id: 1 }, { id: 2 }]);
  });

  it('MANIFEST fails, loading nothing, on a missing mandatory entry, a missing or malformed manifest, or no file found', async () => {
    await s3.putObject({ Bucket: 'landing', Key: 'a.csv', Body: '1,ann,1,2026-01-01\n' });
    const put = (key: string, body: unknown) => s3.putObject({ Bucket: 'landing', Key: key, Body: typeof body === 'string' ? body : JSON.stringify(body) });
    await put('m1', { entries: [{ url: 's3://landing/a.csv', mandatory: true }, { url: 's3://landing/b.csv', mandatory: true }] });
    expect((await exec("copy stage from 's3://landing/m1' csv manifest")).Error).toMatch(/^ERROR: Manifest file s3:\/\/landing\/m1 lists the mandatory file s3:\/\/landing\/b\.csv, which is missing/);
    expect((await exec("copy stage from 's3://landing/nothing' csv manifest")).Error).toMatch(/^ERROR: could not read the manifest s3:\/\/landing\/nothing: /);
    // the manifest is its key exactly, not a prefix
    expect((await exec("copy stage from 's3://landing/m' csv manifest")).Error).toMatch(/^ERROR: could not read the manifest s3:\/\/landing\/m: /);
    await put('m2', 'not json');
    expect((await exec("copy stage from 's3://landing/m2' csv manifest")).Error).toBe('ERROR: COPY: the manifest s3://landing/m2 is not JSON.');
    await put('m3', { files: [] });
    expect((await exec("copy stage from 's3://landing/m3' csv manifest")).Error).toBe('ERROR: COPY: the manifest s3://landing/m3 must be an object with an "entries" array.');
    await put('m4', { entries: [{ url: 'https://landing/a.csv' }] });
    expect((await exec("copy stage from 's3://landing/m4' csv manifest")).Error).toBe('ERROR: COPY: entry 1 of the manifest s3://landing/m4 needs a "url" of the form s3://bucket/key.');
    await put('m5', { entries: [{ url: 's3://landing/a.csv', mandatory: 'yes' }] });
    expect((await exec("copy stage from 's3://landing/m5' csv manifest")).Error).toBe('ERROR: COPY: "mandatory" of entry 1 of the manifest s3://landing/m5 must be true or false.');
    await put('m6', { entries: [{ url: 's3://landing/a.csv', endpoint: 'host' }] });
    expect((await exec("copy stage from 's3://landing/m6' csv manifest")).Error).toBe('ERROR: COPY: entry 1 of the manifest s3://landing/m6 has unknown field "endpoint".');
    await put('m7', { entries: [{ url: 's3://landing/gone.csv' }] });
    expect((await exec("copy stage from 's3://landing/m7' csv manifest")).Error).toBe('ERROR: Manifest file s3://landing/m7 lists no file that exists.');
    expect(await rs.query('select count(*) as n from stage')).toStrictEqual([{ n: '0' }]);
  });

  it('fails clearly for a missing prefix, a missing table, a bad value and an unsupported option', async () => {
    expect((await exec("copy stage from 's3://landing/none/' csv")).Error).toBe("ERROR: The specified S3 prefix 'none/' does not exist (bucket 'landing').");
    await s3.putObject({ Bucket: 'landing', Key: 'x.csv', Body: 'abc,ann,1,2026-01-01\n' });
    expect((await exec("copy nosuch from 's3://landing/x.csv' csv")).Error).toBe('ERROR: relation "nosuch" does not exist');
    expect((await exec("copy stage from 's3://landing/x.csv' csv")).Error).toBe('ERROR: Load into table \'stage\' failed reading s3://landing/x.csv: Conversion Error: CSV Error on Line: 1\nOriginal Line: abc,ann,1,2026-01-01\nError when converting column "id". Could not convert string "abc" to \'INTEGER\'');
    expect((await exec("copy stage from 's3://landing/x.csv' format as parquet")).Error).toBe('ERROR: COPY: FORMAT parquet is not supported locally; use CSV or the default delimited text.');
    expect((await exec("copy stage from 's3://landing/x.csv' fixedwidth 'id:3'")).Error).toBe('ERROR: COPY: option FIXEDWIDTH is not supported locally (see src/local/services/redshift/DIALECT.md).');
    expect(await rs.query('select count(*) as n from stage')).toStrictEqual([{ n: '0' }]);
  });

  it('cannot read outside the local S3 root: a path with .. is refused and local files are not COPY sources', async () => {
    expect((await exec("copy stage from 's3://landing/../../etc/passwd' csv")).Error).toBe(
      'ERROR: S3ServiceException: Key "../../etc/passwd" is refused by the local S3: a \'..\' segment would escape the bucket folder.',
    );
    expect((await exec("copy stage from '/etc/passwd' csv")).Error).toBe('ERROR: COPY: only FROM \'s3://bucket/prefix\' is supported locally, got "/etc/passwd".');
    expect((await exec("copy stage to '/tmp/out.csv'")).Error).toBe("ERROR: only COPY … FROM 's3://…' is supported locally (UNLOAD and COPY … TO are not).");
  });

  it('loads into a schema-qualified table through a column list, leaving the other columns to their defaults', async () => {
    await rs.query("create schema staging; create table staging.orders (id int, name varchar, source_key varchar default 'unset')");
    await s3.putObject({ Bucket: 'landing', Key: 'source/o.csv', Body: 'id,name\n1,a\n' });
    const sql = "begin; delete from staging.orders where source_key = :key; copy staging.orders (id, name) from 's3://landing/source/o.csv' csv ignoreheader 1; update staging.orders set source_key = :key where source_key = 'unset'; commit;";
    for (let i = 0; i < 2; i++) {
      const { Id } = rs.executeStatement({ Sql: sql, Parameters: [{ name: 'key', value: 'source/o.csv' }] });
      expect((await rs.waitForStatement(Id)).Status).toBe('FINISHED');
    }
    expect(await rs.query('select * from staging.orders')).toStrictEqual([{ id: 1, name: 'a', source_key: 'source/o.csv' }]);
  });

  it('a staging batch (delete the file’s rows, then COPY) is idempotent', async () => {
    await s3.putObject({ Bucket: 'landing', Key: 'source/f.csv', Body: 'id,name,amount,day\n1,a,1,2026-01-01\n2,b,2,2026-01-01\n' });
    for (let i = 0; i < 2; i++) {
      const { Id } = rs.batchExecuteStatement({ Sqls: ['delete from stage', "copy stage from 's3://landing/source/f.csv' csv ignoreheader 1"] });
      expect((await rs.waitForStatement(Id)).Status).toBe('FINISHED');
    }
    expect(await rs.query('select count(*) as n from stage')).toStrictEqual([{ n: '2' }]);
  });
});

describe('Redshift function shims and syntax', () => {
  it('NVL, NVL2, CHARINDEX, LEN, BTRIM behave as in Redshift', async () => {
    expect(await rs.query("select nvl(null, 'b') as a, nvl2(null, 1, 2) as b, nvl2('x', 1, 2) as c, charindex('lo', 'hello') as d, len('abc') as e, btrim('  x ') as f")).toStrictEqual([
      { a: 'b', b: 2, c: 1, d: '4', e: '3', f: 'x' },
    ]);
  });

  it('GETDATE and SYSDATE use the service clock (virtual time), GETDATE truncated to seconds', async () => {
    expect(await rs.query('select getdate() as g, sysdate as s, sysdate() as s2')).toStrictEqual([
      { g: '2026-03-15 10:30:45', s: '2026-03-15 10:30:45.25', s2: '2026-03-15 10:30:45.25' },
    ]);
  });

  it('DATEADD and DATEDIFF take the date part as an identifier or a string', async () => {
    expect(await rs.query("select dateadd(day, 3, '2026-01-30'::date) as a, dateadd('month', 1, '2026-01-31'::timestamp) as b, dateadd(hrs, -2, '2026-01-01 01:00:00'::timestamp) as c, datediff(day, '2026-01-01'::date, '2026-03-01'::date) as d, datediff(month, '2026-01-31'::date, '2026-02-01'::date) as e")).toStrictEqual([
      { a: '2026-02-02 00:00:00', b: '2026-02-28 00:00:00', c: '2025-12-31 23:00:00', d: '59', e: '1' },
    ]);
  });

  it('strips Redshift table attributes (ENCODE, DISTKEY, SORTKEY, DISTSTYLE, BACKUP) and reads VARCHAR(MAX)', async () => {
    expect(
      (await exec('create table facts (id int encode az64 distkey, note varchar(max) encode lzo, label nvarchar(10)) diststyle key distkey(id) compound sortkey(id, note) backup no')).Status,
    ).toBe('FINISHED');
    expect((await exec("insert into facts values (1, 'n', 'l')")).ResultRows).toBe(1);
  });

  it('leaves Redshift words inside strings untouched', async () => {
    expect(await rs.query("select 'sysdate distkey encode x' as s")).toStrictEqual([{ s: 'sysdate distkey encode x' }]);
  });
});
