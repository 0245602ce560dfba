// Adapter of statecraft's local interpreter for the conformance scorer
// (../shared/conformance/score.mjs) and the interpreter benchmark
// (../shared/bench). Plain ESM run by node: the TypeScript sources are loaded
// through tsx's ESM loader.
import { register } from 'tsx/esm/api';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

register();

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const lib = await import(pathToFileURL(resolve(projectRoot, 'src/local/index.ts')).href);
const { mockQueue } = await import(pathToFileURL(resolve(projectRoot, '../shared/conformance/compare.mjs')).href);
const { TaskFailure } = lib;

export const name = 'statecraft@0.1.0';

const prepared = new WeakMap();

function prepareCached(definition) {
  let p = prepared.get(definition);
  if (p === undefined) {
    p = lib.prepare(definition);
    prepared.set(definition, p);
  }
  return p;
}

/** Recorded calls (conformance `mocks`) as per-state mock functions replayed through mockQueue. */
function recordedMocks(mocks, placeholders) {
  const queue = mockQueue(mocks, placeholders);
  const stateMocks = {};
  for (const state of Object.keys(mocks)) {
    stateMocks[state] = (input) => {
      const call = queue.take(state, input);
      if (call === undefined) throw new TaskFailure('States.Runtime', `no recorded call left for state '${state}'`);
      if ('error' in call) throw new TaskFailure(call.error, call.cause ?? undefined);
      return call.output;
    };
  }
  return { queue, stateMocks };
}

function shape(r, queue) {
  const out = {
    status: r.status,
    output: r.output,
    error: r.error,
    cause: r.cause,
    transitions: r.transitions,
  };
  if (r.history.length > 0) out.events = r.history.map((e) => e.type);
  if (queue) out.mockInputMismatches = queue.mismatches;
  return out;
}

async function runPrepared(machine, input, options = {}) {
  const { mocks, placeholders, taskMocks } = options;
  try {
    let queue;
    let stateMocks;
    if (mocks && Object.keys(mocks).length > 0) ({ queue, stateMocks } = recordedMocks(mocks, placeholders ?? []));
    // Bench mocks (`taskMocks[state](input)`, throwing Error{name, message}) are
    // function mocks as the interpreter defines them: passed as they are.
    if (taskMocks) stateMocks = stateMocks === undefined ? taskMocks : { ...stateMocks, ...taskMocks };
    // Bench runs (taskMocks) go without history, like an Express workflow; set
    // STATECRAFT_HISTORY=1 to measure with the full history.
    const history = taskMocks === undefined || process.env.STATECRAFT_HISTORY === '1';
    const r = await machine.execute(input, { ...(stateMocks ? { mocks: stateMocks } : {}), history, virtualIdleMs: 5 });
    return shape(r, queue);
  } catch (e) {
    return { status: 'CRASH', error: String(e && e.stack ? e.stack : e) };
  }
}

/** Runs one execution (conformance runner / bench adapter interface). */
export async function run(definition, input, options = {}) {
  const p = prepareCached(definition);
  if (p.isErr()) return { status: 'INVALID_DEFINITION', error: p.error.message };
  return runPrepared(p.value, input, options);
}

/** Prepares once; `run(input, options)` then runs executions. */
export function prepare(definition) {
  const p = prepareCached(definition);
  return {
    run(input, options = {}) {
      if (p.isErr()) return Promise.resolve({ status: 'INVALID_DEFINITION', error: p.error.message });
      return runPrepared(p.value, input, options);
    },
  };
}
