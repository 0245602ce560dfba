// Adapter of statecraft's local interpreter for the conformance scorer
// (../shared/conformance/score.mjs) and the interpreter benchmark
// (../shared/bench). Plain ESM run by node.
//
// The TypeScript sources are bundled once with esbuild into
// node_modules/.cache/statecraft-adapter/ (rebuilt whenever a source file
// under src/local or src/asl changes) and imported from there: tsx's loader
// runs in a worker thread that adds ~30 MB of RSS and wraps every closure in
// __name(), which the benchmark would measure. Set STATECRAFT_ADAPTER_TSX=1 to
// load the sources through tsx instead (also the fallback if esbuild fails).
//
// The bundle's entry is the interpreter itself (prepare + TaskFailure), not the
// `src/local` barrel: the barrel also re-exports the local AWS services, whose
// DuckDB native module adds ~10 MB of RSS at load, and neither the benchmark
// nor the conformance cases use them (Task states are mocked).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const entry = resolve(projectRoot, 'src/local/index.ts');
/** What the adapter uses, and only that (see above). */
const BUNDLE_ENTRY = "export { prepare } from './src/local/prepare.ts';\nexport { TaskFailure } from './src/local/resources.ts';\n";

function sourceStamp() {
  const parts = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.endsWith('.ts')) parts.push(`${p}:${st.size}:${st.mtimeMs}`);
    }
  };
  walk(resolve(projectRoot, 'src/local'));
  walk(resolve(projectRoot, 'src/asl'));
  return parts.join('\n');
}

async function loadBundled() {
  const dir = resolve(projectRoot, 'node_modules/.cache/statecraft-adapter');
  const out = join(dir, 'local.mjs');
  const stampFile = join(dir, 'local.stamp');
  const stamp = `${BUNDLE_ENTRY}\n${sourceStamp()}`;
  if (!existsSync(out) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    const esbuild = await import('esbuild');
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `local.${process.pid}.mjs`);
    await esbuild.build({ stdin: { contents: BUNDLE_ENTRY, resolveDir: projectRoot, sourcefile: 'statecraft-adapter-entry.ts', loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: tmp, logLevel: 'silent' });
    await esbuild.stop?.();
    renameSync(tmp, out);
    writeFileSync(stampFile, stamp);
  }
  return import(pathToFileURL(out).href);
}

async function loadWithTsx() {
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(entry).href);
}

let lib;
if (process.env.STATECRAFT_ADAPTER_TSX === '1') lib = await loadWithTsx();
else {
  try {
    lib = await loadBundled();
  } catch {
    lib = await loadWithTsx();
  }
}
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
  if (r.history.length === 0 && queue === undefined) {
    return { status: r.status, output: r.output, error: r.error, cause: r.cause, transitions: r.transitions };
  }
  return {
    status: r.status, output: r.output, error: r.error, cause: r.cause, transitions: r.transitions,
    events: r.history.map((e) => e.type), mockInputMismatches: queue ? queue.mismatches : [],
  };
}

const BENCH_HISTORY = process.env.STATECRAFT_HISTORY === '1';

async function runPrepared(machine, input, options = {}) {
  const { mocks, placeholders, taskMocks, caseId } = options;
  // Conformance: the express group was recorded on EXPRESS state machines
  // (StartSyncExecution); the case format keeps the machine's type only in the
  // group name of the case id.
  const type = typeof caseId === 'string' && caseId.startsWith('express/') ? 'EXPRESS' : 'STANDARD';
  try {
    let queue;
    let stateMocks;
    if (mocks && Object.keys(mocks).length > 0) ({ queue, stateMocks } = recordedMocks(mocks, placeholders ?? []));
    // Bench mocks (`taskMocks[state](input)`, throwing Error{name, message}) are
    // function mocks as the interpreter defines them: passed as they are.
    if (taskMocks) {
      // Bench runs go without history, like an Express workflow; STATECRAFT_HISTORY=1 keeps it.
      const mocks = stateMocks === undefined ? taskMocks : { ...stateMocks, ...taskMocks };
      return shape(await machine.execute(input, { mocks, history: BENCH_HISTORY, virtualIdleMs: 5, virtualTaskIdleMs: 5 }), queue);
    }
    const r = await machine.execute(input, stateMocks === undefined ? { type, virtualIdleMs: 5, virtualTaskIdleMs: 5 } : { mocks: stateMocks, type, virtualIdleMs: 5, virtualTaskIdleMs: 5 });
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
