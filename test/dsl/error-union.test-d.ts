/**
 * Type tests of a chain's error union (issue 2): it holds what can fail the
 * chain at run time, as AWS reports it, so that an enclosing Retry or Catch
 * (around a parallel branch, a map iteration, a subflow's caller) names exactly
 * those errors:
 * - a node's errors that none of its catch entries catches;
 * - the errors its catch handlers can end with: their steps' errors and their
 *   `fail()` names (a handler runs after the Catch matched, so its errors go to
 *   the enclosing chain, never back to the node's own Retry/Catch);
 * - every choice branch's errors (a branch's states are the chain's states);
 * - a compensation's errors (the saga's Undo state has no Catch);
 * - a Parallel fails with its failing branch's error name, a Map with its
 *   failing iteration's (not `States.BranchFailed`).
 * Every `@ts-expect-error` sits on the line that must not compile.
 */
import { describe, expectTypeOf, test } from 'vitest';
import { pipeline } from '../../src/dsl/index.js';
import type { ChainErrors, ChainOutput } from '../../src/dsl/index.js';
import { existingGlueJob } from '../../src/steps/glue/index.js';
import type { GlueErrorName } from '../../src/steps/glue/index.js';
import { existingLambda } from '../../src/steps/lambda/index.js';
import type { LambdaErrorName } from '../../src/steps/lambda/index.js';
import type { Step } from '../../src/steps/step.js';
import type { SubflowErrorName } from '../../src/steps/subflow/index.js';

declare function task<In, Out, E extends string = never>(id: string): Step<In, Out, E>;

type Order = { id: string; count: number; items: { sku: string }[] };
type Charge = { chargeId: string };

const charge = task<{ id: string }, Charge, 'Pay.Declined' | 'Pay.Throttled'>('charge');
const refund = task<{ id: string }, unknown, 'Pay.RefundFailed'>('refund');
const report = task<unknown, unknown, 'Report.Failed'>('report');
const stage = existingGlueJob('stage');
const score = existingLambda<{ id: string }, { score: number }>('arn:aws:lambda:us-east-1:123456789012:function:score');
const base = pipeline<Order>('orders');

