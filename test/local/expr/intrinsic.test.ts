import { describe, expect, it } from 'vitest';
import { compileIntrinsic } from '../../../src/local/expr/index.js';
import { errOf, failureOf, okOf, scopeOf } from './helpers/scope.js';

const s = scopeOf(
  { arr: [1, 2, 3, 4, 5], obj: { Arg1: 1, Arg2: [] }, str: 'a,b', n: 2.5, text: 'input data' },
  { StateMachine: { Id: 'arn:sm', Name: 'sm-name-x' } },
  { who: 'var' },
);
const call = (expr: string, scope = s) => okOf(compileIntrinsic(expr, 'r.$'))(scope, 'S', 2);
const invalid = async (expr: string) => failureOf(() => call(expr));

describe('intrinsic syntax', () => {
  it("string literals use single quotes and \\' escapes a quote", () => expect(call("States.Format('it\\'s {}', 'x')")).toBe("it's x"));
  it('\\\\ is a literal backslash', () => expect(call("States.Format('a\\\\b')")).toBe('a\\b'));
  it('a backslash before any other character is a compile error (AWS rejects the definition)', () => {
    expect(errOf(compileIntrinsic("States.Base64Decode('YWJj\\nZA==')"))).toBe(
      "Invalid intrinsic function call 'States.Base64Decode('YWJj\\nZA==')': invalid escape '\\n' in a string literal: only \\', \\{, \\} and \\\\ are allowed (at position 25)",
    );
  });
  it('\\{ and \\} are literal braces in States.Format', () => expect(call("States.Format('\\{\\} {}', 1)")).toBe('{} 1'));
  it('numbers, true, false and null are literals', () => expect(call('States.Array(1, -2.5, true, false, null)')).toEqual([1, -2.5, true, false, null]));
  it('paths ($, $$, $var) are arguments', () => expect(call('States.Array($.n, $$.StateMachine.Name, $who)')).toEqual([2.5, 'sm-name-x', 'var']));
  it('a path argument may hold brackets with commas in quotes', () => expect(call("States.Array($['obj']['Arg1'])", s)).toEqual([1]));
  it('calls nest', () => expect(call("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))")).toBe('x'));
  it('whitespace around arguments is ignored', () => expect(call('States.Array(  1 ,2  )')).toEqual([1, 2]));
  it('an unknown function is a compile error', () => expect(errOf(compileIntrinsic('States.Nope(1)'))).toBe("Invalid intrinsic function call 'States.Nope(1)': Unknown intrinsic function 'States.Nope'"));
  it('a wrong number of arguments compiles (AWS accepts it) and fails when run', async () => {
    expect((await invalid('States.ArrayPartition($.arr)')).cause).toBe(
      "An error occurred while executing the state 'S' (entered at the event id #2). Invalid arguments in States.ArrayPartition: it takes 2 arguments, but 1 was given",
    );
    expect((await invalid('States.UUID(1)')).cause).toContain('Invalid arguments in States.UUID: it takes 0 arguments, but 1 was given');
    expect((await invalid('States.Hash()')).cause).toContain('Invalid arguments in States.Hash');
  });
  it('a States.Format template whose {} count differs from the values compiles (AWS accepts it) and fails when run', async () => {
    expect((await invalid("States.Format('{} {}', 1)")).cause).toContain('Invalid arguments in States.Format: number of arguments do not match the occurrences of {}');
  });
  it.each(["States.Format('Hello {', 'x')", "States.Format('Hello {{}}', 'x')", "States.Format('}')"])(
    'a States.Format template with a stray brace fails when run, as on AWS: %s',
    async (expr) => expect((await invalid(expr)).cause).toContain("Invalid arguments in States.Format: the template has a '{' or '}' that is neither escaped nor part of '{}'"),
  );
  it('a runtime template with a stray brace fails too', async () => {
    expect((await failureOf(() => okOf(compileIntrinsic('States.Format($.t)'))(scopeOf({ t: 'a {' })))).cause).toContain('Invalid arguments in States.Format');
  });
  it('an unterminated string is a compile error with a position', () => expect(errOf(compileIntrinsic("States.Format('abc)"))).toContain('unterminated string literal (at position 14)'));
  it('text after the call is a compile error', () => expect(errOf(compileIntrinsic('States.UUID() x'))).toContain("unexpected 'x' after the call"));
});

