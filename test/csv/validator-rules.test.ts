import { describe, expect, test } from 'vitest';
import { boolean, csvSchema, date, decimal, enumOf, integer, pattern, string, timestamp, validateCsvBuffer } from '../../src/csv/index.js';
import { ordersSchema } from './fixtures/orders-schema.js';
import { errorOf, expectOneProblem, problemsOf } from './helpers.js';

const one = (column: Parameters<typeof csvSchema>[0]['columns'][string]) => csvSchema({ columns: { id: integer(), v: column } });

describe('header', () => {
  const s = csvSchema({ columns: { a: integer(), b: integer(), c: integer() } });

  test('a missing column is reported at its expected position', () => {
    expectOneProblem(s, 'a,c\n1,2\n', { line: 1, column: 2, field: 'b', rule: 'header', message: 'missing column "b" (expected at position 2)' });
  });

  test('an unexpected column is reported at its position', () => {
    expectOneProblem(s, 'a,b,c,d\n1,2,3,4\n', { line: 1, column: 4, field: 'd', rule: 'header', message: 'unexpected column "d" at position 4' });
  });

  test('an unexpected column that differs only in case suggests the right name', () => {
    expect(problemsOf(s, 'a,B,c\n1,2,3\n')).toStrictEqual([
      { line: 1, column: 2, field: 'B', rule: 'header', message: 'unexpected column "B" at position 2; did you mean "b"?' },
      { line: 1, column: 2, field: 'b', rule: 'header', message: 'missing column "b" (expected at position 2)' },
    ]);
  });

  test('misordered columns name both positions', () => {
    expect(problemsOf(s, 'a,c,b\n1,2,3\n')).toStrictEqual([
      { line: 1, column: 2, field: 'c', rule: 'header', message: 'column "c" is at position 2; the schema expects it at position 3' },
      { line: 1, column: 3, field: 'b', rule: 'header', message: 'column "b" is at position 3; the schema expects it at position 2' },
    ]);
  });

  test('a duplicated column is reported once, at its second position', () => {
    expectOneProblem(s, 'a,b,c,a\n1,2,3,4\n', { line: 1, column: 4, field: 'a', rule: 'header', message: 'column "a" appears twice (positions 1 and 4)' });
  });

  test('rows are counted but not checked when the header is wrong', () => {
    const e = errorOf(s, 'a,c\nx,y\nz\n');
    expect(e).toMatchObject({ kind: 'invalid', rows: 2, problemCount: 1 });
  });
});

describe('delimiter', () => {
  test('a header in another delimiter is named', () => {
    const s = csvSchema({ columns: { a: integer(), b: integer() } });
    expectOneProblem(s, 'a;b\n1;2\n', {
      line: 1,
      column: 1,
      field: '',
      rule: 'delimiter',
      message: 'the header has 1 field but looks ";"-separated; this schema expects "," as the delimiter',
      value: 'a;b',
    });
  });

  test('a tab-separated schema reads tabs', () => {
    const s = csvSchema({ delimiter: '\t', columns: { a: integer(), b: string() } });
    expect(validateCsvBuffer(s, 'a\tb\n1\tx,y\n').isOk()).toBe(true);
  });
});

describe('width', () => {
  const s = csvSchema({ columns: { a: integer(), b: integer() } });
  test('a short row names its field count', () => {
    expectOneProblem(s, 'a,b\n1\n', { line: 2, column: 0, field: '', rule: 'width', message: 'row has 1 field; expected 2' });
  });
  test('a long row names its field count', () => {
    expectOneProblem(s, 'a,b\n1,2,3\n', { line: 2, column: 0, field: '', rule: 'width', message: 'row has 3 fields; expected 2' });
  });
  test('an empty line in the middle is reported as such', () => {
    expectOneProblem(s, 'a,b\n1,2\n\n3,4\n', { line: 3, column: 0, field: '', rule: 'width', message: 'empty line; expected 2 fields' });
  });
});

