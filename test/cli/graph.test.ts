import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import { renderDot, renderMermaid } from '../../src/compile/render/index.js';
import { FIXTURES, runCli } from './run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statecraft-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const definition = async (): Promise<AslDocument> => JSON.parse(await readFile(join(FIXTURES, 'retry-wait.asl.json'), 'utf8')) as AslDocument;

describe('statecraft graph', () => {
  it('prints Mermaid for a JSON definition by default', async () => {
    const r = await runCli(['graph', 'retry-wait.asl.json']);
    expect(r).toStrictEqual({ code: 0, stderr: '', stdout: renderMermaid(await definition()) });
    expect(r.stdout).toContain('n1("Load<br/>Task: lambda:invoke")');
  });

  it('prints DOT with --format dot', async () => {
    const r = await runCli(['graph', 'retry-wait.asl.json', '--format', 'dot']);
    expect(r).toStrictEqual({ code: 0, stderr: '', stdout: renderDot(await definition()) });
  });

  it('lays out left to right with --direction LR and takes a --title', async () => {
    const r = await runCli(['graph', 'retry-wait.asl.json', '--format', 'dot', '--direction', 'lr', '--title', 'Orders']);
    expect(r).toStrictEqual({ code: 0, stderr: '', stdout: renderDot(await definition(), { direction: 'LR', title: 'Orders' }) });
    expect(r.stdout).toContain('graph [rankdir=LR, fontname="Helvetica", fontsize=12, label="Orders", labelloc=t];');
  });

  it('writes SVG to --out, leaving no temporary file behind', async () => {
    const r = await runCli(['graph', join(FIXTURES, 'retry-wait.asl.json'), '--format=svg', '--out', 'g/flow.svg'], dir);
    expect(r).toStrictEqual({ code: 0, stdout: '', stderr: 'wrote g/flow.svg\n' });
    const svg = await readFile(join(dir, 'g', 'flow.svg'), 'utf8');
    expect(svg).toMatch(/<svg[\s\S]*<\/svg>\n$/);
    for (const name of ['Load', 'Pause', 'Ok?', 'Done', 'Rejected']) expect(svg).toContain(`>${name}</text>`);
    expect(await readdir(join(dir, 'g'))).toStrictEqual(['flow.svg']);
  });

  it('keeps an existing --out file intact when writing fails', async () => {
    await writeFile(join(dir, 'keep.txt'), 'old');
    // A directory cannot be replaced by a file: the rename fails after the temp file was written.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'taken'));
    await writeFile(join(dir, 'taken', 'inside'), 'x');
    const r = await runCli(['graph', join(FIXTURES, 'retry-wait.asl.json'), '--out', 'taken'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^statecraft graph: taken: cannot write the file: /);
    expect((await readdir(dir)).sort()).toStrictEqual(['keep.txt', 'taken']);
    expect(await readdir(join(dir, 'taken'))).toStrictEqual(['inside']);
  });

  it.each([
    [['graph', 'retry-wait.asl.json', '--format', 'png'], "statecraft graph: --format must be one of mermaid, dot, svg (got 'png')\n"],
    [['graph', 'retry-wait.asl.json', '--colour'], 'statecraft graph: unknown option --colour (see statecraft graph --help)\n'],
    [['graph'], 'statecraft graph: Missing required positional argument: FILE (see statecraft graph --help)\n'],
    [['graph', 'nothing.ts'], 'statecraft graph: nothing.ts: no such file\n'],
    [['graph', 'input.json'], 'statecraft graph: input.json: not a valid state machine definition:\n  - /StartAt: missing or not a string\n  - /States: missing or not an object\n'],
    [['graph', 'throws.ts'], 'statecraft graph: throws.ts: the module threw while loading: cannot reach the config service\n'],
  ])('bad input %j: one message, exit 2, no stack trace', async (argv, message) => {
    expect(await runCli(argv)).toStrictEqual({ code: 2, stdout: '', stderr: message });
  });

  it('reports a module TypeScript cannot parse without a stack trace', async () => {
    // Written at test time: a fixture that does not parse would break the project's type-check.
    await writeFile(join(dir, 'syntax-error.ts'), 'export const broken = {;\n');
    const r = await runCli(['graph', 'syntax-error.ts'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^statecraft graph: syntax-error\.ts: the module threw while loading: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('statecraft --help', () => {
  it.each(['compile', 'graph', 'run', 'dev', 'plan', 'diff', 'deploy', 'destroy'])('statecraft %s --help prints the usage and exits 0', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`USAGE statecraft ${command} [OPTIONS]`);
  });

  it('statecraft --version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(FIXTURES, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(await runCli(['--version'])).toStrictEqual({ code: 0, stderr: '', stdout: `${version}\n` });
  });

  it('statecraft --help lists the commands; an unknown command exits 2', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/compile[\s\S]*graph[\s\S]*run/);
    expect(await runCli(['launch'])).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: "statecraft: unknown command 'launch'; commands: compile, graph, run, dev, plan, diff, deploy, destroy (see statecraft --help)\n",
    });
  });
});
