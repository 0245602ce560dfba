import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { outcomeText } from '../../src/cli/commands/dev.js';
import type { ExecutionResult } from '../../src/local/index.js';
import { defaultEnvironment, resourceName } from '../../src/steps/naming.js';
import { FIXTURES, runCli } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ETL = join(ROOT, 'examples', 'csv-etl');
const BUCKET = resourceName(defaultEnvironment('csv-etl'), 'bucket', 'data');

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'statecraft-dev-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const bucketDir = (...parts: string[]) => join(root, '.statecraft', 's3', BUCKET, ...parts);

async function drop(file: string, as = file): Promise<void> {
  await mkdir(bucketDir('source'), { recursive: true });
  await copyFile(join(ETL, 'data', file), bucketDir('source', as));
}

describe('statecraft dev', () => {
  it('--once runs the files already in source/ with a status line each, and exits 1 when one failed', async () => {
    await drop('orders-good.csv');
    await drop('orders-bad.csv');
    const r = await runCli(['dev', ETL, '--root', root, '--once'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    // The local services take no virtual time: the real time is shown, and said to be real.
    expect(lines).toContainEqual(expect.stringMatching(/^source\/orders-good\.csv {2}✔ SUCCEEDED in \d+ ms real, no virtual time passed: Validate → Stage → Transform → Notify loaded$/));
    expect(lines).toContainEqual(expect.stringMatching(/^source\/orders-bad\.csv {2}✖ FAILED CsvEtl\.InvalidFile at Rejected after \d+ ms real, no virtual time passed$/));
    expect(lines).toContain('source/orders-good.csv  ▶ Stage');
    // archive/<run id>/<key>, error/<run id>/<key> (the run id is the execution name, one per object version)
    expect(await readdir(bucketDir('archive'), { recursive: true })).toContainEqual(expect.stringMatching(/^orders-good-csv-[0-9a-f]{24}\/source\/orders-good\.csv$/));
    expect(await readdir(bucketDir('error'), { recursive: true })).toContainEqual(expect.stringMatching(/^orders-bad-csv-[0-9a-f]{24}\/source\/orders-bad\.csv$/));
    // Every file left source/ (the local S3 removes folders that become empty).
    expect(await readdir(bucketDir('source')).catch(() => [])).toStrictEqual([]);
  }, 60_000);

  it('--once exits 0 when every file loads', async () => {
    await drop('orders-good.csv', 'day 1.csv');
    const r = await runCli(['dev', ETL, '--root', root, '--once'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('source/day 1.csv  ✔ SUCCEEDED');
  }, 60_000);

  it('watches source/ and runs the pipeline for a file that lands, until stopped', async () => {
    let stdout = '';
    const stop = new AbortController();
    const done = main(['dev', ETL, '--root', root], { cwd: root, isTty: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stdout += t) }, { signal: stop.signal });
    const until = async (text: string): Promise<void> => {
      for (let i = 0; i < 400 && !stdout.includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(stdout).toContain(text);
    };
    await until('watching ');
    await drop('orders-good.csv', 'late.csv');
    await until('source/late.csv  ✔ SUCCEEDED');
    stop.abort();
    expect(await done).toBe(0);
    expect(await readdir(bucketDir('archive'), { recursive: true })).toContainEqual(expect.stringMatching(/^late-csv-[0-9a-f]{24}\/source\/late\.csv$/));
  }, 60_000);

  it('status line: virtual time when it passed (retry back-offs), with the real time beside it', () => {
    const result = { status: 'SUCCEEDED', history: [], transitions: 0, executionArn: 'arn', startDate: new Date(0), stopDate: new Date(95_000) } as ExecutionResult;
    expect(outcomeText(result, 42)).toBe('✔ SUCCEEDED in 1m 35s virtual (42 ms real): ');
    expect(outcomeText({ ...result, status: 'FAILED', error: 'CsvEtl.Failed' }, 1500)).toBe('✖ FAILED CsvEtl.Failed after 1m 35s virtual (1.5s real)');
  });

  it.each([
    [['dev', 'missing-folder'], 'statecraft dev: missing-folder: no such file\n'],
    [['dev', '.'], 'statecraft dev: .: no local.ts here; statecraft dev runs a folder whose local.ts exports createLocalPipeline(options) (see examples/csv-etl/local.ts)\n'],
    [['dev', 'no-pipeline.ts'], "statecraft dev: no-pipeline.ts: exports no createLocalPipeline function (exports found: 'answer', 'helper')\n"],
  ])('bad input %j: one message, exit 2', async (argv, message) => {
    expect(await runCli(argv, FIXTURES)).toStrictEqual({ code: 2, stdout: '', stderr: message });
  });
});