describe('quoting', () => {
  const s = csvSchema({ columns: { id: integer(), note: string() } });
  test('quoted fields may hold delimiters, doubled quotes and newlines', () => {
    const r = validateCsvBuffer(s, 'id,note\n1,"a, ""b""\nc"\n2,x\n');
    expect(r._unsafeUnwrap()).toMatchObject({ rows: 2, columns: { note: { maxLength: 8 } } });
  });
  test('a line after a multi-line field keeps its physical line number', () => {
    expectOneProblem(s, 'id,note\n1,"a\nb"\nx,y\n', { line: 4, column: 1, field: 'id', rule: 'integer', message: '"x" is not an integer', value: 'x' });
  });
  test('a quote inside an unquoted field', () => {
    expectOneProblem(s, 'id,note\n1,ab"c\n', {
      line: 2,
      column: 2,
      field: 'note',
      rule: 'quote',
      message: 'quote character inside an unquoted field; put the field in quotes and double the quote ("")',
      value: 'ab"c',
    });
  });
  test('text after a closing quote', () => {
    expectOneProblem(s, 'id,note\n1,"ab"c\n', {
      line: 2,
      column: 2,
      field: 'note',
      rule: 'quote',
      message: 'text after a closing quote; to write a quote inside a quoted field, double it ("")',
      value: 'ab',
    });
  });
  test('an unclosed quote at the end of the file', () => {
    expectOneProblem(s, 'id,note\n1,"abc\n2,x\n', {
      line: 2,
      column: 2,
      field: 'note',
      rule: 'quote',
      message: 'quoted field opened on line 2 is never closed',
      value: 'abc\n2,x\n',
    });
  });
  test('CRLF line endings are accepted, also after a quoted field', () => {
    expect(validateCsvBuffer(s, 'id,note\r\n1,"x"\r\n2,y\r\n')._unsafeUnwrap().rows).toBe(2);
  });
});

describe('required and nullable', () => {
  test('an empty required field', () => {
    expectOneProblem(one(string()), 'id,v\n1,\n', { line: 2, column: 2, field: 'v', rule: 'required', message: 'column "v" is required but empty', value: '' });
  });
  test('an empty nullable field counts as a null', () => {
    const r = validateCsvBuffer(one(integer().nullable()), 'id,v\n1,\n2,5\n');
    expect(r._unsafeUnwrap().columns['v']).toStrictEqual({ type: 'integer', nulls: 1, count: 1, min: 5, max: 5 });
  });
  test('a quoted empty string is a value for a string column, not a null', () => {
    const r = validateCsvBuffer(one(string()), 'id,v\n1,""\n');
    expect(r._unsafeUnwrap().columns['v']).toStrictEqual({ type: 'string', nulls: 0, count: 1, maxLength: 0 });
  });
});

describe('string', () => {
  test('too short, counted in characters', () => {
    expectOneProblem(one(string({ minLength: 3 })), 'id,v\n1,ab\n', { line: 2, column: 2, field: 'v', rule: 'min-length', message: '"ab" is 2 characters long; the minimum is 3', value: 'ab' });
  });
  test('too long, counted in characters (not bytes)', () => {
    const s = one(string({ maxLength: 3 }));
    expect(validateCsvBuffer(s, 'id,v\n1,äöü\n').isOk()).toBe(true);
    expectOneProblem(s, 'id,v\n1,äöüß\n', { line: 2, column: 2, field: 'v', rule: 'max-length', message: 'value is 4 characters long; the maximum is 3', value: 'äöüß' });
  });
  test('a pattern mismatch shows the pattern', () => {
    expectOneProblem(one(pattern(/^[A-Z]{3}$/)), 'id,v\n1,abc\n', { line: 2, column: 2, field: 'v', rule: 'pattern', message: '"abc" does not match /^[A-Z]{3}$/', value: 'abc' });
  });
});

describe('integer', () => {
  test('not an integer', () => {
    expectOneProblem(one(integer()), 'id,v\n1,1.5\n', { line: 2, column: 2, field: 'v', rule: 'integer', message: '"1.5" is not an integer', value: '1.5' });
  });
  test('outside the safe range', () => {
    expectOneProblem(one(integer()), 'id,v\n1,99999999999999999999\n', {
      line: 2,
      column: 2,
      field: 'v',
      rule: 'integer',
      message: '"99999999999999999999" is outside the safe integer range (±9007199254740991)',
      value: '99999999999999999999',
    });
  });
  test('below the minimum', () => {
    expectOneProblem(one(integer({ min: 0 })), 'id,v\n1,-3\n', { line: 2, column: 2, field: 'v', rule: 'range', message: '"-3" is below the minimum 0', value: '-3' });
  });
  test('above the maximum', () => {
    expectOneProblem(one(integer({ max: 10 })), 'id,v\n1,+11\n', { line: 2, column: 2, field: 'v', rule: 'range', message: '"+11" is above the maximum 10', value: '+11' });
  });
});

