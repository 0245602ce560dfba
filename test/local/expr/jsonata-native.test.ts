/**
 * JSONata lambdas with simple bodies run as native functions (and `$sort` with such a
 * comparator sorts natively). Each case compares the result, or the error, with plain
 * JSONata evaluating the same expression: the speed-up must not change any outcome.
 */
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileJsonata } from '../../../src/local/expr/index.js';
import { TaskFailure } from '../../../src/local/resources.js';
import { okOf } from './helpers/scope.js';

const input = {
  rows: [
    { id: 'a', total: 3, region: 'x' },
    { id: 'b', total: 1, region: 'y' },
    { id: 'c', total: 3, region: 'x' },
    { id: 'd', total: 2, region: 'y' },
  ],
  mixed: [{ t: 1 }, { t: 'a' }],
  nested: [{ v: [1, 2] }, { v: [3] }],
  words: ['pear', 'apple', 'fig'],
};
const vars = Object.assign(Object.create(null) as Record<string, unknown>, { limit: 2, factor: 10 });

async function ours(expr: string, v: Record<string, unknown> = vars): Promise<{ value?: unknown; error?: string }> {
  try {
    return { value: await okOf(compileJsonata(`{% ${expr} %}`)).evaluate({ states: { input, context: {} }, vars: v }) };
  } catch (e) {
    if (e instanceof TaskFailure) return { error: e.cause ?? '' };
    throw e;
  }
}

async function reference(expr: string, v: Record<string, unknown> = vars): Promise<{ value?: unknown; error?: string }> {
  try {
    const value: unknown = await jsonata(expr).evaluate(input, { ...v, states: { input, context: {} } });
    return { value: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) };
  } catch (e) {
    const je = e as { code: string; message: string };
    return { error: `${je.code}: ${je.message}` };
  }
}

const CASES: readonly string[] = [
  '$sort($states.input.rows, function($a, $b) { $a.total < $b.total }).id',
  '$sort($states.input.rows, function($a, $b) { $a.total > $b.total }).id',
  '$sort($states.input.rows, function($a, $b) { $a.region > $b.region or ($a.region = $b.region and $a.total > $b.total) }).id',
  '$sort($states.input.words)',
  '$sort($states.input.words, function($l, $r) { $l < $r })',
  '$sort($states.input.mixed, function($a, $b) { $a.t < $b.t })',
  '$sort($states.input.nested, function($a, $b) { $a.v < $b.v })',
  '$sort([3, 1, 2], function($a, $b) { $a > $b })',
  '$sort([3, "a"])',
  '$map($states.input.rows, function($r) { $r.total * $factor })',
  '$map($states.input.rows, function($r, $i) { $r.total + $i })',
  '$filter($states.input.rows, function($r) { $r.total >= $limit }).id',
  '($k := 2; $filter($states.input.rows, function($r) { $r.total = $k }).id)',
  '$reduce($states.input.rows, function($acc, $r) { $acc + $r.total }, 0)',
  '$map($states.input.rows, function($r) { $r.total > 2 ? "big" : "small" })',
  '$map($states.input.nested, function($n) { $n.v })',
  '$map([1, 2], function($v) { $v + "x" })',
  '$map([1, 2], function($v) { -$v })',
  '$map([1, null], function($v) { $v < 2 })',
  '($f := function($x) { $x * 2 }; $f(21))',
  '($sort := function($a) { 0 }; $sort([2, 1]))',
  '($add := function($a, $b) { $a + $b }; $inc := $add(?, 1); $inc(41))',
  '($apply := function($f, $v) { $f($v) }; $apply(function($x) { $x * 3 }, 14))',
  '($mk := function($k) { function($x) { $x + $k } }; $mk(1)(2))',
];

describe('JSONata lambdas run natively with the same outcome as JSONata', () => {
  it.each(CASES)('%s', async (expr) => {
    const [a, b] = [await ours(expr), await reference(expr)];
    if (b.error !== undefined) expect(a.error).toContain(b.error);
    else expect(a).toEqual({ value: b.value });
  });
  it('a variable named sort shadows $sort for native comparators too', async () => {
    const v = Object.assign(Object.create(null) as Record<string, unknown>, { sort: 1 });
    const expr = '$sort([2, 1], function($a, $b) { $a > $b })';
    expect((await ours(expr, v)).error).toContain((await reference(expr, v)).error);
  });
  it('a lambda returned as the result is still an unsupported result type', async () => {
    expect((await ours('function($x) { $x + 1 }')).error).toContain('returned an unsupported result type');
  });
});

describe('nativizeLambdas (internal): which lambdas are rewritten', async () => {
  const { nativizeLambdas } = await import('../../../src/local/expr/internal/jsonata-native-lambdas.js');
  it('a comparator over parameters becomes a native sort', () => {
    const r = nativizeLambdas(jsonata('$sort(xs, function($a, $b) { $a.total < $b.total })'));
    expect({ changed: r.changed, sorts: r.sorts.length }).toEqual({ changed: 1, sorts: 1 });
  });
  it('a lambda bound with := keeps its node (it may be partially applied) and gets a native body', () => {
    const r = nativizeLambdas(jsonata('($f := function($v) { $v + 1 }; $f(1))'));
    expect({ changed: r.changed, replacements: r.replacements.length }).toEqual({ changed: 1, replacements: 0 });
  });
  it('a lambda reading a variable bound inside the expression keeps its node with a native body', () => {
    const r = nativizeLambdas(jsonata('($k := 1; $map(xs, function($v) { $v + $k }))'));
    expect({ changed: r.changed, replacements: r.replacements.length }).toEqual({ changed: 1, replacements: 0 });
  });
  it('a lambda using functions, predicates or object constructors is left to JSONata', () => {
    expect(nativizeLambdas(jsonata('$map(xs, function($v) { $string($v) })')).changed).toBe(0);
    expect(nativizeLambdas(jsonata('$map(xs, function($v) { $v.a[0] })')).changed).toBe(0);
    expect(nativizeLambdas(jsonata('$map(xs, function($v) { { "a": $v } })')).changed).toBe(0);
  });
  it('a lambda with a signature is left to JSONata', () => expect(nativizeLambdas(jsonata('$map(xs, function($v)<n:n> { $v + 1 })')).changed).toBe(0));
});
