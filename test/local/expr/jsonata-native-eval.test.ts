/**
 * The native JSONata evaluator (src/local/expr/internal/jsonata-native-eval.ts) against
 * the jsonata package on the same expressions and data: whenever the native evaluator
 * returns a value it must be JSONata's (same JSON text, so the same key order, and the
 * same array-ness); whenever JSONata raises an error the native evaluator must bail out
 * (so the caller lets JSONata produce its error). A coverage check keeps the comparison
 * meaningful: the common shapes must really run natively.
 */
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileNativeExpression } from '../../../src/local/expr/internal/jsonata-native-eval.js';
import { NativeLambdaFallback, type AstNode } from '../../../src/local/expr/internal/jsonata-native-lambdas.js';
import { JSONATA_FUNCTIONS } from '../../../src/local/expr/internal/jsonata-functions.js';
import { compileJsonata } from '../../../src/local/expr/index.js';
import { okOf } from './helpers/scope.js';

const DATASETS: Readonly<Record<string, unknown>> = {
  orders: {
    orders: [
      { id: 'o-1', region: 'x', qty: 2, price: 10, tags: ['a', 'b'], nested: { v: 1 } },
      { id: 'o-2', region: 'y', qty: 1, price: 5, tags: [], nested: { v: [2, 3] } },
      { id: 'o-3', region: 'x', qty: 3, price: 7, tags: ['c'], nested: { v: 4 } },
      { id: 'o-4', region: '1', qty: 0, price: 2.5, tags: ['a'] },
    ],
    threshold: 10,
    matrix: [[1, 2], [3], []],
  },
  single: { orders: { id: 'o-9', region: 'z', qty: 4, price: 1, tags: 'solo' }, threshold: 3, matrix: [] },
  empty: { orders: [], threshold: 0, matrix: [[]] },
  mixed: {
    orders: [
      { id: 1, region: null, qty: '2', price: 3, tags: [['deep']] },
      { id: 'o-2', qty: 2, price: null, tags: { t: 1 } },
      { id: 'o-3', region: 'x', qty: 2, price: 2, mixed: [1, 'a'] },
      [{ id: 'inner', qty: 5, price: 1, region: 'x' }],
    ],
    threshold: '5',
    matrix: [{ row: 1 }, [{ row: 2 }, { row: 3 }]],
  },
};

const EXPRESSIONS: readonly string[] = [
  // the jsonata-transform workload
  '$states.input.orders',
  '$count($states.input.orders)',
  "$orders.{ 'id': id, 'region': region, 'total': qty * price }",
  '$sum($orders.price)',
  '$count($orders[price > $threshold])',
  '$orders{ region: $sum(price) }',
  '($sorted := $sort($orders, function($a, $b) { $a.price < $b.price }); $sorted[[0..2]].id)',
  // paths, names, flattening
  'orders.id', 'orders.tags', 'orders.nested.v', '$orders.tags', 'matrix', 'matrix.row', '$$.orders[0].id', '$.threshold',
  'orders.tags[0]', '$orders.(tags)[0]', '($orders.tags)[0]', 'orders.nested', 'orders.missing', '$orders.id.x',
  // filters
  '$orders[0]', '$orders[-1].id', '$orders[1].id', '$orders[10]', '$orders[[0..1]].id', '$orders[[0, 2]].id', '$orders[qty]',
  "$orders[region = 'x'].id", "$orders[region != 'x'].qty", '$orders[tags]', '$orders[qty > 1][0].id', '$orders.qty[0]',
  '$orders[qty > 1 and price < 8].id', '$orders[qty > 1 or price < 3].id', '$orders[nested]', '$orders[0.5]', '$orders[qty - 1]',
  // constructors
  "$orders.{ 'id': id, '1': qty, 'b': price }", '$orders.{ id: qty }', '$orders{ region: qty }', '$orders{ region: $count($) }',
  "$orders.region{ $: 1 }", "{ 'a': 1, 'b': $orders[0].missing }", "{ 'a': 1, 'a': 2 }", '$orders{ qty: 1 }', '{}', '$orders{}',
  "$orders.{ 'q': [qty] }", '$orders.[qty]', '[1, 2, 3]', '[$orders.qty, 5]', '[[1, 2], [3]]', '[1..3]', '[]', "[$orders[0].missing]",
  "{ 'k': $orders.id }", "$orders{ region: id }", "$orders{ region: { 'n': $count(id) } }",
  // operators
  '-$orders[0].qty', '-$orders[0].id', "$orders[0].id & '-' & $orders[0].region", "$orders[0].qty & 'x'", '$orders[0].missing + 1',
  '$orders.qty > 1', "$orders[0].qty > 'a'", "'a' < 'b'", '$orders[0].qty * $orders[1].price', '7 % 3', '1 / 0', '$orders[0].qty / 4',
  '$count($orders) = 4', '$orders[0] = $orders[0]', '$orders[0] = $orders[1]', '$orders.tags = $orders.tags', 'null = null',
  "$threshold ? 'y' : 'n'", '$orders[0].missing ? 1 : 2', '$orders ? 1', '$orders and $threshold', '$orders[0].missing or false',
  '[1..$threshold]', '[$threshold..1]', "['a'..2]", '$orders.qty in [1, 2]',
  // blocks and variables
  '($x := $orders[0]; $x.id)', '($a := 1; ($a := 2); $a)', '($a := 1; ($a := 2; $a))', '()', '$nope', '$number', '$sum', '$',
  // functions
  '$sum($orders.qty)', '$sum($orders.id)', '$sum(1)', '$sum([])', '$count(5)', '$count($orders[0])', '$count([])', '$count($orders.missing)',
  '$sort($orders.qty)', '$sort($orders.id)', '$sort($orders.mixed)', '$sort($orders, function($a, $b) { $a.qty > $b.qty }).id',
  '$sort($orders, function($a, $b) { $a.qty > $threshold }).id', '$sort($orders.price, function($a, $b) { $a < $b })', '$sort(3)',
  '$uppercase($orders[0].id)',
  // plain field paths through arrays, nulls and bound sequences
  '($x := orders.tags; $x[0])', '($x := orders.nested; $x.v)', '($x := orders.id; $x.length)', 'orders.nested.v.x', '$states.input.matrix.row',
  '$orders.nested.v[1]', 'orders[0].tags.x', '$states.input.threshold.x', '$states.input', '$orders[0].region.x', '$orders.price.x',
];

