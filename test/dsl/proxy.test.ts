/**
 * The typed state proxy records access paths; templates and conditions render
 * them as JSONPath or JSONata.
 */
import { describe, expect, test } from 'vitest';
import {
  and, conditionToJsonata, conditionToJsonPath, fmt, globToJsonataRegex, jsonata, lit, not, or, record,
  refNodeOf, renderParameters, renderTemplate, stateProxy,
} from '../../src/steps/expr/index.js';

type S = { key: string; bucket: string; n: number; ok: boolean; at: string; items: { sku: string }[]; 'odd key': string; meta?: { tag: string } };

describe('state references', () => {
  test('record nested fields, array indexes and the context object', () => {
    const s = stateProxy<S>();
    expect(refNodeOf(s.items[2].sku)).toStrictEqual({ kind: 'ref', root: 'input', path: ['items', 2, 'sku'] });
    expect(refNodeOf(s)).toStrictEqual({ kind: 'ref', root: 'input', path: [] });
    expect(refNodeOf('s.key')).toBeUndefined();
  });

  test('render as JSONPath and JSONata paths, quoting keys that are not identifiers', () => {
    const t = record<S>((s, ctx) => ({
      key: s.key, first: s.items[0].sku, odd: s['odd key'], tag: s.meta.tag, whole: s,
      exec: ctx.execution.id, token: ctx.task.token, input: ctx.execution.input, item: ctx.map.item.value,
    }));
    expect(renderParameters({ P: t }, 'JSONPath')).toStrictEqual({
      Parameters: {
        P: {
          'key.$': '$.key', 'first.$': '$.items[0].sku', 'odd.$': "$['odd key']", 'tag.$': '$.meta.tag', 'whole.$': '$',
          'exec.$': '$$.Execution.Id', 'token.$': '$$.Task.Token', 'input.$': '$$.Execution.Input', 'item.$': '$$.Map.Item.Value',
        },
      },
    });
    expect(renderParameters({ P: t }, 'JSONata')).toStrictEqual({
      Arguments: {
        P: {
          key: '{% $states.input.key %}', first: '{% $states.input.items[0].sku %}', odd: '{% $states.input.`odd key` %}',
          tag: '{% $states.input.meta.tag %}', whole: '{% $states.input %}', exec: '{% $states.context.Execution.Id %}',
          token: '{% $states.context.Task.Token %}', input: '{% $states.context.Execution.Input %}', item: '{% $states.context.Map.Item.Value %}',
        },
      },
    });
  });

  test('user data below the execution input keeps its case', () => {
    const t = record<S>((_s, ctx) => ({ v: ctx.execution.input }));
    expect(renderTemplate(t, 'JSONPath')).toStrictEqual({ dynamic: false, value: { 'v.$': '$$.Execution.Input' } });
  });

  test('a reference is read-only', () => {
    const s = stateProxy<S>() as unknown as { key: string };
    expect(() => { s.key = 'x'; }).toThrow('a state reference is read-only');
  });
});

