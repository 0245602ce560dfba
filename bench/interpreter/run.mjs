#!/usr/bin/env node
// Interpreter benchmark: statecraft's local interpreter side by side with
// aws-local-stepfunctions (the speed anchor), on the seven workloads of
// ../shared/bench/workloads, following the protocol of ../shared/bench/README.md.
//
// Usage:
//   npm run bench:interpreter [-- options]
//   node bench/interpreter/run.mjs [options]
//
// Options:
//   --rounds <n>        rounds (default 3); adapters run in rotating order per round
//   --workload <names>  only these workloads (comma-separated, exact names)
//   --adapter <names>   only adapters whose module name contains one of these (comma-separated),
//                       e.g. --adapter statecraft or --adapter aws-local
//   --min-time <ms>     minimum timed span per child (default 2000)
//   --warmup <ms>       warm-up span per child (default 500)
//   --workloads-dir <path>  default ../shared/bench/workloads (relative to the project root)
//   --help
//
// Every (round, workload, adapter) runs in a fresh child process, which: loads the adapter
// and the workload and notes the base RSS; runs the first iteration and checks every
// execution against expected.json (status, output or error/cause, transitions when the
// adapter reports them, and Task calls where listed), reporting the first execution as
// "cold ms"; warms up; then times iterations until both --min-time and the workload's
// minIterations are reached, each execution timed on its own (input copies and mock set-up
// happen outside the timed span). Throughput = executions / summed execution time.
//
// Memory fairness: per-execution times go into a fixed-size log-bucketed histogram
// (TimeHistogram: 0.1% bucket width, ~220 KB whatever the number of executions), not an
// array. An array of times (plus the sorted copy, which V8's Array#sort boxes into a work
// array) costs ~45 bytes per execution, so a fast adapter running 800k executions in the
// timed span paid ~35 MB of harness memory in its peak RSS that a slow one running 12k did
// not. Quantiles are the bucket's geometric middle (within 0.05% of the exact value). Each
// adapter module is loaded once by the parent's pre-flight child before the rounds, so
// one-off work on first load (e.g. the statecraft adapter's esbuild bundle cache) never
// runs inside a measured child.
//
// Output: one JSON line per workload x adapter (figures are medians over rounds, with the
// per-round values alongside), then a table. "x anchor" is the transitions/s ratio over
// aws-local-stepfunctions per round, median over rounds; "RSS ratio" likewise for peak RSS
// (the child's max RSS, process.resourceUsage().maxRSS). A row whose outputs differ from
// expected.json is WRONG and its speed means nothing; ERR means the adapter threw.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../..');
const ANCHOR = 'aws-local-stepfunctions';
const ADAPTER_FILES = ['statecraft.mjs', 'aws-local-stepfunctions.mjs'].map((f) => join(projectRoot, 'bench/adapters', f));

function parseArgs(argv) {
  const opts = {
    rounds: 3, workloads: undefined, adapters: undefined, minTime: 2000, warmup: 500,
    workloadsDir: resolve(projectRoot, '../shared/bench/workloads'), child: false, adapterFile: undefined, workloadDir: undefined, preload: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--rounds': opts.rounds = positiveInt(a, value()); break;
      case '--workload': case '--workloads': opts.workloads = value().split(',').filter(Boolean); break;
      case '--adapter': case '--adapters': opts.adapters = value().split(',').filter(Boolean); break;
      case '--min-time': opts.minTime = positiveInt(a, value()); break;
      case '--warmup': opts.warmup = nonNegativeInt(a, value()); break;
      case '--workloads-dir': opts.workloadsDir = resolve(value()); break;
      case '--child': opts.child = true; break;
      case '--adapter-file': opts.adapterFile = value(); break;
      case '--workload-dir': opts.workloadDir = value(); break;
      case '--preload': opts.preload = true; break;
      case '--help': case '-h':
        process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).slice(0, 17).map((l) => l.slice(3)).join('\n') + '\n');
        process.exit(0);
        break;
      default: fail(`unknown option ${a} (see --help)`);
    }
  }
  return opts;
}

