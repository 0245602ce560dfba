/**
 * Small pure renderers of state fields: result placement and Fail states.
 */
import type { QueryLanguage, State } from '../../asl/types.js';
import type { FailNode } from '../../dsl/graph.js';
import type { Placement } from '../../dsl/options.js';
import { jsonataExpressionOf, jsonPathOf } from '../../steps/expr/index.js';
import { orderState } from './key-order.js';

type Mutable = { [key: string]: unknown };

/** Where the result goes: ResultPath in JSONPath, Output in JSONata. */
export function placementFields(queryLanguage: QueryLanguage, type: string, p: Placement, resultExpression: string | undefined): { [key: string]: unknown } {
  if (queryLanguage === 'JSONPath') {
    switch (p.kind) {
      case 'replace':
        return {};
      case 'at':
        return { ResultPath: `$.${p.key}` };
      case 'discard':
        return { ResultPath: null };
    }
  }
  const result = resultExpression ?? (type === 'Pass' ? '$states.input' : '$states.result');
  switch (p.kind) {
    case 'replace':
      return resultExpression === undefined ? {} : { Output: `{% ${result} %}` };
    case 'at':
      return { Output: `{% $merge([$states.input, {${JSON.stringify(p.key)}: ${result}}]) %}` };
    case 'discard':
      return { Output: '{% $states.input %}' };
  }
}

/** A Fail state for the query language: literal Error, literal or state-derived Cause. */
export function failState(node: FailNode, queryLanguage: QueryLanguage): State {
  const s: Mutable = { Type: 'Fail', Error: node.error };
  if (node.comment !== undefined) s['Comment'] = node.comment;
  const c = node.cause;
  if (c !== undefined) {
    if (c.kind === 'literal') s['Cause'] = typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
    else if (queryLanguage === 'JSONata') s['Cause'] = `{% ${jsonataExpressionOf(c)} %}`;
    else if (c.kind === 'ref') s['CausePath'] = jsonPathOf(c);
    else if (c.kind === 'format') {
      const text = c.parts.map((p) => (typeof p === 'string' ? p.replace(/[\\'{}]/g, (ch) => `\\${ch}`) : '{}')).join('');
      const args = c.parts.filter((p) => typeof p !== 'string').map((p) => jsonPathOf(p as Extract<typeof p, object>));
      s['CausePath'] = `States.Format('${text}', ${args.join(', ')})`;
    }
  }
  return orderState(s as unknown as State);
}
