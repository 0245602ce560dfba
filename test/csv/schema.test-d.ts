import { describe, expectTypeOf, test } from 'vitest';
import {
  boolean,
  csvSchema,
  date,
  decimal,
  enumOf,
  integer,
  pattern,
  string,
  timestamp,
  type Column,
  type CsvSchema,
  type CsvValidationErrorName,
  type InferRow,
} from '../../src/csv/index.js';
import type { OrderRow } from './fixtures/orders-schema.js';

describe('InferRow', () => {
  test('maps every column type to its TypeScript type', () => {
    const s = csvSchema({
      columns: {
        id: integer(),
        amount: decimal({ precision: 12, scale: 2 }),
        status: enumOf(['new', 'paid']),
        email: string({ maxLength: 200 }),
        code: pattern(/^[A-Z]{3}$/),
        created_at: timestamp(),
        day: date(),
        paid: boolean(),
      },
    });
    expectTypeOf<InferRow<typeof s>>().toEqualTypeOf<{
      id: number;
      amount: number;
      status: 'new' | 'paid';
      email: string;
      code: string;
      created_at: string;
      day: string;
      paid: boolean;
    }>();
  });

  test('nullable() adds | null and keeps the value type', () => {
    const s = csvSchema({ columns: { note: string().nullable(), status: enumOf(['a', 'b']).nullable(), n: integer().nullable() } });
    expectTypeOf<InferRow<typeof s>>().toEqualTypeOf<{ note: string | null; status: 'a' | 'b' | null; n: number | null }>();
  });

  test('the orders fixture infers the row a validate step outputs', () => {
    expectTypeOf<OrderRow['currency']>().toEqualTypeOf<'EUR' | 'USD' | 'GBP'>();
    expectTypeOf<OrderRow['note']>().toEqualTypeOf<string | null>();
    expectTypeOf<OrderRow['order_id']>().toEqualTypeOf<number>();
  });

  test('a row value of the wrong type is rejected', () => {
    const s = csvSchema({ columns: { id: integer(), status: enumOf(['new', 'paid']) } });
    type Row = InferRow<typeof s>;
    // @ts-expect-error: an integer column is a number, not a string
    const a: Row = { id: '1', status: 'new' };
    // @ts-expect-error: 'shipped' is not one of the enum values
    const b: Row = { id: 1, status: 'shipped' };
    // @ts-expect-error: a non-nullable column cannot be null
    const c: Row = { id: null, status: 'new' };
    expectTypeOf([a, b, c]).toBeArray();
  });
});

describe('builders', () => {
  test('column builders return typed columns', () => {
    expectTypeOf(integer()).toEqualTypeOf<Column<number, false>>();
    expectTypeOf(string().nullable()).toEqualTypeOf<Column<string, true>>();
    expectTypeOf(enumOf(['x', 'y'])).toEqualTypeOf<Column<'x' | 'y', false>>();
  });

  test('a concrete schema is a CsvSchema and keeps its columns as literal keys', () => {
    const s = csvSchema({ columns: { a: integer(), b: boolean() } });
    expectTypeOf(s.columns).toEqualTypeOf<{ readonly a: Column<number, false>; readonly b: Column<boolean, false> }>();
    expectTypeOf(s).toExtend<CsvSchema>();
  });

  test('misuse does not compile', () => {
    // @ts-expect-error: decimal needs precision and scale
    decimal({ precision: 10 });
    // @ts-expect-error: an enum needs at least one value
    enumOf([]);
    // @ts-expect-error: enum values are strings
    enumOf([1, 2]);
    // @ts-expect-error: a column must be built with a column builder
    csvSchema({ columns: { id: 'integer' } });
    // @ts-expect-error: timezone is 'required' | 'forbidden' | 'optional'
    timestamp({ timezone: 'utc' });
  });

  test('the error names are a closed union for typed Retry/Catch lists', () => {
    expectTypeOf<CsvValidationErrorName>().toEqualTypeOf<
      'CsvValidation.Empty' | 'CsvValidation.HeaderOnly' | 'CsvValidation.Binary' | 'CsvValidation.Encoding' | 'CsvValidation.TooLarge' | 'CsvValidation.Invalid'
    >();
  });
});
