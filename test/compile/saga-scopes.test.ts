/**
 * `.compensate()` inside Parallel branches and Map iterations (issue 2, item
 * 5): each is a saga scope of its own — its compensations run in reverse, then
 * it fails with the original error, so the enclosing Catch or saga takes over.
 * In a choice branch or catch handler (no scope of their own) it is a compile
 * issue, never silently dropped.
 */
import { describe, expect, test } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import { compile } from '../../src/compile/index.js';
import { pipeline } from '../../src/dsl/index.js';
import { visitedStates } from '../../src/local/index.js';
import { expectValidAsl } from '../helpers/asl-judge.js';
import { compileOk, runLocal } from '../helpers/compile-run.js';
import { task } from './test-steps.js';

type Order = { id: string };
const reserve = task<Order, { reservation: string }, 'Stock.Out'>('reserve', { payload: (s) => ({ id: s.id }) });
const release = task<Order & { reserve: { reservation: string } }, unknown>('release', { payload: (s) => ({ reservation: s.reserve.reservation }) });
const ship = task<Order, unknown, 'Ship.Failed'>('ship');

/** A branch that reserves stock (undone by release) and then ships. */
const nested = pipeline<Order>('nested')
  .parallel([
    (b) => b.step(reserve, { resultAt: 'reserve' }).compensate(release).step(ship, { discardResult: true }),
    (b) => b.pass({ name: 'Other' }),
  ], { discardResult: true });



const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:nested-dev';

