/**
 * Lambda bundles are deterministic: the same handler gives the same zip (and so the same
 * `CodeSha256`, and no upload on re-deploy) whatever directory the deploy runs from.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleLambda } from '../../src/deploy/bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = new URL('../../src/deploy/bundle.ts', import.meta.url).href;
const S3_TRIGGER = fileURLToPath(new URL('../../src/handlers/s3-trigger/index.ts', import.meta.url));
/** tsx's loader by URL: `--import tsx` would resolve it from the working directory. */
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

/**
 * The CodeSha256 of the s3-trigger bundle, built by a fresh process working in `cwd`
 * (esbuild's service keeps the directory it started in, so one process cannot show it).
 */
function codeSha256From(cwd: string, script: string): string {
  const r = spawnSync(process.execPath, ['--import', TSX, script], { cwd, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

describe('bundleLambda', () => {
  it('gives the same zip from any working directory', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'statecraft-bundle-cwd-'));
    try {
      // given a script that bundles a packaged handler and prints its CodeSha256
      const script = join(elsewhere, 'bundle.mjs');
      writeFileSync(script, [
        `const { bundleLambda } = await import(${JSON.stringify(BUNDLE)});`,
        `const r = await bundleLambda(${JSON.stringify(S3_TRIGGER)});`,
        'process.stdout.write(r._unsafeUnwrap().codeSha256);',
      ].join('\n'));
      // when it runs from the repository root and from another directory
      const fromRoot = codeSha256From(ROOT, script);
      const fromElsewhere = codeSha256From(elsewhere, script);
      // then the bytes, and so the CodeSha256 that Lambda compares, are the same
      expect(fromRoot).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(fromElsewhere).toBe(fromRoot);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('a missing entry is one line saying so, relative to the pipeline file', async () => {
    const entry = join(tmpdir(), 'statecraft-no-such-handler.ts');
    const r = await bundleLambda(entry);
    expect(r._unsafeUnwrapErr()).toStrictEqual({ kind: 'bundle-failed', entry, message: 'no such file (a relative lambdaFunction entry starts from the folder of the pipeline file: the deploy option baseDir)' });
  });

  it('a handler that does not build is one line with each error and its place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-bundle-bad-'));
    try {
      const entry = join(dir, 'score.ts');
      writeFileSync(entry, "import { missing } from './helpers.js';\nexport const handler = async () => missing(;\n");
      const r = await bundleLambda(entry);
      const message = r._unsafeUnwrapErr().message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^score\.ts:2:\d+: Unexpected ";"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
