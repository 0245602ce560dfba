import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileOrThrow } from '../../src/compile/index.js';
import { renderMermaid } from '../../src/compile/render/index.js';
import defaultPipeline from './fixtures/default-export.js';
import { orders } from './fixtures/orders.pipeline.js';
import { second } from './fixtures/two-pipelines.js';
import { FIXTURES, runCli } from './run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statecraft-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('statecraft compile', () => {
  it('prints the ASL of the pipeline a .ts module exports, pretty with a trailing newline', async () => {
    const r = await runCli(['compile', 'orders.pipeline.ts']);
    expect(r).toStrictEqual({ code: 0, stderr: '', stdout: pretty(compileOrThrow(orders)) });
    const doc = JSON.parse(r.stdout) as { StartAt: string; States: Record<string, { Type: string }> };
    expect(doc.StartAt).toBe('Score');
    expect(Object.keys(doc.States)).toStrictEqual(expect.arrayContaining(['Score', 'Good score?', 'Accept', 'Reject', 'Done', 'Scoring failed']));
  });

  it('compiles for JSONata with --query-language jsonata', async () => {
    const r = await runCli(['compile', 'orders.pipeline.ts', '--query-language', 'jsonata']);
    expect(r).toStrictEqual({ code: 0, stderr: '', stdout: pretty(compileOrThrow(orders, { queryLanguage: 'JSONata' })) });
    expect(JSON.parse(r.stdout)).toMatchObject({ QueryLanguage: 'JSONata' });
  });

  it('writes --out atomically and prints nothing on stdout', async () => {
    const r = await runCli(['compile', join(FIXTURES, 'orders.pipeline.ts'), '--out', 'out/orders.asl.json'], dir);
    expect(r).toStrictEqual({ code: 0, stdout: '', stderr: 'wrote out/orders.asl.json\n' });
    expect(await readFile(join(dir, 'out', 'orders.asl.json'), 'utf8')).toBe(pretty(compileOrThrow(orders)));
    expect(await readdir(join(dir, 'out'))).toStrictEqual(['orders.asl.json']);
  });

  it('prefers the default export, and --export picks a named pipeline', async () => {
    expect((await runCli(['compile', 'default-export.ts'])).stdout).toBe(pretty(compileOrThrow(defaultPipeline)));
    expect(await runCli(['compile', 'two-pipelines.ts', '--export', 'second'])).toStrictEqual({ code: 0, stderr: '', stdout: pretty(compileOrThrow(second)) });
  });

  it.each([
    [['compile', 'absent.ts'], 'statecraft compile: absent.ts: no such file\n'],
    [['compile', 'no-pipeline.ts'], "statecraft compile: no-pipeline.ts: exports no pipeline (exports found: 'answer', 'helper'); export the result of `pipeline('name')…`\n"],
    [['compile', 'two-pipelines.ts'], "statecraft compile: two-pipelines.ts: exports several pipelines ('first', 'second'); choose one with --export <name>\n"],
    [['compile', 'two-pipelines.ts', '--export', 'third'], "statecraft compile: two-pipelines.ts: has no pipeline export named 'third' (pipelines exported: 'first', 'second')\n"],
    [['compile', 'throws.ts'], 'statecraft compile: throws.ts: the module threw while loading: cannot reach the config service\n'],
    [['compile', 'retry-wait.asl.json'], 'statecraft compile: retry-wait.asl.json: expected a pipeline module (.ts, .mts, .js, .mjs)\n'],
    [['compile', 'orders.pipeline.ts', '--query-language', 'yaml'], "statecraft compile: --query-language must be one of JSONPath, JSONata (got 'yaml')\n"],
    [['compile', 'orders.pipeline.ts', '--out'], 'statecraft compile: --out needs a value\n'],
  ])('bad input %j: one message, exit 2, no stack trace', async (argv, message) => {
    expect(await runCli(argv)).toStrictEqual({ code: 2, stdout: '', stderr: message });
  });

  it('lists the compile problems of a pipeline that does not compile (exit 2)', async () => {
    const r = await runCli(['compile', 'duplicate-names.ts']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^statecraft compile: duplicate-names\.ts: the pipeline does not compile \(1 problem\):\n {2}- .*Same.*: the state name 'Same' is used twice; state names must be unique in the whole state machine\n$/);
  });
});

describe('statecraft graph and run on a .ts pipeline', () => {
  it('draws the compiled pipeline', async () => {
    const r = await runCli(['graph', 'orders.pipeline.ts', '--format', 'mermaid']);
    expect(r).toStrictEqual({ code: 0, stderr: '', stdout: renderMermaid(compileOrThrow(orders)) });
  });

  it('runs the compiled pipeline with mocks: retried once, then accepted', async () => {
    const r = await runCli(['run', 'orders.pipeline.ts', '--input', '{"orderId":"o-1"}', '--mocks', 'orders-mocks.json', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { status: string; output: unknown; path: { state: string; attempts: number; startMs: number }[] };
    expect(report.status).toBe('SUCCEEDED');
    expect(report.output).toStrictEqual({ orderId: 'o-1', scored: { score: 80 }, decision: 'accepted' });
    expect(report.path.map((p) => [p.state, p.attempts, p.startMs])).toStrictEqual([
      ['Score', 2, 0],
      ['Good score?', 0, 2000],
      ['Accept', 0, 2000],
      ['Done', 0, 2000],
    ]);
  });
});
