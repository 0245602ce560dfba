/**
 * Choice state checks: rules in both query languages, operator counts and value types,
 * rule targets.
 * @see https://states-language.net/spec.html#choice-state
 * @internal
 */
import { CHOICE_COMPARISON_OPERATORS } from '../types.js';
import { childPointer } from './json-pointer.js';
import { checkAssignNames, checkJsonataExpression, checkJsonataStrings, checkPathField, checkPayloadTemplate, isJsonataString } from './check-expressions.js';
import type { PendingTarget } from './check-errors.js';
import { isObj, jsonType, type Ctx, type Obj, type StateSite } from './context.js';

const OPERATORS: ReadonlySet<string> = new Set(CHOICE_COMPARISON_OPERATORS);
const BOOLEAN_OPS = ['And', 'Or', 'Not'] as const;
const JSONPATH_RULE_KEYS = new Set(['Variable', 'And', 'Or', 'Not', 'Comment', ...CHOICE_COMPARISON_OPERATORS]);
const JSONATA_RULE_KEYS = new Set(['Condition', 'Next', 'Comment', 'Assign', 'Output']);

/** Checks the `Choices` and `Default` of a Choice state. @internal */
export function checkChoiceState(ctx: Ctx, site: StateSite, state: Obj, targets: PendingTarget[], edges: string[]): void {
  const choices = state['Choices'];
  const pointer = childPointer(site.pointer, 'Choices');
  if (choices === undefined) {
    ctx.add('missing-field', site.pointer, `State "${site.name}" is a Choice state without Choices; add at least one rule`);
  } else if (!Array.isArray(choices)) {
    ctx.add('invalid-value', pointer, `State "${site.name}": Choices must be an array of rules, not ${jsonType(choices)}`);
  } else if (choices.length === 0) {
    ctx.add('empty-list', pointer, `State "${site.name}": Choices is empty; a Choice state needs at least one rule`);
  } else {
    for (let i = 0; i < choices.length; i++) {
      const rule: unknown = choices[i];
      const p = childPointer(pointer, i);
      const where = `State "${site.name}": Choices[${i}]`;
      if (!isObj(rule)) { ctx.add('not-an-object', p, `${where} must be a rule object, not ${jsonType(rule)}`); continue; }
      const next = rule['Next'];
      if (next === undefined) ctx.add('missing-field', p, `${where} has no Next; a top-level rule names the state to go to`);
      else if (typeof next !== 'string') ctx.add('invalid-value', childPointer(p, 'Next'), `${where}.Next must be a state name string, not ${jsonType(next)}`);
      else {
        targets.push({ target: next, pointer: childPointer(p, 'Next'), what: `Choices[${i}].Next of state "${site.name}"` });
        edges.push(next);
      }
      if (site.language === 'JSONata') checkJsonataRule(ctx, rule, p, where);
      else {
        checkJsonPathRule(ctx, rule, p, where, true);
        if ('Assign' in rule) {
          checkAssignNames(ctx, rule['Assign'], childPointer(p, 'Assign'), `${where}.Assign`, true);
          checkPayloadTemplate(ctx, rule['Assign'], childPointer(p, 'Assign'), `${where}.Assign`);
        }
      }
    }
  }
  const def = state['Default'];
  if (def !== undefined) {
    if (typeof def !== 'string') ctx.add('invalid-value', childPointer(site.pointer, 'Default'), `State "${site.name}": Default must be a state name string, not ${jsonType(def)}`);
    else {
      targets.push({ target: def, pointer: childPointer(site.pointer, 'Default'), what: `Default of state "${site.name}"` });
      edges.push(def);
    }
  }
}

function checkJsonataRule(ctx: Ctx, rule: Obj, pointer: string, where: string): void {
  for (const key of Object.keys(rule)) {
    if (JSONATA_RULE_KEYS.has(key)) continue;
    if (JSONPATH_RULE_KEYS.has(key)) {
      ctx.add('wrong-query-language', childPointer(pointer, key), `${where}: "${key}" belongs to JSONPath choice rules but the state uses JSONata; write the test as Condition: "{% … %}"`);
    } else {
      ctx.add('unknown-field', childPointer(pointer, key), `${where} has unknown field "${key}"; a JSONata rule has Condition, Next, Assign, Output and Comment`);
    }
  }
  const cond = rule['Condition'];
  const cp = childPointer(pointer, 'Condition');
  if (cond === undefined) ctx.add('missing-field', pointer, `${where} has no Condition; a JSONata rule tests "{% <boolean expression> %}"`);
  else if (typeof cond === 'string') {
    if (isJsonataString(cond) || cond.startsWith('{%')) checkJsonataExpression(ctx, cond, cp, `${where}.Condition`);
    else ctx.add('invalid-value', cp, `${where}.Condition must be a JSONata expression "{% … %}" or a boolean, got the plain string ${JSON.stringify(cond)}`);
  } else if (typeof cond !== 'boolean') {
    ctx.add('invalid-value', cp, `${where}.Condition must be a JSONata expression "{% … %}" or a boolean, not ${jsonType(cond)}`);
  }
  if ('Assign' in rule) {
    checkAssignNames(ctx, rule['Assign'], childPointer(pointer, 'Assign'), `${where}.Assign`, false);
    checkJsonataStrings(ctx, rule['Assign'], childPointer(pointer, 'Assign'), `${where}.Assign`);
  }
  if ('Output' in rule) checkJsonataStrings(ctx, rule['Output'], childPointer(pointer, 'Output'), `${where}.Output`);
}

