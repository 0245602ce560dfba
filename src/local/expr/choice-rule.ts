/**
 * JSONPath Choice rules compiled into predicates.
 * @see https://states-language.net/spec.html#choice-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */
import { err, ok, type Result } from 'neverthrow';
import { CHOICE_COMPARISON_OPERATORS, type ChoiceComparisonOperator } from '../../asl/types.js';
import { TaskFailure } from '../resources.js';
import { stateFailureCause } from './failure.js';
import { compilePath, type CompiledPath } from './path.js';
import { NOT_FOUND, type Scope } from './scope.js';
import { compareTimestamps, parseTimestamp, type Timestamp } from './timestamp.js';

/** A compiled Choice rule. A missing `Variable` (for any test but IsPresent) fails with `States.Runtime`. */
export type ChoicePredicate = (scope: Scope, stateName?: string, enteredEventId?: number) => boolean;

const OPERATORS: ReadonlySet<string> = new Set(CHOICE_COMPARISON_OPERATORS);
const IGNORED: ReadonlySet<string> = new Set(['Next', 'Comment', 'Assign', 'Output']);

type Family = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

const RELATIONS: Readonly<Record<Relation, (c: number) => boolean>> = {
  Equals: (c) => c === 0,
  LessThan: (c) => c < 0,
  GreaterThan: (c) => c > 0,
  LessThanEquals: (c) => c <= 0,
  GreaterThanEquals: (c) => c >= 0,
};

function splitOperator(op: string): { family: Family; relation: Relation; path: boolean } | undefined {
  const m = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThanEquals|GreaterThanEquals|LessThan|GreaterThan)(Path)?$/.exec(op);
  if (!m) return undefined;
  return { family: m[1] as Family, relation: m[2] as Relation, path: m[3] !== undefined };
}

/** Converts a value into something comparable for a family, or undefined when the type does not fit. */
function coerce(family: Family, v: unknown): string | number | boolean | Timestamp | undefined {
  switch (family) {
    case 'String': return typeof v === 'string' ? v : undefined;
    case 'Numeric': return typeof v === 'number' ? v : undefined;
    case 'Boolean': return typeof v === 'boolean' ? v : undefined;
    case 'Timestamp': return typeof v === 'string' ? parseTimestamp(v) : undefined;
  }
}

