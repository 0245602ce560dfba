/**
 * The csv-etl Glue Python shell scripts (examples/csv-etl/jobs/stage.py and
 * transform.py) run for real: `python3` in a child process, with a fake
 * `boto3` (test/examples/fixtures/fake-boto3) that checks every call's
 * parameter names against the API shapes, records the calls as JSON lines,
 * keeps a small stateful S3 and answers DescribeStatement as each test
 * scripts it. Its `time.sleep` returns at once and records the delay.
 *
 * Without these tests a syntax error, a wrong boto3 parameter or a logic bug
 * in the scripts would show only on AWS.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DescribeStatementCommand, type BatchExecuteStatementCommand, type DescribeStatementCommandOutput } from '@aws-sdk/client-redshift-data';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { runBatch, type JobDeps } from '../../examples/csv-etl/jobs/common.js';
import { archivedKey, headerColumns, stageArgs, stageJob, stageStatements } from '../../examples/csv-etl/jobs/stage.js';
import { transformStatements } from '../../examples/csv-etl/jobs/transform.js';
import { csvEtl } from '../../examples/csv-etl/pipeline.js';
import { planOffline } from '../../src/deploy/index.js';
import { HEADER, row, withPipeline } from './csv-etl-helpers.js';

const JOBS = fileURLToPath(new URL('../../examples/csv-etl/jobs/', import.meta.url));
const FAKE_BOTO3 = fileURLToPath(new URL('./fixtures/fake-boto3/', import.meta.url));
const TRANSFORM_SQL = readFileSync(new URL('../../examples/csv-etl/sql/transform.sql', import.meta.url), 'utf8');
const WORKGROUP = 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
const ROLE = 'arn:aws:iam::123456789012:role/redshift-copy';

interface Scenario {
  readonly objects?: Readonly<Record<string, Readonly<Record<string, string | { readonly base64: string }>>>>;
  readonly statements?: readonly (readonly { readonly Status: string; readonly Error?: string; readonly FailedAt?: number }[])[];
  readonly fail?: readonly Readonly<Record<string, string>>[];
}
interface Call { readonly call: string; readonly params: Record<string, unknown>; readonly wire?: Record<string, unknown> }
interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The last line of stderr: what Glue shows as the run's error. */
  readonly error: string;
  readonly calls: readonly Call[];
  readonly sleeps: readonly number[];
  /** The fake S3's contents when the script ended. */
  readonly objects: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** What each COPY would read, resolved by the fake against its S3 contents (with MANIFEST: the manifest's entries). */
  readonly copyReads: readonly { readonly from: string; readonly manifest: boolean; readonly objects: readonly string[] }[];
}

/** `--name value` pairs, as Glue puts job arguments on sys.argv. */
function argv(args: Readonly<Record<string, string>>): string[] {
  return Object.entries(args).flatMap(([k, v]) => [k, v]);
}

/** Runs a script of examples/csv-etl/jobs (or one at an absolute path) in a temp working folder. */
function runJob(script: 'stage.py' | 'transform.py' | `/${string}`, args: readonly string[], scenario: Scenario = {}): Run {
  const dir = mkdtempSync(join(tmpdir(), 'glue-python-'));
  try {
    const log = join(dir, 'calls.jsonl');
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify(scenario));
    const r = spawnSync(PYTHON, [script.startsWith('/') ? script : join(JOBS, script), ...args], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: process.env['PATH'] ?? '', PYTHONPATH: FAKE_BOTO3, PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1', PYTHONIOENCODING: 'utf-8',
        FAKE_AWS_SCENARIO: join(dir, 'scenario.json'), FAKE_AWS_LOG: log,
      },
    });
    if (r.error !== undefined) throw r.error;
    const entries = readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    return {
      status: r.status,
      stdout: r.stdout,
      stderr: r.stderr,
      error: r.stderr.trimEnd().split('\n').at(-1) ?? '',
      calls: entries.filter((e): e is Call & Record<string, unknown> => 'call' in e),
      sleeps: entries.flatMap((e) => ('sleep' in e ? [e['sleep'] as number] : [])),
      objects: (entries.find((e) => 'objects' in e)?.['objects'] ?? {}) as Run['objects'],
      copyReads: entries.flatMap((e) => ('copy_reads' in e ? [e['copy_reads'] as Run['copyReads'][number]] : [])),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const names = (run: Run): string[] => run.calls.map((c) => c.call);
const batches = (run: Run): Call[] => run.calls.filter((c) => c.call === 'redshift-data.batch_execute_statement');

const FILE = `${HEADER}\n${row()}\n`;
const STAGE = { '--bucket': 'my-data', '--key': 'source/orders.csv', '--stage-table': 'staging.orders', '--run-id': 'orders-1-abc', '--archive-prefix': 'archive/', '--manifest-prefix': 'manifests/', '--redshift-database': 'analytics', '--redshift-workgroup': WORKGROUP };
const COLUMNS = HEADER.split(',').map((c) => `"${c}"`).join(', ');
const stageSqls = (key: string, role = 'IAM_ROLE default', run = 'orders-1-abc'): string[] => [
  `DELETE FROM "staging"."orders" WHERE source_key = '${key}'`,
  `COPY "staging"."orders" (${COLUMNS}) FROM 's3://my-data/manifests/${run}.manifest' ${role} FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto' MANIFEST`,
  `UPDATE "staging"."orders" SET source_key = '${key}', run_id = '${run}' WHERE source_key IS NULL`,
];
const withFile = (key: string, body = FILE): Scenario => ({ objects: { 'my-data': { [key]: body } } });
/** The manifest stage.py writes for `key` before the batch (exactly that object, mandatory), and its key. */
const MANIFEST = 'manifests/orders-1-abc.manifest';
const manifestOf = (key: string, bucket = 'my-data'): string => JSON.stringify({ entries: [{ url: `s3://${bucket}/${key}`, mandatory: true }] });
/** The bucket once the batch was sent: the objects given, plus the manifest of `key`. */
const withManifest = (key: string, objects: Readonly<Record<string, string>>) => ({ 'my-data': { ...objects, [MANIFEST]: manifestOf(key) } });

/** The interpreter itself (sys.executable): a pyenv shim on PATH costs about 0.1 s per run. */
let PYTHON = 'python3';

beforeAll(() => {
  const r = spawnSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2]); print(sys.executable)'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(`python3 is not on PATH (${r.error?.message ?? r.stderr.trim()}): the Glue Python shell scripts of examples/csv-etl are tested by running them; install Python 3.9+ (CI machines have 3.11)`);
  }
  const [version = '', executable = ''] = r.stdout.trim().split('\n');
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < 3 || (major === 3 && minor < 9)) throw new Error(`python3 is ${version}: the Glue scripts' tests need 3.9+ (the Glue Python shell runtime)`);
  if (executable !== '') PYTHON = executable;
});

