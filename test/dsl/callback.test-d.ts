/**
 * Type tests of `.waitForCallback()`: the callback's output type follows
 * `resultAt` / `discardResult` like every other step's (issue 2, item 4).
 */
import { describe, expectTypeOf, test } from 'vitest';
import { pipeline } from '../../src/dsl/index.js';
import type { ChainErrors, ChainOutput } from '../../src/dsl/index.js';
import { callbackOutput, waitForCallback } from '../../src/steps/callback/index.js';
import { existingLambda } from '../../src/steps/lambda/index.js';
import type { LambdaErrorName } from '../../src/steps/lambda/index.js';
import { existingTopic } from '../../src/steps/sns/index.js';

type Order = { orderId: string; amount: number };
type Approval = { approved: boolean; by: string };

const approver = existingLambda<{ token: string; orderId: string }, void>('arn:aws:lambda:us-east-1:123456789012:function:approve');
const reviews = existingTopic('arn:aws:sns:us-east-1:123456789012:reviews');
const base = pipeline<Order>('callbacks');
const payload = (s: import('../../src/steps/expr/index.js').Ref<Order>, ctx: import('../../src/steps/expr/index.js').ContextRef) => ({ token: ctx.task.token, orderId: s.orderId });

describe('the callback output is placed like any step result', () => {
  test('resultAt merges the declared output under the key', () => {
    const p = base.waitForCallback(approver, { id: 'approve', payload, output: callbackOutput<Approval>(), resultAt: 'approval' });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { approval: Approval }>();
    const next = p.pass({ set: (s) => ({ ok: s.approval.approved, order: s.orderId }) });
    expectTypeOf<ChainOutput<typeof next>>().toEqualTypeOf<{ ok: boolean; order: string }>();
  });

  test('discardResult keeps the state; by default the output replaces it', () => {
    const kept = base.waitForCallback(reviews, { id: 'review', payload, output: callbackOutput<Approval>(), discardResult: true });
    expectTypeOf<ChainOutput<typeof kept>>().toEqualTypeOf<Order>();
    const replaced = base.waitForCallback(reviews, { id: 'review', payload, output: callbackOutput<Approval>() });
    expectTypeOf<ChainOutput<typeof replaced>>().toEqualTypeOf<Approval>();
  });

  test('without a declared output the result is unknown; an explicit <Out> still works without resultAt', () => {
    const undeclared = base.waitForCallback(approver, { id: 'approve', payload, resultAt: 'approval' });
    expectTypeOf<ChainOutput<typeof undeclared>>().toEqualTypeOf<Order & { approval: unknown }>();
    const explicit = base.waitForCallback<Approval>(approver, { id: 'approve', payload });
    expectTypeOf<ChainOutput<typeof explicit>>().toEqualTypeOf<Approval>();
  });

  test('the callback errors join the delivery errors, and a catch sees the caught one (which then does not go on)', () => {
    const p = base.waitForCallback(approver, {
      id: 'approve', payload, output: callbackOutput<Approval>(), errors: ['Review.Rejected'], resultAt: 'approval',
      catch: [{ on: ['Review.Rejected'], then: (b) => { expectTypeOf<ChainOutput<typeof b>['error']['Error']>().toEqualTypeOf<'Review.Rejected'>(); return b.pass(); } }],
    });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<LambdaErrorName>();
    const uncaught = base.waitForCallback(approver, { id: 'approve', payload, output: callbackOutput<Approval>(), errors: ['Review.Rejected'] });
    expectTypeOf<ChainErrors<typeof uncaught>>().toEqualTypeOf<'Review.Rejected' | LambdaErrorName>();
  });

  test('the factory infers the output from the witness too', () => {
    const p = base.step(waitForCallback(approver, { id: 'approve', payload, output: callbackOutput<Approval>() }), { resultAt: 'approval' });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { approval: Approval }>();
  });

  test('misuse does not compile', () => {
    // @ts-expect-error -- `approval` holds an Approval, which has no `amount`
    base.waitForCallback(approver, { id: 'approve', payload, output: callbackOutput<Approval>(), resultAt: 'approval' }).pass({ set: (s) => ({ a: s.approval.amount }) });
    // @ts-expect-error -- an explicit <Out> fixes every other type argument (TypeScript has no partial inference), so resultAt cannot be inferred: declare output: callbackOutput<Out>() instead
    base.waitForCallback<Approval>(approver, { id: 'approve', payload, resultAt: 'approval' });
    // @ts-expect-error -- 'Review.Rejected' is not declared in errors, so the step cannot raise it
    base.waitForCallback(approver, { id: 'approve', payload, output: callbackOutput<Approval>(), catch: [{ on: ['Review.Rejected'], then: (b) => b.pass() }] });
  });
});
