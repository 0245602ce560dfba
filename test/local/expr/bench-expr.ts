/**
 * Expression-layer micro-benchmarks (not a test; prints figures):
 *   npx tsx test/local/expr/bench-expr.ts
 * Compares compiled closures with per-call JSONPath evaluation by jsonpath-plus (what
 * aws-local-stepfunctions does for every path). Medians of 7 runs; the machine is noisy.
 */
import { JSONPath } from 'jsonpath-plus';
import {
  compileChoiceRule,
  compileIntrinsic,
  compileJsonata,
  compilePath,
  compilePayloadTemplate,
  compileResultPath,
  type Scope,
} from '../../../src/local/expr/index.js';

const input = { order: { id: 'o-1', lines: [{ sku: 'a', qty: 2, price: 3.5 }, { sku: 'b', qty: 1, price: 10 }], customer: { name: 'Ada', tier: 'gold' } }, flag: true };
const scope: Scope = { input, context: { Execution: { Name: 'exec' } }, vars: Object.create(null) as Record<string, unknown> };

function opsPerSec(fn: () => unknown, iterations: number): number {
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    const ns = Number(process.hrtime.bigint() - t0);
    times.push(ns / iterations);
  }
  times.sort((a, b) => a - b);
  return 1e9 / (times[3] as number);
}

async function opsPerSecAsync(fn: () => Promise<unknown> | unknown, iterations: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) await fn();
    times.push(Number(process.hrtime.bigint() - t0) / iterations);
  }
  times.sort((a, b) => a - b);
  return 1e9 / (times[3] as number);
}

const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M ops/s`;
const row = (name: string, ours: number, theirs?: number) =>
  console.log(`${name.padEnd(44)} ${fmt(ours).padStart(16)}${theirs === undefined ? '' : `   jsonpath-plus ${fmt(theirs).padStart(14)}   ×${(ours / theirs).toFixed(0)}`}`);

const definite = compilePath('$.order.lines[1].price')._unsafeUnwrap();
row('definite path $.order.lines[1].price', opsPerSec(() => definite.get(scope), 2_000_000),
  opsPerSec(() => JSONPath({ path: '$.order.lines[1].price', json: input, wrap: false }), 50_000));

const filter = compilePath('$.order.lines[?(@.qty > 1)].sku')._unsafeUnwrap();
row('filter $.order.lines[?(@.qty > 1)].sku', opsPerSec(() => filter.get(scope), 500_000),
  opsPerSec(() => JSONPath({ path: '$.order.lines[?(@.qty > 1)].sku', json: input, wrap: false }), 20_000));

const template = compilePayloadTemplate({ 'id.$': '$.order.id', 'name.$': '$.order.customer.name', 'first.$': '$.order.lines[0]', constant: { a: 1, b: [1, 2] }, 'exec.$': '$$.Execution.Name' })._unsafeUnwrap();
row('payload template, 4 paths + constant', opsPerSec(() => template(scope, 'S'), 1_000_000));

const rp = compileResultPath('$.result.detail')._unsafeUnwrap();
row('ResultPath $.result.detail', opsPerSec(() => rp(input, 42, 'S'), 1_000_000));

const fmtCall = compileIntrinsic("States.Format('{} bought {}', $.order.customer.name, $.order.lines[0].sku)")._unsafeUnwrap();
row('intrinsic States.Format with 2 paths', opsPerSec(() => fmtCall(scope), 1_000_000));

const choice = compileChoiceRule({ And: [{ Variable: '$.order.customer.tier', StringEquals: 'gold' }, { Variable: '$.order.lines[0].qty', NumericGreaterThan: 1 }], Next: 'X' })._unsafeUnwrap();
row('choice rule And(StringEquals, NumericGreaterThan)', opsPerSec(() => choice(scope), 2_000_000));

const jsonataConst = compileJsonata({ a: 1, b: 'x' })._unsafeUnwrap();
const bindings = { states: { input, context: {} }, vars: scope.vars };
row('JSONata constant template', opsPerSec(() => jsonataConst.evaluate(bindings), 2_000_000));
const jsonataExpr = compileJsonata({ total: '{% $sum($states.input.order.lines.(qty * price)) %}' })._unsafeUnwrap();
row('JSONata expression $sum(lines.(qty*price))', await opsPerSecAsync(() => jsonataExpr.evaluate(bindings), 20_000));
const jsonataRef = compileJsonata({ id: '{% $states.input.order.id %}', tier: '{% $states.input.order.customer.tier %}' })._unsafeUnwrap();
row('JSONata plain references (fast path)', opsPerSec(() => jsonataRef.evaluate(bindings), 1_000_000));
const rp1 = compileResultPath('$.result')._unsafeUnwrap();
row('ResultPath $.result (single key)', opsPerSec(() => rp1(input, 42, 'S'), 1_000_000));
