/**
 * The CSV ETL's Glue jobs build SQL safely: table and column names are checked
 * SQL identifiers, quoted; object keys and run ids are checked before they
 * become literals; data values never appear (COPY loads them).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JobError, keyLiteral, runIdLiteral, splitStatements } from '../../examples/csv-etl/jobs/common.js';
import { copySource, headerColumns, manifestBody, manifestKey, stageArgs, stageStatements } from '../../examples/csv-etl/jobs/stage.js';
import { TRANSFORM_SQL_FILE, transformStatements } from '../../examples/csv-etl/jobs/transform.js';

const ARGS = { '--bucket': 'my-data', '--key': 'source/orders 1.csv', '--stage-table': 'staging.orders', '--run-id': 'orders-1-abc', '--archive-prefix': 'archive/', '--manifest-prefix': 'manifests/' };

describe('the stage job', () => {
  it('deletes the file’s rows, COPYs it with a quoted column list and tags the new rows, in one batch', () => {
    expect(stageStatements(stageArgs(ARGS), headerColumns('\uFEFForder_id,amount\r'))).toStrictEqual([
      `DELETE FROM "staging"."orders" WHERE source_key = 'source/orders 1.csv'`,
      `COPY "staging"."orders" ("order_id", "amount") FROM 's3://my-data/manifests/orders-1-abc.manifest' IAM_ROLE default FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto' MANIFEST`,
      `UPDATE "staging"."orders" SET source_key = 'source/orders 1.csv', run_id = 'orders-1-abc' WHERE source_key IS NULL`,
    ]);
  });

  it('COPY reads a manifest listing exactly the one object (a plain s3:// URL is a prefix: orders 1.csv.bak would load too)', () => {
    const a = stageArgs(ARGS);
    expect(manifestKey(a)).toBe('manifests/orders-1-abc.manifest');
    expect(JSON.parse(manifestBody(a))).toStrictEqual({ entries: [{ url: 's3://my-data/source/orders 1.csv', mandatory: true }] });
    expect(() => stageArgs({ ...ARGS, '--manifest-prefix': '../x/' })).toThrow(new JobError(`--manifest-prefix "../x/" must be folder names of A-Z, a-z, 0-9, _ and - ending with '/', e.g. manifests/`));
  });

  it.each([
    ['order id', 'CSV column "order id" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit (header of the file)'],
    ['x"; drop table t; --', 'CSV column "x\\"; drop table t; --" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit (header of the file)'],
  ])('refuses the header column %j', (name, message) => {
    expect(() => headerColumns(`order_id,${name}`)).toThrow(new JobError(message));
  });

  it('refuses a stage table that is not a (schema.)identifier', () => {
    expect(() => stageStatements(stageArgs({ ...ARGS, '--stage-table': 'orders; drop table x' }), ['"a"'])).toThrow(JobError);
    expect(() => stageStatements(stageArgs({ ...ARGS, '--stage-table': 'a.b.c' }), ['"a"'])).toThrow('--stage-table: name "a.b.c" has more than one dot; use table or schema.table');
  });

  it.each(["source/o'brien.csv", 'source/back\\slash.csv', 'source/line\nbreak.csv'])('refuses the object key %j rather than escaping it', (key) => {
    expect(() => keyLiteral(key)).toThrow(`object key ${JSON.stringify(key)} contains a quote, a backslash or a control character; rename the file (only such keys are refused)`);
  });

  it('refuses a bucket name that is not one, and a missing argument, naming it', () => {
    expect(() => stageStatements(stageArgs({ ...ARGS, '--bucket': "b' x" }), ['"a"'])).toThrow(`--bucket "b' x" is not an S3 bucket name`);
    const { '--run-id': _dropped, ...noRun } = ARGS;
    expect(() => stageArgs(noRun)).toThrow("the job argument --run-id is missing; pass it in the state's Arguments or the job's DefaultArguments");
  });

  it('URL-encodes the copy source, keeping slashes', () => {
    expect(copySource('b', 'source/a b+c.csv')).toBe('b/source/a%20b%2Bc.csv');
  });
});

describe('the transform job', () => {
  it('fills transform.sql with quoted tables and the checked run id, as one batch of two statements', () => {
    const sql = readFileSync(TRANSFORM_SQL_FILE, 'utf8');
    const statements = transformStatements(sql, { '--stage-table': 'staging.orders', '--target-table': 'public.orders', '--run-id': 'run-1' });
    expect(statements).toHaveLength(2);
    expect(statements[0]).toBe(`DELETE FROM "public"."orders"\n WHERE order_id IN (SELECT order_id FROM "staging"."orders" WHERE run_id = 'run-1')`);
    expect(statements[1]).toMatch(/^INSERT INTO "public"."orders"\n/);
    expect(statements[1]).toContain(`FROM "staging"."orders"\n WHERE run_id = 'run-1'`);
    for (const s of statements) expect(s).not.toMatch(/\{\{|\}\}/);
  });

  it('refuses a run id that is not an execution name, and a bad target table', () => {
    const sql = readFileSync(TRANSFORM_SQL_FILE, 'utf8');
    expect(() => runIdLiteral("x' or '1'='1")).toThrow('--run-id "x\' or \'1\'=\'1" must be 1-80 characters of A-Z, a-z, 0-9, _ and - (an execution name)');
    expect(() => transformStatements(sql, { '--stage-table': 's.t', '--target-table': 'public.orders;', '--run-id': 'r' })).toThrow(JobError);
  });

  it('splits a SQL file at statement ends, dropping comment lines', () => {
    expect(splitStatements('-- c\nselect 1;\nselect\n  2;\n')).toStrictEqual(['select 1', 'select\n  2']);
  });
});