describe('a saga inside a Parallel branch', () => {
  test('JSONPath: the branch holds its own Save/Compensate/Restore/Undo states and fails with the original error', () => {
    // given
    const p = nested;
    // when
    const doc = compileOk(p, 'JSONPath');
    // then
    expect(doc).toStrictEqual({
      QueryLanguage: 'JSONPath',
      StartAt: 'Parallel',
      States: {
        Parallel: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Task reserve',
              States: {
                'Task reserve': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: `${FUNCTION}-reserve`, Payload: { 'id.$': '$.id' } },
                  ResultPath: '$.reserve',
                  Next: 'Save Task reserve',
                },
                'Save Task reserve': { Type: 'Pass', Assign: { 'saga_1.$': '$' }, Next: 'Task ship' },
                'Task ship': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: `${FUNCTION}-ship` },
                  ResultPath: null,
                  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Compensate Task reserve', ResultPath: '$.error' }],
                  End: true,
                },
                'Compensate Task reserve': { Type: 'Pass', Assign: { 'sagaError.$': '$.error' }, Next: 'Restore Task reserve' },
                'Restore Task reserve': { Type: 'Pass', Parameters: { 'state.$': '$saga_1' }, OutputPath: '$.state', Next: 'Undo Task reserve' },
                'Undo Task reserve': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: `${FUNCTION}-release`, Payload: { 'reservation.$': '$.reserve.reservation' } },
                  ResultPath: null,
                  Next: 'Saga error',
                },
                'Saga error': { Type: 'Pass', Parameters: { 'Error.$': '$sagaError.Error', 'Cause.$': '$sagaError.Cause' }, Next: 'Saga failed' },
                'Saga failed': { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.Cause' },
              },
            },
            { StartAt: 'Other', States: { Other: { Type: 'Pass', End: true } } },
          ],
          ResultPath: null,
          End: true,
        },
      },
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('JSONata: the same states with Assign/Output expressions', () => {
    // given
    const p = nested;
    // when
    const doc = compileOk(p, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      QueryLanguage: 'JSONata',
      StartAt: 'Parallel',
      States: {
        Parallel: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Task reserve',
              States: {
                'Task reserve': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Arguments: { FunctionName: `${FUNCTION}-reserve`, Payload: { id: '{% $states.input.id %}' } },
                  Output: '{% $merge([$states.input, {"reserve": $states.result}]) %}',
                  Next: 'Save Task reserve',
                },
                'Save Task reserve': { Type: 'Pass', Assign: { saga_1: '{% $states.input %}' }, Next: 'Task ship' },
                'Task ship': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Arguments: { FunctionName: `${FUNCTION}-ship` },
                  Output: '{% $states.input %}',
                  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Compensate Task reserve', Output: '{% $merge([$states.input, {"error": $states.errorOutput}]) %}' }],
                  End: true,
                },
                'Compensate Task reserve': { Type: 'Pass', Assign: { sagaError: '{% $states.input.error %}' }, Next: 'Restore Task reserve' },
                'Restore Task reserve': { Type: 'Pass', Output: '{% $saga_1 %}', Next: 'Undo Task reserve' },
                'Undo Task reserve': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Arguments: { FunctionName: `${FUNCTION}-release`, Payload: { reservation: '{% $states.input.reserve.reservation %}' } },
                  Output: '{% $states.input %}',
                  Next: 'Saga error',
                },
                'Saga error': { Type: 'Pass', Output: '{% $sagaError %}', Next: 'Saga failed' },
                'Saga failed': { Type: 'Fail', Error: '{% $states.input.Error %}', Cause: '{% $states.input.Cause %}' },
              },
            },
            { StartAt: 'Other', States: { Other: { Type: 'Pass', End: true } } },
          ],
          Output: '{% $states.input %}',
          End: true,
        },
      },
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, a failure after the reservation releases it, then the execution fails with the original error', async (ql) => {
    // given
    const doc = compileOk(nested, ql);
    const released: unknown[] = [];
    // when
    const result = await runLocal(doc, { id: 'o-1' }, {
      mocks: {
        'Task reserve': [{ Return: { reservation: 'r-7' } }],
        'Task ship': [{ Throw: { Error: 'Ship.Failed', Cause: 'no truck' } }],
        'Undo Task reserve': (input) => { released.push(input); return {}; },
      },
    });
    // then
    expect(result.status).toBe('FAILED');
    expect([result.error, result.cause]).toStrictEqual(['Ship.Failed', 'no truck']);
    expect(released).toStrictEqual([{ FunctionName: `${FUNCTION}-release`, Payload: { reservation: 'r-7' } }]);
    expect(visitedStates(result.history)).toContain('Undo Task reserve');
  });

  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, a successful branch runs no compensation', async (ql) => {
    const doc = compileOk(nested, ql);
    const result = await runLocal(doc, { id: 'o-1' }, { mocks: { 'Task reserve': [{ Return: { reservation: 'r-7' } }], 'Task ship': [{ Return: {} }] } });
    expect(result.status).toBe('SUCCEEDED');
    expect(visitedStates(result.history).filter((s) => s.startsWith('Undo') || s.startsWith('Compensate'))).toStrictEqual([]);
  });
});

