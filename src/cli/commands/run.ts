import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { defineCommand } from 'citty';
import type { ArgsDef } from 'citty';
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import { executionPathFromHistory, executionStepsFromHistory, renderDot, renderMermaid, renderSvg } from '../../compile/render/index.js';
import { execute, parseMockConfig } from '../../local/index.js';
import type { HistoryEvent, StateMocks } from '../../local/index.js';
import type { CliError } from '../errors.js';
import { errorMessage } from '../errors.js';
import type { CliIo } from '../io.js';
import type { CliCommand } from '../internal/command.js';
import { CliFailure, flagArg, stringArg } from '../internal/command.js';
import { loadDefinition, parseJson, readJsonFile, resolveFile } from '../internal/load.js';
import { PIPELINE_ARGS, parseQueryLanguage } from '../internal/options.js';
import { emit } from '../internal/output.js';
import { buildRunReport, formatRunReport } from '../internal/run-report.js';

/** Reads `--input`: inline JSON, or `@file` for a JSON file. */
export async function readInput(value: string | undefined, cwd: string): Promise<Result<unknown, CliError>> {
  if (value === undefined) return ok({});
  if (value.startsWith('@')) {
    const file = value.slice(1);
    const resolved = await resolveFile(file, cwd);
    if (resolved.isErr()) return err(resolved.error);
    try {
      return parseJson(await readFile(resolved.value, 'utf8'), file);
    } catch (e) {
      return err({ kind: 'file-unreadable', file, message: errorMessage(e) });
    }
  }
  return parseJson(value, '--input');
}

async function readMocks(file: string | undefined, testCase: string | undefined, cwd: string): Promise<StateMocks | undefined> {
  if (file === undefined) return undefined;
  const json = await readJsonFile(file, cwd);
  if (json.isErr()) throw new CliFailure(json.error);
  const mocks = parseMockConfig(json.value, testCase === undefined ? {} : { testCase });
  if (mocks.isErr()) throw new CliFailure({ kind: 'invalid-mocks', file, pointer: mocks.error.pointer, message: mocks.error.message });
  return mocks.value;
}

const NO_HANDLER = /^No resource handler is registered for '.*?' \(state '(.+?)'\): register/;

