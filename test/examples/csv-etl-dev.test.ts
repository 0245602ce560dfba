/**
 * `statecraft dev examples/csv-etl`: files that land in the local S3 `source/`
 * folder on disk each run through the trigger and the pipeline, with a status
 * line per file (plain lines when not a terminal).
 */
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDev } from '../../src/cli/dev.js';
import { CliFailure } from '../../src/cli/internal/command.js';
import type { CliIo } from '../../src/cli/io.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DATA = (name: string): string => join(REPO, 'examples/csv-etl/data', name);
const BUCKET_DIR = ['.statecraft', 's3', 'csv-etl-dev-data-000000000000'];

function captureIo(): CliIo & { out: string[] } {
  const out: string[] = [];
  return { cwd: REPO, isTty: false, out, stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) };
}

describe('statecraft dev', () => {
  it('--once runs every file already in source/ and reports a line per file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'csv-etl-dev-'));
    try {
      const source = join(root, ...BUCKET_DIR, 'source');
      await mkdir(source, { recursive: true });
      await copyFile(DATA('orders-good.csv'), join(source, 'orders-good.csv'));
      await copyFile(DATA('orders-bad.csv'), join(source, 'orders-bad.csv'));
      const io = captureIo();
      const code = await runDev({ target: 'examples/csv-etl', root, once: true }, io);
      const text = io.out.join('');
      expect(code).toBe(1); // the bad file's run failed (as it should)
      expect(text).toContain('✓ source/orders-good.csv  SUCCEEDED\n');
      expect(text).toContain('✗ source/orders-bad.csv  FAILED CsvEtl.InvalidFile');
      expect(text).toContain('… source/orders-good.csv  Transform\n');
      expect((await readdir(join(root, ...BUCKET_DIR, 'archive'))).sort()).toStrictEqual(['orders-good.csv']);
      expect((await readdir(join(root, ...BUCKET_DIR, 'error'))).sort()).toStrictEqual(['orders-bad.csv', 'orders-bad.csv.problems.json']);
      // Nothing is left in source/ (the local S3 removes a folder that became empty).
      expect(await readdir(source).catch(() => [])).toStrictEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('watches source/: a file dropped there while it runs is processed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'csv-etl-dev-'));
    const controller = new AbortController();
    try {
      const io = captureIo();
      const done = runDev({
        target: 'examples/csv-etl/pipeline.ts',
        root,
        signal: controller.signal,
        onReady: (dir) => void copyFile(DATA('orders-good.csv'), join(dir, 'dropped.csv')),
      }, io);
      for (let i = 0; i < 200 && !io.out.join('').includes('dropped.csv  SUCCEEDED'); i++) await new Promise((r) => setTimeout(r, 50));
      controller.abort();
      expect(await done).toBe(0);
      expect(io.out.join('')).toContain('✓ source/dropped.csv  SUCCEEDED\n');
      expect(await readdir(join(root, ...BUCKET_DIR, 'archive'))).toStrictEqual(['dropped.csv']);
    } finally {
      controller.abort();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('says what is missing when the folder has no local.ts', async () => {
    await expect(runDev({ target: 'src/csv', once: true }, captureIo())).rejects.toThrow(CliFailure);
    await expect(runDev({ target: 'src/csv', once: true }, captureIo())).rejects.toMatchObject({
      error: { kind: 'usage', message: 'src/csv: no local.ts here; dev needs one exporting createLocalPipeline({ root, log, onProgress }) that wires the pipeline\'s jobs to the local services (see examples/csv-etl/local.ts)' },
    });
  });
});
