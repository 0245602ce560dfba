import { describe, expect, it } from 'vitest';
import { compilePath, NOT_FOUND } from '../../../src/local/expr/index.js';
import { errOf, okOf, scopeOf } from './helpers/scope.js';

const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553', price: 8.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  'odd key': 1,
  nil: null,
};
const s = scopeOf(store, { Execution: { Name: 'exec-1', Input: { x: 1 } } }, { order: { id: 7, lines: [1, 2] }, flag: false });
const get = (p: string, scope = s) => okOf(compilePath(p)).get(scope);

describe('compilePath: definite paths', () => {
  it('$ selects the whole input', () => expect(get('$')).toBe(store));
  it('dot notation reads nested properties', () => expect(get('$.store.bicycle.color')).toBe('red'));
  it('bracket notation with quotes reads keys that are not identifiers', () => expect(get("$['odd key']")).toBe(1));
  it('double-quoted bracket keys work too', () => expect(get('$["store"]["bicycle"]["price"]')).toBe(19.95));
  it('an array index selects one element', () => expect(get('$.store.book[1].author')).toBe('Evelyn Waugh'));
  it('a negative index counts from the end', () => expect(get('$.store.book[-1].title')).toBe('Moby Dick'));
  it('a property holding null is found (null is a value)', () => expect(get('$.nil')).toBeNull());
  it('a missing property is NOT_FOUND', () => expect(get('$.store.car')).toBe(NOT_FOUND));
  it('an index out of range is NOT_FOUND', () => expect(get('$.store.book[3]')).toBe(NOT_FOUND));
  it('a property of a non-object is NOT_FOUND', () => expect(get('$.store.bicycle.color.x')).toBe(NOT_FOUND));
  it('an index into an object is NOT_FOUND', () => expect(get('$.store.bicycle[0]')).toBe(NOT_FOUND));
  it('keys inherited from Object.prototype are not found', () => {
    expect(get('$.constructor')).toBe(NOT_FOUND);
    expect(get('$.store.toString')).toBe(NOT_FOUND);
  });
  it('$$ reads the context object', () => expect(get('$$.Execution.Name')).toBe('exec-1'));
  it('$name reads a variable and $name.field a field of it', () => {
    expect(get('$order')).toEqual({ id: 7, lines: [1, 2] });
    expect(get('$order.lines[1]')).toBe(2);
    expect(get('$flag')).toBe(false);
  });
  it('an unknown variable is NOT_FOUND', () => expect(get('$nope')).toBe(NOT_FOUND));
  it('variables are read through a prototype chain of scopes', () => {
    const parent = Object.assign(Object.create(null) as Record<string, unknown>, { outer: 1 });
    const child = Object.assign(Object.create(parent) as Record<string, unknown>, { inner: 2 });
    expect(get('$outer', { input: {}, context: {}, vars: child })).toBe(1);
  });
  it('a backslash in a quoted key protects the quote and is kept, as AWS does', () => {
    const key = 'Test\\""Name"';
    expect(get(`$['Test\\""Name"']`, scopeOf({ [key]: 'v' }))).toBe('v');
  });
  it('reports definite paths as definite', () => {
    expect(okOf(compilePath('$.a[0].b')).definite).toBe(true);
    expect(okOf(compilePath('$.a[*]')).definite).toBe(false);
  });
});