function compare(family: Family, a: string | number | boolean | Timestamp, b: string | number | boolean | Timestamp): number {
  if (family === 'Timestamp') return compareTimestamps(a as Timestamp, b as Timestamp);
  if (family === 'Boolean') return a === b ? 0 : 1;
  // Strings compare by UTF-16 code units, as Java's String.compareTo does.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** StringMatches: `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
export function compileStringMatches(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      re += (pattern[i + 1] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    } else if (c === '*') {
      re += '[\\s\\S]*';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

function missingVariable(path: string, stateName: string | undefined, enteredEventId: number | undefined): never {
  const detail = `Invalid path '${path}': The choice state's condition path references an invalid value.`;
  throw new TaskFailure('States.Runtime', stateName === undefined ? detail : stateFailureCause(stateName, enteredEventId, detail));
}

function compileComparison(rule: Record<string, unknown>, where: string): Result<ChoicePredicate, string> {
  const ops = Object.keys(rule).filter((k) => OPERATORS.has(k));
  const unknown = Object.keys(rule).filter((k) => !OPERATORS.has(k) && !IGNORED.has(k) && k !== 'Variable');
  if (unknown.length > 0) return err(`Choice rule at ${where} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`);
  if (typeof rule.Variable !== 'string') return err(`Choice rule at ${where} needs a 'Variable' path (a string)`);
  if (ops.length !== 1) return err(`Choice rule at ${where} must have exactly one comparison operator, found ${ops.length === 0 ? 'none' : ops.join(', ')}`);
  const op = ops[0] as ChoiceComparisonOperator;
  const operand = rule[op];
  const varPath = compilePath(rule.Variable);
  if (varPath.isErr()) return err(`${varPath.error} (Variable of the choice rule at ${where})`);
  const variable = varPath.value;
  const vsrc = rule.Variable;

  if (op.startsWith('Is')) {
    if (typeof operand !== 'boolean') return err(`'${op}' at ${where} must be true or false`);
    const want = operand;
    if (op === 'IsPresent') return ok((s) => (variable.get(s) !== NOT_FOUND) === want);
    const test = IS_TESTS[op];
    if (test === undefined) return err(`Unknown operator '${op}' at ${where}`);
    return ok((s) => {
      const v = variable.get(s);
      return v === NOT_FOUND ? false : test(v) === want;
    });
  }

  if (op === 'StringMatches') {
    if (typeof operand !== 'string') return err(`'StringMatches' at ${where} must be a string pattern`);
    const re = compileStringMatches(operand);
    return ok((s, name, id) => {
      const v = variable.get(s);
      if (v === NOT_FOUND) return missingVariable(vsrc, name, id);
      return typeof v === 'string' && re.test(v);
    });
  }

  const parts = splitOperator(op);
  if (parts === undefined) return err(`Unknown operator '${op}' at ${where}`);
  const { family, relation } = parts;
  const rel = RELATIONS[relation];
  if (parts.path) {
    if (typeof operand !== 'string') return err(`'${op}' at ${where} must be a path (a string)`);
    const other = compilePath(operand);
    if (other.isErr()) return err(`${other.error} ('${op}' of the choice rule at ${where})`);
    const otherPath: CompiledPath = other.value;
    return ok((s, name, id) => {
      const v = variable.get(s);
      if (v === NOT_FOUND) return missingVariable(vsrc, name, id);
      const w = otherPath.get(s);
      if (w === NOT_FOUND) return missingVariable(operand, name, id);
      const a = coerce(family, v);
      const b = coerce(family, w);
      if (a === undefined || b === undefined) return false;
      return rel(compare(family, a, b));
    });
  }
  const b = coerce(family, operand);
  if (b === undefined) {
    return err(`'${op}' at ${where} must be ${family === 'Numeric' ? 'a number' : family === 'Boolean' ? 'true or false' : family === 'Timestamp' ? 'an ISO-8601 timestamp string' : 'a string'}, got ${JSON.stringify(operand)}`);
  }
  if (family === 'String' && relation === 'Equals') {
    return ok((s, name, id) => {
      const v = variable.get(s);
      if (v === NOT_FOUND) return missingVariable(vsrc, name, id);
      return v === b;
    });
  }
  if (family === 'Numeric' && relation === 'Equals') {
    return ok((s, name, id) => {
      const v = variable.get(s);
      if (v === NOT_FOUND) return missingVariable(vsrc, name, id);
      return v === b;
    });
  }
  return ok((s, name, id) => {
    const v = variable.get(s);
    if (v === NOT_FOUND) return missingVariable(vsrc, name, id);
    const a = coerce(family, v);
    return a !== undefined && rel(compare(family, a, b));
  });
}

const IS_TESTS: Readonly<Record<string, (v: unknown) => boolean>> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => typeof v === 'string' && parseTimestamp(v) !== undefined,
};

function compileRule(rule: unknown, where: string): Result<ChoicePredicate, string> {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return err(`Choice rule at ${where} must be an object`);
  const r = rule as Record<string, unknown>;
  if ('And' in r || 'Or' in r) {
    const key = 'And' in r ? 'And' : 'Or';
    const list = r[key];
    if (!Array.isArray(list) || list.length === 0) return err(`'${key}' at ${where} must be a non-empty array of rules`);
    const preds: ChoicePredicate[] = [];
    for (let i = 0; i < list.length; i++) {
      const p = compileRule(list[i], `${where}/${key}/${i}`);
      if (p.isErr()) return p;
      preds.push(p.value);
    }
    if (key === 'And') return ok((s, n, id) => { for (const p of preds) if (!p(s, n, id)) return false; return true; });
    return ok((s, n, id) => { for (const p of preds) if (p(s, n, id)) return true; return false; });
  }
  if ('Not' in r) {
    const p = compileRule(r.Not, `${where}/Not`);
    if (p.isErr()) return p;
    const inner = p.value;
    return ok((s, n, id) => !inner(s, n, id));
  }
  return compileComparison(r, where);
}

/**
 * Compiles a JSONPath Choice rule (its `Next`, `Comment`, `Assign` and `Output` are
 * ignored) into a predicate. The error is a message naming the rule's place.
 */
export function compileChoiceRule(rule: unknown): Result<ChoicePredicate, string> {
  return compileRule(rule, 'the rule');
}
