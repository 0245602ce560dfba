import { describe, expect, test } from 'vitest';
import { assertSqlIdentifier, checkSqlIdentifier, quoteIdent, quoteQualifiedIdent } from '../../src/csv/index.js';

describe('SQL identifiers', () => {
  test.each(['orders', '_stage', 'Order_2024', 'a'.repeat(127)])('%s is accepted and quoted', (name) => {
    expect(checkSqlIdentifier(name)._unsafeUnwrap()).toBe(name);
    expect(quoteIdent(name)).toBe(`"${name}"`);
  });

  test.each([
    ['', 'identifier "" is empty; give a name such as "orders"'],
    ['2024_orders', 'identifier "2024_orders" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit'],
    ['orders"; drop table users; --', 'identifier "orders\\"; drop table users; --" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit'],
    ['naïve', 'identifier "naïve" is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit'],
    ['a'.repeat(128), `identifier "${'a'.repeat(128)}" is 128 characters long; the limit is 127`],
  ])('%j is refused with a message', (name, message) => {
    expect(checkSqlIdentifier(name)._unsafeUnwrapErr()).toStrictEqual({ kind: 'sql-identifier', name, message });
    expect(() => assertSqlIdentifier(name)).toThrow(message);
    expect(() => quoteIdent(name)).toThrow(TypeError);
  });

  test('a qualified name is quoted part by part', () => {
    expect(quoteQualifiedIdent('public.orders')).toBe('"public"."orders"');
    expect(() => quoteQualifiedIdent('a.b.c')).toThrow('name "a.b.c" has more than one dot; use table or schema.table');
    expect(() => quoteQualifiedIdent('public.or"ders')).toThrow(TypeError);
  });
});