describe('the Glue Python scripts', () => {
  it.each(['stage.py', 'transform.py'])('%s parses as Python 3.9 (the Glue Python shell runtime)', (script) => {
    const r = spawnSync(PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1], feature_version=(3, 9))', join(JOBS, script)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the helpers transform.py repeats from stage.py are the same code (a Glue Python shell job is one file)', () => {
    const shared = ['JobError', 'job_args', 'required', 'quote_ident', 'quote_qualified', 'run_id_literal', 'target_of', 'failure_text', 'brief_sql', 'run_batch', 'IDENTIFIER', 'RUN_ID'];
    const dump = 'import ast, json, sys\nout = {}\nfor node in ast.parse(open(sys.argv[1], encoding="utf-8").read()).body:\n    names = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)] or [getattr(node, "name", None)]\n    for n in names:\n        if n: out[n] = ast.dump(node)\nprint(json.dumps(out))';
    const defs = (script: string): Record<string, string> => JSON.parse(spawnSync(PYTHON, ['-c', dump, join(JOBS, script)], { encoding: 'utf8' }).stdout) as Record<string, string>;
    const stage = defs('stage.py');
    const transform = defs('transform.py');
    for (const name of shared) expect([name, typeof stage[name], transform[name]]).toStrictEqual([name, 'string', stage[name]]);
  });
});