describe('a catch handler adds the errors it can end with', () => {
  test('a handler ending in fail() adds the fail name; its steps add theirs', () => {
    const p = base.step(charge, {
      catch: [
        { on: ['Pay.Declined'], then: (b) => b.fail({ error: 'Etl.Failed' }) },
        { on: ['Pay.Throttled'], then: (b) => b.step(report, { discardResult: true }).fail({ error: 'Etl.Throttled' }) },
      ],
    });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Etl.Failed' | 'Report.Failed' | 'Etl.Throttled'>();
  });

  test('a rejoining handler adds the errors of its steps', () => {
    const p = base.step(charge, {
      resultAt: 'payment',
      catch: [{ on: ['Pay.Declined'], rejoin: true, then: (b) => b.step(report, { discardResult: true }).pass({ result: { chargeId: 'none' }, resultAt: 'payment' }) }],
    });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Pay.Throttled' | 'Report.Failed'>();
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { payment: Charge }>();
  });

  test('a built chain as the handler adds its errors too', () => {
    const onFailure = pipeline<Order & { error: { Error: string; Cause: string } }>('on-failure').step(report).fail({ error: 'Etl.Failed' });
    const p = base.step(charge, { catch: [{ on: ['States.ALL'], then: onFailure }] });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Report.Failed' | 'Etl.Failed'>();
  });

  test('the named wrappers, parallel, map and subflow add their handlers\u2019 errors', () => {
    const g = base.glue(stage, { discardResult: true, catch: [{ on: ['States.ALL'], then: (b) => b.fail({ error: 'Stage.Failed' }) }] });
    expectTypeOf<ChainErrors<typeof g>>().toEqualTypeOf<'Stage.Failed'>();
    const l = base.lambda(score, { resultAt: 'score', catch: [{ on: ['Lambda.TooManyRequestsException'], then: (b) => b.fail({ error: 'Score.Busy' }) }] });
    expectTypeOf<ChainErrors<typeof l>>().toEqualTypeOf<Exclude<LambdaErrorName, 'Lambda.TooManyRequestsException'> | 'Score.Busy'>();
    const par = base.parallel([(b) => b.step(charge)], { catch: [{ on: ['States.ALL'], then: (b) => b.fail({ error: 'Both.Failed' }) }] });
    expectTypeOf<ChainErrors<typeof par>>().toEqualTypeOf<'Both.Failed'>();
    const m = base.map((s) => s.items, (item) => item.pass(), { catch: [{ on: ['States.ALL'], then: (b) => b.fail({ error: 'Items.Failed' }) }] });
    expectTypeOf<ChainErrors<typeof m>>().toEqualTypeOf<'Items.Failed'>();
    const child = pipeline<{ id: string }>('child').step(charge);
    const sub = base.subflow(child, { catch: [{ on: ['States.TaskFailed'], then: (b) => b.fail({ error: 'Child.Failed' }) }] });
    expectTypeOf<ChainErrors<typeof sub>>().toEqualTypeOf<'Child.Failed'>();
    const subUncaught = base.subflow(child);
    // a child execution's failure reaches the parent as States.TaskFailed, not under the child's error names
    expectTypeOf<ChainErrors<typeof subUncaught>>().toEqualTypeOf<SubflowErrorName>();
  });

  test('a handler\u2019s errors are not the node\u2019s: its own Retry and Catch cannot name them', () => {
    base.step(charge, {
      // @ts-expect-error -- 'Etl.Failed' is raised by the handler, after this step's Retry ran
      retry: [{ on: ['Etl.Failed'] }],
      catch: [{ on: ['Pay.Declined'], then: (b) => b.fail({ error: 'Etl.Failed' }) }],
    });
  });
});

describe('an enclosing Retry or Catch names the errors of the branches it wraps', () => {
  test('a Parallel fails with its branch\u2019s error name, including a handler\u2019s fail() inside the branch', () => {
    const p = base.parallel([
      (b) => b.step(charge, { catch: [{ on: ['States.ALL'], then: (h) => h.fail({ error: 'Charge.Failed' }) }] }),
      (b) => b.step(report),
    ], {
      retry: [{ on: ['Report.Failed'], attempts: 2 }],
      catch: [{ on: ['Charge.Failed'], then: (b) => b.pass() }],
    });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Report.Failed'>();
  });

  test('a Map fails with its iteration\u2019s error, including a handler\u2019s fail() in the processor', () => {
    const m = base.map((s) => s.items, (item) => item.step(report, { catch: [{ on: ['Report.Failed'], then: (h) => h.fail({ error: 'Item.Skipped' }) }] }), {
      catch: [{ on: ['Item.Skipped'], then: (b) => b.pass() }],
    });
    expectTypeOf<ChainErrors<typeof m>>().toEqualTypeOf<never>();
  });

  test('naming an error no branch can end with does not compile', () => {
    base.parallel([(b) => b.step(charge, { catch: [{ on: ['States.ALL'], then: (h) => h.pass() }] })], {
      // @ts-expect-error -- the branch catches every error of charge and its handler raises none, so Pay.Declined never reaches the Parallel
      catch: [{ on: ['Pay.Declined'], then: (b) => b.pass() }],
    });
    base.parallel([(b) => b.step(charge, { catch: [{ on: ['Pay.Declined'], then: (h) => h.fail({ error: 'Charge.Declined' }) }] })], {
      // @ts-expect-error -- the branch's handler fails with Charge.Declined, not Charge.Failed
      retry: [{ on: ['Charge.Failed'] }],
    });
    base.map((s) => s.items, (item) => item.pass(), {
      // @ts-expect-error -- States.BranchFailed is a States.* name (always allowed), but Item.Failed is raised by nothing here
      catch: [{ on: ['States.BranchFailed', 'Item.Failed'], then: (b) => b.pass() }],
    });
  });
});

