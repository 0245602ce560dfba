/**
 * README.md cannot rot: every TypeScript sample in it is a file under
 * `test/readme/samples/` (named by its first line, `// pipeline.ts`), byte for
 * byte; those files type-check against the library (`statecraft` resolves to
 * src/index.ts) and the test sample runs with the suite. Every `npx statecraft`
 * line runs (in-process) as written, except `deploy` and `dev`, whose options
 * are checked against `--help`.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compileOrThrow, validateAsl } from '../../src/index.js';
import { runCli } from '../cli/run-cli.js';
import { etl } from './samples/pipeline.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLES = join(ROOT, 'test', 'readme', 'samples');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The fenced blocks of a language, in order. */
function blocks(lang: string): string[] {
  return [...README.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1] ?? '');
}

/** Splits a shell line into words (single and double quotes, no escapes: enough for a README). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The `npx statecraft …` command lines of the README, from sh blocks and inline code. */
function cliLines(): string[] {
  const fromBlocks = blocks('sh').flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim());
  const inline = [...README.matchAll(/`(npx statecraft [^`]+)`/g)].map((m) => m[1] ?? '');
  return [...fromBlocks, ...inline].filter((l) => l.startsWith('npx statecraft '));
}

describe('README.md', () => {
  it('starts its Quickstart with exactly `npm ci && npm run demo` and `npm test`', () => {
    const quickstart = README.slice(README.indexOf('## Quickstart'));
    expect(quickstart).toMatch(/^## Quickstart\n\n```sh\nnpm ci && npm run demo\nnpm test\n```\n/);
  });

  it('has every TypeScript sample as a file of test/readme/samples, byte for byte', async () => {
    const ts = blocks('ts');
    expect(ts.length).toBeGreaterThan(0);
    const named = ts.map((code) => {
      const file = /^\/\/ ([\w.-]+\.ts)\n/.exec(code)?.[1];
      expect(file, `a README sample must start with "// <file>.ts", got:\n${code.slice(0, 200)}`).toBeDefined();
      return { file: file ?? '', code };
    });
    for (const { file, code } of named) expect(readFileSync(join(SAMPLES, file), 'utf8'), file).toBe(code);
    // and no sample file is left that the README no longer shows
    expect((await readdir(SAMPLES)).sort()).toStrictEqual(named.map((n) => n.file).sort());
  });

  it('samples type-check against the library (strict, as the project tsconfig)', { timeout: 120_000 }, () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    if (config === undefined) throw new Error('tsconfig.json did not parse');
    const files = blocks('ts').map((code) => join(SAMPLES, /^\/\/ ([\w.-]+\.ts)\n/.exec(code)?.[1] ?? ''));
    const program = ts.createProgram(files, config.options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file === undefined ? '' : `${d.file.fileName.slice(ROOT.length)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toStrictEqual([]);
  });

  it('the sample pipeline compiles to valid ASL with the states its test mocks', () => {
    const doc = compileOrThrow(etl);
    expect(validateAsl(doc).isOk()).toBe(true);
    expect(Object.keys(doc.States)).toStrictEqual(['Validate', 'Stage', 'Transform', 'Notify']);
  });

  it('every `npx statecraft` line names a real command and options, and runs as written where it needs no AWS', { timeout: 120_000 }, async () => {
    const lines = cliLines();
    expect(lines.length).toBeGreaterThan(4);
    const out = await mkdtemp(join(tmpdir(), 'readme-cli-'));
    try {
      for (const line of lines) {
        const argv = words(line).slice(2);
        const command = argv[0] ?? '';
        if (command === 'deploy' || command === 'dev') {
          const help = await runCli([command, '--help'], ROOT);
          for (const opt of argv.filter((a) => a.startsWith('--') && a !== '--help')) expect(help.stdout, `${line}: ${opt}`).toContain(opt.split('=')[0]);
          continue;
        }
        // Files the line writes go to a temp folder.
        const i = argv.indexOf('--out');
        if (i >= 0) argv[i + 1] = join(out, argv[i + 1] ?? 'out');
        const r = await runCli(argv, ROOT);
        expect({ line, code: r.code, stderr: r.stderr.split('\n').filter((l) => !l.startsWith('wrote ') && l !== '') }).toStrictEqual({ line, code: 0, stderr: [] });
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