describe('decimal', () => {
  const s = one(decimal({ precision: 5, scale: 2 }));
  test('accepts signs, leading zeros and a missing integer part', () => {
    const r = validateCsvBuffer(s, 'id,v\n1,-1.5\n2,000123.45\n3,.5\n4,7\n');
    expect(r._unsafeUnwrap().columns['v']).toStrictEqual({ type: 'decimal', nulls: 0, count: 4, min: -1.5, max: 123.45 });
  });
  test('not a number', () => {
    expectOneProblem(s, 'id,v\n1,1e5\n', { line: 2, column: 2, field: 'v', rule: 'decimal', message: '"1e5" is not a decimal number (expected digits with an optional . and sign)', value: '1e5' });
  });
  test('too many digits after the point', () => {
    expectOneProblem(s, 'id,v\n1,1.234\n', { line: 2, column: 2, field: 'v', rule: 'decimal', message: '"1.234" has 3 digits after the decimal point; DECIMAL(5,2) allows 2', value: '1.234' });
  });
  test('too many digits before the point', () => {
    expectOneProblem(s, 'id,v\n1,1234.5\n', { line: 2, column: 2, field: 'v', rule: 'decimal', message: '"1234.5" has 4 digits before the decimal point; DECIMAL(5,2) allows 3', value: '1234.5' });
  });
  test('below the minimum', () => {
    expectOneProblem(one(decimal({ precision: 5, scale: 2, min: 0 })), 'id,v\n1,-0.01\n', { line: 2, column: 2, field: 'v', rule: 'range', message: '"-0.01" is below the minimum 0', value: '-0.01' });
  });
});

describe('boolean', () => {
  test("accepts Redshift's literals in any case", () => {
    const r = validateCsvBuffer(one(boolean()), 'id,v\n1,TRUE\n2,f\n3,Yes\n4,n\n5,1\n6,0\n7,False\n8,y\n9,NO\n10,t\n');
    expect(r._unsafeUnwrap().columns['v']).toStrictEqual({ type: 'boolean', nulls: 0, count: 10, trues: 5, falses: 5 });
  });
  test('rejects anything else', () => {
    expectOneProblem(one(boolean()), 'id,v\n1,on\n', { line: 2, column: 2, field: 'v', rule: 'boolean', message: '"on" is not a boolean (use true/false, t/f, yes/no, y/n or 1/0)', value: 'on' });
  });
});

describe('date', () => {
  test('an impossible calendar date', () => {
    expectOneProblem(one(date()), 'id,v\n1,2023-02-29\n', { line: 2, column: 2, field: 'v', rule: 'date', message: '"2023-02-29" is not a valid date (expected YYYY-MM-DD)', value: '2023-02-29' });
  });
  test('a leap day is valid and stats keep the earliest and latest', () => {
    const r = validateCsvBuffer(one(date()), 'id,v\n1,2024-02-29\n2,2023-12-31\n3,2024-03-01\n');
    expect(r._unsafeUnwrap().columns['v']).toStrictEqual({ type: 'date', nulls: 0, count: 3, min: '2023-12-31', max: '2024-03-01' });
  });
  test('before the minimum', () => {
    expectOneProblem(one(date({ min: '2020-01-01' })), 'id,v\n1,2019-12-31\n', { line: 2, column: 2, field: 'v', rule: 'range', message: '"2019-12-31" is below the minimum 2020-01-01', value: '2019-12-31' });
  });
});

