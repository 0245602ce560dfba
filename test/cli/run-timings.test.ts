/**
 * `statecraft run` prints virtual timings; when no virtual time passed (no
 * waits, retries or timeouts) it says so instead of leaving a column of zeros
 * unexplained (issue 4: honest timings).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const NOTE = 'note: no virtual time passed (handlers and mocks take none; only Wait states, retry back-offs and timeouts advance the virtual clock)\n';

describe('statecraft run: timings', () => {
  it('says that no virtual time passed when every state took none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'statecraft-run-timings-'));
    try {
      // given: a Task served by a mock (no virtual time) then a Succeed
      const asl = { StartAt: 'Load', States: { Load: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, Next: 'Done' }, Done: { Type: 'Succeed' } } };
      await writeFile(join(dir, 'm.asl.json'), JSON.stringify(asl));
      await writeFile(join(dir, 'mocks.json'), JSON.stringify({ Load: [{ Return: { ok: true } }] }));
      // when
      const r = await runCli(['run', 'm.asl.json', '--mocks', 'mocks.json'], dir);
      // then
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('  +0s          Load   Task     succeeded  took 0s\n');
      expect(r.stdout.endsWith(NOTE)).toBe(true);
      // --json keeps its shape
      const json = await runCli(['run', 'm.asl.json', '--mocks', 'mocks.json', '--json'], dir);
      expect(json.stdout).not.toContain('note:');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints no note when virtual time passed (retry back-off, Wait)', async () => {
    const r = await runCli(['run', 'retry-wait.asl.json', '--input', '@input.json', '--mocks', 'mocks-ok.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+30s');
    expect(r.stdout).not.toContain('note:');
  });
});