describe('intrinsic runtime failures (AWS: States.Runtime, "Invalid arguments in States.X")', () => {
  it('a wrongly typed argument fails with the state prefix', async () => {
    expect(await invalid("States.ArrayPartition('not-array', 2)")).toEqual({
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'S' (entered at the event id #2). Invalid arguments in States.ArrayPartition",
    });
  });
  it('a path argument that selects nothing names the field', async () => {
    expect((await invalid('States.ArrayLength($.missing)')).cause).toBe(
      "An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'r.$' could not be found in the input '" + JSON.stringify(s.input) + "'",
    );
  });
  it('without a state name the cause is the bare detail', async () => {
    expect(await failureOf(() => okOf(compileIntrinsic('States.MathAdd(1, null)'))(s))).toEqual({ error: 'States.Runtime', cause: 'Invalid arguments in States.MathAdd' });
  });
});

describe('States.Format', () => {
  it('prints strings as is, numbers as JSON numbers and null as null', () => expect(call("States.Format('{}|{}|{}|{}', 'a', 1, 1.1, null)")).toBe('a|1|1.1|null'));
  it('prints objects and arrays the way Java prints maps and lists', () => expect(call("States.Format('{} {}', $.obj, $.arr)")).toBe('{Arg1=1, Arg2=[]} [1, 2, 3, 4, 5]'));
  it('reads its template from a path too', () => expect(call('States.Format($.str)')).toBe('a,b'));
  it('fails when a runtime template and the values disagree', async () => expect((await invalid('States.Format($.str, 1)')).cause).toContain('Invalid arguments in States.Format'));
});

describe('JSON functions', () => {
  it('States.StringToJson parses JSON text', () => expect(call("States.StringToJson('{\"a\":[1,true]}')")).toEqual({ a: [1, true] }));
  it('States.StringToJson of blank text or null is null', () => {
    expect(call("States.StringToJson(' ')")).toBeNull();
    expect(call('States.StringToJson(null)')).toBeNull();
  });
  it('States.StringToJson of a number fails', async () => expect((await invalid('States.StringToJson(1)')).cause).toContain('Invalid arguments in States.StringToJson'));
  it('States.StringToJson of invalid JSON fails', async () => expect((await invalid("States.StringToJson('{x')")).cause).toContain('Invalid arguments in States.StringToJson'));
  it('States.JsonToString writes compact JSON', () => expect(call('States.JsonToString($.obj)')).toBe('{"Arg1":1,"Arg2":[]}'));
  it('States.JsonMerge merges shallowly: the second object wins and nested objects are not merged', () => {
    const sc = scopeOf({ a: { a: { x: 1 }, b: 2 }, b: { a: { y: 2 }, c: 3 } });
    expect(call('States.JsonMerge($.a, $.b, false)', sc)).toEqual({ a: { y: 2 }, b: 2, c: 3 });
  });
  it('States.JsonMerge rejects deep merging (AWS supports only false)', async () => {
    expect((await invalid('States.JsonMerge($.obj, $.obj, true)')).cause).toContain('Invalid arguments in States.JsonMerge: Step Functions only supports the shallow merging mode');
  });
  it('States.JsonMerge rejects non-objects', async () => expect((await invalid('States.JsonMerge($.arr, $.obj, false)')).cause).toContain('Invalid arguments in States.JsonMerge'));
});

describe('array functions', () => {
  it('States.Array packs its arguments', () => expect(call('States.Array()')).toEqual([]));
  it('States.ArrayPartition chunks an array, the last chunk shorter', () => expect(call('States.ArrayPartition($.arr, 2)')).toEqual([[1, 2], [3, 4], [5]]));
  it('States.ArrayPartition truncates a fractional size and rejects sizes below 1', async () => {
    expect(call('States.ArrayPartition($.arr, 2.6)')).toEqual([[1, 2], [3, 4], [5]]);
    expect((await invalid('States.ArrayPartition($.arr, 0.5)')).cause).toContain('Invalid arguments in States.ArrayPartition');
  });
  it('States.ArrayContains finds equal values, nested arrays and objects included', () => {
    expect(call('States.ArrayContains(States.Array($.obj), $.obj)')).toBe(true);
    expect(call('States.ArrayContains($.arr, 9)')).toBe(false);
    expect(call('States.ArrayContains(States.Array(null, States.Array(0, 1, false)), States.Array(0, 1, false))')).toBe(true);
  });
  it('States.ArrayContains compares values as AWS prints them (observed on AWS)', () => {
    const sc = scopeOf({ words: ['true', '9007199254740991'], nums: [0, 1], objs: [{ a: 1, b: 2 }], reordered: { b: 2, a: 1 }, extra: { a: 1, b: 2, c: null } });
    expect(call('States.ArrayContains($.words, true)', sc)).toBe(true);
    expect(call('States.ArrayContains($.words, 9007199254740991)', sc)).toBe(true);
    expect(call('States.ArrayContains($.nums, false)', sc)).toBe(false);
    expect(call('States.ArrayContains($.objs, $.reordered)', sc)).toBe(false);
    expect(call('States.ArrayContains($.objs, $.extra)', sc)).toBe(false);
  });
  it('States.ArrayRange includes the end when the step lands on it', () => {
    expect(call('States.ArrayRange(0, 9, 3)')).toEqual([0, 3, 6, 9]);
    expect(call('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(call('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
  });
  it('States.ArrayRange truncates fractional arguments, as AWS does', () => {
    expect(call('States.ArrayRange(1.6, 1.4, 1)')).toEqual([1]);
    expect(call('States.ArrayRange(5.4, -0.6, -2.4)')).toEqual([5, 3, 1]);
  });
  it('States.ArrayRange allows exactly 1000 items', () => expect((call('States.ArrayRange(1000, 1, -1)') as number[]).length).toBe(1000));
  it('States.ArrayRange rejects a zero step and more than 1000 items', async () => {
    expect((await invalid('States.ArrayRange(1, 10, 0.49)')).cause).toContain('Invalid arguments in States.ArrayRange');
    expect((await invalid('States.ArrayRange(1, 5, 0)')).cause).toContain('Invalid arguments in States.ArrayRange');
    expect((await invalid('States.ArrayRange(1, 1001, 1)')).cause).toContain('at most 1000 items');
  });
  it('States.ArrayGetItem reads an index and rejects one out of range', async () => {
    expect(call('States.ArrayGetItem($.arr, 4)')).toBe(5);
    expect((await invalid('States.ArrayGetItem($.arr, 5)')).cause).toContain('Invalid arguments in States.ArrayGetItem');
    expect((await invalid('States.ArrayGetItem($.arr, -1)')).cause).toContain('Invalid arguments in States.ArrayGetItem');
  });
  it('States.ArrayGetItem truncates a fractional index and gives null for an empty array, as AWS does', () => {
    expect(call('States.ArrayGetItem($.arr, 1.2)')).toBe(2);
    expect(call('States.ArrayGetItem(States.Array(), 999)')).toBeNull();
  });
  it('States.ArrayLength counts elements', () => expect(call('States.ArrayLength($.arr)')).toBe(5));
  it('States.ArrayUnique keeps the first of structurally equal values', () => {
    expect(call('States.ArrayUnique(States.Array(1, 1, null, null, $.obj, $.obj, 2))')).toEqual([1, null, { Arg1: 1, Arg2: [] }, 2]);
  });
});

describe('encoding, hashing, math, strings, ids', () => {
  it('States.Base64Encode and States.Base64Decode round-trip UTF-8', () => {
    expect(call("States.Base64Encode('Data to encode')")).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).toBe('Data to encode');
  });
  it('States.Base64Decode is lenient like AWS: characters outside the alphabet are skipped', () => {
    expect(call("States.Base64Decode(' YWJjZA== ')")).toBe('abcd');
    expect(call("States.Base64Decode('ab==cd')")).toBe('i');
  });
  it('States.Base64Decode rejects more than 10,000 characters', async () => {
    expect((await failureOf(() => okOf(compileIntrinsic('States.Base64Decode($.s)'))(scopeOf({ s: 'A'.repeat(10_001) })))).cause).toBe('Invalid arguments in States.Base64Decode');
  });
  it.each([
    ['MD5', '812f45842bc6d66ee14572ce20db8e86'],
    ['SHA-1', 'aaff4a450a104cd177d28d18d74485e8cae074b7'],
    ['SHA-256', 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3'],
  ])('States.Hash with %s gives the lowercase hex digest', (algo, hex) => expect(call(`States.Hash($.text, '${algo}')`)).toBe(hex));
  it('States.Hash rejects an unknown or differently spelt algorithm', async () => {
    for (const algo of ['SHA-3', 'sha-256', 'SHA256', 'MD-5', '']) {
      expect((await invalid(`States.Hash('x', '${algo}')`)).cause).toContain('Invalid arguments in States.Hash');
    }
  });
  it('States.Hash hashes other JSON values as their JSON text, as AWS does', () => {
    expect(call("States.Hash(123, 'MD5')")).toBe(call("States.Hash('123', 'MD5')"));
    expect(call("States.Hash($.obj, 'MD5')")).toBe(call('States.Hash(\'{"Arg1":1,"Arg2":[]}\', \'MD5\')'));
  });
  it('States.MathAdd rounds each operand half up before adding', () => {
    expect(call('States.MathAdd(1.49, 1.5)')).toBe(3);
    expect(call('States.MathAdd(-1.5, 0)')).toBe(-1);
    expect(Object.is(call('States.MathAdd(-0.5, 0)'), 0)).toBe(true);
  });
  it('States.MathRandom returns an integer in [start, end)', () => {
    for (let i = 0; i < 50; i++) {
      const r = call('States.MathRandom(1, 4)') as number;
      expect(Number.isInteger(r) && r >= 1 && r < 4).toBe(true);
    }
  });
  it('States.MathRandom with a seed is deterministic', () => expect(call('States.MathRandom(0, 1000, 7)')).toBe(call('States.MathRandom(0, 1000, 7)')));
  it('States.MathRandom rejects an empty range', async () => expect((await invalid('States.MathRandom(5, 5)')).cause).toContain('Invalid arguments in States.MathRandom'));
  it('States.StringSplit splits on every delimiter character and drops empty parts', () => {
    expect(call("States.StringSplit('This.is+a,test=string', '.+,=')")).toEqual(['This', 'is', 'a', 'test', 'string']);
    expect(call("States.StringSplit(', , ,', ',')")).toEqual([' ', ' ']);
  });
  it('States.UUID returns a version-4 UUID', () => expect(call('States.UUID()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
});
