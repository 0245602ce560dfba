/**
 * Where errors go at run time (issue 2): the facts the DSL's error unions are
 * built on, checked on compiled documents run by the local interpreter. A
 * Parallel fails with its failing branch's error name (a catch handler's
 * `fail()` name inside the branch, not the error the handler caught, and not
 * `States.BranchFailed`); a Map with its failing iteration's (a choice branch's
 * `fail()` too); a compensation that fails in a Parallel branch fails the
 * Parallel with its own error. The type side is test/dsl/error-union.test-d.ts.
 */
import { describe, expect, test } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import { pipeline } from '../../src/dsl/index.js';
import { visitedStates } from '../../src/local/index.js';
import { expectValidAsl } from '../helpers/asl-judge.js';
import { compileOk, runLocal } from '../helpers/compile-run.js';
import { task } from './test-steps.js';

type Order = { id: string; items: { n: number }[] };

const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:errors-dev';
const charge = task<Order, { chargeId: string }, 'Pay.Declined'>('charge', { payload: (s) => ({ id: s.id }) });
const refund = task<Order, unknown, 'Pay.RefundFailed'>('refund');
const report = task<Order, unknown, 'Report.Failed'>('report');
const input: Order = { id: 'o-1', items: [{ n: 1 }, { n: -1 }] };

/** Charge and report side by side; a failed charge is turned into Charge.Failed inside its branch, which the Parallel catches. */
const chargeOrFail = pipeline<Order>('errors').parallel([
  (b) => b.step(charge, { resultAt: 'payment', catch: [{ on: ['States.ALL'], then: (h) => h.fail({ error: 'Charge.Failed', name: 'Charge failed' }) }] }),
  (b) => b.step(report, { discardResult: true }),
], { resultAt: 'both', catch: [{ on: ['Charge.Failed'], then: (b) => b.pass({ name: 'Not charged' }) }] });

describe('a Parallel fails with the error name its branch ends with', () => {
  test('the Catch of the Parallel names the fail() of a handler inside a branch', () => {
    // given
    const p = chargeOrFail;
    // when
    const doc = compileOk(p);
    // then
    expect(doc).toStrictEqual({
      QueryLanguage: 'JSONPath',
      StartAt: 'Parallel',
      States: {
        Parallel: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Task charge',
              States: {
                'Task charge': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: `${FUNCTION}-charge`, Payload: { 'id.$': '$.id' } },
                  ResultPath: '$.payment',
                  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Charge failed', ResultPath: '$.error' }],
                  End: true,
                },
                'Charge failed': { Type: 'Fail', Error: 'Charge.Failed' },
              },
            },
            {
              StartAt: 'Task report',
              States: {
                'Task report': {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: `${FUNCTION}-report` },
                  ResultPath: null,
                  End: true,
                },
              },
            },
          ],
          ResultPath: '$.both',
          Catch: [{ ErrorEquals: ['Charge.Failed'], Next: 'Not charged', ResultPath: '$.error' }],
          End: true,
        },
        'Not charged': { Type: 'Pass', End: true },
      },
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, the branch\u2019s Charge.Failed reaches the Parallel\u2019s Catch', async (ql) => {
    // given
    const doc = compileOk(chargeOrFail, ql);
    // when
    const result = await runLocal(doc, input, {
      mocks: { 'Task charge': [{ Throw: { Error: 'Pay.Declined', Cause: 'card declined' } }], 'Task report': [{ Return: {} }] },
    });
    // then
    expect(result.status).toBe('SUCCEEDED');
    expect(visitedStates(result.history)).toContain('Not charged');
    expect((result.output as { error: { Error: string } }).error.Error).toBe('Charge.Failed');
  });

  test('locally, the error the handler caught does not reach the Parallel: a Catch naming it does not match', async () => {
    // given: the same document, its Parallel catching the branch step's own error instead
    const compiled = compileOk(chargeOrFail);
    const parallel = compiled.States['Parallel'];
    if (parallel?.Type !== 'Parallel' || parallel.Catch?.[0] === undefined) throw new Error('expected the Parallel state with its Catch');
    const doc: AslDocument = { ...compiled, States: { ...compiled.States, Parallel: { ...parallel, Catch: [{ ...parallel.Catch[0], ErrorEquals: ['Pay.Declined'] }] } } };
    expectValidAsl(doc);
    // when
    const result = await runLocal(doc, input, {
      mocks: { 'Task charge': [{ Throw: { Error: 'Pay.Declined', Cause: 'card declined' } }], 'Task report': [{ Return: {} }] },
    });
    // then
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Charge.Failed');
  });
});

describe('a Map fails with the error name its iteration ends with', () => {
  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, a choice branch\u2019s fail() in the processor reaches the Map\u2019s Catch', async (ql) => {
    // given
    const p = pipeline<Order>('errors').map(
      (s) => s.items,
      (item) => item.choice((c) => c.when((i) => i.n.lt(0), (b) => b.fail({ error: 'Item.Negative', name: 'Negative' }))),
      { resultAt: 'checked', catch: [{ on: ['Item.Negative'], then: (b) => b.pass({ name: 'Rejected' }) }] },
    );
    const doc = compileOk(p, ql);
    expectValidAsl(doc);
    // when
    const result = await runLocal(doc, input);
    // then
    expect(result.status).toBe('SUCCEEDED');
    expect(visitedStates(result.history)).toContain('Rejected');
    expect((result.output as { error: { Error: string } }).error.Error).toBe('Item.Negative');
  });
});

describe('a compensation that fails ends its saga scope with its own error', () => {
  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, the Parallel around the saga scope catches the compensation\u2019s error', async (ql) => {
    // given
    const p = pipeline<Order>('errors').parallel([
      (b) => b.step(charge, { resultAt: 'payment' }).compensate(refund).step(report, { discardResult: true }),
    ], { discardResult: true, catch: [{ on: ['Pay.RefundFailed'], then: (b) => b.fail({ error: 'Refund.Failed', name: 'Refund failed' }) }] });
    const doc = compileOk(p, ql);
    expectValidAsl(doc);
    // when
    const result = await runLocal(doc, input, {
      mocks: {
        'Task charge': [{ Return: { chargeId: 'c-1' } }],
        'Task report': [{ Throw: { Error: 'Report.Failed', Cause: 'no printer' } }],
        'Undo Task charge': [{ Throw: { Error: 'Pay.RefundFailed', Cause: 'already settled' } }],
      },
    });
    // then
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Refund.Failed');
    expect(visitedStates(result.history)).toContain('Undo Task charge');
  });
});
