// schema.ts
import { csv, csvSchema } from 'statecraft';

export const orders = csvSchema({
  table: 'orders',
  maxBytes: 1024 ** 3,
  columns: {
    order_id: csv.integer({ min: 1 }),
    email: csv.string({ pattern: /^[^@\s]+@[^@\s]+$/ }),
    amount: csv.decimal({ precision: 12, scale: 2, min: 0 }),
    currency: csv.enumOf(['EUR', 'USD', 'GBP']),
    created_at: csv.timestamp({ timezone: 'required' }),
    note: csv.string({ maxLength: 500 }).nullable(),
  },
});