describe('templates', () => {
  test('literal values stay literal and undefined keys are left out', () => {
    const t = record<S>(() => ({ a: 1, b: 'two', c: [true, null], d: undefined }));
    expect(t).toStrictEqual({ kind: 'literal', value: { a: 1, b: 'two', c: [true, null] } });
    expect(renderParameters({ Static: t, Name: lit('x') }, 'JSONPath')).toStrictEqual({ Parameters: { Static: { a: 1, b: 'two', c: [true, null] }, Name: 'x' } });
  });

  test('fmt becomes States.Format with escaped literal text, or JSONata concatenation', () => {
    const t = record<S>((s) => fmt`s3://${s.bucket}/{raw}'s/${s.key}`);
    expect(renderTemplate(t, 'JSONPath')).toStrictEqual({ dynamic: true, value: "States.Format('s3://{}/\\{raw\\}\\'s/{}', $.bucket, $.key)" });
    expect(renderTemplate(t, 'JSONata')).toStrictEqual({ dynamic: false, value: '{% "s3://" & $states.input.bucket & "/{raw}\'s/" & $states.input.key %}' });
  });

  test('fmt of literals only is a literal string', () => {
    expect(record<S>(() => fmt`a${1}b${true}`)).toStrictEqual({ kind: 'literal', value: 'a1btrue' });
  });

  test('an array holding references becomes States.Array in JSONPath', () => {
    const t = record<S>((s) => ({ list: [s.key, "it's", 2, null, [s.n]] }));
    expect(renderTemplate(t, 'JSONPath').value).toStrictEqual({ 'list.$': "States.Array($.key, 'it\\'s', 2, null, States.Array($.n))" });
    expect(renderTemplate(t, 'JSONata').value).toStrictEqual({ list: ['{% $states.input.key %}', "it's", 2, null, ['{% $states.input.n %}']] });
  });

  test('an object with references inside an array cannot be written in JSONPath', () => {
    const t = record<S>((s) => ({ rows: [{ id: s.key }] }));
    expect(() => renderTemplate(t, 'JSONPath')).toThrow('rows[0]: JSONPath cannot place an object holding state references inside an array; build the object in a previous step or use JSONata');
  });

  test('a jsonata() expression is refused in JSONPath and inlined in JSONata', () => {
    const t = record<S>(() => ({ n: jsonata<number>('$count($states.input.items)') }));
    expect(() => renderTemplate(t, 'JSONPath')).toThrow('n: a jsonata(…) expression cannot be used in a JSONPath state machine');
    expect(renderTemplate(t, 'JSONata').value).toStrictEqual({ n: '{% $count($states.input.items) %}' });
  });

  test('a literal string that looks like a JSONata expression is quoted in JSONata', () => {
    expect(renderTemplate(lit('{% not code %}'), 'JSONata').value).toBe('{% "{% not code %}" %}');
  });

  test('values that are not JSON are refused with their field', () => {
    expect(() => record<S>(() => ({ when: new Date(0) as never }))).toThrow('when: only plain objects, arrays, JSON values, state references and fmt`…` strings can be parameters');
    expect(() => record<S>(() => ({ n: Number.NaN }))).toThrow('n: NaN is not a JSON number');
  });
});

describe('conditions', () => {
  const s = stateProxy<S>();

  test('comparisons pick the operator from the value type', () => {
    expect(conditionToJsonPath(s.n.gte(3))).toStrictEqual({ Variable: '$.n', NumericGreaterThanEquals: 3 });
    expect(conditionToJsonPath(s.key.lt('m'))).toStrictEqual({ Variable: '$.key', StringLessThan: 'm' });
    expect(conditionToJsonPath(s.ok.eq(true))).toStrictEqual({ Variable: '$.ok', BooleanEquals: true });
    expect(conditionToJsonPath(s.at.timestampGte('2030-01-01T00:00:00Z'))).toStrictEqual({ Variable: '$.at', TimestampGreaterThanEquals: '2030-01-01T00:00:00Z' });
    expect(conditionToJsonPath(s.key.eq(s.bucket))).toStrictEqual({ Variable: '$.key', StringEqualsPath: '$.bucket' });
    expect(conditionToJsonPath(s.meta.isNull())).toStrictEqual({ Variable: '$.meta', IsNull: true });
  });

  test('type tests and boolean combinators render in JSONata', () => {
    const c = or(and(s.n.isNumeric(), s.key.isString()), not(s.ok.isBoolean()), s.at.isTimestamp());
    expect(conditionToJsonata(c)).toBe(
      '(($type($states.input.n) = "number" and $type($states.input.key) = "string") or $not($type($states.input.ok) = "boolean") or ($type($states.input.at) = "string" and $contains($states.input.at, /^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$/)))',
    );
  });

  test('a glob becomes an anchored regex; \\* is a literal star', () => {
    expect(globToJsonataRegex('log-*.csv')).toBe('/^log-.*\\.csv$/');
    expect(globToJsonataRegex('a\\*b')).toBe('/^a\\*b$/');
  });

  test('and/or/not need conditions', () => {
    expect(() => and()).toThrow('and(): needs at least one condition');
    expect(() => not('x' as never)).toThrow('not(): argument 1 is not a condition (build one with e.g. s.count.gt(10))');
  });
});
