/**
 * Definite paths and payload-template objects are generated code when the runtime allows
 * `new Function`, closures otherwise: both must give the same results.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compilePath, compilePayloadTemplate, NOT_FOUND } from '../../../src/local/expr/index.js';
import { disableCodegen } from '../../../src/local/expr/internal/codegen.js';
import { okOf, scopeOf } from './helpers/scope.js';

const s = scopeOf({ a: { b: [10, { c: 'x' }] }, 'k"ey': 1, nil: null, s: 'str' }, { Execution: { Name: 'e' } }, { v: { w: [1, 2] } });
const PATHS = ['$', '$.a', '$.a.b[0]', '$.a.b[-1].c', '$.a.b[5]', '$.s.x', "$['k\"ey']", '$.nil', '$.nil.x', '$.constructor', '$$.Execution.Name', '$v.w[1]', '$nope', '$nope.x', '$.a.b[0].c'];
const TEMPLATE = { 'x.$': '$.a.b[0]', lit: { deep: [1] }, 'w.$': '$v.w', 'q"uote.$': '$.s', nested: { 'e.$': '$$.Execution.Name' } };

function evaluateAll(): unknown[] {
  const out: unknown[] = PATHS.map((p) => {
    const v = okOf(compilePath(p)).get(s);
    return v === NOT_FOUND ? 'NOT_FOUND' : v;
  });
  out.push(okOf(compilePayloadTemplate(TEMPLATE))(s, 'S'));
  return out;
}

describe('generated code and fallback closures agree', () => {
  afterAll(() => disableCodegen(false));
  it('for definite paths and payload templates', () => {
    const generated = evaluateAll();
    disableCodegen(true);
    const closures = evaluateAll();
    disableCodegen(false);
    expect(closures).toEqual(generated);
    expect(generated.slice(0, 4)).toEqual([s.input, { b: [10, { c: 'x' }] }, 10, 'x']);
  });
});
