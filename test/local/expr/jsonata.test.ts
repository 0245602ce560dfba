import { describe, expect, it } from 'vitest';
import { compileJsonata, isJsonataExpression } from '../../../src/local/expr/index.js';
import { errOf, failureOf, okOf } from './helpers/scope.js';

const vars = Object.assign(Object.create(null) as Record<string, unknown>, { count: 2 });
const states = { input: { a: 1, list: [1, 2, 3], json: '{"k":[1]}' }, context: { Execution: { Name: 'exec' } }, result: { r: 9 } };
const evaluate = async (t: unknown, field = 'Output') => okOf(compileJsonata(t, field)).evaluate({ states, vars }, 'State', 2);

describe('compileJsonata: templates', () => {
  it('a template without {% %} is constant and evaluates synchronously to itself', () => {
    const p = okOf(compileJsonata({ a: [1, 'x'] }));
    expect(p.isConstant).toBe(true);
    expect(p.evaluate({ states, vars })).toEqual({ a: [1, 'x'] });
  });
  it('constant parts are frozen copies: mutating a result cannot change the next one', () => {
    const t = { a: { b: [1] } };
    const p = okOf(compileJsonata(t));
    const first = p.evaluate({ states, vars }) as { a: { b: number[] } };
    expect(Object.isFrozen(first.a.b)).toBe(true);
    expect(Object.isFrozen(t.a)).toBe(false);
  });
  it('a {% %} string is an expression over $states', async () => expect(await evaluate('{% $states.input.a + 1 %}')).toBe(2));
  it('expressions are found through nested objects and arrays', async () => {
    expect(await evaluate({ x: ['{% $states.input.a %}', 'lit'], y: { z: '{% $states.context.Execution.Name %}' } })).toEqual({ x: [1, 'lit'], y: { z: 'exec' } });
  });
  it('variables are bound as $name, through prototype chains too', async () => {
    const child = Object.assign(Object.create(vars) as Record<string, unknown>, { other: 3 });
    expect(await okOf(compileJsonata('{% $count + $other %}')).evaluate({ states, vars: child })).toBe(5);
  });
  it('$states.result is available when bound', async () => expect(await evaluate('{% $states.result.r %}')).toBe(9));
  it('a string that merely contains {% is literal', async () => expect(await evaluate('100 {% of')).toBe('100 {% of'));
  it('isJsonataExpression recognises {% … %} strings only', () => {
    expect(isJsonataExpression('{% 1 %}')).toBe(true);
    expect(isJsonataExpression(' {% 1 %}')).toBe(false);
  });
});

describe("compileJsonata: Step Functions' functions", () => {
  it('$partition chunks an array', async () => expect(await evaluate('{% $partition($states.input.list, 2) %}')).toEqual([[1, 2], [3]]));
  it('$range includes the end, and a single item is unwrapped as AWS does', async () => {
    expect(await evaluate('{% $range(0, 9, 3) %}')).toEqual([0, 3, 6, 9]);
    expect(await evaluate('{% $range(1, 9, 9) %}')).toBe(1);
  });
  it('$hash digests with the named algorithm', async () => expect(await evaluate("{% $hash('input data', 'SHA-1') %}")).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7'));
  it('$random returns a number in [0, 1), the same one for the same seed', async () => {
    const r = (await evaluate('{% $random() %}')) as number;
    expect(r >= 0 && r < 1).toBe(true);
    expect(await evaluate('{% $random(42) %}')).toBe(await evaluate('{% $random(42) %}'));
  });
  it('$uuid returns a UUID', async () => expect(await evaluate('{% $uuid() %}')).toMatch(/^[0-9a-f-]{36}$/));
  it('$eval is not available in Step Functions (calling it fails like any non-function)', async () => {
    expect((await failureOf(() => evaluate("{% $eval('1 + 1') %}"))).cause).toContain('threw an error during evaluation. T1006: Attempted to invoke a non-function');
  });
  it('$parse parses JSON text', async () => expect(await evaluate('{% $parse($states.input.json) %}')).toEqual({ k: [1] }));
});

describe('compileJsonata: failures (States.QueryEvaluationError, AWS wording)', () => {
  it('an expression that returns nothing fails, naming the nested field', async () => {
    expect(await failureOf(() => evaluate({ result: '{% $doesNotExist %}' }))).toEqual({
      error: 'States.QueryEvaluationError',
      cause: "An error occurred while executing the state 'State' (entered at the event id #2). The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
    });
  });
  it('an expression that throws reports the JSONata code and message', async () => {
    expect((await failureOf(() => evaluate({ FunctionResult: '{% $randomSeeded(1) %}' }))).cause).toBe(
      "An error occurred while executing the state 'State' (entered at the event id #2). The JSONata expression '$randomSeeded(1)' specified for the field 'Output/FunctionResult' threw an error during evaluation. T1006: Attempted to invoke a non-function",
    );
  });
  it('the field name is the one given (e.g. Arguments)', async () => {
    expect((await failureOf(() => evaluate('{% $doesNotExist %}', 'Arguments'))).cause).toContain("specified for the field 'Arguments' returned nothing");
  });
  it('a function result is an unsupported result type', async () => {
    expect((await failureOf(() => evaluate('{% function($x){$x} %}', 'Items'))).cause).toContain("specified for the field 'Items' returned an unsupported result type.");
  });
  it('bad arguments to $partition fail', async () => expect((await failureOf(() => evaluate("{% $partition('x', 2) %}"))).cause).toContain('Invalid arguments in $partition'));
  it('a syntax error is reported at compile time', () => expect(errOf(compileJsonata({ a: '{% 1 + %}' }))).toContain("Invalid JSONata expression '1 +' in the field 'Output/a'"));
});

describe('compileJsonata: clock', () => {
  it('$now() and $millis() read the given (virtual) clock', async () => {
    const p = okOf(compileJsonata(['{% $millis() %}', '{% $now() %}', "{% $now('[Y0001]') %}"]));
    expect(await p.evaluate({ states, vars, now: () => Date.UTC(2030, 0, 2) })).toEqual([Date.UTC(2030, 0, 2), '2030-01-02T00:00:00.000Z', '2030']);
  });
});

describe('compileJsonata: plain references are read without JSONata, with the same results', () => {
  const p = (t: unknown) => okOf(compileJsonata(t)).evaluate({ states, vars });
  it('$states.input.a is returned synchronously', () => expect(p('{% $states.input.a %}')).toBe(1));
  it('$var is returned synchronously', () => expect(p({ c: '{% $count %}' })).toEqual({ c: 2 }));
  it('a reference through an array maps over it as JSONata does (natively, so synchronously)', () => {
    const r = okOf(compileJsonata('{% $states.input.rows.v %}')).evaluate({ states: { input: { rows: [{ v: 1 }, { v: 2 }] } }, vars });
    expect(r).toEqual([1, 2]);
  });
  it('an expression outside the native subset is evaluated by JSONata (a Promise)', async () => {
    const r = okOf(compileJsonata("{% $uppercase($states.input.s) %}")).evaluate({ states: { input: { s: 'ab' } }, vars });
    expect(r).toBeInstanceOf(Promise);
    expect(await r).toBe('AB');
  });
  it('a missing reference still fails with "returned nothing"', async () => {
    expect((await failureOf(() => okOf(compileJsonata('{% $states.input.zz %}')).evaluate({ states, vars }, 'S', 2))).cause).toContain("The JSONata expression '$states.input.zz' specified for the field 'Output' returned nothing (undefined).");
  });
});