describe('stage.py', () => {
  it('reads the header, runs DELETE/COPY/UPDATE as one batch, polls until FINISHED, then archives (copy, then delete)', () => {
    // given a file under source/ and a batch that is SUBMITTED, STARTED twice, then FINISHED
    const run = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), statements: [[{ Status: 'SUBMITTED' }, { Status: 'STARTED' }, { Status: 'STARTED' }, { Status: 'FINISHED' }]] });
    // then
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const id = run.calls[3]?.params['Id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // no BEGIN/COMMIT: a Data API batch is one transaction (the DELETE, COPY and UPDATE commit together or not at all)
    expect(run.calls).toStrictEqual([
      { call: 's3.get_object', params: { Bucket: 'my-data', Key: 'source/orders.csv', Range: 'bytes=0-65535' } },
      { call: 's3.put_object', params: { Bucket: 'my-data', Key: MANIFEST, Body: manifestOf('source/orders.csv'), ContentType: 'application/json' } },
      { call: 'redshift-data.batch_execute_statement', params: { Sqls: stageSqls('source/orders.csv'), Database: 'analytics', WorkgroupName: WORKGROUP } },
      ...Array.from({ length: 4 }, () => ({ call: 'redshift-data.describe_statement', params: { Id: id } })),
      { call: 's3.copy_object', params: { Bucket: 'my-data', Key: 'archive/orders-1-abc/source/orders.csv', CopySource: { Bucket: 'my-data', Key: 'source/orders.csv' } }, wire: { Bucket: 'my-data', Key: 'archive/orders-1-abc/source/orders.csv', CopySource: 'my-data/source/orders.csv' } },
      { call: 's3.delete_object', params: { Bucket: 'my-data', Key: 'source/orders.csv' } },
    ]);
    expect(run.sleeps).toStrictEqual([0.2, 0.4, 0.8]);
    expect(run.objects).toStrictEqual(withManifest('source/orders.csv', { 'archive/orders-1-abc/source/orders.csv': FILE }));
    expect(run.stdout.trim()).toBe('staged s3://my-data/source/orders.csv into staging.orders; archived as archive/orders-1-abc/source/orders.csv');
  });

  it('COPY reads the manifest, which lists exactly the one object: orders.csv.bak beside orders.csv is not loaded', () => {
    // given orders.csv and a backup whose key starts with the same text (a plain COPY FROM 's3://…/orders.csv' loads both)
    const run = runJob('stage.py', argv(STAGE), { objects: { 'my-data': { 'source/orders.csv': FILE, 'source/orders.csv.bak': FILE } } });
    expect([run.stderr, run.status]).toStrictEqual(['', 0]);
    // then the manifest is written before the batch, and the COPY names it with MANIFEST
    expect(names(run).slice(0, 3)).toStrictEqual(['s3.get_object', 's3.put_object', 'redshift-data.batch_execute_statement']);
    expect(JSON.parse(String(run.calls[1]?.params['Body']))).toStrictEqual({ entries: [{ url: 's3://my-data/source/orders.csv', mandatory: true }] });
    // and what the COPY reads, resolved by the fake as Redshift would, is that one object
    expect(run.copyReads).toStrictEqual([{ from: `s3://my-data/${MANIFEST}`, manifest: true, objects: ['s3://my-data/source/orders.csv'] }]);
    expect(run.objects).toStrictEqual(withManifest('source/orders.csv', { 'archive/orders-1-abc/source/orders.csv': FILE, 'source/orders.csv.bak': FILE }));
  });

  it('a manifest that cannot be written stops the job before any SQL runs, and the file stays in source/', () => {
    const run = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), fail: [{ call: 's3.put_object', code: 'AccessDenied', message: 'Access Denied' }] });
    expect(run.status).toBe(1);
    expect(run.error).toBe('boto3.ClientError: An error occurred (AccessDenied) when calling the PutObject operation: Access Denied');
    expect(names(run)).toStrictEqual(['s3.get_object', 's3.put_object']);
    expect(run.objects).toStrictEqual(withFile('source/orders.csv').objects);
  });

  it('the poll delay doubles up to 5 seconds', () => {
    const run = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), statements: [[...Array.from({ length: 8 }, () => ({ Status: 'STARTED' })), { Status: 'FINISHED' }]] });
    expect(run.status).toBe(0);
    expect(run.sleeps).toStrictEqual([0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5]);
  });

  it.each([
    ['a space', 'source/orders 1.csv', 'my-data/source/orders%201.csv'],
    ['unicode', 'source/bestellungen-ü-注文 €.csv', 'my-data/source/bestellungen-%C3%BC-%E6%B3%A8%E6%96%87%20%E2%82%AC.csv'],
    ['+, &, = and parentheses', 'source/a+b&c=d (1).csv', 'my-data/source/a%2Bb%26c%3Dd%20%281%29.csv'],
    ['a sub-folder with a space', 'source/2024 05/orders.csv', 'my-data/source/2024%2005/orders.csv'],
  ])('archives a key with %s: S3 gets the key URL-encoded once, and the file moves', (_what, key, wire) => {
    const run = runJob('stage.py', argv({ ...STAGE, '--key': key }), withFile(key));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(batches(run)[0]?.params['Sqls']).toStrictEqual(stageSqls(key));
    expect(run.calls.find((c) => c.call === 's3.copy_object')?.wire?.['CopySource']).toBe(wire);
    expect(run.objects).toStrictEqual(withManifest(key, { [`archive/orders-1-abc/${key}`]: FILE }));
    // stage.ts archives under the same key
    expect(archivedKey(stageArgs({ ...STAGE, '--key': key }))).toBe(`archive/orders-1-abc/${key}`);
  });

  it.each([
    ["source/o'brien.csv"],
    ['source/back\\slash.csv'],
    ['source/tab\there.csv'],
    ['source/line\nbreak.csv'],
  ])('refuses the key %j before any SQL runs, and leaves the file in source/', (key) => {
    const run = runJob('stage.py', argv({ ...STAGE, '--key': key }), withFile(key));
    expect(run.status).toBe(1);
    expect(run.error).toBe(`JobError: object key ${JSON.stringify(key)} contains a quote, a backslash or a control character; rename the file (only such keys are refused)`);
    expect(names(run)).toStrictEqual(['s3.get_object']);
    expect(run.objects).toStrictEqual(withFile(key).objects);
  });

  it('a FAILED batch exits non-zero naming the statement and Redshift’s error, and does not archive the file', () => {
    // given the COPY (statement 2 of 3) fails
    const error = 'ERROR: Load into table \'orders\' failed. Check \'sys_load_error_detail\' system table for details.';
    const run = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), statements: [[{ Status: 'STARTED' }, { Status: 'FAILED', Error: error, FailedAt: 1 }]] });
    // then
    expect(run.status).toBe(1);
    expect(run.error).toBe(`JobError: staging s3://my-data/source/orders.csv into staging.orders failed (FAILED) at statement 2 of 3 (COPY "staging"."orders" ("order_id", "customer_email", …): ${error}`);
    expect(names(run)).toStrictEqual(['s3.get_object', 's3.put_object', 'redshift-data.batch_execute_statement', 'redshift-data.describe_statement', 'redshift-data.describe_statement']);
    expect(run.objects).toStrictEqual(withManifest('source/orders.csv', { 'source/orders.csv': FILE }));
  });

  it('an ABORTED batch fails the same way (someone cancelled it), and the file stays in source/', () => {
    const run = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), statements: [[{ Status: 'ABORTED', FailedAt: 0 }]] });
    expect(run.status).toBe(1);
    expect(run.error).toBe('JobError: staging s3://my-data/source/orders.csv into staging.orders failed (ABORTED) at statement 1 of 3 (DELETE FROM "staging"."orders" WHERE source_key = …): no error text');
    expect(run.objects).toStrictEqual(withManifest('source/orders.csv', { 'source/orders.csv': FILE }));
  });

  it('when deleting the source fails, the archived copy is deleted again and the delete’s error is reported', () => {
    const run = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), fail: [{ call: 's3.delete_object', Key: 'source/orders.csv', code: 'AccessDenied', message: 'Access Denied' }] });
    expect(run.status).toBe(1);
    // (the fake's ClientError; on AWS the same text comes as botocore.exceptions.ClientError)
    expect(run.error).toBe('boto3.ClientError: An error occurred (AccessDenied) when calling the DeleteObject operation: Access Denied');
    expect(names(run).slice(-3)).toStrictEqual(['s3.copy_object', 's3.delete_object', 's3.delete_object']);
    expect(run.calls.at(-1)?.params).toStrictEqual({ Bucket: 'my-data', Key: 'archive/orders-1-abc/source/orders.csv' });
    expect(run.objects).toStrictEqual(withManifest('source/orders.csv', { 'source/orders.csv': FILE }));
  });

  it('when that clean-up fails too, the error reported is still the delete of the source (the cause), not the clean-up’s', () => {
    const run = runJob('stage.py', argv(STAGE), {
      ...withFile('source/orders.csv'),
      fail: [
        { call: 's3.delete_object', Key: 'source/orders.csv', code: 'AccessDenied', message: 'Access Denied' },
        { call: 's3.delete_object', Key: 'archive/orders-1-abc/source/orders.csv', code: 'SlowDown', message: 'Please reduce your request rate.' },
      ],
    });
    expect(run.status).toBe(1);
    expect(run.error).toBe('boto3.ClientError: An error occurred (AccessDenied) when calling the DeleteObject operation: Access Denied');
  });

  it('a failed copy leaves the file in source/ and deletes nothing', () => {
    const run = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), fail: [{ call: 's3.copy_object', code: 'AccessDenied', message: 'Access Denied' }] });
    expect(run.status).toBe(1);
    expect(names(run).at(-1)).toBe('s3.copy_object');
    expect(run.objects).toStrictEqual(withManifest('source/orders.csv', { 'source/orders.csv': FILE }));
  });

  it('--copy-iam-role puts that role in the COPY; a value that is not a role ARN is refused', () => {
    const run = runJob('stage.py', argv({ ...STAGE, '--copy-iam-role': ROLE }), withFile('source/orders.csv'));
    expect(run.status).toBe(0);
    expect(batches(run)[0]?.params['Sqls']).toStrictEqual(stageSqls('source/orders.csv', `IAM_ROLE '${ROLE}'`));
    const bad = runJob('stage.py', argv({ ...STAGE, '--copy-iam-role': "x' CREDENTIALS 'y" }), withFile('source/orders.csv'));
    expect(bad.status).toBe(1);
    expect(bad.error).toBe(`JobError: --copy-iam-role "x' CREDENTIALS 'y" is not an IAM role ARN (or "default")`);
    expect(batches(bad)).toStrictEqual([]);
  });

  it.each([
    ['a workgroup', { '--redshift-workgroup': 'etl' }, { Database: 'dev', WorkgroupName: 'etl' }],
    ['a cluster with a secret', { '--redshift-cluster': 'warehouse', '--redshift-secret-arn': 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf', '--redshift-database': 'dw' }, { Database: 'dw', ClusterIdentifier: 'warehouse', SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf' }],
    ['a cluster with a database user', { '--redshift-cluster': 'warehouse', '--redshift-db-user': 'loader' }, { Database: 'dev', ClusterIdentifier: 'warehouse', DbUser: 'loader' }],
    ['a cluster as the job role', { '--redshift-cluster': 'warehouse' }, { Database: 'dev', ClusterIdentifier: 'warehouse' }],
  ])('sends the batch to %s', (_what, target, expected) => {
    const { '--redshift-database': _d, '--redshift-workgroup': _w, ...rest } = STAGE;
    const run = runJob('stage.py', argv({ ...rest, ...target }), withFile('source/orders.csv'));
    expect(run.status).toBe(0);
    const { Sqls: _s, ...params } = batches(run)[0]?.params ?? {};
    expect(params).toStrictEqual(expected);
  });

  it.each([
    ['a header column that is not an identifier', { file: 'order_id,order date\n1,2\n' }, 'JobError: CSV column "order date" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit (header of the file)'],
    ['an injection in a header column', { file: 'order_id,"x"";drop table t;--"\n1,2\n' }, 'JobError: CSV column "x\\"\\";drop table t;--" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit (header of the file)'],
    ['a stage table with a quote', { '--stage-table': 'orders"; drop table x; --' }, 'JobError: --stage-table: identifier "orders\\"; drop table x; --" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit'],
    ['a stage table with two dots', { '--stage-table': 'a.b.c' }, 'JobError: --stage-table: name "a.b.c" has more than one dot; use table or schema.table'],
    ['a run id that is not an execution name', { '--run-id': "x' or '1'='1" }, `JobError: --run-id "x' or '1'='1" must be 1-80 characters of A-Z, a-z, 0-9, _ and - (an execution name)`],
    ['a bucket that is not a bucket name', { '--bucket': "b' x" }, `JobError: --bucket "b' x" is not an S3 bucket name`],
    ['an archive prefix outside the folders rule', { '--archive-prefix': '../x/' }, 'JobError: --archive-prefix "../x/" must be folder names of A-Z, a-z, 0-9, _ and - ending with \'/\', e.g. archive/'],
    ['a manifest prefix outside the folders rule', { '--manifest-prefix': "m' x/" }, 'JobError: --manifest-prefix "m\' x/" must be folder names of A-Z, a-z, 0-9, _ and - ending with \'/\', e.g. manifests/'],
    ['no target', { '--redshift-workgroup': '' }, "JobError: set --redshift-workgroup (Serverless) or --redshift-cluster (provisioned) in the job's DefaultArguments"],
  ])('refuses %s before any SQL runs', (_what, change, error) => {
    const { file, ...args } = change as Record<string, string>;
    const bucket = args['--bucket'] ?? 'my-data';
    const run = runJob('stage.py', argv({ ...STAGE, ...args }), { objects: { [bucket]: { 'source/orders.csv': file ?? FILE } } });
    expect(run.error).toBe(error);
    expect(run.status).toBe(1);
    expect(batches(run)).toStrictEqual([]);
    expect(run.objects).toStrictEqual({ [bucket]: { 'source/orders.csv': file ?? FILE } });
  });

  it('without --archive-prefix it stops before any call, as stage.ts does (deploy grants writes under that prefix only when the job has it)', () => {
    const { '--archive-prefix': _p, ...rest } = STAGE;
    const run = runJob('stage.py', argv(rest), withFile('source/orders.csv'));
    expect(run.error).toBe("JobError: the job argument --archive-prefix is missing; pass it in the state's Arguments or the job's DefaultArguments");
    expect(run.status).toBe(1);
    expect(run.calls).toStrictEqual([]);
  });

  it('without --manifest-prefix it stops before any call, as stage.ts does (deploy grants writes under that prefix only when the job has it)', () => {
    const { '--manifest-prefix': _p, ...rest } = STAGE;
    const run = runJob('stage.py', argv(rest), withFile('source/orders.csv'));
    expect(run.error).toBe("JobError: the job argument --manifest-prefix is missing; pass it in the state's Arguments or the job's DefaultArguments");
    expect(run.status).toBe(1);
    expect(run.calls).toStrictEqual([]);
  });

  it('names a missing argument', () => {
    const { '--run-id': _r, ...rest } = STAGE;
    const run = runJob('stage.py', argv(rest), withFile('source/orders.csv'));
    expect(run.status).toBe(1);
    expect(run.error).toBe("JobError: the job argument --run-id is missing; pass it in the state's Arguments or the job's DefaultArguments");
    expect(run.calls).toStrictEqual([]);
  });

  it('a header that is not UTF-8 is refused naming the column, as the local job does (not a UnicodeDecodeError)', () => {
    // (the validator rejects such files first; the job must still say what is wrong)
    const latin1 = Buffer.from('order_id,bestellmenge_\u00e4\n1,2\n', 'latin1').toString('base64');
    const run = runJob('stage.py', argv(STAGE), { objects: { 'my-data': { 'source/orders.csv': { base64: latin1 } } } });
    expect(run.error).toBe('JobError: CSV column "bestellmenge_\uFFFD" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit (header of the file)');
    expect(run.status).toBe(1);
    expect(batches(run)).toStrictEqual([]);
  });

  it('reads its arguments among the ones Glue adds itself (--job-bookmark-option, --scriptLocation, …)', () => {
    const glue = ['--job-bookmark-option', 'job-bookmark-disable', '--scriptLocation', 's3://csv-etl-dev-assets-123456789012/scripts/stage.py', '--job-language', 'python'];
    const run = runJob('stage.py', [...glue, ...argv(STAGE)], withFile('source/orders.csv'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('a Glue flag without a value does not swallow the name of the argument after it', () => {
    const run = runJob('stage.py', ['--enable-metrics', ...argv(STAGE), '--enable-continuous-cloudwatch-log'], withFile('source/orders.csv'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(batches(run)[0]?.params['Sqls']).toStrictEqual(stageSqls('source/orders.csv'));
  });
});

describe('transform.py', () => {
  const ASSETS = 'csv-etl-dev-assets-123456789012';
  const URI = `s3://${ASSETS}/scripts/transform/transform.sql`;
  const ARGS = { '--stage-table': 'staging.orders', '--target-table': 'public.orders', '--run-id': 'orders-1-abc', '--redshift-database': 'analytics', '--redshift-workgroup': WORKGROUP, '--transform-sql': URI };
  const withSql = (sql = TRANSFORM_SQL): Scenario => ({ objects: { [ASSETS]: { 'scripts/transform/transform.sql': sql } } });

  it('loads transform.sql from --transform-sql, fills the placeholders and runs its statements as one batch, polled until FINISHED', () => {
    const run = runJob('transform.py', argv(ARGS), { ...withSql(), statements: [[{ Status: 'PICKED' }, { Status: 'STARTED' }, { Status: 'FINISHED' }]] });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(names(run)).toStrictEqual(['s3.get_object', 'redshift-data.batch_execute_statement', ...Array.from({ length: 3 }, () => 'redshift-data.describe_statement')]);
    expect(run.calls[0]?.params).toStrictEqual({ Bucket: ASSETS, Key: 'scripts/transform/transform.sql' });
    const sqls = batches(run)[0]?.params['Sqls'] as string[];
    // the same statements the local (TypeScript) job runs on DuckDB
    expect(sqls).toStrictEqual(transformStatements(TRANSFORM_SQL, ARGS));
    expect(sqls).toHaveLength(2);
    expect(sqls[0]).toBe(`DELETE FROM "public"."orders"\n WHERE order_id IN (SELECT order_id FROM "staging"."orders" WHERE run_id = 'orders-1-abc')`);
    expect(sqls[1]).toMatch(/^INSERT INTO "public"."orders"\n[^]*\n  FROM "staging"."orders"\n WHERE run_id = 'orders-1-abc'$/);
    expect(batches(run)[0]?.params).toMatchObject({ Database: 'analytics', WorkgroupName: WORKGROUP });
    expect(run.sleeps).toStrictEqual([0.2, 0.4]);
    expect(run.stdout.trim()).toBe('transformed run orders-1-abc into public.orders');
  });

  it('splits statements at a ; that ends a line and drops comment lines', () => {
    const sql = '-- header {{run_id}}\nDELETE FROM {{target_table}} WHERE x = \'a;b\';\n  -- between\nSELECT 1 FROM {{stage_table}};  \nSELECT 2';
    const run = runJob('transform.py', argv(ARGS), withSql(sql));
    expect(run.status).toBe(0);
    expect(batches(run)[0]?.params['Sqls']).toStrictEqual([`DELETE FROM "public"."orders" WHERE x = 'a;b'`, 'SELECT 1 FROM "staging"."orders"', 'SELECT 2']);
  });

  it.each([
    ['an unknown placeholder', { sql: 'SELECT {{nope}};' }, 'JobError: transform.sql uses an unknown placeholder {{nope}}'],
    ['a target table that is not an identifier', { '--target-table': 'public.orders;' }, 'JobError: --target-table: identifier "orders;" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit'],
    ['a run id with a quote', { '--run-id': "r'1" }, `JobError: --run-id "r'1" must be 1-80 characters of A-Z, a-z, 0-9, _ and - (an execution name)`],
    ['a --transform-sql that is not an s3:// URI', { '--transform-sql': 'https://example.com/t.sql' }, 'JobError: --transform-sql "https://example.com/t.sql" must be an s3://bucket/key URI'],
    ['a missing stage table', { '--stage-table': '' }, "JobError: the job argument --stage-table is missing; pass it in the state's Arguments or the job's DefaultArguments"],
    ['a missing run id', { '--run-id': '' }, "JobError: the job argument --run-id is missing; pass it in the state's Arguments or the job's DefaultArguments"],
  ])('refuses %s before any SQL runs', (_what, change, error) => {
    const { sql, ...args } = change as Record<string, string>;
    const run = runJob('transform.py', argv({ ...ARGS, ...args }), withSql(sql));
    expect(run.error).toBe(error);
    expect(run.status).toBe(1);
    expect(batches(run)).toStrictEqual([]);
  });

  it('a FAILED batch exits non-zero naming the statement and Redshift’s error', () => {
    const error = 'ERROR: column "loaded_at" of relation "orders" does not exist';
    const run = runJob('transform.py', argv(ARGS), { ...withSql(), statements: [[{ Status: 'FAILED', Error: error, FailedAt: 1 }]] });
    expect(run.status).toBe(1);
    expect(run.error).toBe(`JobError: transforming staging.orders into public.orders failed (FAILED) at statement 2 of 2 (INSERT INTO "public"."orders" (order_id, customer_email, …): ${error}`);
  });

  it('without --transform-sql it reads transform.sql shipped in the working folder, else ../sql/transform.sql beside the script', () => {
    const { '--transform-sql': _t, ...args } = ARGS;
    const run = runJob('transform.py', argv(args));
    expect(run.status).toBe(0);
    expect(names(run)[0]).toBe('redshift-data.batch_execute_statement');
    expect(batches(run)[0]?.params['Sqls']).toStrictEqual(transformStatements(TRANSFORM_SQL, args));
  });

  it('without --transform-sql and no transform.sql to be found, it says to pass --transform-sql', () => {
    const { '--transform-sql': _t, ...args } = ARGS;
    const alone = mkdtempSync(join(tmpdir(), 'glue-python-alone-'));
    try {
      // <alone>/jobs/transform.py: no <alone>/sql/transform.sql beside it
      mkdirSync(join(alone, 'jobs'));
      copyFileSync(join(JOBS, 'transform.py'), join(alone, 'jobs', 'transform.py'));
      const run = runJob(join(alone, 'jobs', 'transform.py') as `/${string}`, argv(args));
      expect(run.error).toBe('JobError: transform.sql not found: pass --transform-sql s3://bucket/key (statecraft deploy uploads sql/transform.sql and sets it)');
      expect(run.status).toBe(1);
      expect(run.calls).toStrictEqual([]);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });
});

describe('stage.py and the local stage job (stage.ts) agree', () => {
  it('on the statements of the batch and the archive calls, for the same file and run', async () => {
    // given the local pipeline stages a file on DuckDB; its stage job's calls are recorded
    const local: { call: string; input: Record<string, unknown> }[] = [];
    const key = 'source/orders 2024-05 ü.csv';
    const body = `${HEADER}\n${row()}\n${row({ order_id: '2' })}\n`;
    const runId = await withPipeline({
      jobDeps: (job, deps) => (job !== 'stage' ? deps : {
        ...deps,
        s3: { send: ((c: { constructor: { name: string }; input: object }) => { local.push({ call: c.constructor.name, input: { ...c.input } }); return deps.s3.send(c as never); }) as typeof deps.s3.send },
        redshiftData: { send: ((c: { constructor: { name: string }; input: object }) => { local.push({ call: c.constructor.name, input: { ...c.input } }); return deps.redshiftData.send(c as never); }) as typeof deps.redshiftData.send },
      }),
    }, async (lp) => {
      const report = await lp.upload(key.slice('source/'.length), body);
      await lp.idle();
      const started = report.results[0];
      if (started?.status !== 'started') throw new Error(`nothing started: ${JSON.stringify(report)}`);
      expect(lp.executions.get(started.executionName)?.outcome?.status).toBe('SUCCEEDED');
      return { name: started.executionName, bucket: lp.bucket };
    });
    // when stage.py runs for the same bucket, key and run id
    const py = runJob('stage.py', argv({ ...STAGE, '--bucket': runId.bucket, '--key': key, '--run-id': runId.name }), { objects: { [runId.bucket]: { [key]: body } } });
    expect(py.stderr).toBe('');
    // then the same three statements, in one batch (the local target has no workgroup: the local Data API needs none)
    const localBatch = local.filter((c) => c.call === 'BatchExecuteStatementCommand');
    expect(localBatch).toHaveLength(1);
    expect(batches(py)[0]?.params['Sqls']).toStrictEqual(localBatch[0]?.input['Sqls']);
    // and the same S3 calls in the same order: header range, the manifest, copy to archive/, delete from source/
    const s3 = (c: { call: string }) => !/Statement/i.test(c.call);
    expect(local.filter(s3).map((c) => c.call)).toStrictEqual(['GetObjectCommand', 'PutObjectCommand', 'CopyObjectCommand', 'DeleteObjectCommand']);
    expect(py.calls.filter(s3).map((c) => c.call)).toStrictEqual(['s3.get_object', 's3.put_object', 's3.copy_object', 's3.delete_object']);
    const [lGet, lPut, lCopy, lDelete] = local.filter(s3).map((c) => c.input);
    const [pGet, pPut, pCopy, pDelete] = py.calls.filter(s3).map((c) => c.wire ?? c.params);
    expect(pGet).toStrictEqual(lGet);
    // the same manifest, byte for byte (unicode in the key unescaped by both)
    expect(pPut).toStrictEqual(lPut);
    expect(pPut?.['Body']).toBe(manifestOf(key, runId.bucket));
    // SDK v3 sends CopySource as given (the job encodes it); boto3 encodes it itself: on the wire they are the same
    expect(pCopy).toStrictEqual(lCopy);
    expect(pDelete).toStrictEqual(lDelete);
  }, 60_000);
});

describe('stage.py and the TypeScript jobs fail with the same message', () => {
  it.each<[string, { Status: string; Error?: string; FailedAt: number }]>([
    ['FAILED at the COPY', { Status: 'FAILED', Error: 'ERROR: Load into table \'orders\' failed.', FailedAt: 1 }],
    ['ABORTED at the first statement, with no error text', { Status: 'ABORTED', FailedAt: 0 }],
  ])('%s', async (_what, answer) => {
    const py = runJob('stage.py', argv(STAGE), { ...withFile('source/orders.csv'), statements: [[answer]] });
    const sqls = stageSqls('source/orders.csv');
    // the answer the fake boto3 gives, through the TypeScript job's poll loop
    const subs = sqls.map((sql, i) => ({
      Id: `s:${i + 1}`, QueryString: sql,
      Status: i < answer.FailedAt ? 'FINISHED' : i === answer.FailedAt ? answer.Status : 'ABORTED',
      ...(i === answer.FailedAt && answer.Error !== undefined ? { Error: answer.Error } : {}),
    }));
    const describe = { Id: 's', Status: answer.Status, SubStatements: subs, ...(answer.Error === undefined ? {} : { Error: answer.Error }) } as DescribeStatementCommandOutput;
    const send = (c: BatchExecuteStatementCommand | DescribeStatementCommand) => Promise.resolve(c instanceof DescribeStatementCommand ? describe : { Id: 's' });
    const deps = { s3: { send: () => Promise.reject(new Error('no S3 here')) }, redshiftData: { send } } as unknown as JobDeps;
    const ts = await runBatch(deps, sqls, 'staging s3://my-data/source/orders.csv into staging.orders').then(() => 'finished', (e: Error) => `${e.name}: ${e.message}`);
    expect(py.error).toBe(ts);
  });
});

describe('the scripts read the arguments deploy and the state machine give them', () => {
  it('DefaultArguments from the deploy plan plus the Arguments of the Stage and Transform states; their roles allow every call', async () => {
    // given the plan's DefaultArguments (Redshift target, --archive-prefix, --transform-sql) ...
    const plan = (await planOffline(csvEtl, {
      stage: 'dev', region: 'eu-west-1', account: '123456789012', baseDir: fileURLToPath(new URL('../../examples/csv-etl/', import.meta.url)),
      redshift: { workgroup: WORKGROUP, database: 'analytics' },
    }))._unsafeUnwrap();
    const defaults = (id: string): Record<string, string> => {
      const job = plan.resources.find((r) => r.kind === 'glue-job' && r.id === id);
      if (job?.kind !== 'glue-job') throw new Error(`no Glue job ${id}`);
      return { ...job.defaultArguments };
    };
    const sqlObject = plan.resources.find((r) => r.kind === 'object' && r.key === 'scripts/transform/transform.sql');
    if (sqlObject?.kind !== 'object') throw new Error('the plan uploads no transform.sql');
    // ... and the Arguments the compiled states pass (paths resolved as an execution would)
    const asl = JSON.parse(readFileSync(new URL('../../examples/csv-etl/pipeline.asl.json', import.meta.url), 'utf8')) as { States: Record<string, { Parameters?: { Arguments?: Record<string, string> } }> };
    const DATA = 'csv-etl-dev-data-123456789012';
    const values: Record<string, string> = { '$.bucket': DATA, '$.key': 'source/orders 1.csv', '$$.Execution.Name': 'orders-1-abc' };
    const stateArgs = (state: string): Record<string, string> => Object.fromEntries(Object.entries(asl.States[state]?.Parameters?.Arguments ?? {}).map(([k, v]) => (k.endsWith('.$') ? [k.slice(0, -2), values[v] ?? `<${v}>`] : [k, v])));
    // when both scripts run with them
    const stage = runJob('stage.py', argv({ ...defaults('stage'), ...stateArgs('Stage') }), { objects: { [DATA]: { 'source/orders 1.csv': FILE } } });
    const transform = runJob('transform.py', argv({ ...defaults('transform'), ...stateArgs('Transform') }), { objects: { 'csv-etl-dev-assets-123456789012': { 'scripts/transform/transform.sql': Buffer.from(sqlObject.body).toString('utf8') } } });
    // then each finds every argument it needs
    expect([stage.stderr, stage.status]).toStrictEqual(['', 0]);
    expect(batches(stage)[0]?.params).toStrictEqual({ Sqls: stageSqls('source/orders 1.csv').map((q) => q.replace('s3://my-data/', `s3://${DATA}/`)), Database: 'analytics', WorkgroupName: WORKGROUP });
    expect(stage.objects).toStrictEqual({ [DATA]: { 'archive/orders-1-abc/source/orders 1.csv': FILE, [MANIFEST]: manifestOf('source/orders 1.csv', DATA) } });
    expect([transform.stderr, transform.status]).toStrictEqual(['', 0]);
    expect(batches(transform)[0]?.params).toStrictEqual({ Sqls: transformStatements(TRANSFORM_SQL, stateArgs('Transform')), Database: 'analytics', WorkgroupName: WORKGROUP });
    // and the job's role allows every call it made, on the resource it touched
    const denied = (roleName: string, run: Run): string[] => {
      const role = plan.resources.find((r) => r.kind === 'role' && r.name === roleName);
      if (role?.kind !== 'role') throw new Error(`no role ${roleName}`);
      const allows = (action: string, resource: string): boolean => role.policy.Statement.some((st) => st.Action.includes(action)
        && st.Resource.some((r) => new RegExp(`^${r.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(resource)));
      const object = (bucket: unknown, key: unknown) => `arn:aws:s3:::${String(bucket)}/${String(key)}`;
      return run.calls.flatMap((c) => {
        const p = c.params;
        const source = p['CopySource'] as { Bucket: string; Key: string } | undefined;
        const needs = ({
          's3.get_object': [['s3:GetObject', object(p['Bucket'], p['Key'])]],
          's3.copy_object': [['s3:GetObject', object(source?.Bucket, source?.Key)], ['s3:PutObject', object(p['Bucket'], p['Key'])]],
          's3.delete_object': [['s3:DeleteObject', object(p['Bucket'], p['Key'])]],
          's3.put_object': [['s3:PutObject', object(p['Bucket'], p['Key'])]],
          'redshift-data.batch_execute_statement': [['redshift-data:BatchExecuteStatement', WORKGROUP], ['redshift-serverless:GetCredentials', WORKGROUP]],
          'redshift-data.describe_statement': [['redshift-data:DescribeStatement', '*']],
        } satisfies Record<string, [string, string][]>)[c.call] ?? [['unknown call', c.call] as [string, string]];
        return needs.filter(([action, resource]) => !allows(action, resource)).map(([action, resource]) => `${c.call}: ${action} on ${resource}`);
      });
    };
    expect(denied('csv-etl-dev-stage-glue', stage)).toStrictEqual([]);
    expect(denied('csv-etl-dev-transform-glue', transform)).toStrictEqual([]);
  }, 60_000);
});

describe('stage.py and stage.ts refuse the same inputs with the same message', () => {
  const latin1 = Buffer.from('order_id,bestellmenge_\u00e4\n1,2\n', 'latin1');
  it.each<[string, Record<string, string>, Buffer?]>([
    ['a key with a quote', { '--key': "source/o'brien.csv" }],
    ['a key with a line break (the message stays on one line)', { '--key': 'source/line\nbreak.csv' }],
    ['a key with a backslash', { '--key': 'source/back\\slash.csv' }],
    ['a run id with a quote', { '--run-id': "x' or '1'='1" }],
    ['an empty run id', { '--run-id': '' }],
    ['a bucket that is not a bucket name', { '--bucket': "b' x" }],
    ['an archive prefix outside the folders rule', { '--archive-prefix': '../x/' }],
    ['no archive prefix', { '--archive-prefix': '' }],
    ['a manifest prefix outside the folders rule', { '--manifest-prefix': '../x/' }],
    ['no manifest prefix', { '--manifest-prefix': '' }],
    ['a stage table with a quote', { '--stage-table': 'orders"; drop table x; --' }],
    ['a stage table with two dots', { '--stage-table': 'a.b.c' }],
    ['a stage table with an empty part', { '--stage-table': 'staging.' }],
    ['a stage table of 128 characters', { '--stage-table': `t${'x'.repeat(127)}` }],
    ['a COPY role that is not a role ARN', { '--copy-iam-role': "x' CREDENTIALS 'y" }],
    ['a header column with a space', {}, Buffer.from('order_id,order date\n1,2\n')],
    ['a header column with quotes', {}, Buffer.from('order_id,"x"";drop"\n1,2\n')],
    ['a header that is not UTF-8', {}, latin1],
  ])('%s', async (_what, change, body = Buffer.from(FILE)) => {
    const args = { ...STAGE, ...change };
    const py = runJob('stage.py', argv(args), { objects: { [args['--bucket']]: { [args['--key']]: { base64: body.toString('base64') } } } });
    const s3 = { send: (c: GetObjectCommand) => Promise.resolve(c instanceof GetObjectCommand ? { Body: { transformToByteArray: () => Promise.resolve(new Uint8Array(body)) } } : {}) };
    const redshiftData = { send: () => Promise.reject(new Error('no SQL may run')) };
    const ts = await stageJob({ s3, redshiftData } as unknown as JobDeps)(args).then(() => 'staged', (e: Error) => `${e.name}: ${e.message}`);
    expect(ts).toMatch(/^JobError: /);
    expect(py.error).toBe(ts);
    expect(batches(py)).toStrictEqual([]);
  });

  it('--copy-iam-role gives the same COPY in both', () => {
    const py = runJob('stage.py', argv({ ...STAGE, '--copy-iam-role': ROLE }), withFile('source/orders.csv'));
    expect(batches(py)[0]?.params['Sqls']).toStrictEqual(stageStatements(stageArgs({ ...STAGE, '--copy-iam-role': ROLE }), headerColumns(HEADER)));
  });
});
