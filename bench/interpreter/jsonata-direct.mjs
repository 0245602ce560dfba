#!/usr/bin/env node
// JSONata baseline: how fast the `jsonata` package itself evaluates a JSONata workload's
// expressions, next to statecraft's interpreter on the same workload, in one process.
// It answers "is this slow because of JSONata or because of us?".
//
// Usage:
//   node bench/interpreter/jsonata-direct.mjs [--workload jsonata-transform] [--min-time 3000] [--rounds 3]
//
// "direct" walks the workload's Pass states itself (the definition may hold only Pass
// states with Assign/Output, QueryLanguage JSONata) and evaluates every `{% %}` with the
// jsonata package, each expression compiled once up front, as AWS defines the data flow:
// Assign and Output both see the variables as they were when the state was entered; the
// Output becomes the next state's input. No validation, no history, no checks beyond the
// first result matching expected.json. "statecraft" runs the same workload through
// bench/adapters/statecraft.mjs. Both copy the input outside the timed span. Printed: per
// round and per runner, executions, median ms per execution and transitions/s, then the
// median ratio statecraft / direct.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../..');
const jsonata = createRequire(join(projectRoot, 'package.json'))('jsonata');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const workload = option('--workload', 'jsonata-transform');
const minTime = Number(option('--min-time', '3000'));
const rounds = Number(option('--rounds', '3'));
const dir = resolve(projectRoot, '../shared/bench/workloads', workload);
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const meta = read('workload.json');
const definition = read('definition.json');
const input = read(meta.inputs ?? 'input.json');
const expected = read(meta.expected ?? 'expected.json')[0];
const transitions = meta.transitionsPerIteration / meta.executionsPerIteration;

if (definition.QueryLanguage !== 'JSONata') throw new Error(`${workload}: not a JSONata workload`);
const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** A template compiled once: expressions become jsonata objects. */
function compileTemplate(v) {
  if (typeof v === 'string') {
    const m = EXPRESSION.exec(v);
    return m ? { expr: jsonata(m[1].trim()) } : { value: v };
  }
  if (Array.isArray(v)) return { array: v.map(compileTemplate) };
  if (v !== null && typeof v === 'object') return { object: Object.entries(v).map(([k, x]) => [k, compileTemplate(x)]) };
  return { value: v };
}
async function evaluateTemplate(t, input, bindings) {
  if ('expr' in t) return t.expr.evaluate(input, bindings);
  if ('array' in t) {
    const out = [];
    for (const x of t.array) out.push(await evaluateTemplate(x, input, bindings));
    return out;
  }
  if ('object' in t) {
    const out = {};
    for (const [k, x] of t.object) out[k] = await evaluateTemplate(x, input, bindings);
    return out;
  }
  return t.value;
}

const states = {};
for (const [name, s] of Object.entries(definition.States)) {
  if (s.Type !== 'Pass') throw new Error(`${workload}: state ${name} is a ${s.Type}; the direct baseline walks Pass states only`);
  states[name] = { assign: s.Assign ? compileTemplate(s.Assign) : undefined, output: s.Output ? compileTemplate(s.Output) : undefined, next: s.End ? undefined : s.Next };
}

async function direct(execInput) {
  let vars = {};
  let current = execInput;
  for (let name = definition.StartAt; name !== undefined;) {
    const s = states[name];
    const bindings = { ...vars, states: { input: current, context: {} } };
    const assigned = s.assign ? await evaluateTemplate(s.assign, current, bindings) : undefined;
    const output = s.output ? await evaluateTemplate(s.output, current, bindings) : current;
    if (assigned) vars = { ...vars, ...assigned };
    current = output;
    name = s.next;
  }
  return { status: 'SUCCEEDED', output: current };
}

const adapter = await import(join(projectRoot, 'bench/adapters/statecraft.mjs'));
const statecraft = (execInput) => adapter.run(definition, execInput, { taskMocks: {} });

async function measure(run) {
  const first = await run(structuredClone(input));
  if (first.status !== expected.status || !isDeepStrictEqual(JSON.parse(JSON.stringify(first.output)), expected.output)) throw new Error(`wrong result: ${JSON.stringify(first).slice(0, 300)}`);
  const warmEnd = performance.now() + 500;
  while (performance.now() < warmEnd) await run(structuredClone(input));
  const times = [];
  let total = 0;
  while (total < minTime) {
    const copy = structuredClone(input);
    const t = performance.now();
    await run(copy);
    const ms = performance.now() - t;
    times.push(ms);
    total += ms;
  }
  times.sort((a, b) => a - b);
  return { executions: times.length, medianMs: times[Math.floor(times.length / 2)], transitionsPerSec: (times.length * transitions) / (total / 1000) };
}

const ratios = [];
for (let r = 1; r <= rounds; r++) {
  const order = r % 2 === 1 ? [['direct jsonata', direct], ['statecraft', statecraft]] : [['statecraft', statecraft], ['direct jsonata', direct]];
  const results = {};
  for (const [name, run] of order) {
    results[name] = await measure(run);
    const m = results[name];
    process.stdout.write(`round ${r} ${workload} ${name.padEnd(14)} executions ${String(m.executions).padStart(6)}  median ${m.medianMs.toFixed(3)} ms  ${m.transitionsPerSec.toFixed(0)} transitions/s\n`);
  }
  ratios.push(results.statecraft.transitionsPerSec / results['direct jsonata'].transitionsPerSec);
}
ratios.sort((a, b) => a - b);
process.stdout.write(`${workload}: statecraft / direct jsonata = ${ratios[Math.floor(ratios.length / 2)].toFixed(1)}x (median of ${rounds} rounds; Node ${process.version})\n`);
process.exit(0);
