/**
 * `npm run demo` (examples/csv-etl/demo.ts) on a temp folder: exit code 0, the
 * summary of both runs, and an SVG of each run's path coloured by status.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../examples/csv-etl/demo.js';

describe('the CSV ETL demo', { timeout: 30_000 }, () => {
  it('loads the good file, rejects the bad one, prints the summary and draws both paths', async () => {
    const root = await mkdtemp(join(tmpdir(), 'csv-etl-demo-'));
    try {
      const lines: string[] = [];
      const code = await runDemo({ root, print: (l) => lines.push(l), colour: false });
      const text = lines.join('\n');
      expect(code).toBe(0);
      expect(text).toContain('rows loaded into public.orders: 300');
      expect(text).toContain('✓ Transform');
      expect(text).toContain('↪ Validate');
      expect(text).toContain('✗ Rejected');
      expect(text).toContain('status: FAILED CsvEtl.InvalidFile');
      expect(text).toMatch(/\/error\/orders-bad-csv-[0-9a-f]{24}\/source\/orders-bad\.csv\.problems\.json/);
      expect(text).toMatch(/the file is now at: s3:\/\/[^ ]+\/archive\/orders-good-csv-[0-9a-f]{24}\/source\/orders-good\.csv/);
      expect(text).toContain('CSV loaded: source/orders-good.csv 300 rows');
      expect(text).toContain('CSV file rejected: source/orders-bad.csv CsvValidation.Invalid');
      expect(text).toContain('✓ good file loaded (300 rows) and archived');
      // No virtual time passes on the local services: the path says so and shows real times, not a column of "+0 ms".
      expect(text).toContain('path taken (real time; no virtual time passed');
      expect(text).not.toMatch(/at \+0 ms/);
      const good = await readFile(join(root, '.statecraft/demo/good.svg'), 'utf8');
      const bad = await readFile(join(root, '.statecraft/demo/bad.svg'), 'utf8');
      for (const svg of [good, bad]) expect(svg).toMatch(/^<\?xml|^<svg|<svg/);
      // The bad run's path has a failed (red) state; the good run's has none.
      expect(bad).toContain('#d13212');
      expect(good).not.toContain('#d13212');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
