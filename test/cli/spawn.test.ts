import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the real `bin/statecraft.mjs` in a child process (tsx loader, exit code from `main`). */
function statecraft(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/statecraft.mjs', ...argv], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/statecraft.mjs (real process)', () => {
  it('loads a .ts pipeline with no build step and prints its ASL', () => {
    const r = statecraft('compile', 'test/cli/fixtures/orders.pipeline.ts');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ StartAt: 'Score', States: { Score: { Type: 'Task' } } });
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });

  it('loads a .ts pipeline that lives outside any ESM package (no package.json "type": "module")', () => {
    const dir = mkdtempSync(join(tmpdir(), 'statecraft-outside-'));
    try {
      const dsl = join(ROOT, 'src', 'dsl', 'pipeline.ts');
      writeFileSync(join(dir, 'flow.ts'), `import { pipeline } from ${JSON.stringify(dsl)};\nexport const flow = pipeline<{ a: number }>('outside').pass({ name: 'Hi' });\n`);
      const r = statecraft('compile', join(dir, 'flow.ts'));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ StartAt: 'Hi', States: { Hi: { Type: 'Pass', End: true } } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs a definition and exits with 1 when the execution fails', () => {
    const r = statecraft('run', 'test/cli/fixtures/retry-wait.asl.json', '--mocks', 'test/cli/fixtures/mocks-boom.json', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'FAILED', error: 'Boom', cause: 'always', failedState: 'Load' });
    expect(r.stderr).toBe('');
  });

  it('sets exit code 2 and prints one line, no stack trace, for a missing file', () => {
    const r = statecraft('graph', 'test/cli/fixtures/absent.ts', '--format', 'dot');
    expect(r).toStrictEqual({ status: 2, stdout: '', stderr: 'statecraft graph: test/cli/fixtures/absent.ts: no such file\n' });
  });

  it('prints usage for --help and exits 0', () => {
    const r = statecraft('compile', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('USAGE statecraft compile [OPTIONS] <PIPELINE>');
  });
});