const BINDINGS = { ...JSONATA_FUNCTIONS };

type Outcome = { kind: 'value'; json: string | undefined; isArray: boolean } | { kind: 'error' } | { kind: 'fallback' };

function describeValue(v: unknown): Outcome {
  return { kind: 'value', json: v === undefined ? undefined : JSON.stringify(v), isArray: Array.isArray(v) };
}

async function reference(expr: string, data: Record<string, unknown>): Promise<Outcome> {
  try {
    return describeValue(await jsonata(expr).evaluate(data, { ...BINDINGS, ...data, states: { input: data } }));
  } catch {
    return { kind: 'error' };
  }
}

function native(expr: string, data: Record<string, unknown>): Outcome | 'not compiled' {
  const f = compileNativeExpression(jsonata(expr).ast() as AstNode);
  if (f === undefined) return 'not compiled';
  try {
    return describeValue(f(data, { ...BINDINGS, ...data, states: { input: data } }));
  } catch (e) {
    if (e instanceof NativeLambdaFallback) return { kind: 'fallback' };
    throw e;
  }
}

describe('native JSONata evaluation gives JSONata\'s results or bails out', () => {
  let nativeRuns = 0;
  for (const [name, data] of Object.entries(DATASETS)) {
    for (const expr of EXPRESSIONS) {
      it(`${name}: ${expr}`, async () => {
        const ours = native(expr, data as Record<string, unknown>);
        if (ours === 'not compiled' || ours.kind === 'fallback') return;
        nativeRuns++;
        expect(ours).toEqual(await reference(expr, data as Record<string, unknown>));
      });
    }
  }
  it('runs most of these cases natively (else the comparison proves little)', () => {
    expect(nativeRuns).toBeGreaterThan(EXPRESSIONS.length * 2);
  });
});

describe('native JSONata evaluation: what must bail out', () => {
  const data = DATASETS.orders as Record<string, unknown>;
  it('a variable shadowing $sum bails out (JSONata: T1006)', () => {
    const f = compileNativeExpression(jsonata('$sum($orders.qty)').ast() as AstNode);
    expect(() => f?.({}, { orders: data.orders, sum: 3 })).toThrow(NativeLambdaFallback);
  });
  it('a $sort that is not statecraft\'s bails out', () => {
    const f = compileNativeExpression(jsonata('$sort($xs)').ast() as AstNode);
    expect(() => f?.({}, { xs: [2, 1] })).toThrow(NativeLambdaFallback);
    expect(f?.({}, { xs: [2, 1], sort: JSONATA_FUNCTIONS.sort })).toEqual([1, 2]);
  });
  it('an array input (which JSONata wraps) bails out', () => {
    const f = compileNativeExpression(jsonata('$[0]').ast() as AstNode);
    expect(() => f?.([1, 2], {})).toThrow(NativeLambdaFallback);
  });
  it('functions, regexes and other unsupported forms are not compiled', () => {
    for (const expr of ['$uppercase(a)', 'a ~> $string()', '/x/', 'a.b^(c)', 'a@$x', '**.a', 'a.*', 'function($x) { $x }', 'a#$i']) {
      expect(compileNativeExpression(jsonata(expr).ast() as AstNode), expr).toBeUndefined();
    }
  });
});

describe('compileJsonata runs native expressions synchronously and falls back per expression', () => {
  const states = { input: DATASETS.orders, context: {} };
  const vars = Object.assign(Object.create(null) as Record<string, unknown>, { orders: (DATASETS.orders as { orders: unknown }).orders, threshold: 10 });
  it('a template of native expressions returns its value, not a Promise', () => {
    const p = okOf(compileJsonata({ total: '{% $sum($orders.price) %}', ids: '{% $orders[qty > 1].id %}', byRegion: '{% $orders{ region: $count($) } %}' }));
    expect(p.evaluate({ states, vars })).toEqual({ total: 24.5, ids: ['o-1', 'o-3'], byRegion: { x: 2, y: 1, 1: 1 } });
  });
  it('one expression outside the subset makes the template asynchronous, with the same values', async () => {
    const p = okOf(compileJsonata({ total: '{% $sum($orders.price) %}', up: '{% $uppercase($orders[0].id) %}' }));
    const r = p.evaluate({ states, vars });
    expect(r).toBeInstanceOf(Promise);
    expect(await r).toEqual({ total: 24.5, up: 'O-1' });
  });
  it('an error in a native-compiled expression is JSONata\'s error', async () => {
    const p = okOf(compileJsonata({ bad: '{% $sum($orders.id) %}' }));
    await expect(async () => p.evaluate({ states, vars }, 'S', 3)).rejects.toMatchObject({
      error: 'States.QueryEvaluationError',
      cause: "An error occurred while executing the state 'S' (entered at the event id #3). The JSONata expression '$sum($orders.id)' specified for the field 'Output/bad' threw an error during evaluation. T0412: Argument 1 of function \"sum\" must be an array of \"numbers\"",
    });
  });
});
