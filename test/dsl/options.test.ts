/**
 * Options the types cannot check are validated at the call site, with a
 * message naming the field and the rule.
 */
import { describe, expect, test } from 'vitest';
import { pipeline } from '../../src/dsl/index.js';
import type { Step } from '../../src/steps/step.js';
import { task } from '../compile/test-steps.js';

type Order = { id: string; count: number; items: { sku: string }[]; at: string };
const base = pipeline<Order>('orders');
const charge: Step<{ id: string }, { c: string }, 'Pay.Declined'> = task<{ id: string }, { c: string }, 'Pay.Declined'>('charge', { errors: ['Pay.Declined'] });

describe('retry options', () => {
  test('backoff below 1 is refused', () => {
    expect(() => base.step(charge, { retry: [{ on: ['Pay.Declined'], backoff: 0.5 }] })).toThrow('retry[0].backoff must be a number ≥ 1, got 0.5');
  });
  test('attempts must be a whole number ≥ 0 (0 is allowed)', () => {
    expect(() => base.step(charge, { retry: [{ on: ['Pay.Declined'], attempts: 0 }] })).not.toThrow();
    expect(() => base.step(charge, { retry: [{ on: ['Pay.Declined'], attempts: 1.5 }] })).toThrow('retry[0].attempts must be a whole number from 0 to 99999999, got 1.5');
  });
  test('a zero interval is refused', () => {
    expect(() => base.step(charge, { retry: [{ on: ['Pay.Declined'], every: '0s' }] })).toThrow('retry[0].every must be at least 1s');
  });
  test('a malformed duration names the field', () => {
    expect(() => base.step(charge, { retry: [{ on: ['Pay.Declined'], maxDelay: '5 minutes' as '5m' }] })).toThrow(
      "retry[0].maxDelay must be a duration such as '30s', '5m', '2h' or '1d' (a whole number and a unit), got \"5 minutes\"",
    );
  });
  test('jitter is full or none', () => {
    expect(() => base.step(charge, { retry: [{ on: ['Pay.Declined'], jitter: 'FULL' as 'full' }] })).toThrow("retry[0].jitter must be 'full' or 'none', got \"FULL\"");
  });
  test('an empty error list is refused', () => {
    expect(() => base.step(charge, { retry: [{ on: [] }] })).toThrow('retry[0].on must list at least one error name');
  });
  test('States.ALL must be alone', () => {
    expect(() => base.step(charge, { retry: [{ on: ['Pay.Declined', 'States.ALL'] }] })).toThrow("retry[0].on: 'States.ALL' must appear alone");
  });
  test('States.ALL must be in the last entry', () => {
    expect(() => base.step(charge, { retry: [{ on: ['States.ALL'] }, { on: ['Pay.Declined'] }] })).toThrow("retry[0].on: the entry with 'States.ALL' must be the last retry entry");
  });
  test('an unknown States.* name is refused', () => {
    expect(() => base.step(charge, { catch: [{ on: ['States.Nope' as 'States.ALL'], then: (b) => b.pass() }] })).toThrow("catch[0].on[0]: 'States.Nope' is not a predefined States.* error name");
  });
});