/** The Task states that failed for want of a handler or mock, in the order they failed. */
function unhandledStates(history: readonly HistoryEvent[]): string[] {
  const names: string[] = [];
  for (const event of history) {
    for (const [key, details] of Object.entries(event)) {
      if (!key.endsWith('EventDetails') || details === null || typeof details !== 'object') continue;
      const cause = (details as { cause?: unknown }).cause;
      const name = typeof cause === 'string' ? NO_HANDLER.exec(cause)?.[1] : undefined;
      if (name !== undefined && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/** Every state, nested ones (Parallel branches, Map processors) included. */
function* allStates(machine: unknown): Generator<[string, Record<string, unknown>]> {
  const states = (machine as { States?: unknown } | null)?.States;
  if (states === null || typeof states !== 'object') return;
  for (const [name, state] of Object.entries(states as Record<string, unknown>)) {
    if (state === null || typeof state !== 'object') continue;
    const st = state as Record<string, unknown>;
    yield [name, st];
    if (Array.isArray(st['Branches'])) for (const b of st['Branches']) yield* allStates(b);
    yield* allStates(st['ItemProcessor'] ?? st['Iterator']);
  }
}

/**
 * Mocked `lambda:invoke` states that read the result's `Payload` while their Return values
 * lack it: the JSONata form of a Lambda step selects `$states.result.Payload`, so such a mock
 * silently gives no result (the JSONPath form calls the function ARN, whose result is the
 * handler's own). A state that does not read `Payload` may be mocked with anything.
 */
function invokeMocksWithoutPayload(machine: unknown, mocks: StateMocks | undefined): string[] {
  if (mocks === undefined) return [];
  const names: string[] = [];
  for (const [name, state] of allStates(machine)) {
    const mock = mocks[name];
    if (mock === undefined || typeof state['Resource'] !== 'string' || !state['Resource'].startsWith('arn:aws:states:::lambda:invoke')) continue;
    const { Output, ResultSelector, OutputPath, Assign } = state;
    if (!/\$states\.result\.Payload\b|^\$\.Payload\b|"\$\.Payload\b/.test(JSON.stringify([Output, ResultSelector, OutputPath, Assign]))) continue;
    const responses = Array.isArray(mock) ? mock : typeof mock === 'object' && mock !== null ? Object.values(mock) : [];
    const bare = responses.some((r: unknown) => {
      if (r === null || typeof r !== 'object' || !('Return' in r)) return false;
      const value = (r as { Return: unknown }).Return;
      return value === null || typeof value !== 'object' || !('Payload' in value);
    });
    if (bare && !names.includes(name)) names.push(name);
  }
  return names;
}

/** `statecraft run <pipeline.ts | definition.json> --input <json | @file> [--mocks file] [--json]`. */
export const runCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'run', description: 'Run a pipeline or an ASL definition on the local interpreter (virtual time)' },
    args: {
      file: { type: 'positional', description: 'A pipeline module (.ts) or an ASL definition (.json)', required: true },
      input: { type: 'string', description: 'Execution input: JSON text, or @file to read a JSON file (default {})', valueHint: 'json|@file' },
      mocks: { type: 'string', description: 'Per-state mocks: { "<State>": [{ "Return": … } | { "Throw": { "Error": … } }] } or a Step Functions Local MockConfigFile', valueHint: 'file' },
      'test-case': { type: 'string', description: 'The MockConfigFile test case to use when the file has several', valueHint: 'name' },
      json: { type: 'boolean', description: 'Print the result as JSON (status, output, error, cause, failedState, path)' },
      graph: { type: 'string', description: 'Also draw the path taken (.svg, .dot or .mmd) to this file', valueHint: 'file' },
      ...PIPELINE_ARGS,
    },
  }),
  async run(args, io: CliIo) {
    const file = String(args['file']);
    const queryLanguage = parseQueryLanguage(stringArg(args, 'query-language'));
    const exportName = stringArg(args, 'export');
    const graph = stringArg(args, 'graph');
    if (graph !== undefined && !['.svg', '.dot', '.gv', '.mmd', '.mermaid'].includes(extname(graph).toLowerCase())) {
      throw new CliFailure({ kind: 'usage', message: `--graph must name a .svg, .dot or .mmd file (got '${graph}')` });
    }
    const doc = await loadDefinition(file, io.cwd, {
      ...(queryLanguage === undefined ? {} : { queryLanguage }),
      ...(exportName === undefined ? {} : { exportName }),
    });
    if (doc.isErr()) throw new CliFailure(doc.error);
    const input = await readInput(stringArg(args, 'input'), io.cwd);
    if (input.isErr()) throw new CliFailure(input.error);
    const mocks = await readMocks(stringArg(args, 'mocks'), stringArg(args, 'test-case'), io.cwd);

    const executed = await execute(doc.value, input.value, mocks === undefined ? {} : { mocks });
    if (executed.isErr()) {
      const e = executed.error;
      if (e.kind === 'invalid-options') {
        // The only option checked against the definition: a mock naming a state it does not have.
        const mocksFile = stringArg(args, 'mocks') ?? '--mocks';
        throw new CliFailure({ kind: 'invalid-mocks', file: mocksFile, pointer: `/${e.field.replace(/^mocks\./, '')}`, message: e.message.replace(/^options\.mocks names/, 'names') });
      }
      throw new CliFailure({ kind: 'invalid-definition', file, problems: e.issues.map((i) => `${i.pointer === '' ? '/' : i.pointer}: ${i.message}`) });
    }
    const result = executed.value;
    const report = buildRunReport(result, executionStepsFromHistory(result.history));
    io.stdout(flagArg(args, 'json') ? `${JSON.stringify(report, null, 2)}\n` : formatRunReport(report));
    if (!flagArg(args, 'json') && report.path.length > 0 && report.path.every((p) => (p.startMs ?? 0) === 0 && (p.durationMs ?? 0) === 0)) {
      // Honest timings: handlers and mocks answer in no virtual time, so a path without waits or retries is all zeros.
      io.stdout('note: no virtual time passed (handlers and mocks take none; only Wait states, retry back-offs and timeouts advance the virtual clock)\n');
    }
    if (!flagArg(args, 'json')) {
      // The state to mock is the Task without a handler, which is not the failed state when a Catch
      // routed its failure elsewhere (a Fail state copying the cause, a notification, …).
      const unhandled = unhandledStates(result.history);
      if (unhandled.length > 0) {
        io.stdout(`hint: mock ${unhandled.length === 1 ? 'the state' : 'the states'} with --mocks <file>, e.g. { ${unhandled.map((n) => `${JSON.stringify(n)}: [{ "Return": { } }]`).join(', ')} }\n`);
      }
      for (const name of invokeMocksWithoutPayload(doc.value, mocks)) {
        io.stdout(`hint: '${name}' calls lambda:invoke, whose result is the invoke response: its mock's Return needs the handler's result under "Payload", e.g. { "Return": { "Payload": { … } } }\n`);
      }
      if (stringArg(args, 'input') === undefined && result.status === 'FAILED' && result.error === 'States.Runtime' && /could not be found in the input '\{\}'/.test(result.cause ?? '')) {
        io.stdout("hint: no --input was given, so the execution input was {}; pass one with --input '{\"key\":\"value\"}' or --input @input.json\n");
      }
    }
    if (graph !== undefined) {
      const opts = { path: executionPathFromHistory(result.history) };
      const ext = extname(graph).toLowerCase();
      const text = ext === '.svg' ? await renderSvg(doc.value, opts) : ext === '.dot' || ext === '.gv' ? renderDot(doc.value, opts) : renderMermaid(doc.value, opts);
      await emit(io, text, graph);
    }
    return result.status === 'SUCCEEDED' ? 0 : 1;
  },
};
