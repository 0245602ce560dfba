/**
 * The orders CSV the shop exports: one row per order. The sample files in
 * `./data/` match it; `validate(orders)` types its report from it.
 */
import { boolean, csvSchema, date, decimal, enumOf, integer, string, timestamp } from '../../src/csv/index.js';
import type { InferRow } from '../../src/csv/index.js';

/** Orders exported by the shop, loaded into the `orders` table. */
export const orders = csvSchema({
  table: 'orders',
  delimiter: ',',
  maxRows: 5_000_000,
  maxBytes: 2 * 1024 ** 3,
  columns: {
    order_id: integer({ min: 1 }),
    customer_email: string({ pattern: /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/, maxLength: 200 }),
    amount: decimal({ precision: 12, scale: 2, min: 0 }),
    currency: enumOf(['EUR', 'USD', 'GBP']),
    status: enumOf(['new', 'paid', 'shipped', 'cancelled']),
    order_date: date(),
    created_at: timestamp({ timezone: 'required' }),
    paid: boolean(),
    note: string({ maxLength: 500 }).nullable(),
  },
});

/** One order row. */
export type Order = InferRow<typeof orders>;