describe('placement and node options', () => {
  test('resultAt and discardResult exclude each other', () => {
    expect(() => base.step(charge, { resultAt: 'x', discardResult: true } as { resultAt: 'x' })).toThrow(
      'resultAt and discardResult cannot both be set: the result either goes under a key or is dropped',
    );
  });
  test('resultAt must be a plain field name', () => {
    expect(() => base.step(charge, { resultAt: 'a.b' })).toThrow('resultAt must be a field name (letters, digits, _), got "a.b"');
  });
  test('a state name is 1 to 80 characters', () => {
    expect(() => base.pass({ name: 'x'.repeat(81) })).toThrow('name must be a state name of 1 to 80 characters');
  });
  test('a pipeline name is letters, digits, - and _', () => {
    expect(() => pipeline<Order>('my pipeline')).toThrow("pipeline name must be 1 to 80 letters, digits, '-' or '_', got \"my pipeline\"");
  });
  test('map concurrency and tolerated failures are checked', () => {
    expect(() => base.map((s) => s.items, (b) => b.pass(), { maxConcurrency: -1 })).toThrow('maxConcurrency must be a whole number ≥ 0, got -1');
    expect(() => base.distributedMap({ bucket: 'b', key: (s) => s.id, columns: ['a'] }, (b) => b.pass(), { toleratedFailurePercentage: 120 })).toThrow(
      'toleratedFailurePercentage must be a number from 0 to 100, got 120',
    );
  });
  test('wait until needs an ISO-8601 timestamp', () => {
    expect(() => base.wait({ until: 'tomorrow' })).toThrow('until must be an ISO-8601 timestamp, got "tomorrow"');
  });
  test('wait seconds and until from an untyped caller say what to write (was: opts.seconds is not a function)', () => {
    // @ts-expect-error seconds reads a number of the state; a fixed wait is { for: '60s' }
    expect(() => base.wait({ seconds: 60 })).toThrow("wait(): seconds must be a function of the state, e.g. { seconds: (s) => s.delay }; for a fixed wait write { for: '60s' }, got 60");
    // @ts-expect-error until is a timestamp string or a function of the state
    expect(() => base.wait({ until: 1_900_000_000 })).toThrow('wait(): until must be an ISO-8601 timestamp or a function of the state, e.g. { until: (s) => s.deadline }, got 1900000000');
  });
});

describe('chain structure', () => {
  test('a Succeed state cannot be chained onto', () => {
    const ended = base.succeed() as unknown as { pass: () => unknown };
    expect(() => ended.pass()).toThrow('cannot chain a step after succeed(): a Succeed or Fail state ends the chain');
  });
  test('compensate must follow the step it undoes', () => {
    expect(() => base.compensate(task<Order, unknown>('undo'))).toThrow('compensate() must directly follow the step, map or parallel it undoes');
    expect(() => base.step(charge).compensate(task<{ c: string }, unknown>('a')).compensate(task<{ c: string }, unknown>('b'))).toThrow(
      'compensate(): this step already has a compensation',
    );
  });
  test('a choice needs at least one rule', () => {
    expect(() => base.choice((c) => c as never)).toThrow('choice() needs at least one when(...) rule');
  });
  test('a parallel needs at least one branch', () => {
    expect(() => base.parallel([] as unknown as [never])).toThrow('parallel() needs at least one branch');
  });
  test('a branch callback must return the chain it built', () => {
    expect(() => base.parallel([(b) => { b.pass(); return undefined as never; }])).toThrow(
      'parallel branch 1: the callback must return the chain it built (did you forget to return it?)',
    );
  });
  test('a choice condition must be a comparison', () => {
    expect(() => base.choice((c) => c.when(() => true as never, (b) => b.pass()))).toThrow(
      'choice rule 1: the condition must return a comparison such as s.count.gt(10)',
    );
  });
});

describe('immutability', () => {
  test('every chain call returns a new builder and leaves the old one unchanged', () => {
    // given
    const start = base.pass({ name: 'First' });
    // when
    const a = start.pass({ name: 'A' });
    const b = start.wait({ for: '1s' });
    // then
    expect(start.data.nodes).toHaveLength(1);
    expect(a.data.nodes.map((n) => n.name)).toStrictEqual(['First', 'A']);
    expect(b.data.nodes.map((n) => n.kind)).toStrictEqual(['step', 'step']);
    expect(Object.isFrozen(a.data)).toBe(true);
    expect(Object.isFrozen(a.data.nodes[0])).toBe(true);
  });
  test('a built sub-chain can be reused in several places', () => {
    const shared = pipeline<Order>('shared').pass({ set: (s) => ({ id: s.id }) });
    const p = base.parallel([shared, shared]);
    expect(p.data.nodes[0]?.kind === 'parallel' && p.data.nodes[0].branches).toStrictEqual([shared.data, shared.data]);
  });
});
