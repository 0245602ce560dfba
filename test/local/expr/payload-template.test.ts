import { describe, expect, it } from 'vitest';
import { compilePayloadTemplate, compileValueExpression } from '../../../src/local/expr/index.js';
import { errOf, failureOf, okOf, scopeOf } from './helpers/scope.js';

const s = scopeOf({ a: 1, list: [1, 2, 3], name: 'n' }, { Execution: { Name: 'exec' } }, { v: { w: 'var' } });
const run = (t: unknown, scope = s) => okOf(compilePayloadTemplate(t))(scope, 'State', 2);

describe('compilePayloadTemplate', () => {
  it("a key ending in '.$' takes the value at its path and loses the suffix", () => expect(run({ 'x.$': '$.a' })).toEqual({ x: 1 }));
  it('other keys are literal, nested objects and arrays included', () => {
    expect(run({ k: 'v', n: { m: [1, { o: null }] } })).toEqual({ k: 'v', n: { m: [1, { o: null }] } });
  });
  it("a '.$' value starting with '$$' reads the context object", () => expect(run({ 'e.$': '$$.Execution.Name' })).toEqual({ e: 'exec' }));
  it("a '.$' value '$name' reads a variable", () => expect(run({ 'w.$': '$v.w' })).toEqual({ w: 'var' }));
  it("a '.$' value may be an intrinsic call", () => expect(run({ 'f.$': "States.Format('{}-{}', $.name, $.a)" })).toEqual({ f: 'n-1' }));
  it("'.$' keys work inside nested objects and arrays", () => expect(run({ o: { 'x.$': '$.a' }, arr: [{ 'y.$': '$.name' }] })).toEqual({ o: { x: 1 }, arr: [{ y: 'n' }] }));
  it('an indefinite path yields the array of matches', () => expect(run({ 'x.$': '$.list[1:]' })).toEqual({ x: [2, 3] }));
  it('a constant template returns the same frozen value every time (no copying)', () => {
    const f = okOf(compilePayloadTemplate({ a: { b: [1] } }));
    const one = f(s, 'S');
    expect(f(s, 'S')).toBe(one);
    expect(Object.isFrozen(one)).toBe(true);
  });
  it('constant sub-trees of a dynamic template are shared between evaluations', () => {
    const f = okOf(compilePayloadTemplate({ 'x.$': '$.a', c: { deep: [1, 2] } }));
    expect((f(s, 'S') as { c: unknown }).c).toBe((f(s, 'S') as { c: unknown }).c);
  });
  it('the template object given to the compiler is not frozen or changed', () => {
    const t = { c: { d: 1 } };
    okOf(compilePayloadTemplate(t));
    expect(Object.isFrozen(t.c)).toBe(false);
  });
  it('a path that selects nothing fails with States.Runtime and AWS wording', async () => {
    expect(await failureOf(() => run({ 'value.$': '$.no_such_jsonpath' }, scopeOf({ 'int-literal': 0 })))).toEqual({
      error: 'States.Runtime',
      cause: "An error occurred while executing the state 'State' (entered at the event id #2). The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'",
    });
  });
  it('a context path that selects nothing fails the same way', async () => {
    expect((await failureOf(() => run({ 'value.$': '$$.Execution.Input.nope' }))).cause).toContain("The JSONPath '$$.Execution.Input.nope' specified for the field 'value.$' could not be found");
  });
  it("a '.$' value that is not a string is rejected at compile time", () => expect(errOf(compilePayloadTemplate({ 'x.$': 1 }))).toContain("The value of 'x.$' at / must be a JSONPath or an intrinsic function call"));
  it("a '.$' value that is neither a path nor an intrinsic is rejected at compile time", () => expect(errOf(compilePayloadTemplate({ 'x.$': 'hello' }))).toContain("Invalid JSONPath 'hello'"));
  it("two keys that collide once '.$' is removed are rejected", () => expect(errOf(compilePayloadTemplate({ x: 1, 'x.$': '$.a' }))).toBe("Duplicate field 'x' at / once '.$' suffixes are removed"));
  it('compile errors name where in the template they are', () => expect(errOf(compilePayloadTemplate({ o: { p: [{ 'x.$': '$[' }] } }))).toContain("(in 'x.$' at /o/p/0)"));
});

describe('compileValueExpression (ErrorPath, CausePath)', () => {
  it('reads a path', () => expect(okOf(compileValueExpression('$.name', 'ErrorPath'))(s, 'S')).toBe('n'));
  it('evaluates an intrinsic call', () => expect(okOf(compileValueExpression("States.Format('e:{}', $.a)", 'CausePath'))(s, 'S')).toBe('e:1'));
  it('names the field when the path selects nothing', async () => {
    expect((await failureOf(() => okOf(compileValueExpression('$.ErrorX', 'ErrorPath'))(scopeOf({}), 'fail', 4))).cause).toBe(
      "An error occurred while executing the state 'fail' (entered at the event id #4). The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{}'",
    );
  });
});

describe('compilePayloadTemplate: odd keys', () => {
  it('a template key __proto__ becomes an own key of the result', () => {
    const t = JSON.parse('{"__proto__": {"x.$": "$.a"}, "y.$": "$.a"}') as unknown;
    const out = okOf(compilePayloadTemplate(t))(s, 'S') as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ x: 1 });
  });
});
