import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { schemaToJson, validateCsvBuffer } from '../../src/csv/index.js';
import { orders } from '../../examples/csv-etl/schema.js';
import { ordersSchema } from './fixtures/orders-schema.js';

const data = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../../examples/csv-etl/data/${name}`, import.meta.url)));

describe('the sample files of examples/csv-etl match the orders schema', () => {
  test('the example pipeline declares the same schema as this fixture', () => {
    expect(schemaToJson(orders)).toBe(schemaToJson(ordersSchema));
  });

  test('orders-good.csv is valid: 300 orders', () => {
    const r = validateCsvBuffer(ordersSchema, data('orders-good.csv'))._unsafeUnwrap();
    expect(r.rows).toBe(300);
    expect(r.columns['order_id']).toStrictEqual({ type: 'integer', nulls: 0, count: 300, min: 100001, max: 100300 });
    expect(r.columns['order_date']).toMatchObject({ min: '2024-04-01', max: '2024-04-30' });
  });

  test('orders-bad.csv has one problem of each kind, each on its own line', () => {
    const e = validateCsvBuffer(ordersSchema, data('orders-bad.csv'))._unsafeUnwrapErr();
    expect(e.kind).toBe('invalid');
    expect(e.kind === 'invalid' && e.problems.map((p) => [p.line, p.column, p.field, p.rule])).toStrictEqual([
      [3, 2, 'customer_email', 'pattern'],
      [4, 3, 'amount', 'decimal'],
      [5, 4, 'currency', 'enum'],
      [6, 1, 'order_id', 'integer'],
      [7, 5, 'status', 'enum'],
      [8, 6, 'order_date', 'date'],
      [9, 7, 'created_at', 'timestamp'],
      [10, 8, 'paid', 'boolean'],
      [11, 2, 'customer_email', 'required'],
      [12, 3, 'amount', 'range'],
      [13, 0, '', 'width'],
      [14, 9, 'note', 'quote'],
    ]);
  });

  test.each([
    ['orders-empty.csv', 'empty'],
    ['orders-header-only.csv', 'header-only'],
    ['orders-latin1.csv', 'encoding'],
  ])('%s fails as %s', (file, kind) => {
    expect(validateCsvBuffer(ordersSchema, data(file))._unsafeUnwrapErr().kind).toBe(kind);
  });

  test('orders-semicolon.csv names the delimiter', () => {
    const e = validateCsvBuffer(ordersSchema, data('orders-semicolon.csv'))._unsafeUnwrapErr();
    expect(e.kind === 'invalid' && e.problems[0]?.message).toBe('the header has 1 field but looks ";"-separated; this schema expects "," as the delimiter');
  });
});