function checkJsonPathRule(ctx: Ctx, rule: Obj, pointer: string, where: string, top: boolean): void {
  const operators: string[] = [];
  for (const key of Object.keys(rule)) {
    if (OPERATORS.has(key) || (BOOLEAN_OPS as readonly string[]).includes(key)) operators.push(key);
    else if (key === 'Variable' || key === 'Comment' || (top && (key === 'Next' || key === 'Assign'))) continue;
    else if (key === 'Condition' || key === 'Output') {
      ctx.add('wrong-query-language', childPointer(pointer, key), `${where}: "${key}" belongs to JSONata choice rules but the state uses JSONPath; use Variable with a comparison operator`);
    } else {
      ctx.add('unknown-field', childPointer(pointer, key), `${where} has unknown field "${key}"; a rule has Variable with one comparison operator, or And/Or/Not${top ? ', plus Next, Assign and Comment' : ''}`);
    }
  }
  if (operators.length === 0) {
    ctx.add('invalid-choice-rule', pointer, `${where} has no comparison operator; add exactly one (e.g. StringEquals, NumericLessThan, IsPresent) or And/Or/Not`);
    return;
  }
  if (operators.length > 1) {
    ctx.add('invalid-choice-rule', pointer, `${where} has ${operators.length} comparison operators (${operators.join(', ')}); a rule holds exactly one, combine rules with And/Or`);
    return;
  }
  const op = operators[0] as string;
  const p = childPointer(pointer, op);
  const value = rule[op];
  if (op === 'And' || op === 'Or') {
    if ('Variable' in rule) ctx.add('invalid-choice-rule', childPointer(pointer, 'Variable'), `${where}: a ${op} rule has no Variable; put Variable in each nested rule`);
    if (!Array.isArray(value)) ctx.add('invalid-value', p, `${where}.${op} must be an array of rules, not ${jsonType(value)}`);
    else if (value.length === 0) ctx.add('empty-list', p, `${where}.${op} is empty; list at least one nested rule`);
    else {
      for (let i = 0; i < value.length; i++) {
        const nested: unknown = value[i];
        const np = childPointer(p, i);
        if (!isObj(nested)) ctx.add('not-an-object', np, `${where}.${op}[${i}] must be a rule object, not ${jsonType(nested)}`);
        else checkJsonPathRule(ctx, nested, np, `${where}.${op}[${i}]`, false);
      }
    }
    return;
  }
  if (op === 'Not') {
    if ('Variable' in rule) ctx.add('invalid-choice-rule', childPointer(pointer, 'Variable'), `${where}: a Not rule has no Variable; put Variable in the nested rule`);
    if (!isObj(value)) ctx.add('not-an-object', p, `${where}.Not must be a single rule object, not ${jsonType(value)}`);
    else checkJsonPathRule(ctx, value, p, `${where}.Not`, false);
    return;
  }
  const variable = rule['Variable'];
  if (variable === undefined) ctx.add('missing-field', pointer, `${where} uses ${op} but has no Variable; add the JSONPath of the value to test`);
  else checkPathField(ctx, variable, childPointer(pointer, 'Variable'), `${where}.Variable`, 'path', false);
  checkOperand(ctx, op, value, p, where);
}

function checkOperand(ctx: Ctx, op: string, value: unknown, pointer: string, where: string): void {
  if (op.endsWith('Path')) {
    checkPathField(ctx, value, pointer, `${where}.${op}`, 'path', false);
    return;
  }
  let expected: 'string' | 'number' | 'boolean';
  if (op.startsWith('String') || op.startsWith('Timestamp')) expected = 'string';
  else if (op.startsWith('Numeric')) expected = 'number';
  else expected = 'boolean';
  if (typeof value !== expected) {
    ctx.add('invalid-value', pointer, `${where}.${op} compares with ${expected === 'number' ? 'a number' : `a ${expected}`}, not ${jsonType(value)}`);
  }
}
