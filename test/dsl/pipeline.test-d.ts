/**
 * Type tests of the DSL: the state type flowing through the chain is product
 * behaviour. Every `@ts-expect-error` sits on the exact line that must not
 * compile, with the reason.
 */
import { describe, expectTypeOf, test } from 'vitest';
import { pipeline } from '../../src/dsl/index.js';
import type { ChainErrors, ChainInput, ChainOutput } from '../../src/dsl/index.js';
import { csvSchema, enumOf, integer } from '../../src/csv/index.js';
import { and, fmt, jsonata, not } from '../../src/steps/expr/index.js';
import { existingLambda } from '../../src/steps/lambda/index.js';
import type { LambdaErrorName } from '../../src/steps/lambda/index.js';
import type { Step } from '../../src/steps/step.js';
import type { SubflowResult } from '../../src/steps/subflow/index.js';

declare function task<In, Out, E extends string = never>(id: string): Step<In, Out, E>;

type Order = {
  id: string;
  count: number;
  paid: boolean;
  createdAt: string;
  items: { sku: string; qty: number }[];
};
type Charge = { chargeId: string };
type ErrorInfo<E extends string> = { Error: E; Cause: string };

const charge = task<{ id: string }, Charge, 'Pay.Declined' | 'Pay.Throttled'>('charge');
const ship = task<{ id: string }, { tracking: string }, 'Ship.Failed'>('ship');
const needsEmail = task<{ email: string }, unknown>('mail');
const base = pipeline<Order>('orders');

