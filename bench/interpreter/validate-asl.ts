// Benchmark of the ASL validator (src/asl): a generated 1,000-state document (Task with
// Retry/Catch and payload templates, Choice, Pass, Wait, a Parallel and a Map with nested
// states, JSONata states with expressions), validated repeatedly; prints median/p95 ms.
// The interpreter's prepare() runs this validator, so it is part of every cold start.
//
// Usage: npx tsx bench/interpreter/validate-asl.ts [--states 1000] [--runs 200]
import { validateAsl } from '../../src/asl/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 10) throw new Error(`--${name} must be an integer >= 10`);
  return v;
}

function generate(n: number): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  const next = (i: number): Record<string, unknown> => (i === n - 1 ? { End: true } : { Next: `S${i + 1}` });
  for (let i = 0; i < n; i++) {
    switch (i % 8) {
      case 0:
        states[`S${i}`] = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f', 'Payload.$': '$.items[0].id', 'label.$': "States.Format('item {}', $.n)" },
          ResultSelector: { 'body.$': '$.Payload' }, ResultPath: '$.result',
          Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }, { ErrorEquals: ['States.ALL'] }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: `S${n - 1}` }], ...next(i) };
        break;
      case 1:
        states[`S${i}`] = { Type: 'Choice', Choices: [
          { And: [{ Variable: '$.n', NumericLessThan: 10 }, { Not: { Variable: '$.s', StringEquals: 'x' } }], Next: `S${i + 1}` },
          { Variable: '$.flag', BooleanEqualsPath: '$.other', Next: `S${i + 1}` }], Default: `S${i + 1}` };
        break;
      case 2:
        states[`S${i}`] = { Type: 'Wait', SecondsPath: '$.wait', ...next(i) };
        break;
      case 3:
        states[`S${i}`] = { Type: 'Pass', QueryLanguage: 'JSONata', Output: { total: '{% $sum($states.input.items.price) %}', n: '{% $count($states.input.items) %}' }, Assign: { [`v${i}`]: '{% $states.input.n + 1 %}' }, ...next(i) };
        break;
      case 4:
        states[`S${i}`] = { Type: 'Parallel', Branches: [0, 1].map((b) => ({ StartAt: `S${i}b${b}a`, States: { [`S${i}b${b}a`]: { Type: 'Pass', Next: `S${i}b${b}z` }, [`S${i}b${b}z`]: { Type: 'Succeed' } } })), ResultPath: '$.branches', ...next(i) };
        break;
      case 5:
        states[`S${i}`] = { Type: 'Map', ItemsPath: '$.items', MaxConcurrency: 4, ItemSelector: { 'v.$': '$$.Map.Item.Value' },
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: `S${i}m`, States: { [`S${i}m`]: { Type: 'Pass', Parameters: { 'x.$': '$.v' }, End: true } } }, ResultPath: '$.mapped', ...next(i) };
        break;
      default:
        states[`S${i}`] = { Type: 'Pass', Parameters: { 'a.$': '$.a', 'b.$': "$['b'][1]", c: 3 }, ResultPath: '$.last', ...next(i) };
    }
  }
  return { Comment: `generated ${n}-state document`, StartAt: 'S0', States: states };
}

const n = arg('states', 1000);
const runs = arg('runs', 200);
const doc = generate(n);
const first = performance.now();
const result = validateAsl(doc);
const firstMs = performance.now() - first;
if (result.isErr()) throw new Error(`the generated document is invalid: ${JSON.stringify(result.error.slice(0, 3))}`);
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  validateAsl(doc);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const q = (p: number): number => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] as number;
console.log(JSON.stringify({ bench: 'validateAsl', states: n, runs, firstMs: +firstMs.toFixed(2), medianMs: +q(0.5).toFixed(3), p95Ms: +q(0.95).toFixed(3) }));