describe('nested saga scopes', () => {
  // given: a top-level saga around a Parallel whose branch has its own saga, and a Map whose iterations have one
  const charge = task<Order, { charge: string }>('charge');
  const refund = task<Order & { charge: { charge: string } }, unknown>('refund', { payload: (s) => ({ charge: s.charge.charge }) });
  const pick = task<{ sku: string }, { picked: string }, 'Pick.Failed'>('pick', { payload: (s) => ({ sku: s.sku }) });
  const unpick = task<{ sku: string; pick: { picked: string } }, unknown>('unpick', { payload: (s) => ({ picked: s.pick.picked }) });
  const label = task<{ sku: string }, unknown, 'Label.Failed'>('label', { payload: (s) => ({ sku: s.sku }) });
  const both = pipeline<Order & { items: { sku: string }[] }>('both')
    .step(charge, { resultAt: 'charge' })
    .compensate(refund)
    .parallel([(b) => b.step(reserve, { resultAt: 'reserve' }).compensate(release).step(ship, { discardResult: true })], { discardResult: true })
    .map((s) => s.items, (item) => item.step(pick, { resultAt: 'pick' }).compensate(unpick).step(label, { discardResult: true }), { discardResult: true });

  test('every scope gets its own variables, so no scope reads or overwrites another one\'s', () => {
    const doc = compileOk(both);
    const assigned = JSON.stringify(doc).match(/"(saga_\d+|sagaError(_\d+)?)(\.\$)?":/g)?.sort();
    expect(assigned).toStrictEqual(['"sagaError.$":', '"sagaError_2.$":', '"sagaError_3.$":', '"saga_1.$":', '"saga_2.$":', '"saga_3.$":']);
    expectValidAsl(doc);
    expectValidAsl(compileOk(both, 'JSONata'));
  });

  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, a failing branch undoes its own step, then the top-level saga refunds', async (ql) => {
    // given
    const doc = compileOk(both, ql);
    const calls: string[] = [];
    const ok = (name: string, value: unknown) => () => { calls.push(name); return value; };
    // when
    const result = await runLocal(doc, { id: 'o-1', items: [{ sku: 'a' }] }, {
      mocks: {
        'Task charge': ok('charge', { charge: 'c-1' }),
        'Task reserve': ok('reserve', { reservation: 'r-1' }),
        'Task ship': [{ Throw: { Error: 'Ship.Failed', Cause: 'no truck' } }],
        'Undo Task reserve': ok('release', {}),
        'Undo Task charge': (input) => { calls.push(`refund ${JSON.stringify((input as { Payload: unknown }).Payload)}`); return {}; },
      },
    });
    // then
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Ship.Failed');
    expect(calls).toStrictEqual(['charge', 'reserve', 'release', 'refund {"charge":"c-1"}']);
  });

  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, a failing Map iteration unpicks its own item only', async (ql) => {
    // given
    const doc = compileOk(both, ql);
    const unpicked: unknown[] = [];
    // when
    const result = await runLocal(doc, { id: 'o-1', items: [{ sku: 'a' }, { sku: 'b' }] }, {
      mocks: {
        'Task charge': [{ Return: { charge: 'c-1' } }],
        'Task reserve': [{ Return: { reservation: 'r-1' } }],
        'Task ship': [{ Return: {} }],
        'Task pick': (input) => ({ picked: `p-${(input as { Payload: { sku: string } }).Payload.sku}` }),
        'Task label': (input) => {
          if ((input as { Payload: { sku: string } }).Payload.sku === 'b') throw Object.assign(new Error('printer jam'), { name: 'Label.Failed' });
          return {};
        },
        'Undo Task pick': (input) => { unpicked.push((input as { Payload: unknown }).Payload); return {}; },
        'Undo Task charge': [{ Return: {} }],
      },
    });
    // then
    expect(result.status).toBe('FAILED');
    expect([result.error, result.cause]).toStrictEqual(['Label.Failed', 'printer jam']);
    expect(unpicked).toStrictEqual([{ picked: 'p-b' }]);
  });
});

describe('compensate() where no saga scope exists', () => {
  test('inside a choice branch or a catch handler it is a compile issue naming the place', () => {
    // given
    const p = pipeline<Order>('bad')
      .choice((c) => c.when((s) => s.id.eq('x'), (b) => b.step(reserve, { resultAt: 'reserve' }).compensate(release)))
      .step(ship, { catch: [{ on: ['States.ALL'], then: (b) => b.step(reserve, { resultAt: 'reserve', name: 'Reserve again' }).compensate(release) }] });
    // when
    const result = compile(p);
    // then
    const hint = "is not supported inside a choice branch or catch handler (they share the enclosing chain's states); register it on the enclosing chain, or move the steps into a parallel branch, which is a saga scope of its own";
    expect(result.isErr() ? result.error : []).toStrictEqual([
      { kind: 'unsupported-compensation', path: 'Choice > when[0] > Task reserve', message: `compensate() after 'Task reserve' ${hint}` },
      { kind: 'unsupported-compensation', path: 'Task ship > catch[0] > Reserve again', message: `compensate() after 'Reserve again' ${hint}` },
    ]);
  });
});