describe('timestamp', () => {
  test('not a timestamp', () => {
    expectOneProblem(one(timestamp()), 'id,v\n1,2024-05-01 25:00\n', {
      line: 2,
      column: 2,
      field: 'v',
      rule: 'timestamp',
      message: '"2024-05-01 25:00" is not an ISO 8601 timestamp (expected e.g. 2024-05-01T12:30:00Z)',
      value: '2024-05-01 25:00',
    });
  });
  test('a required UTC offset is missing', () => {
    expectOneProblem(one(timestamp({ timezone: 'required' })), 'id,v\n1,2024-05-01T10:00:00\n', {
      line: 2,
      column: 2,
      field: 'v',
      rule: 'timestamp',
      message: '"2024-05-01T10:00:00" has no UTC offset; add Z or ±HH:MM',
      value: '2024-05-01T10:00:00',
    });
  });
  test('a forbidden UTC offset is present', () => {
    expectOneProblem(one(timestamp({ timezone: 'forbidden' })), 'id,v\n1,2024-05-01T10:00:00Z\n', {
      line: 2,
      column: 2,
      field: 'v',
      rule: 'timestamp',
      message: '"2024-05-01T10:00:00Z" has a UTC offset; this column takes times without one',
      value: '2024-05-01T10:00:00Z',
    });
  });
  test('offsets are compared in UTC for min and max', () => {
    const r = validateCsvBuffer(one(timestamp()), 'id,v\n1,2024-05-01T10:00:00+02:00\n2,2024-05-01T09:00:00Z\n3,2024-05-01 08:30:00.125\n');
    expect(r._unsafeUnwrap().columns['v']).toStrictEqual({ type: 'timestamp', nulls: 0, count: 3, min: '2024-05-01T10:00:00+02:00', max: '2024-05-01T09:00:00Z' });
  });
});

describe('enum', () => {
  test('a value outside the enum lists the allowed values', () => {
    expectOneProblem(one(enumOf(['new', 'paid'])), 'id,v\n1,Paid\n', { line: 2, column: 2, field: 'v', rule: 'enum', message: '"Paid" is not one of new, paid', value: 'Paid' });
  });
  test('stats count each value and the distinct values', () => {
    const r = validateCsvBuffer(one(enumOf(['new', 'paid', 'gone'])), 'id,v\n1,new\n2,paid\n3,new\n');
    expect(r._unsafeUnwrap().columns['v']).toStrictEqual({ type: 'enum', nulls: 0, count: 3, distinct: 2, values: { new: 2, paid: 1 } });
  });
});

describe('problem collection', () => {
  test('lists the first N problems and counts them all', () => {
    const csv = `id,v\n${Array.from({ length: 50 }, (_, i) => `${i},x`).join('\n')}\n`;
    const e = errorOf(one(integer()), csv, { maxProblems: 3 });
    expect(e).toMatchObject({ kind: 'invalid', problemCount: 50, rows: 50 });
    expect(e.kind === 'invalid' && e.problems.map((p) => p.line)).toStrictEqual([2, 3, 4]);
    expect(e.message).toBe('50 problems in 50 rows (first 3 listed); first: line 2, column 2 (v): "x" is not an integer');
  });

  test('a long value is cut to 80 characters in the report', () => {
    const long = 'x'.repeat(200);
    const [p] = problemsOf(one(integer()), `id,v\n1,${long}\n`);
    expect(p?.value).toBe(`${'x'.repeat(80)}…`);
  });

  test('a valid orders file reports rows, bytes and stats per column', () => {
    const csv =
      'order_id,customer_email,amount,currency,status,order_date,created_at,paid,note\n' +
      '1,a@b.com,12.50,EUR,new,2024-05-01,2024-05-01T10:00:00Z,true,\n' +
      '2,c@d.org,0.99,USD,paid,2024-05-02,2024-05-02T11:00:00+02:00,f,"hello, ""world"""\n';
    const r = validateCsvBuffer(ordersSchema, csv)._unsafeUnwrap();
    expect(r.rows).toBe(2);
    expect(r.bytes).toBe(Buffer.byteLength(csv));
    expect(r.columns['amount']).toStrictEqual({ type: 'decimal', nulls: 0, count: 2, min: 0.99, max: 12.5 });
    expect(r.columns['note']).toStrictEqual({ type: 'string', nulls: 1, count: 1, maxLength: 14 });
  });
});
