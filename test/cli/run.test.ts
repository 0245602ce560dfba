import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './run-cli.js';

describe('statecraft run', () => {
  it('runs a JSON definition with mocks in virtual time and prints status, path with timings and output (exit 0)', async () => {
    const r = await runCli(['run', 'retry-wait.asl.json', '--input', '@input.json', '--mocks', 'mocks-ok.json']);
    expect(r).toStrictEqual({
      code: 0,
      stderr: '',
      stdout: `status: SUCCEEDED

path (virtual time):
  +0s          Load   Task     succeeded  took 30s  (2 attempts)
  +30s         Pause  Wait     succeeded  took 1h 0m 0s
  +1h 0m 30s   Ok?    Choice   succeeded  took 0s
  +1h 0m 30s   Done   Succeed  succeeded  took 0s

output:
{
  "file": "source/a.csv",
  "load": {
    "ok": true
  }
}
`,
    });
  });

  it('reports the failing state, error and cause and exits 1 when retries run out', async () => {
    const r = await runCli(['run', 'retry-wait.asl.json', '--mocks', 'mocks-boom.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`status: FAILED

path (virtual time):
  +0s          Load   Task  failed     took 1m 30s  (3 attempts)

failed state: Load
error: Boom
cause: always
`);
  });

  it('draws the path taken with --graph: succeeded green, the failing state red, the rest grey', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'statecraft-run-'));
    try {
      const r = await runCli(['run', join(FIXTURES, 'retry-wait.asl.json'), '--mocks', join(FIXTURES, 'mocks-not-ok.json'), '--graph', 'path.mmd'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('wrote path.mmd\n');
      const mermaid = await readFile(join(dir, 'path.mmd'), 'utf8');
      expect(mermaid.split('\n').filter((l) => l.startsWith('  class '))).toStrictEqual([
        '  class n1,n2,n3 succeeded',
        '  class n5 failed',
        '  class n4 notReached',
      ]);
      const svg = await runCli(['run', join(FIXTURES, 'retry-wait.asl.json'), '--mocks', join(FIXTURES, 'mocks-ok.json'), '--graph', 'path.svg'], dir);
      expect(svg.code).toBe(0);
      expect(await readFile(join(dir, 'path.svg'), 'utf8')).toContain('fill="#2bb534"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('suggests --mocks when a Task state has no handler', async () => {
    const r = await runCli(['run', 'retry-wait.asl.json']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(-2)).toStrictEqual(['hint: mock the state with --mocks <file>, e.g. { "Load": [{ "Return": { } }] }', '']);
  });

  it('suggests mocking the Task without a handler, not the Fail state its Catch led to', async () => {
    const r = await runCli(['run', 'orders.pipeline.ts', '--input', '{"orderId":"o-1"}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('failed state: Scoring failed\n');
    expect(r.stdout.split('\n').slice(-2)).toStrictEqual(['hint: mock the state with --mocks <file>, e.g. { "Score": [{ "Return": { } }] }', '']);
  });

  it('says a mock of a lambda:invoke state needs Payload (the JSONata form of a Lambda step)', async () => {
    const args = ['run', 'orders.pipeline.ts', '--input', '{"orderId":"o-1"}', '--mocks', 'orders-mocks.json'];
    const hint = 'hint: \'Score\' calls lambda:invoke, whose result is the invoke response: its mock\'s Return needs the handler\'s result under "Payload", e.g. { "Return": { "Payload": { … } } }';
    const jsonata = await runCli([...args, '--query-language', 'jsonata']);
    expect(jsonata.stdout.split('\n')).toContain(hint);
    // JSONPath calls the function ARN: the mock is the handler's result, no hint.
    const jsonPath = await runCli(args);
    expect(jsonPath.code).toBe(0);
    expect(jsonPath.stdout).not.toContain('hint:');
  });

  it('says the input was {} when no --input was given and a path is missing from it', async () => {
    const r = await runCli(['run', 'orders.pipeline.ts', '--mocks', 'orders-mocks.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("could not be found in the input '{}'");
    expect(r.stdout.split('\n').slice(-2)).toStrictEqual(["hint: no --input was given, so the execution input was {}; pass one with --input '{\"key\":\"value\"}' or --input @input.json", '']);
  });

  it('prints a JSON report with --json, naming a Fail state as the failed state', async () => {
    const r = await runCli(['run', 'retry-wait.asl.json', '--input', '{"file":"x"}', '--mocks', 'mocks-not-ok.json', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toStrictEqual({
      status: 'FAILED',
      error: 'Load.Rejected',
      cause: 'the load was not ok',
      failedState: 'Rejected',
      path: [
        { state: 'Load', type: 'Task', status: 'succeeded', startMs: 0, durationMs: 0, attempts: 1 },
        { state: 'Pause', type: 'Wait', status: 'succeeded', startMs: 0, durationMs: 3_600_000, attempts: 0 },
        { state: 'Ok?', type: 'Choice', status: 'succeeded', startMs: 3_600_000, durationMs: 0, attempts: 0 },
        { state: 'Rejected', type: 'Fail', status: 'failed', startMs: 3_600_000, durationMs: 0, attempts: 0 },
      ],
    });
  });

  it.each([
    [['run', 'missing.json'], 'statecraft run: missing.json: no such file\n'],
    [['run', 'retry-wait.asl.json', '--input', '{nope'], "statecraft run: --input: not valid JSON: Expected property name or '}' in JSON at position 1\n"],
    [['run', 'retry-wait.asl.json', '--input', '@absent.json'], 'statecraft run: absent.json: no such file\n'],
    [['run', 'retry-wait.asl.json', '--input', '@broken.json'], 'statecraft run: broken.json: not valid JSON: Unexpected end of JSON input\n'],
    [['run', 'broken.json'], 'statecraft run: broken.json: not valid JSON: Unexpected end of JSON input\n'],
    [['run', 'not-a-machine.json'], 'statecraft run: not-a-machine.json: not a valid state machine definition:\n  - /StartAt: missing or not a string\n  - /States/A/Type: missing or not a string\n'],
    [['run', 'retry-wait.asl.json', '--mocks', 'mocks-invalid.json'], 'statecraft run: mocks-invalid.json: invalid mocks at /Load/0: expected { "Return": value } or { "Throw": { "Error": "...", "Cause": "..." } }\n'],
    [['run', 'input.txt'], 'statecraft run: input.txt: no such file\n'],
    [['run', 'retry-wait.asl.json', '--mocks', 'mocks-unknown-state.json'], "statecraft run: mocks-unknown-state.json: invalid mocks at /Lod: names the state 'Lod', which the definition does not have (states: Load, Pause, Ok?, Done, Rejected)\n"],
    [['run', 'retry-wait.asl.json', '--graph', 'out.png'], "statecraft run: --graph must name a .svg, .dot or .mmd file (got 'out.png')\n"],
  ])('bad input %j: one message, exit 2, no stack trace', async (argv, message) => {
    const r = await runCli(argv);
    expect(r).toStrictEqual({ code: 2, stdout: '', stderr: message });
  });

  it('lists the problems of a definition the interpreter rejects, with JSON pointers (exit 2)', async () => {
    const r = await runCli(['run', 'invalid-machine.asl.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^statecraft run: invalid-machine\.asl\.json: not a valid state machine definition:\n {2}- \/States\/A\/Next: .*Nowhere.*\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
