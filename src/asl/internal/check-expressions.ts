/**
 * Checks of the expressions embedded in a state: JSONPath payload templates (`.$` keys
 * holding a path or an intrinsic call), plain path fields, and JSONata `{% %}` strings.
 * @internal
 */
import jsonata from 'jsonata';
import { childPointer } from './json-pointer.js';
import { checkIntrinsic, looksLikeIntrinsic } from './intrinsic-syntax.js';
import { checkJsonPath, type PathGrammar } from './jsonpath-syntax.js';
import { isObj, jsonType, type Ctx } from './context.js';

/** JSONata parse results by expression text: documents repeat expressions. */
const jsonataCache = new Map<string, string | undefined>();

/**
 * Checks a JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign, …):
 * every `.$` key must hold a well-formed path or intrinsic call.
 * @internal
 */
export function checkPayloadTemplate(ctx: Ctx, value: unknown, pointer: string, where: string): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkPayloadTemplate(ctx, value[i], childPointer(pointer, i), where);
    return;
  }
  if (!isObj(value)) return;
  for (const key of Object.keys(value)) {
    const v = value[key];
    const p = childPointer(pointer, key);
    if (key.endsWith('.$')) {
      if (typeof v !== 'string') {
        ctx.add('invalid-value', p, `${where}: "${key}" ends in ".$", so its value must be a path or intrinsic call string, not ${jsonType(v)}; drop the ".$" suffix for a literal value`);
        continue;
      }
      checkPathOrIntrinsic(ctx, v, p, `${where}: "${key}"`);
    } else {
      checkPayloadTemplate(ctx, v, p, where);
    }
  }
}

/**
 * Checks a string that may be a JSONPath (with `$$` and variables) or an intrinsic call.
 * @internal
 */
export function checkPathOrIntrinsic(ctx: Ctx, value: string, pointer: string, where: string): void {
  if (looksLikeIntrinsic(value)) {
    const err = checkIntrinsic(value);
    if (err !== undefined) ctx.add('invalid-intrinsic', pointer, `${where}: intrinsic call "${value}": ${err}`);
    return;
  }
  const err = checkJsonPath(value, 'path', { context: true, variables: true });
  if (err !== undefined) ctx.add('invalid-path', pointer, `${where}: JSONPath "${value}" ${err}`);
}

/**
 * Checks a path-valued field (InputPath, ResultPath, SecondsPath, …); `null` is accepted
 * when `nullable`.
 * @internal
 */
export function checkPathField(
  ctx: Ctx, value: unknown, pointer: string, where: string, grammar: PathGrammar, nullable: boolean,
): void {
  if (value === null && nullable) return;
  if (typeof value !== 'string') {
    ctx.add('invalid-value', pointer, `${where} must be a JSONPath string${nullable ? ' or null' : ''}, not ${jsonType(value)}`);
    return;
  }
  const err = checkJsonPath(value, grammar, { context: grammar === 'path', variables: grammar === 'path' });
  if (err !== undefined) {
    const kind = grammar === 'reference' ? 'JSONPath reference path' : 'JSONPath';
    ctx.add('invalid-path', pointer, `${where}: ${kind} "${value}" ${err}`);
  }
}

/** True when a string is a JSONata expression: `{% … %}`. @internal */
export function isJsonataString(value: string): boolean {
  return value.startsWith('{%') && value.endsWith('%}') && value.length >= 4;
}

/**
 * Walks any JSON value of a JSONata state and parses every `{% %}` string with JSONata.
 * @internal
 */
export function checkJsonataStrings(ctx: Ctx, value: unknown, pointer: string, where: string): void {
  if (typeof value === 'string') {
    if (value.startsWith('{%')) checkJsonataExpression(ctx, value, pointer, where);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJsonataStrings(ctx, value[i], childPointer(pointer, i), where);
    return;
  }
  if (isObj(value)) {
    for (const key of Object.keys(value)) checkJsonataStrings(ctx, value[key], childPointer(pointer, key), where);
  }
}

/** Parses one `{% … %}` string. @internal */
export function checkJsonataExpression(ctx: Ctx, value: string, pointer: string, where: string): void {
  if (!value.endsWith('%}') || value.length < 4) {
    ctx.add('invalid-jsonata', pointer, `${where}: "${abbreviate(value)}" opens a JSONata expression with "{%" but does not end with "%}"`);
    return;
  }
  const body = value.slice(2, -2);
  let err = jsonataCache.get(body);
  if (err === undefined && !jsonataCache.has(body)) {
    if (body.trim().length === 0) err = 'the expression is empty';
    else {
      try {
        jsonata(body);
      } catch (e) {
        err = describeJsonataError(e);
      }
    }
    jsonataCache.set(body, err);
  }
  if (err !== undefined) ctx.add('invalid-jsonata', pointer, `${where}: JSONata expression "${abbreviate(value)}" does not parse: ${err}`);
}

function describeJsonataError(e: unknown): string {
  if (isObj(e)) {
    const message = typeof e['message'] === 'string' ? e['message'] : 'syntax error';
    const position = typeof e['position'] === 'number' ? ` (at character ${e['position']})` : '';
    return `${message}${position}`;
  }
  return String(e);
}

function abbreviate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * Checks the variable names of an `Assign` object: a letter or underscore, then letters,
 * digits and underscores, at most 80 characters (JSONPath states strip a trailing `.$`).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
 * @internal
 */
export function checkAssignNames(ctx: Ctx, value: unknown, pointer: string, where: string, jsonPath: boolean): void {
  if (!isObj(value)) {
    ctx.add('not-an-object', pointer, `${where} must be an object of variable names, not ${jsonType(value)}`);
    return;
  }
  for (const key of Object.keys(value)) {
    const name = jsonPath && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name) || name.length > 80) {
      ctx.add('invalid-value', childPointer(pointer, key), `${where}: "${name}" is not a valid variable name; use a letter or "_" followed by letters, digits or "_" (at most 80 characters)`);
    }
  }
}
