/**
 * Type tests of catch handlers: the caught error is narrowed to the names the
 * entry lists (issue 2), and a rejoining handler must produce the state after
 * the protected step. Every `@ts-expect-error` sits on the line that must fail.
 */
import { describe, expectTypeOf, test } from 'vitest';
import { pipeline } from '../../src/dsl/index.js';
import type { CaughtError, ChainInput, ChainOutput } from '../../src/dsl/index.js';
import { existingGlueJob } from '../../src/steps/glue/index.js';
import type { GlueJobRun } from '../../src/steps/glue/index.js';
import type { Step } from '../../src/steps/step.js';

declare function task<In, Out, E extends string = never>(id: string): Step<In, Out, E>;

type Order = { id: string; count: number };
type Charge = { chargeId: string };
type ErrorOf<S extends { error: unknown }> = S['error'];

const charge = task<{ id: string }, Charge, 'Pay.Declined' | 'Pay.Throttled'>('charge');
const stage = existingGlueJob('stage');
const base = pipeline<Order>('orders');

describe('the caught error is narrowed to the names the entry lists', () => {
  test('one name: Error is that name', () => {
    base.step(charge, {
      catch: [{
        on: ['Pay.Declined'],
        then: (b) => {
          expectTypeOf<ChainInput<typeof b>>().toEqualTypeOf<Order & { error: { Error: 'Pay.Declined'; Cause: string } }>();
          return b.pass();
        },
      }],
    });
  });

  test('a step error and a States.* name: Error is their union', () => {
    base.glue(stage, {
      catch: [{
        on: ['Glue.ConcurrentRunsExceededException', 'States.Timeout'],
        then: (b) => {
          expectTypeOf<ErrorOf<ChainInput<typeof b>>>().toEqualTypeOf<{ Error: 'Glue.ConcurrentRunsExceededException' | 'States.Timeout'; Cause: string }>();
          return b.pass();
        },
      }],
    });
  });

  test('each entry gets its own names; States.ALL and States.TaskFailed give string (undeclared errors are possible)', () => {
    base.step(charge, {
      catch: [
        { on: ['Pay.Throttled'], then: (b) => { expectTypeOf<ErrorOf<ChainInput<typeof b>>['Error']>().toEqualTypeOf<'Pay.Throttled'>(); return b.pass(); } },
        { on: ['States.TaskFailed'], then: (b) => { expectTypeOf<ErrorOf<ChainInput<typeof b>>['Error']>().toEqualTypeOf<string>(); return b.pass(); } },
        { on: ['States.ALL'], then: (b) => { expectTypeOf<ErrorOf<ChainInput<typeof b>>['Error']>().toEqualTypeOf<string>(); return b.pass(); } },
      ],
    });
    expectTypeOf<CaughtError<'States.Timeout' | 'States.ALL'>>().toEqualTypeOf<{ Error: string; Cause: string }>();
  });

  test('parallel, map and the named wrappers narrow too', () => {
    base.parallel([(b) => b.step(charge)], {
      catch: [{ on: ['Pay.Declined'], then: (b) => { expectTypeOf<ErrorOf<ChainInput<typeof b>>['Error']>().toEqualTypeOf<'Pay.Declined'>(); return b.pass(); } }],
    });
    base.redshift('select 1', {
      id: 'q', target: { workgroup: 'wg', database: 'db' },
      catch: [{ on: ['States.Timeout'], then: (b) => { expectTypeOf<ErrorOf<ChainInput<typeof b>>['Error']>().toEqualTypeOf<'States.Timeout'>(); return b.pass(); } }],
    });
  });

  test('misuse of the narrowed error does not compile', () => {
    base.step(charge, {
      catch: [{
        on: ['Pay.Declined'],
        then: (b) => {
          // @ts-expect-error -- only 'Pay.Declined' is caught here, so Error can never be 'Pay.Throttled'
          const other: ErrorOf<ChainInput<typeof b>>['Error'] = 'Pay.Throttled';
          expectTypeOf(other).toBeString();
          return b.pass();
        },
      }],
    });
    // @ts-expect-error -- 'Glue.Nope' is neither an error of the Glue step nor a States.* name
    base.glue(stage, { catch: [{ on: ['Glue.Nope'], then: (b) => b.pass() }] });
  });
});

describe('a catch handler may rejoin the chain', () => {
  test('the state after the step is unchanged by a rejoining handler whose output fits it', () => {
    const p = base.step(charge, {
      resultAt: 'payment',
      catch: [{ on: ['Pay.Declined'], rejoin: true, then: (b) => b.pass({ result: { chargeId: 'none' }, resultAt: 'payment' }) }],
    });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { payment: Charge }>();
  });

  test('an empty rejoining handler fits a discarded result (ignore the error and go on)', () => {
    const p = base.glue(stage, { discardResult: true, catch: [{ on: ['States.ALL'], rejoin: true, then: (b) => b }] });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order>();
  });

  test('a rejoining handler on a parallel or map', () => {
    const p = base.map((s) => [s.id] as never as import('../../src/steps/expr/index.js').RefOf<readonly string[]>, (item) => item.pass(), {
      resultAt: 'ids',
      catch: [{ on: ['States.ALL'], rejoin: true, then: (b) => b.pass({ result: [] as string[], resultAt: 'ids' }) }],
    });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { ids: string[] }>();
  });

  test('a rejoining handler whose output does not fit the next state does not compile', () => {
    base.step(charge, {
      resultAt: 'payment',
      // @ts-expect-error -- the handler puts a number under `payment`, but the state after the step holds a Charge there
      catch: [{ on: ['Pay.Declined'], rejoin: true, then: (b) => b.pass({ result: 0, resultAt: 'payment' }) }],
    });
    base.glue(stage, {
      resultAt: 'run',
      // @ts-expect-error -- an empty handler has no `run`, which the state after the Glue step needs
      catch: [{ on: ['States.ALL'], rejoin: true, then: (b) => b }],
    });
    base.step(charge, {
      // @ts-expect-error -- a handler ending in fail() can never rejoin
      catch: [{ on: ['States.ALL'], rejoin: true, then: (b) => b.fail({ error: 'Order.Failed' }) }],
    });
  });

  test('a handler that does not rejoin may produce anything (it ends the execution)', () => {
    const p = base.glue(stage, { resultAt: 'run', catch: [{ on: ['States.ALL'], then: (b) => b.pass({ result: 0 }) }] });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { run: GlueJobRun }>();
  });
});