describe('compilePath: indefinite paths return the array of matches', () => {
  it('[*] selects every element', () => expect(get('$.store.book[*].author')).toEqual(['Nigel Rees', 'Evelyn Waugh', 'Herman Melville']));
  it('.* selects every property value', () => expect(get('$.store.bicycle.*')).toEqual(['red', 19.95]));
  it('a slice selects a range, end excluded', () => expect(get('$.store.book[0:2].price')).toEqual([8.95, 12.99]));
  it('an open slice from a negative start takes the tail', () => expect(get('$.store.book[-1:].price')).toEqual([8.99]));
  it('a slice with no start takes the head', () => expect(get('$.store.book[:1].price')).toEqual([8.95]));
  it('an index union selects several elements', () => expect(get('$.store.book[0,2].price')).toEqual([8.95, 8.99]));
  it('a key union at the end selects one object with those properties (Jayway)', () => {
    expect(get("$.store.bicycle['color','price']")).toEqual({ color: 'red', price: 19.95 });
    expect(okOf(compilePath("$['a','b']")).definite).toBe(true);
  });
  it('a key union inside a path selects each property', () => expect(get("$.store['bicycle','nothing'].color")).toEqual(['red']));
  it('deep scan finds a key at any depth', () => expect(get('$..price')).toEqual([8.95, 12.99, 8.99, 19.95]));
  it('items missing the next property are skipped', () => expect(get('$.store.book[*].isbn')).toEqual(['0-553']));
  it('a wildcard over a missing path is an empty array', () => expect(get('$.nothing[*]')).toEqual([]));
  it('filters compare numbers', () => expect(get('$.store.book[?(@.price < 10)].title')).toEqual(['Sayings', 'Moby Dick']));
  it('filters compare strings with ==', () => expect(get("$.store.book[?(@.category == 'fiction')].author")).toEqual(['Evelyn Waugh', 'Herman Melville']));
  it('a filter on a bare path tests existence', () => expect(get('$.store.book[?(@.isbn)].title')).toEqual(['Moby Dick']));
  it('filters combine with && and ||', () => {
    expect(get("$.store.book[?(@.price > 9 && @.category == 'fiction')].title")).toEqual(['Sword']);
    expect(get("$.store.book[?(@.price > 12 || @.category == 'reference')].title")).toEqual(['Sayings', 'Sword']);
  });
  it('filters negate with !', () => expect(get('$.store.book[?(!@.isbn)].title')).toEqual(['Sayings', 'Sword']));
  it('=~ matches the whole string against a regular expression', () => {
    expect(get('$.store.book[?(@.author =~ /.*Rees/)].title')).toEqual(['Sayings']);
    expect(get('$.store.book[?(@.author =~ /Rees/)].title')).toEqual([]);
  });
  it('in tests membership of a literal list', () => expect(get("$.store.book[?(@.price in [8.95, 8.99])].title")).toEqual(['Sayings', 'Moby Dick']));
  it('filters may compare with values from the root ($)', () => {
    const sc = scopeOf({ max: 9, items: [{ p: 5 }, { p: 10 }] });
    expect(get('$.items[?(@.p < $.max)].p', sc)).toEqual([5]);
  });
});

describe('compilePath: functions', () => {
  it('length() counts the elements of an array', () => expect(get('$.store.book.length()')).toBe(3));
  it('sum(), min() and max() fold the numbers of an indefinite result', () => {
    expect(get('$..price.min()')).toBe(8.95);
    expect(get('$..price.max()')).toBe(19.95);
    expect(get('$.store.book[*].price.sum()')).toBeCloseTo(30.93);
  });
});

describe('compilePath: explainNotFound words failures as Jayway (AWS) does', () => {
  it('a missing leaf reads "No results for path" with the normalised path', () => {
    expect(okOf(compilePath('$.NoSuchInputPath')).explainNotFound(scopeOf({ 'int-literal': 0 }))).toBe("No results for path: $['NoSuchInputPath']");
  });
  it('a missing intermediate property reads "Missing property in path"', () => {
    expect(okOf(compilePath('$.no.such.result.path')).explainNotFound(scopeOf({}))).toBe("Missing property in path $['no']");
  });
  it('an index out of range reads "No results for path"', () => {
    expect(okOf(compilePath('$.a[3]')).explainNotFound(scopeOf({ a: [1] }))).toBe("No results for path: $['a'][3]");
  });
});

describe('compilePath: invalid paths are rejected at compile time', () => {
  it('a path must start with $', () => expect(errOf(compilePath('a.b'))).toBe("Invalid JSONPath 'a.b': a path must start with '$' (at position 0)"));
  it('an unclosed bracket is reported with its position', () => expect(errOf(compilePath('$.a[0'))).toBe("Invalid JSONPath '$.a[0': unclosed '[' at position 3 (at position 5)"));
  it('an empty property name is rejected', () => expect(errOf(compilePath('$.a..'))).toContain('expected a property name'));
  it('script expressions are not supported', () => expect(errOf(compilePath('$.a[(@.length-1)]'))).toContain('script expressions'));
  it('an unknown function is rejected', () => expect(errOf(compilePath('$.a.foo()'))).toContain("unknown path function 'foo()'"));
});
