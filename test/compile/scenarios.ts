/**
 * Pipelines exercising every flow state, shared by the compile tests.
 */
import { pipeline } from '../../src/dsl/pipeline.js';
import { and, fmt, not, or } from '../../src/steps/expr/index.js';
import { poll, task } from './test-steps.js';

export type Order = {
  id: string;
  count: number;
  paid: boolean;
  email?: string;
  createdAt: string;
  deadline: string;
  delay: number;
  items: { sku: string; qty: number }[];
  bucket: string;
  key: string;
};

export const passes = pipeline<Order>('passes')
  .pass()
  .pass({ result: { source: 'csv', version: 2 }, resultAt: 'meta' })
  .pass({ set: (s, ctx) => ({ id: s.id, firstSku: s.items[0].sku, execution: ctx.execution.id, label: fmt`order ${s.id}` }), name: 'Shape' })
  .pass({ result: 'ignored', discardResult: true, name: 'Nothing' });

export const waits = pipeline<Order>('waits')
  .wait({ for: '2m' })
  .wait({ seconds: (s) => s.delay })
  .wait({ until: '2030-01-01T00:00:00Z' })
  .wait({ until: (s) => s.deadline, name: 'Until deadline' });

export const choices = pipeline<Order>('choices')
  .choice((c) =>
    c
      .when((s) => and(s.count.gt(10), s.paid.eq(true)), (b) => b.pass({ result: 'big', resultAt: 'size', name: 'Big' }))
      .when((s) => or(s.email.isPresent(), not(s.id.matches('test-*'))), (b) => b.pass({ result: 'contact', resultAt: 'size', name: 'Contact' }))
      .when((s) => s.createdAt.timestampLt(s.deadline), (b) => b.succeed({ name: 'Early' }))
      .otherwise((b) => b.fail({ error: 'Order.Unsized', cause: (s) => s.id, name: 'Unsized' })),
  )
  .step(task<Order & { size: string }, { ok: boolean }>('record', { payload: (s) => ({ id: s.id, size: s.size }) }));

export const choiceFallThrough = pipeline<Order>('fallthrough')
  .choice((c) => c.when((s) => s.count.lte(0), (b) => b.fail({ error: 'Order.Empty', cause: 'no items' })))
  .pass({ name: 'After' });

export const parallels = pipeline<Order>('parallels').parallel(
  [(b) => b.step(task<Order, { a: number }>('left')), (b) => b.pass({ set: (s) => ({ n: s.count }) })],
  { resultAt: 'both', retry: [{ on: ['States.BranchFailed'], attempts: 1 }], name: 'Both' },
);

export const maps = pipeline<Order>('maps').map(
  (s) => s.items,
  (item) => item.step(task<{ sku: string; qty: number }, { price: number }>('price', { payload: (s) => ({ sku: s.sku, qty: s.qty }) })),
  { maxConcurrency: 4, resultAt: 'prices' },
);

export const distributed = pipeline<Order>('distributed').distributedMap(
  { bucket: 'orders-data', key: (s) => s.key, columns: ['order_id', 'amount'], header: 'given', delimiter: ';', maxItems: 1000 },
  (row) => row.step(task<{ order_id: string; amount: string }, unknown>('load-row', { payload: (s) => ({ id: s.order_id }) }), { discardResult: true }),
  { maxConcurrency: 100, toleratedFailurePercentage: 5, label: 'rows', discardResult: true },
);

export const terminals = pipeline<Order>('terminals')
  .choice((c) =>
    c.when((s) => s.paid.eq(false), (b) => b.fail({ error: 'Order.Unpaid', cause: (s) => fmt`order ${s.id} is unpaid` }))
      .otherwise((b) => b.succeed({ comment: 'all good' })),
  );

export const guarded = pipeline<Order>('guarded').step(
  task<Order, { receipt: string }, 'Pay.Declined' | 'Pay.Throttled'>('charge', { errors: ['Pay.Declined', 'Pay.Throttled'], payload: (s) => ({ id: s.id }) }),
  {
    resultAt: 'payment',
    timeout: '5m',
    heartbeat: '1m',
    retry: [
      { on: ['Pay.Throttled'], every: '30s', attempts: 5, backoff: 2, maxDelay: '5m', jitter: 'full' },
      { on: ['States.ALL'], attempts: 1 },
    ],
    catch: [
      { on: ['Pay.Declined'], then: (b) => b.step(task<Order & { error: { Error: string; Cause: string } }, unknown>('notify-declined', { payload: (s) => ({ id: s.id, why: s.error.Cause }) })) },
      { on: ['States.ALL'], then: (b) => b.fail({ error: 'Pay.Failed', cause: (s) => s.error.Cause }) },
    ],
  },
);

export const macro = pipeline<Order>('macro')
  .step(poll<Order>('load'), { resultAt: 'load', retry: [{ on: ['States.TaskFailed'], attempts: 2 }] })
  .succeed();

export const saga = pipeline<Order>('saga')
  .step(task<Order, { reservation: string }>('reserve'), { resultAt: 'reserve' })
  .compensate(task<Order & { reserve: { reservation: string } }, unknown>('release', { payload: (s) => ({ reservation: s.reserve.reservation }) }))
  .step(task<Order, { charge: string }>('charge'), { resultAt: 'charge' })
  .compensate(task<Order & { charge: { charge: string } }, unknown>('refund'), { retry: [{ on: ['States.ALL'], attempts: 3 }] })
  .step(task<Order, unknown>('ship'), { discardResult: true });
