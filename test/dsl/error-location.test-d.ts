/**
 * Where the compiler reports the common misuses. A message on the offending
 * field (the payload's `id`, the retry's error name, the unknown option) names
 * the problem; one on the whole call or the whole callback prints the state
 * type and both signatures. Each call is spread over lines and the
 * `@ts-expect-error` sits on the line the error must be reported on: an error
 * reported on another line of the call fails the test (the directive is
 * unused, and the error is not hidden).
 */
import { describe, expectTypeOf, test } from 'vitest';
import type { Handler } from 'aws-lambda';
import { csvSchema, integer } from '../../src/csv/index.js';
import { pipeline } from '../../src/dsl/index.js';
import { jsonata } from '../../src/steps/expr/index.js';
import { glueJob } from '../../src/steps/glue/index.js';
import { lambdaFunction } from '../../src/steps/lambda/index.js';
import { topic } from '../../src/steps/sns/index.js';

type Order = { orderId: string; amount: number; items: { sku: string; qty: number }[] };
type ScoreIn = { id: string; amount: number };

const score = lambdaFunction<Handler<ScoreIn, { score: number }>>('score', { entry: './score.ts' });
const stage = glueJob('stage', { script: 's.py', arguments: ['--bucket', '--key'] });
const orders = csvSchema({ columns: { id: integer() } });
const base = pipeline<Order>('orders');

describe('a wrong value returned by a state function is reported on its field', () => {
  test('lambda payload', () => {
    base.lambda(score, {
      payload: (s) => ({
        // @ts-expect-error -- the handler's id is a string, and `amount` is a number
        id: s.amount,
        amount: s.amount,
      }),
    });
  });

  test('lambda payload missing a field of the handler event: on the returned object', () => {
    base.lambda(score, {
      // @ts-expect-error -- the handler's event needs `amount` too
      payload: (s) => ({ id: s.orderId }),
    });
  });

  test('a block-bodied payload: on the option (TypeScript elaborates expression bodies only)', () => {
    base.lambda(score, {
      // @ts-expect-error -- the handler's event needs `amount` too; the message names PayloadFn<State, ScoreIn>
      payload: (s) => {
        const id = s.orderId;
        return { id };
      },
    });
  });

  test('waitForCallback payload, checked against the Lambda target\'s event', () => {
    const approver = lambdaFunction<(e: { token: string; orderId: string }) => Promise<void>>('approver', { entry: './approver.ts' });
    base.waitForCallback(approver, {
      id: 'approve',
      payload: (s, ctx) => ({
        token: ctx.task.token,
        // @ts-expect-error -- the handler's orderId is a string, and `amount` is a number
        orderId: s.amount,
      }),
    });
    base.waitForCallback(approver, {
      id: 'approve',
      // @ts-expect-error -- the handler's event needs `orderId` too (this compiled before: the payload was any template)
      payload: (_s, ctx) => ({ token: ctx.task.token }),
    });
    const ok = base.waitForCallback(approver, { id: 'approve', payload: (s, ctx) => ({ token: ctx.task.token, orderId: s.orderId }) });
    expectTypeOf(ok).toHaveProperty('data');
    // A topic's message is not typed: any template.
    const viaTopic = base.waitForCallback(topic('reviews'), { id: 'review', payload: (s, ctx) => ({ token: ctx.task.token, n: s.amount }) });
    expectTypeOf(viaTopic).toHaveProperty('data');
  });

  test('subflow input', () => {
    const child = pipeline<{ id: string }>('child').pass();
    base.subflow(child, {
      input: (s) => ({
        // @ts-expect-error -- the child's id is a string, and `amount` is a number
        id: s.amount,
      }),
    });
  });

  test('validate source', () => {
    base.validate(orders, {
      source: (s) => ({
        bucket: 'data',
        // @ts-expect-error -- an object key is a string, and `amount` is a number
        key: s.amount,
      }),
    });
  });

  test('an optional state function (glue args) is reported on the option, not on the call', () => {
    // TypeScript elaborates into an optional callback's result only through a
    // required copy of its type, which costs 20–50% more instantiations on long
    // chains; the message still names the field ('--key') in its elaboration.
    base.glue(stage, {
      // @ts-expect-error -- a Glue argument is a string, and `amount` is a number
      args: (s) => ({ '--key': s.amount }),
    });
  });
});

describe('reading what the state does not have is reported on the read', () => {
  test('a field no step produced', () => {
    base
      .lambda(score, { payload: (s) => ({ id: s.orderId, amount: s.amount }), resultAt: 'scored' })
      .pass({
        set: (s) => ({
          // @ts-expect-error -- no step produced `email`
          e: s.email,
          // the step's result is there, under `scored`
          n: s.scored.score,
        }),
      });
  });

  test('a choice on a missing field', () => {
    base.choice((c) => c
      .when((s) => s.amount.gt(10), (b) => b.pass())
      // @ts-expect-error -- the state has no `total`
      .when((s) => s.total.gt(10), (b) => b.pass()));
  });

  test('a map item field that does not exist', () => {
    base.map((s) => s.items, (item) => item.pass({
      set: (i) => ({
        sku: i.sku,
        // @ts-expect-error -- an item has sku and qty, no price
        price: i.price,
      }),
    }));
  });
});

describe('option mistakes are reported on the option', () => {
  test('a wrong error name in retry and in catch', () => {
    base.lambda(score, {
      payload: (s) => ({ id: s.orderId, amount: s.amount }),
      // @ts-expect-error -- 'Lambda.Nope' is neither a Lambda invocation error nor a States.* name
      retry: [{ on: ['Lambda.Nope'] }],
    });
    base.glue(stage, {
      catch: [{
        // @ts-expect-error -- 'Glue.Nope' is not an error of the Glue step
        on: ['Glue.Nope'],
        then: (b) => b.pass(),
      }],
    });
  });

  test('an unknown option key', () => {
    base.lambda(score, {
      payload: (s) => ({ id: s.orderId, amount: s.amount }),
      // @ts-expect-error -- resultat is not an option (resultAt is)
      resultat: 'score',
    });
  });
});

describe('misuses reported on the call', () => {
  test('a state that is not the handler event, without a payload', () => {
    // The message is an arity error, "Expected 2 arguments, but got 1", whose
    // related information names the missing rest parameter: optionsWithPayload.
    // @ts-expect-error -- the state is not a valid ScoreIn: a payload is required
    base.lambda(score);
  });

  test('jsonata() in a pipeline not declared for JSONata', () => {
    base
      // @ts-expect-error -- jsonata() needs pipeline.jsonata() (reported on the overloaded pass)
      .pass({
        set: () => ({ n: jsonata<number>('1') }),
      });
  });

  test('the well-typed calls compile', () => {
    const p = base.lambda(score, { payload: (s) => ({ id: s.orderId, amount: s.amount }), resultAt: 'scored' });
    expectTypeOf(p).toHaveProperty('data');
  });
});