describe('the state type flows through the chain', () => {
  test('by default the result replaces the state', () => {
    const p = base.step(charge);
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Charge>();
  });

  test('resultAt merges the result under the key', () => {
    const p = base.step(charge, { resultAt: 'payment' });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { payment: Charge }>();
    expectTypeOf<ChainOutput<typeof p>['payment']['chargeId']>().toEqualTypeOf<string>();
  });

  test('discardResult keeps the state', () => {
    const p = base.step(charge, { discardResult: true });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order>();
  });

  test('the pipeline input stays the first state and errors accumulate', () => {
    const p = base.step(charge, { resultAt: 'payment' }).step(ship, { discardResult: true });
    expectTypeOf<ChainInput<typeof p>>().toEqualTypeOf<Order>();
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Pay.Declined' | 'Pay.Throttled' | 'Ship.Failed'>();
  });

  test('a catch handler receives the state plus { Error, Cause } (Error narrowed to the caught names)', () => {
    base.step(charge, {
      catch: [{
        on: ['Pay.Declined'],
        then: (b) => {
          expectTypeOf<ChainInput<typeof b>>().toEqualTypeOf<Order & { error: ErrorInfo<'Pay.Declined'> }>();
          return b.pass();
        },
      }],
    });
  });

  test('a pass template produces the type of its fields', () => {
    const p = base.pass({ set: (s, ctx) => ({ id: s.id, first: s.items[0].sku, exec: ctx.execution.id, label: fmt`order ${s.id}` }) });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<{ id: string; first: string; exec: string; label: string }>();
  });

  test('a parallel state outputs the tuple of its branch outputs', () => {
    const p = base.parallel([(b) => b.step(charge), (b) => b.pass({ set: (s) => ({ n: s.count }) })]);
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<[Charge, { n: number }]>();
  });

  test('a map processor receives the item type and outputs an array', () => {
    const p = base.map(
      (s) => s.items,
      (item) => {
        expectTypeOf<ChainInput<typeof item>>().toEqualTypeOf<{ sku: string; qty: number }>();
        return item.pass({ set: (i) => ({ sku: i.sku }) });
      },
      { resultAt: 'skus' },
    );
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { skus: { sku: string }[] }>();
  });

  test('a distributed map row is typed from the column list (CSV values are strings)', () => {
    const p = base.distributedMap(
      { bucket: 'data', key: (s) => s.id, columns: ['order_id', 'amount'] },
      (row) => {
        expectTypeOf<ChainInput<typeof row>>().toEqualTypeOf<{ order_id: string; amount: string }>();
        return row.pass({ set: (r) => ({ amount: r.amount }) });
      },
    );
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<{ amount: string }[]>();
  });

  test('a distributed map row can be typed from a CSV schema', () => {
    const orders = csvSchema({ columns: { order_id: integer(), status: enumOf(['new', 'paid']) } });
    const p = base.distributedMap({ bucket: 'data', key: (s) => s.id, schema: orders }, (row) => row.pass({ set: (r) => ({ status: r.status }) }));
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<{ status: string }[]>();
  });

  test('a choice outputs the union of the branches that rejoin; ended branches add nothing', () => {
    const p = base.choice((c) =>
      c.when((s) => s.count.gt(10), (b) => b.pass({ result: { big: true as boolean } }))
        .when((s) => s.paid.eq(false), (b) => b.fail({ error: 'Order.Unpaid' }))
        .otherwise((b) => b.pass({ result: { big: false as boolean } })),
    );
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<{ big: boolean }>();
  });

  test('a choice without otherwise may also continue with the state unchanged', () => {
    const p = base.choice((c) => c.when((s) => s.count.gt(10), (b) => b.pass({ result: 1 })));
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<number | Order>();
  });

  test('a parallel or map may retry and catch the errors of its branches', () => {
    const p = base.parallel([(b) => b.step(charge), (b) => b.step(ship)], { retry: [{ on: ['Pay.Throttled', 'Ship.Failed'] }] });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Pay.Declined' | 'Pay.Throttled' | 'Ship.Failed'>();
    const m = base.map((s) => s.items, (item) => item.pass({ set: (i) => ({ id: i.sku }) }).step(ship), { catch: [{ on: ['Ship.Failed'], then: (b) => b.pass() }] });
    expectTypeOf<ChainOutput<typeof m>>().toEqualTypeOf<{ tracking: string }[]>();
    // the map's Catch takes Ship.Failed, and its handler raises nothing: no error goes on
    expectTypeOf<ChainErrors<typeof m>>().toEqualTypeOf<never>();
  });

  test('fail adds its error name to the pipeline errors', () => {
    const p = base.fail({ error: 'Order.Rejected', cause: (s) => s.id });
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<'Order.Rejected'>();
  });

  test('a JSONata pipeline accepts jsonata() expressions', () => {
    const p = pipeline.jsonata<Order>('j').pass({ set: (s) => ({ n: jsonata<number>('$count($states.input.items)'), id: s.id }) });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<{ n: number; id: string }>();
  });

  test('the lambda wrapper types the payload from the handler and the result from its output', () => {
    const score = existingLambda<{ orderId: string }, { score: number }>('arn:aws:lambda:us-east-1:123456789012:function:score');
    const p = base.lambda(score, { payload: (s) => ({ orderId: s.id }), resultAt: 'score' });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { score: { score: number } }>();
    expectTypeOf<ChainErrors<typeof p>>().toEqualTypeOf<LambdaErrorName>();
  });

  test('the subflow wrapper checks the child input and types its result', () => {
    const child = pipeline<{ orderId: string }>('child').pass({ set: (s) => ({ done: s.orderId }) });
    const p = base.subflow(child, { input: (s) => ({ orderId: s.id }), resultAt: 'child' });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { child: SubflowResult<{ done: string }> }>();
  });

  test('a subflow child may be written for another query language (it is a state machine of its own)', () => {
    const child = pipeline.jsonata<{ orderId: string }>('child').pass({ set: () => ({ n: jsonata<number>('1') }) });
    const p = pipeline.jsonPath<Order>('parent').subflow(child, { input: (s) => ({ orderId: s.id }), resultAt: 'child' });
    expectTypeOf<ChainOutput<typeof p>>().toEqualTypeOf<Order & { child: SubflowResult<{ n: number }> }>();
    // @ts-expect-error -- the child's input is still checked: its orderId is a string
    base.subflow(child, { input: (s) => ({ orderId: s.count }) });
  });
});