describe('choice branches and compensations add their errors', () => {
  test('every choice branch\u2019s errors join the chain\u2019s, rejoining or not', () => {
    const p = base.choice((c) => c
      .when((s) => s.count.gt(10), (b) => b.step(report, { discardResult: true }))
      .when((s) => s.count.lt(0), (b) => b.fail({ error: 'Order.Negative' }))
      .otherwise((b) => b.pass()));
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Report.Failed' | 'Order.Negative'>();
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order>();
  });

  test('a choice inside a parallel branch: the Parallel may catch the branch\u2019s fail()', () => {
    const p = base.parallel([(b) => b.choice((c) => c.when((s) => s.count.gt(10), (x) => x.fail({ error: 'Order.TooBig' })))], {
      catch: [{ on: ['Order.TooBig'], then: (b) => b.pass() }],
    });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<never>();
    base.parallel([(b) => b.choice((c) => c.when((s) => s.count.gt(10), (x) => x.pass()))], {
      // @ts-expect-error -- no branch of that choice fails
      catch: [{ on: ['Order.TooBig'], then: (b) => b.pass() }],
    });
  });

  test('a compensation\u2019s errors join the chain\u2019s, and a Parallel around the saga scope may name them', () => {
    const p = base.step(charge, { resultAt: 'payment' }).compensate(refund);
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Pay.Declined' | 'Pay.Throttled' | 'Pay.RefundFailed'>();
    const scoped = base.parallel([(b) => b.step(charge, { resultAt: 'payment' }).compensate(refund).step(report)], {
      catch: [{ on: ['Pay.RefundFailed'], then: (b) => b.fail({ error: 'Refund.Failed' }) }],
    });
    expectTypeOf<ChainErrors<typeof scoped>>().toEqualTypeOf<'Pay.Declined' | 'Pay.Throttled' | 'Report.Failed' | 'Refund.Failed'>();
  });
});

describe('caught errors do not go on', () => {
  test('an exact name is taken out; States.ALL takes every error; States.TaskFailed every error but States.Timeout', () => {
    const exact = base.step(charge, { catch: [{ on: ['Pay.Declined'], then: (b) => b.pass() }] });
    expectTypeOf<ChainErrors<typeof exact>>().toEqualTypeOf<'Pay.Throttled'>();
    const all = base.glue(stage, { catch: [{ on: ['States.ALL'], then: (b) => b.pass() }] });
    expectTypeOf<ChainErrors<typeof all>>().toEqualTypeOf<never>();
    const timed = task<{ id: string }, Charge, 'Pay.Declined' | 'States.Timeout'>('timed');
    const taskFailed = base.step(timed, { catch: [{ on: ['States.TaskFailed'], then: (b) => b.pass() }] });
    expectTypeOf<ChainErrors<typeof taskFailed>>().toEqualTypeOf<'States.Timeout'>();
  });

  test('a retry alone does not catch: once its attempts are used up the error goes on', () => {
    const p = base.glue(stage, { retry: [{ on: ['Glue.ConcurrentRunsExceededException'], attempts: 5 }] });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<GlueErrorName>();
  });
});

describe('options are still checked key by key', () => {
  test('an unknown option does not compile', () => {
    // @ts-expect-error -- resultat is not an option (resultAt is)
    base.step(charge, { resultat: 'payment' });
    // @ts-expect-error -- rejoins is not a catch entry field (rejoin is)
    base.step(charge, { catch: [{ on: ['Pay.Declined'], rejoins: true, then: (b) => b.pass() }] });
    // @ts-expect-error -- everyy is not a retry field (every is)
    base.glue(stage, { retry: [{ on: ['States.ALL'], everyy: '1s' }] });
    // @ts-expect-error -- a Parallel has no timeout option (Task states do)
    base.parallel([(b) => b.pass()], { timeout: '1m' });
  });
});
