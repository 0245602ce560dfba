/**
 * DuckDB (a native module) loads only when a local Redshift database is first
 * used: importing `statecraft/local`, running an execution on the local S3 and
 * SNS, or creating the services must not load it. Checked in a fresh Node
 * process, since this test's own process may have loaded DuckDB already.
 *
 * Two witnesses: the CommonJS module cache (`@duckdb/node-api` and its
 * bindings are CommonJS) and, on Linux, the shared libraries mapped into the
 * process. The last step opens a Redshift database and asks again, so a
 * witness that can no longer see DuckDB fails the test instead of passing it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// The source file that the package's `./local` export names (`statecraft-source` condition).
const CHILD = `
import { createRequire } from 'node:module';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const require = createRequire(import.meta.url);
const loaded = () => ({
  cache: Object.keys(require.cache).filter((k) => k.includes('@duckdb')).length,
  mapped: existsSync('/proc/self/maps') ? readFileSync('/proc/self/maps', 'utf8').includes('duckdb.node') : null,
});
const steps = {};
const local = await import('./src/local/index.ts');
steps.imported = loaded();
const root = mkdtempSync(join(tmpdir(), 'statecraft-lazy-'));
try {
  const services = local.createLocalServices({ root, buckets: ['lazy-bucket'], redshift: { inMemory: true } });
  await services.s3.putObject({ Bucket: 'lazy-bucket', Key: 'k.txt', Body: 'x' });
  const asl = { StartAt: 'Put', States: { Put: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:putObject', Parameters: { Bucket: 'lazy-bucket', Key: 'out.txt', Body: 'y' }, End: true } } };
  const run = await local.execute(asl, {}, { resources: services.resources });
  if (run.isErr() || run.value.status !== 'SUCCEEDED') throw new Error('the S3 execution did not succeed: ' + JSON.stringify(run));
  steps.servicesUsed = loaded();
  const rows = await services.redshift.query('select 42 as answer');
  steps.redshiftUsed = { ...loaded(), rows };
  await services.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(steps));
`;

describe('lazy DuckDB', () => {
  it('importing statecraft/local and using S3 loads no DuckDB; the first Redshift query does', () => {
    // given a fresh process that imports the local entry, uses the services, then queries Redshift
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const steps = JSON.parse(r.stdout) as Record<string, { cache: number; mapped: boolean | null; rows?: unknown }>;
    const linux = process.platform === 'linux';

    // then DuckDB is absent until the Redshift query, and present after it
    expect(steps['imported']).toStrictEqual({ cache: 0, mapped: linux ? false : null });
    expect(steps['servicesUsed']).toStrictEqual({ cache: 0, mapped: linux ? false : null });
    expect(steps['redshiftUsed']!.rows).toStrictEqual([{ answer: 42 }]);
    expect(steps['redshiftUsed']!.cache).toBeGreaterThan(0);
    if (linux) expect(steps['redshiftUsed']!.mapped).toBe(true);
  });
});