function positiveInt(flag, v) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} must be a positive integer, got "${v}"`);
  return n;
}
function nonNegativeInt(flag, v) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`${flag} must be a non-negative integer, got "${v}"`);
  return n;
}
function fail(message) {
  process.stderr.write(`bench:interpreter: ${message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------
// Child: one adapter on one workload.

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function loadWorkload(dir) {
  const meta = readJson(join(dir, 'workload.json'));
  const definition = readJson(join(dir, 'definition.json'));
  const inputsFile = meta.inputs ?? (existsSync(join(dir, 'inputs.json')) ? 'inputs.json' : 'input.json');
  const raw = readJson(join(dir, inputsFile));
  const inputs = inputsFile === 'inputs.json' ? raw : [raw];
  const expected = readJson(join(dir, meta.expected ?? 'expected.json'));
  if (expected.length !== inputs.length) throw new Error(`${dir}: ${inputs.length} inputs but ${expected.length} expected results`);
  return { meta, definition, inputs, expected };
}

/**
 * Differences between one execution's result and its expected entry (empty when it matches).
 * Outputs are compared as JSON (after a JSON round trip): an execution's output is a JSON
 * document, so prototypes or extra non-JSON properties (e.g. JSONata's sequence arrays)
 * don't count.
 */
function compareResult(result, calls, expected) {
  const problems = [];
  if (result === null || typeof result !== 'object') return [`adapter returned ${JSON.stringify(result)}`];
  result = { ...result, output: asJson(result.output) };
  if (result.status !== expected.status) {
    problems.push(`status ${result.status} (error ${JSON.stringify(result.error)}: ${String(result.cause).slice(0, 200)}), expected ${expected.status}`);
    return problems;
  }
  if (expected.status === 'SUCCEEDED') {
    if (!isDeepStrictEqual(result.output, expected.output)) problems.push(`output ${abbreviate(result.output)} differs from expected ${abbreviate(expected.output)}`);
  } else {
    if (result.error !== expected.error) problems.push(`error ${JSON.stringify(result.error)}, expected ${JSON.stringify(expected.error)}`);
    if ('cause' in expected && result.cause !== expected.cause) problems.push(`cause ${JSON.stringify(result.cause)}, expected ${JSON.stringify(expected.cause)}`);
  }
  if (typeof result.transitions === 'number' && typeof expected.transitions === 'number' && result.transitions !== expected.transitions) {
    problems.push(`transitions ${result.transitions}, expected ${expected.transitions}`);
  }
  if (expected.calls !== undefined && !isDeepStrictEqual(calls, expected.calls)) {
    problems.push(`task calls ${abbreviate(calls)} differ from expected ${abbreviate(expected.calls)}`);
  }
  return problems;
}

function asJson(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function abbreviate(value) {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

async function runChild(opts) {
  const adapter = await import(pathToFileURL(opts.adapterFile).href);
  const { meta, definition, inputs, expected } = loadWorkload(opts.workloadDir);
  const makeTaskMocks = meta.mocks ? (await import(pathToFileURL(join(opts.workloadDir, meta.mocks)).href)).makeTaskMocks : undefined;
  const baseRss = process.memoryUsage().rss;
  const out = { workload: meta.name, adapter: adapter.name ?? basename(opts.adapterFile, '.mjs'), adapterFile: basename(opts.adapterFile) };

  // One execution: copy the input and build the mocks outside the timed span.
  async function execute(i) {
    const input = structuredClone(inputs[i]);
    const mocks = makeTaskMocks ? makeTaskMocks() : { taskMocks: {}, calls: [] };
    const start = process.hrtime.bigint();
    const result = await adapter.run(definition, input, { taskMocks: mocks.taskMocks });
    const ns = Number(process.hrtime.bigint() - start);
    return { result, calls: mocks.calls, ms: ns / 1e6 };
  }

  let coldMs;
  const mismatches = [];
  let wrongExecutions = 0;
  try {
    for (let i = 0; i < inputs.length; i++) {
      const { result, calls, ms } = await execute(i);
      if (i === 0) coldMs = ms;
      const problems = compareResult(result, calls, expected[i]);
      if (problems.length > 0) {
        wrongExecutions++;
        if (mismatches.length < 5) mismatches.push({ input: i, problems });
      }
    }
  } catch (error) {
    return { ...out, status: 'ERR', error: String(error?.stack ?? error).split('\n').slice(0, 3).join(' | '), baseRssMB: mb(baseRss), peakRssMB: peakRssMB() };
  }

  const iteration = async (times) => {
    for (let i = 0; i < inputs.length; i++) {
      const { ms } = await execute(i);
      times?.add(ms);
    }
  };
  try {
    const warmEnd = performance.now() + opts.warmup;
    while (performance.now() < warmEnd) await iteration(undefined);
    const times = new TimeHistogram();
    let iterations = 0;
    const minIterations = meta.minIterations ?? 1;
    while (times.totalMs < opts.minTime || iterations < minIterations) {
      await iteration(times);
      iterations++;
    }
    const executions = times.count;
    const totalMs = times.totalMs;
    const transitionsPerExecution = meta.transitionsPerIteration / meta.executionsPerIteration;
    return {
      ...out,
      status: mismatches.length > 0 ? 'WRONG' : 'OK',
      ...(mismatches.length > 0 ? { wrongExecutions, mismatches } : {}),
      iterations,
      executions,
      totalMs: round(totalMs, 1),
      executionsPerSec: round(executions / (totalMs / 1000), 1),
      transitionsPerSec: round((executions * transitionsPerExecution) / (totalMs / 1000), 0),
      medianMs: round(times.quantile(0.5), 4),
      p95Ms: round(times.quantile(0.95), 4),
      coldMs: round(coldMs, 2),
      baseRssMB: mb(baseRss),
      peakRssMB: peakRssMB(),
    };
  } catch (error) {
    return { ...out, status: 'ERR', error: String(error?.stack ?? error).split('\n').slice(0, 3).join(' | '), coldMs: round(coldMs, 2), baseRssMB: mb(baseRss), peakRssMB: peakRssMB() };
  }
}

/**
 * Per-execution times in constant memory: counts per log-spaced bucket (each 0.1% wide)
 * from 1 ns to ~1000 s, plus the exact sum. Its size does not depend on how many
 * executions an adapter manages, so it adds the same few hundred KB to every child's RSS.
 */
class TimeHistogram {
  static RATIO = 1.001;
  static MIN_MS = 1e-6;
  static BUCKETS = Math.ceil(Math.log(1e6 / TimeHistogram.MIN_MS) / Math.log(TimeHistogram.RATIO)) + 1;
  static LOG_RATIO = Math.log(TimeHistogram.RATIO);
  counts = new Float64Array(TimeHistogram.BUCKETS);
  count = 0;
  totalMs = 0;

  add(ms) {
    this.count++;
    this.totalMs += ms;
    const b = ms <= TimeHistogram.MIN_MS ? 0 : Math.min(TimeHistogram.BUCKETS - 1, Math.floor(Math.log(ms / TimeHistogram.MIN_MS) / TimeHistogram.LOG_RATIO));
    this.counts[b]++;
  }

  /** The q-quantile (same rank rule as before: the ceil(q*n)-th smallest), as its bucket's geometric middle. */
  quantile(q) {
    if (this.count === 0) return NaN;
    const rank = Math.min(this.count, Math.max(1, Math.ceil(q * this.count)));
    let seen = 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b];
      if (seen >= rank) return TimeHistogram.MIN_MS * TimeHistogram.RATIO ** (b + 0.5);
    }
    return NaN;
  }
}
function round(x, digits) {
  if (x === undefined || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function mb(bytes) {
  return round(bytes / (1024 * 1024), 1);
}
function peakRssMB() {
  // maxRSS is in kilobytes.
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

// ---------------------------------------------------------------------------------------
// Parent: rounds x workloads x adapters, each in a fresh child.

const CHILD_TIMEOUT_MS = 10 * 60 * 1000;

function spawnChild(opts, adapterFile, workloadDir) {
  return new Promise((resolveChild) => {
    const args = [fileURLToPath(import.meta.url), '--child', '--adapter-file', adapterFile, '--workload-dir', workloadDir,
      '--min-time', String(opts.minTime), '--warmup', String(opts.warmup)];
    const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (line !== undefined) {
        try {
          resolveChild(JSON.parse(line));
          return;
        } catch { /* fall through */ }
      }
      const why = signal === 'SIGKILL' ? `killed after ${CHILD_TIMEOUT_MS / 1000} s` : `exit code ${code}`;
      resolveChild({ workload: basename(workloadDir), adapter: basename(adapterFile, '.mjs'), adapterFile: basename(adapterFile), status: 'ERR', error: `child ${why}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}

function preloadAdapter(adapterFile) {
  return new Promise((resolveChild) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', '--preload', '--adapter-file', adapterFile], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => {
      if (code !== 0) process.stderr.write(`note: pre-loading ${basename(adapterFile)} failed (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' | ')}\n`);
      resolveChild();
    });
  });
}

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

async function runParent(opts) {
  if (!existsSync(opts.workloadsDir)) fail(`workloads folder not found: ${opts.workloadsDir} (use --workloads-dir)`);
  let workloads = readdirSync(opts.workloadsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(opts.workloadsDir, d.name, 'workload.json'))).map((d) => d.name).sort();
  if (opts.workloads) {
    const unknown = opts.workloads.filter((w) => !workloads.includes(w));
    if (unknown.length > 0) fail(`unknown workload(s) ${unknown.join(', ')}; known: ${workloads.join(', ')}`);
    workloads = workloads.filter((w) => opts.workloads.includes(w));
  }
  let adapters = ADAPTER_FILES.filter((f) => existsSync(f));
  const missing = ADAPTER_FILES.filter((f) => !existsSync(f));
  for (const f of missing) process.stderr.write(`note: adapter ${basename(f)} not found; skipped\n`);
  if (opts.adapters) adapters = adapters.filter((f) => opts.adapters.some((a) => basename(f).includes(a)));
  if (adapters.length === 0) fail('no adapter selected');

  // Pre-flight: load every adapter once in a throw-away child, so that one-off first-load
  // work (building a bundle cache, say) never lands in a measured child's time or RSS.
  for (const adapterFile of adapters) await preloadAdapter(adapterFile);

  const rows = new Map(); // key workload|adapterFile -> per-round results
  for (let round = 0; round < opts.rounds; round++) {
    for (let w = 0; w < workloads.length; w++) {
      const workload = workloads[w];
      const shift = (round + w) % adapters.length;
      const order = [...adapters.slice(shift), ...adapters.slice(0, shift)];
      for (const adapterFile of order) {
        process.stderr.write(`round ${round + 1}/${opts.rounds} ${workload} ${basename(adapterFile, '.mjs')} ... `);
        const result = await spawnChild(opts, adapterFile, join(opts.workloadsDir, workload));
        process.stderr.write(`${result.status}${result.transitionsPerSec !== undefined ? ` ${result.transitionsPerSec} transitions/s` : ''}\n`);
        const key = `${workload}|${basename(adapterFile)}`;
        if (!rows.has(key)) rows.set(key, []);
        rows.get(key).push({ ...result, round });
      }
    }
  }

  const summaries = [];
  for (const workload of workloads) {
    const anchorRounds = rows.get(`${workload}|${ANCHOR}.mjs`) ?? [];
    for (const adapterFile of adapters) {
      const perRound = rows.get(`${workload}|${basename(adapterFile)}`) ?? [];
      const ok = perRound.filter((r) => r.status === 'OK' || r.status === 'WRONG');
      const status = perRound.some((r) => r.status === 'ERR') ? 'ERR' : perRound.some((r) => r.status === 'WRONG') ? 'WRONG' : 'OK';
      const speedups = [];
      const rssRatios = [];
      for (const r of perRound) {
        const a = anchorRounds.find((x) => x.round === r.round);
        if (a && a.status === 'OK' && r.transitionsPerSec && a.transitionsPerSec) speedups.push(r.transitionsPerSec / a.transitionsPerSec);
        if (a && r.peakRssMB && a.peakRssMB) rssRatios.push(r.peakRssMB / a.peakRssMB);
      }
      const first = perRound[0] ?? {};
      const summary = {
        workload,
        adapter: first.adapter ?? basename(adapterFile, '.mjs'),
        status,
        rounds: perRound.length,
        executionsPerSec: round(median(ok.map((r) => r.executionsPerSec)), 1),
        transitionsPerSec: round(median(ok.map((r) => r.transitionsPerSec)), 0),
        medianMs: round(median(ok.map((r) => r.medianMs)), 4),
        p95Ms: round(median(ok.map((r) => r.p95Ms)), 4),
        coldMs: round(median(perRound.map((r) => r.coldMs)), 2),
        baseRssMB: round(median(perRound.map((r) => r.baseRssMB)), 1),
        peakRssMB: round(median(perRound.map((r) => r.peakRssMB)), 1),
        speedupVsAnchor: basename(adapterFile) === `${ANCHOR}.mjs` ? undefined : round(median(speedups), 2),
        peakRssRatioVsAnchor: basename(adapterFile) === `${ANCHOR}.mjs` ? undefined : round(median(rssRatios), 2),
        perRound: perRound.map((r) => ({ round: r.round + 1, status: r.status, transitionsPerSec: r.transitionsPerSec, executions: r.executions, medianMs: r.medianMs, peakRssMB: r.peakRssMB })),
        ...(perRound.find((r) => r.mismatches) ? { wrongExecutions: perRound.find((r) => r.mismatches).wrongExecutions, mismatches: perRound.find((r) => r.mismatches).mismatches } : {}),
        ...(perRound.find((r) => r.error) ? { error: perRound.find((r) => r.error).error } : {}),
      };
      summaries.push(summary);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    }
  }
  process.stdout.write(`\n${table(summaries, opts)}\n`);
}

function table(summaries, opts) {
  const header = ['workload', 'adapter', 'status', 'exec/s', 'transitions/s', 'median ms', 'p95 ms', 'cold ms', 'peak RSS MB', 'x anchor', 'RSS ratio'];
  const fmt = (x, digits = 0) => (x === undefined || x === null || Number.isNaN(x) ? '-' : Number(x).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  const rows = summaries.map((s) => {
    const bad = s.status !== 'OK';
    return [s.workload, s.adapter, s.status,
      bad && s.status === 'ERR' ? '-' : fmt(s.executionsPerSec, 1), s.status === 'ERR' ? '-' : fmt(s.transitionsPerSec),
      s.status === 'ERR' ? '-' : fmt(s.medianMs, 3), s.status === 'ERR' ? '-' : fmt(s.p95Ms, 3), fmt(s.coldMs, 1), fmt(s.peakRssMB, 1),
      s.speedupVsAnchor === undefined ? (s.adapter.startsWith(ANCHOR) ? 'anchor' : '-') : `${fmt(s.speedupVsAnchor, 1)}x`,
      s.peakRssRatioVsAnchor === undefined ? (s.adapter.startsWith(ANCHOR) ? 'anchor' : '-') : fmt(s.peakRssRatioVsAnchor, 2)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 3 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  const notes = [
    `${opts.rounds} round(s), min ${opts.minTime} ms timed + ${opts.warmup} ms warm-up per child; Node ${process.version}.`,
    'x anchor = transitions/s ratio over aws-local-stepfunctions per round, median over rounds (only rounds where the anchor is OK).',
    'RSS ratio = peak RSS / anchor peak RSS. WRONG = outputs differ from expected.json (speed meaningless); ERR = adapter threw.',
  ];
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...notes].join('\n');
}

const opts = parseArgs(process.argv.slice(2));
if (opts.child && opts.preload) {
  if (!opts.adapterFile) fail('--preload needs --adapter-file');
  await import(pathToFileURL(opts.adapterFile).href);
  process.exit(0);
} else if (opts.child) {
  if (!opts.adapterFile || !opts.workloadDir) fail('--child needs --adapter-file and --workload-dir');
  const result = await runChild(opts);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Adapters may keep handles (loaders, timers) open; the result is out.
  process.exit(0);
} else {
  await runParent(opts);
}
