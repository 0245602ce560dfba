import { describe, expect, it } from 'vitest';
import { compileResultPath } from '../../../src/local/expr/index.js';
import { errOf, failureOf, okOf } from './helpers/scope.js';

const apply = (path: string | null | undefined, input: unknown, result: unknown) => okOf(compileResultPath(path))(input, result, 'S');

describe('compileResultPath', () => {
  it("an omitted ResultPath is '$': the result replaces the input", () => expect(apply(undefined, { a: 1 }, { r: 2 })).toEqual({ r: 2 }));
  it("'$' replaces the input with the result", () => expect(apply('$', { a: 1 }, 5)).toBe(5));
  it('null discards the result and keeps the input (the same object)', () => {
    const input = { a: 1 };
    expect(apply(null, input, 5)).toBe(input);
  });
  it('a path places the result into a copy of the input', () => expect(apply('$.r', { a: 1 }, 5)).toEqual({ a: 1, r: 5 }));
  it('missing objects along the path are created', () => expect(apply('$.x.y.z', { a: 1 }, true)).toEqual({ a: 1, x: { y: { z: true } } }));
  it('an existing value at the path is replaced', () => expect(apply('$.a', { a: { old: 1 } }, 2)).toEqual({ a: 2 }));
  it('bracket notation works like dot notation', () => expect(apply("$['a b']", {}, 1)).toEqual({ 'a b': 1 }));
  it('an existing array element can be replaced by index', () => expect(apply('$.list[1]', { list: [1, 2, 3] }, 9)).toEqual({ list: [1, 9, 3] }));
  it('the input is never mutated and untouched branches are shared', () => {
    const input = { a: { b: 1 }, keep: { big: [1, 2, 3] } };
    const out = apply('$.a.c', input, 2) as typeof input & { a: { c: number } };
    expect(input).toEqual({ a: { b: 1 }, keep: { big: [1, 2, 3] } });
    expect(out.a).toEqual({ b: 1, c: 2 });
    expect(out.keep).toBe(input.keep);
  });
  it('a key named __proto__ becomes an own property', () => {
    const out = apply('$.__proto__', {}, { polluted: true }) as Record<string, unknown>;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('an input key named __proto__ is copied as a key, not as a prototype', () => {
    const input = JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as Record<string, unknown>;
    const out = apply('$.r', input, 2) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: 1 });
    expect(out.r).toBe(2);
  });
  it('writing into a string fails with States.ResultPathMatchFailure and AWS wording', async () => {
    expect(await failureOf(() => apply('$.partitioned', '{"min":1}', 1))).toEqual({
      error: 'States.ResultPathMatchFailure',
      cause: 'Unable to apply ReferencePath $.partitioned to input "{\\"min\\":1}"',
    });
  });
  it('writing below a number fails with States.ResultPathMatchFailure', async () => {
    expect((await failureOf(() => apply('$.a.b', { a: 1 }, 1))).cause).toBe('Unable to apply ReferencePath $.a.b to input {"a":1}');
  });
  it('an index past the end of an array fails', async () => {
    expect((await failureOf(() => apply('$.list[5]', { list: [] }, 1))).error).toBe('States.ResultPathMatchFailure');
  });
  it('wildcards, filters and context paths are not reference paths', () => {
    expect(errOf(compileResultPath('$.a[*]'))).toContain('may only hold property names and array indexes');
    expect(errOf(compileResultPath('$$.Execution'))).toContain("must start with '$'");
  });
});
