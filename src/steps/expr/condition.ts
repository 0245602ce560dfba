/**
 * Choice conditions as plain data, built on the state proxy
 * (`s => s.count.gt(10)`, `and(...)`, `or(...)`, `not(...)`), and their
 * rendering as JSONPath choice rules or JSONata `Condition` expressions.
 */
import type { ChoiceRuleExpression, JsonValue, QueryLanguage } from '../../asl/types.js';
import { jsonataOf, jsonPathOf } from './path.js';
import type { RefNode } from './ref.js';
import { RenderError } from './render-error.js';

/** A comparison operator. */
export type ComparisonOp = 'eq' | 'lt' | 'gt' | 'lte' | 'gte';
/** The type a comparison is made as. */
export type ComparisonType = 'string' | 'number' | 'boolean' | 'timestamp';
/** A type test. */
export type TypeTest = 'isPresent' | 'isNull' | 'isString' | 'isNumeric' | 'isBoolean' | 'isTimestamp';

/** A choice condition (plain data). */
export type Condition =
  | {
      readonly kind: 'compare';
      readonly op: ComparisonOp;
      readonly type: ComparisonType;
      readonly left: RefNode;
      readonly right: string | number | boolean | RefNode;
    }
  | { readonly kind: 'matches'; readonly left: RefNode; readonly pattern: string }
  | { readonly kind: 'test'; readonly test: TypeTest; readonly left: RefNode }
  | { readonly kind: 'and' | 'or'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition }
  | { readonly kind: 'jsonata'; readonly expression: string };

function checkConditions(fn: string, conditions: readonly Condition[]): void {
  if (conditions.length === 0) throw new TypeError(`${fn}(): needs at least one condition`);
  conditions.forEach((c, i) => {
    if (typeof c !== 'object' || c === null || typeof (c as { kind?: unknown }).kind !== 'string') {
      throw new TypeError(`${fn}(): argument ${i + 1} is not a condition (build one with e.g. s.count.gt(10))`);
    }
  });
}

/** All conditions hold. */
export function and(...conditions: readonly Condition[]): Condition {
  checkConditions('and', conditions);
  return { kind: 'and', conditions };
}

/** At least one condition holds. */
export function or(...conditions: readonly Condition[]): Condition {
  checkConditions('or', conditions);
  return { kind: 'or', conditions };
}

/** The condition does not hold. */
export function not(condition: Condition): Condition {
  checkConditions('not', [condition]);
  return { kind: 'not', condition };
}

const OP_NAME: { readonly [K in ComparisonOp]: string } = {
  eq: 'Equals', lt: 'LessThan', gt: 'GreaterThan', lte: 'LessThanEquals', gte: 'GreaterThanEquals',
};
const TYPE_NAME: { readonly [K in ComparisonType]: string } = {
  string: 'String', number: 'Numeric', boolean: 'Boolean', timestamp: 'Timestamp',
};
const TEST_NAME: { readonly [K in TypeTest]: string } = {
  isPresent: 'IsPresent', isNull: 'IsNull', isString: 'IsString', isNumeric: 'IsNumeric',
  isBoolean: 'IsBoolean', isTimestamp: 'IsTimestamp',
};

/** A condition as a JSONPath choice rule expression (without `Next`). */
export function conditionToJsonPath(c: Condition): ChoiceRuleExpression {
  switch (c.kind) {
    case 'compare': {
      const name = TYPE_NAME[c.type] + OP_NAME[c.op];
      if (typeof c.right === 'object') return { Variable: jsonPathOf(c.left), [`${name}Path`]: jsonPathOf(c.right) };
      return { Variable: jsonPathOf(c.left), [name]: c.right };
    }
    case 'matches':
      return { Variable: jsonPathOf(c.left), StringMatches: c.pattern };
    case 'test':
      return { Variable: jsonPathOf(c.left), [TEST_NAME[c.test]]: true };
    case 'and':
      return { And: c.conditions.map(conditionToJsonPath) };
    case 'or':
      return { Or: c.conditions.map(conditionToJsonPath) };
    case 'not':
      return { Not: conditionToJsonPath(c.condition) };
    case 'jsonata':
      throw new RenderError('', `a JSONata condition (${c.expression}) cannot be used in a JSONPath state machine`);
  }
}

const JSONATA_OP: { readonly [K in ComparisonOp]: string } = { eq: '=', lt: '<', gt: '>', lte: '<=', gte: '>=' };

/** An ASL glob (`*` = any run, `\*` = a star, `\\` = a backslash) as a JSONata regex literal. */
export function globToJsonataRegex(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeRegex(pattern.charAt(++i));
    } else if (ch === '*') {
      out += '.*';
    } else {
      out += escapeRegex(ch);
    }
  }
  return `/^${out}$/`;
}

function escapeRegex(ch: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

const ISO_TIMESTAMP = '/^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$/';

function typeTestToJsonata(test: TypeTest, v: string): string {
  switch (test) {
    case 'isPresent': return `$exists(${v})`;
    case 'isNull': return `${v} = null`;
    case 'isString': return `$type(${v}) = "string"`;
    case 'isNumeric': return `$type(${v}) = "number"`;
    case 'isBoolean': return `$type(${v}) = "boolean"`;
    case 'isTimestamp': return `($type(${v}) = "string" and $contains(${v}, ${ISO_TIMESTAMP}))`;
  }
}

/** A condition as a JSONata boolean expression (without the `{% %}` delimiters). */
export function conditionToJsonata(c: Condition): string {
  switch (c.kind) {
    case 'compare': {
      const left = jsonataOf(c.left);
      const right = typeof c.right === 'object' ? jsonataOf(c.right) : JSON.stringify(c.right);
      if (c.type === 'timestamp') return `$toMillis(${left}) ${JSONATA_OP[c.op]} $toMillis(${right})`;
      return `${left} ${JSONATA_OP[c.op]} ${right}`;
    }
    case 'matches':
      return `$contains(${jsonataOf(c.left)}, ${globToJsonataRegex(c.pattern)})`;
    case 'test':
      return typeTestToJsonata(c.test, jsonataOf(c.left));
    case 'and':
    case 'or':
      return `(${c.conditions.map(conditionToJsonata).join(` ${c.kind} `)})`;
    case 'not':
      return `$not(${conditionToJsonata(c.condition)})`;
    case 'jsonata':
      return c.expression;
  }
}

/** A condition rendered for the query language: a JSONPath rule expression or a `{% %}` JSONata string. */
export function renderCondition(c: Condition, queryLanguage: QueryLanguage): ChoiceRuleExpression | JsonValue {
  return queryLanguage === 'JSONPath' ? conditionToJsonPath(c) : `{% ${conditionToJsonata(c)} %}`;
}