describe('misuse does not compile', () => {
  test('reading fields the state does not have', () => {
    // @ts-expect-error -- no upstream step produced `email`
    base.pass({ set: (s) => ({ e: s.email }) });
    // @ts-expect-error -- the default placement replaced the state with Charge, so `id` is gone
    base.step(charge).pass({ set: (s) => ({ id: s.id }) });
    // @ts-expect-error -- the result was discarded, so `chargeId` was never added
    base.step(charge, { discardResult: true }).pass({ set: (s) => ({ c: s.chargeId }) });
    // @ts-expect-error -- the result sits under `payment`, not at the top level
    base.step(charge, { resultAt: 'payment' }).pass({ set: (s) => ({ c: s.chargeId }) });
    // @ts-expect-error -- `payment` holds a Charge, which has no `amount`
    base.step(charge, { resultAt: 'payment' }).pass({ set: (s) => ({ a: s.payment.amount }) });
    // @ts-expect-error -- array items have no `price`
    base.pass({ set: (s) => ({ p: s.items[0].price }) });
  });

  test('reading fields where a step failed, a branch discarded, or only one choice branch produced them', () => {
    // @ts-expect-error -- the handler runs because charge failed, so nothing was placed under `payment`
    base.step(charge, { resultAt: 'payment', catch: [{ on: ['States.ALL'], then: (b) => b.pass({ set: (s) => ({ c: s.payment.chargeId }) }) }] });
    // @ts-expect-error -- the branch discarded charge's result: its output (both[0]) is the Order, without `chargeId`
    base.parallel([(b) => b.step(charge, { discardResult: true })], { resultAt: 'both' }).pass({ set: (s) => ({ c: s.both[0].chargeId }) });
    // @ts-expect-error -- only the first branch adds `big`; after the choice the state may be the Order without it
    base.choice((c) => c.when((s) => s.count.gt(1), (b) => b.pass({ result: 1, resultAt: 'big' })).otherwise((b) => b.pass())).pass({ set: (s) => ({ b: s.big }) });
    // @ts-expect-error -- a map's catch handler runs on the state around the Map, not on an item
    base.map((s) => s.items, (item) => item.pass({ set: (i) => ({ sku: i.sku }) }), { catch: [{ on: ['States.ALL'], then: (b) => b.pass({ set: (s) => ({ x: s.sku }) }) }] });
  });

  test('steps whose input the state does not satisfy', () => {
    // @ts-expect-error -- the state has no `email`, which the step needs
    base.step(needsEmail);
    // @ts-expect-error -- after ship the state is { tracking }, but charge needs { id }
    base.step(ship).step(charge);
    // @ts-expect-error -- a parallel branch runs on the state, which lacks `email`
    base.parallel([(b) => b.step(needsEmail)]);
    // @ts-expect-error -- the compensation runs on the state after its step, which lacks `email`
    base.step(charge, { resultAt: 'payment' }).compensate(needsEmail);
  });

  test('error names in retry and catch are the step errors plus States.*', () => {
    // @ts-expect-error -- 'Pay.Timeout' is not an error of the charge step
    base.step(charge, { retry: [{ on: ['Pay.Timeout'] }] });
    // @ts-expect-error -- 'Ship.Failed' belongs to another step
    base.step(charge, { catch: [{ on: ['Ship.Failed'], then: (b) => b.pass() }] });
    // @ts-expect-error -- 'States.Everything' is not a States.* error name
    base.step(charge, { retry: [{ on: ['States.Everything'] }] });
    // @ts-expect-error -- a parallel fails with its branches' errors and States.*, and no branch raises 'Ship.Failed'
    base.parallel([(b) => b.step(charge)], { retry: [{ on: ['Ship.Failed'] }] });
    // @ts-expect-error -- a map fails with its processor's errors and States.*, and the processor raises no 'Pay.Declined'
    base.map((s) => s.items, (item) => item.pass(), { catch: [{ on: ['Pay.Declined'], then: (b) => b.pass() }] });
  });

  test('retry options are typed', () => {
    // @ts-expect-error -- durations are a whole number and a unit, like '30s'
    base.step(charge, { retry: [{ on: ['Pay.Throttled'], every: '30 seconds' }] });
    // @ts-expect-error -- jitter is 'full' or 'none' in the DSL (FULL is the ASL spelling)
    base.step(charge, { retry: [{ on: ['Pay.Throttled'], jitter: 'FULL' }] });
  });

  test('the catch handler input', () => {
    // @ts-expect-error -- the error object holds Error and Cause only
    base.step(charge, { catch: [{ on: ['States.ALL'], then: (b) => b.pass({ set: (s) => ({ m: s.error.Message }) }) }] });
    // @ts-expect-error -- Cause is a string
    base.step(charge, { catch: [{ on: ['Pay.Declined'], then: (b) => b.pass({ set: (s) => ({ c: s.error.Cause.length }) }) }] });
    // @ts-expect-error -- after a rejoining handler the chain goes on with the state after the step, which has no `error`
    base.step(charge, { resultAt: 'payment', catch: [{ on: ['States.ALL'], rejoin: true, then: (b) => b.pass({ result: { chargeId: 'none' }, resultAt: 'payment' }) }] }).pass({ set: (s) => ({ e: s.error.Error }) });
  });

  test('choice rules read existing fields with matching comparisons', () => {
    // @ts-expect-error -- a choice on a field the state does not have
    base.choice((c) => c.when((s) => s.total.gt(10), (b) => b.pass()));
    // @ts-expect-error -- a number is compared with a number, not a string
    base.choice((c) => c.when((s) => s.count.gt('10'), (b) => b.pass()));
    // @ts-expect-error -- glob matching is for strings only
    base.choice((c) => c.when((s) => s.count.matches('1*'), (b) => b.pass()));
    // @ts-expect-error -- a boolean is compared with a boolean
    base.choice((c) => c.when((s) => and(s.paid.eq(1), not(s.id.isNull())), (b) => b.pass()));
    // @ts-expect-error -- otherwise closes the choice: no rule may follow it
    base.choice((c) => c.when((s) => s.paid.eq(true), (b) => b.pass()).otherwise((b) => b.pass()).when((s) => s.paid.eq(false), (b) => b.pass()));
  });

  test('map items and rows', () => {
    // @ts-expect-error -- a map item has no `price`
    base.map((s) => s.items, (item) => item.pass({ set: (i) => ({ p: i.price }) }));
    // @ts-expect-error -- a map iterates an array field, and `id` is a string
    base.map((s) => s.id, (item) => item.pass());
    // @ts-expect-error -- the CSV row has only the declared columns
    base.distributedMap({ bucket: 'data', key: (s) => s.id, columns: ['order_id'] }, (row) => row.pass({ set: (r) => ({ x: r.amount }) }));
  });

  test('JSONata-only features in a pipeline not declared for JSONata', () => {
    // The refused call starts on the line below its directive: a TS2589 ("excessively
    // deep") reported at the start of the statement would not be hidden by it.
    base
      // @ts-expect-error -- jsonata() needs pipeline.jsonata(): JSONPath has no such expressions
      .pass({ set: () => ({ n: jsonata<number>('$count($states.input.items)') }) });
    base
      // @ts-expect-error -- in a catch handler too: the handler is part of the same document
      .step(charge, { catch: [{ on: ['States.ALL'], then: (b) => b.pass({ set: () => ({ n: jsonata<number>('1') }) }) }] });
    // @ts-expect-error -- a raw JSONata condition needs pipeline.jsonata()
    base.choice((c) => c.when(jsonata<boolean>('$states.input.count > 1'), (b) => b.pass()));
    // @ts-expect-error -- a JSONata wait expression needs pipeline.jsonata()
    base.wait({ secondsExpr: jsonata<number>('$states.input.count * 2') });
    // @ts-expect-error -- jsonata() is also refused in a pipeline declared for JSONPath
    pipeline.jsonPath<Order>('p').pass({ set: () => ({ n: jsonata<number>('1') }) });
  });

  test('wait, fail and fmt read fields of the right type', () => {
    // @ts-expect-error -- a wait in seconds reads a number field, and `id` is a string
    base.wait({ seconds: (s) => s.id });
    // @ts-expect-error -- a fail cause is a string, and `count` is a number
    base.fail({ error: 'Bad', cause: (s) => s.count });
    // @ts-expect-error -- fmt interpolates strings, numbers and booleans, not arrays
    base.pass({ set: (s) => ({ t: fmt`items ${s.items}` }) });
  });

  test('nothing follows Succeed or Fail', () => {
    // @ts-expect-error -- a Succeed state ends the chain
    base.succeed().pass();
    // @ts-expect-error -- a Fail state ends the chain
    base.fail({ error: 'Bad' }).step(charge);
  });

  test('sub-pipelines and integration wrappers check their inputs', () => {
    const child = pipeline<{ orderId: string }>('child').pass();
    const score = existingLambda<{ orderId: string }, { score: number }>('arn:aws:lambda:us-east-1:123456789012:function:score');
    // @ts-expect-error -- the child needs { orderId }, the state has none, and no input mapping is given
    base.subflow(child);
    // @ts-expect-error -- the child's orderId is a string, count a number
    base.subflow(child, { input: (s) => ({ orderId: s.count }) });
    // @ts-expect-error -- the handler's payload needs orderId as a string
    base.lambda(score, { payload: (s) => ({ orderId: s.count }) });
    // @ts-expect-error -- 'Lambda.Nope' is not an error of a Lambda invocation
    base.lambda(score, { payload: (s) => ({ orderId: s.id }), retry: [{ on: ['Lambda.Nope'] }] });
  });
});

describe('typed templates', () => {
  test('a template for an array accepts an array of references', () => {
    type Target = { ids: string[]; n: number };
    const ok: (s: import('../../src/steps/expr/index.js').Ref<Order>) => import('../../src/steps/expr/index.js').TemplateFor<Target> = (s) => ({ ids: [s.id, 'x'], n: s.count });
    expectTypeOf(ok).toBeFunction();
    // @ts-expect-error -- `n` must come from a number, and `id` is a string
    const bad: (s: import('../../src/steps/expr/index.js').Ref<Order>) => import('../../src/steps/expr/index.js').TemplateFor<Target> = (s) => ({ ids: [s.id], n: s.id });
    expectTypeOf(bad).toBeFunction();
  });
});
