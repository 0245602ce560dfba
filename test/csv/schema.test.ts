import { describe, expect, test } from 'vitest';
import {
  boolean,
  csvSchema,
  date,
  decimal,
  enumOf,
  integer,
  schemaFromJson,
  schemaToJson,
  string,
  timestamp,
  validateCsvBuffer,
} from '../../src/csv/index.js';
import { ordersSchema } from './fixtures/orders-schema.js';

describe('csvSchema', () => {
  test('keeps the columns in declaration order', () => {
    expect(ordersSchema.columnNames).toStrictEqual(['order_id', 'customer_email', 'amount', 'currency', 'status', 'order_date', 'created_at', 'paid', 'note']);
    expect(ordersSchema.delimiter).toBe(',');
  });

  test.each([
    [() => csvSchema({ columns: {} }), 'csvSchema(): columns is empty; declare at least one column'],
    [() => csvSchema({ columns: { '1': integer() } }), 'csvSchema(): column name "1" is a number; column names must start with a letter or _'],
    [() => csvSchema({ columns: { 'order id': integer() } }), 'csvSchema(): column "order id" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit'],
    [() => csvSchema({ columns: { a: integer() }, delimiter: ';;' }), 'csvSchema(): delimiter must be one ASCII character other than a quote, CR or LF, got ";;"'],
    [() => csvSchema({ columns: { a: integer() }, maxRows: 0 }), 'csvSchema(): maxRows must be a positive integer, got 0'],
    [() => csvSchema({ columns: { a: integer() }, table: 'orders; drop table x' }), 'csvSchema(): table "orders; drop table x" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit'],
    [() => decimal({ precision: 5, scale: 6 }), 'decimal(): scale must be an integer from 0 to precision (5), got 6'],
    [() => decimal({ precision: 40, scale: 2 }), 'decimal(): precision must be an integer from 1 to 38, got 40'],
    [() => string({ minLength: 5, maxLength: 2 }), 'string(): minLength (5) is greater than maxLength (2)'],
    [() => string({ pattern: /a/g }), 'string(): pattern /a/g must not use the g or y flag (they make test() stateful)'],
    [() => enumOf(['a', 'a']), 'enumOf(): duplicate values in ["a","a"]'],
    [() => enumOf(['a', '']), 'enumOf(): the empty string is not a value; use .nullable() instead'],
    [() => date({ min: '2020-1-1' }), 'date(): min must be YYYY-MM-DD, got "2020-1-1"'],
    [() => integer({ min: 0.5 }), 'integer(): min must be a safe integer, got 0.5'],
  ])('a malformed schema throws a message naming the option (%#)', (build, message) => {
    expect(build).toThrow(message);
  });
});

describe('schemaToJson / schemaFromJson', () => {
  test('a schema survives the round trip and validates the same way', () => {
    const json = schemaToJson(ordersSchema);
    const back = schemaFromJson(json)._unsafeUnwrap();
    expect(schemaToJson(back)).toBe(json);
    expect(back.columnNames).toStrictEqual(ordersSchema.columnNames);
    const bad = 'order_id,customer_email,amount,currency,status,order_date,created_at,paid,note\n1,nope,1.234,EUR,new,2024-01-01,2024-01-01T00:00:00Z,t,\n';
    expect(validateCsvBuffer(back, bad)).toStrictEqual(validateCsvBuffer(ordersSchema, bad));
  });

  test('the JSON form lists columns as an array with patterns as source and flags', () => {
    const s = csvSchema({ table: 'public.t', maxBytes: 100, columns: { e: string({ pattern: /^x$/i, maxLength: 3 }).nullable(), b: boolean(), t: timestamp({ timezone: 'required' }) } });
    expect(JSON.parse(schemaToJson(s))).toStrictEqual({
      version: 1,
      delimiter: ',',
      maxBytes: 100,
      table: 'public.t',
      columns: [
        { name: 'e', nullable: true, type: 'string', maxLength: 3, pattern: { source: '^x$', flags: 'i' } },
        { name: 'b', nullable: false, type: 'boolean' },
        { name: 't', nullable: false, type: 'timestamp', timezone: 'required' },
      ],
    });
  });

  test.each([
    ['{', '', /^schema is not valid JSON: /],
    ['[]', '', /^schema must be a JSON object$/],
    ['{"version":2,"columns":[]}', '/version', /^unsupported schema version 2; expected 1$/],
    ['{"version":1,"columns":{}}', '/columns', /^columns must be an array$/],
    ['{"version":1,"columns":[{"type":"integer"}]}', '/columns/0/name', /^each column needs a string name$/],
    ['{"version":1,"columns":[{"name":"a","type":"float"}]}', '/columns/0/type', /^column "a": unknown column type "float"; expected string, integer, decimal, boolean, date, timestamp or enum$/],
    ['{"version":1,"columns":[{"name":"a","type":"decimal","precision":5}]}', '/columns/0', /^column "a": a decimal column needs precision and scale$/],
    ['{"version":1,"columns":[{"name":"a","type":"string","pattern":{"source":"(","flags":""}}]}', '/columns/0/pattern', /^column "a": is not a valid regular expression: /],
    ['{"version":1,"columns":[{"name":"a","type":"integer","min":"0"}]}', '/columns/0/min', /^column "a": must be a number, got "0"$/],
    ['{"version":1,"columns":[{"name":"a","type":"integer"},{"name":"a","type":"integer"}]}', '/columns/1/name', /^duplicate column "a"$/],
    ['{"version":1,"columns":[]}', '', /^csvSchema\(\): columns is empty/],
  ])('a malformed JSON schema is an error with a JSON pointer (%s)', (json, path, message) => {
    const e = schemaFromJson(json)._unsafeUnwrapErr();
    expect(e.kind).toBe('schema-json');
    expect(e.path).toBe(path);
    expect(e.message).toMatch(message);
  });
});
