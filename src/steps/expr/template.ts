/**
 * Parameter templates: what a parameter function such as
 * `args: s => ({ '--key': s.key, '--uri': fmt`s3://${s.bucket}/${s.key}` })`
 * returns, recorded once into plain data ({@link Template}) and rendered per
 * query language:
 *
 * - JSONPath: `{ "--key.$": "$.key", "--uri.$": "States.Format('s3://{}/{}', $.bucket, $.key)" }`
 * - JSONata:  `{ "--key": "{% $states.input.key %}", "--uri": "{% 's3://' & ... %}" }`
 */
import type { JsonObject, JsonValue, QueryLanguage } from '../../asl/types.js';
import { jsonataOf, jsonPathOf } from './path.js';
import { contextProxy, refNodeOf, stateProxy } from './ref.js';
import type { ContextRef, Ref, RefNode, RefOf } from './ref.js';
import { RenderError } from './render-error.js';

const MARK = Symbol.for('statecraft.template-value');
declare const valueType: unique symbol;

/** A string built from literal text and references: `fmt\`s3://${s.bucket}/${s.key}\``. */
export interface Formatted {
  readonly [MARK]: 'format';
  readonly strings: readonly string[];
  readonly values: readonly TemplateInput[];
}

/** A raw JSONata expression producing a `T`; only valid in JSONata state machines. */
export interface JsonataExpr<T> {
  readonly [MARK]: 'jsonata';
  readonly expression: string;
  /** @internal phantom */
  readonly [valueType]?: T;
}

/** Anything a parameter function may return: JSON literals, references, `fmt` strings, raw JSONata, arrays and objects of those. */
export type TemplateInput =
  | string | number | boolean | null | undefined
  | RefOf<unknown>
  | Formatted
  | JsonataExpr<unknown>
  | readonly TemplateInput[]
  | { readonly [key: string]: TemplateInput };

/**
 * A typed template for a value of type `T`: the value itself, a reference to a
 * `T`, a `fmt` string where `T` is a string, or an object of templates.
 */
export type TemplateFor<T> =
  | T
  | RefOf<T>
  | JsonataExpr<T>
  | ([T] extends [string] ? Formatted : never)
  | (T extends readonly (infer E)[] ? readonly TemplateFor<E>[] : T extends object ? { readonly [K in keyof T]: TemplateFor<T[K]> } : never);

/** The recorded, plain-data form of a template. */
export type Template =
  | { readonly kind: 'literal'; readonly value: JsonValue }
  | RefNode
  | { readonly kind: 'format'; readonly parts: readonly (string | RefNode)[] }
  | { readonly kind: 'jsonata'; readonly expression: string }
  | { readonly kind: 'array'; readonly items: readonly Template[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, Template])[] };

/**
 * A string template of literal text and references.
 * @example fmt`s3://${s.bucket}/${s.key}` // JSONPath: States.Format('s3://{}/{}', $.bucket, $.key)
 */
export function fmt(strings: TemplateStringsArray, ...values: readonly (RefOf<string> | RefOf<number> | RefOf<boolean> | string | number | boolean)[]): Formatted {
  return { [MARK]: 'format', strings: [...strings], values };
}

/**
 * A raw JSONata expression (without `{% %}`), typed as producing `T`.
 * Only valid in pipelines compiled with `queryLanguage: 'JSONata'`.
 * @example jsonata<number>('$count($states.input.items)')
 */
export function jsonata<T = unknown>(expression: string): JsonataExpr<T> {
  if (typeof expression !== 'string' || expression.trim() === '') throw new TypeError('jsonata(): the expression must be a non-empty string');
  return { [MARK]: 'jsonata', expression: expression.trim() };
}

/** A literal JSON value as a template. */
export function lit(value: JsonValue): Template {
  return { kind: 'literal', value };
}

function markOf(value: object): unknown {
  return (value as { [MARK]?: unknown })[MARK];
}

function isStatic(t: Template): t is { readonly kind: 'literal'; readonly value: JsonValue } {
  return t.kind === 'literal';
}

/** Converts what a parameter function returned into a {@link Template}; `field` names the place for error messages. */
export function toTemplate(value: TemplateInput, field = ''): Template {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { kind: 'literal', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RenderError(field, `${value} is not a JSON number`);
    return { kind: 'literal', value };
  }
  if (value === undefined) throw new RenderError(field, 'undefined is not a JSON value (leave the key out instead)');
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new RenderError(field, `a ${typeof value} is not a JSON value`);
  }
  const node = refNodeOf(value);
  if (node !== undefined) return node;
  const mark = markOf(value);
  if (mark === 'format') {
    const f = value as Formatted;
    const parts: (string | RefNode)[] = [];
    f.strings.forEach((s, i) => {
      if (s !== '') parts.push(s);
      if (i < f.values.length) {
        const v = f.values[i];
        const ref = refNodeOf(v);
        if (ref !== undefined) parts.push(ref);
        else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
        else throw new RenderError(field, `fmt: value ${i + 1} must be a state reference or a string, number or boolean`);
      }
    });
    // Merge adjacent literal parts so rendering is canonical.
    const merged: (string | RefNode)[] = [];
    for (const p of parts) {
      const last = merged[merged.length - 1];
      if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
      else merged.push(p);
    }
    if (merged.every((p) => typeof p === 'string')) return { kind: 'literal', value: merged.join('') };
    return { kind: 'format', parts: merged };
  }
  if (mark === 'jsonata') return { kind: 'jsonata', expression: (value as JsonataExpr<unknown>).expression };
  if (Array.isArray(value)) {
    const items = (value as readonly TemplateInput[]).map((v, i) => toTemplate(v, `${field}[${i}]`));
    return items.every(isStatic) ? { kind: 'literal', value: items.map((i) => i.value) } : { kind: 'array', items };
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new RenderError(field, 'only plain objects, arrays, JSON values, state references and fmt`…` strings can be parameters');
  }
  const entries: (readonly [string, Template])[] = [];
  for (const key of Object.keys(value)) {
    const v = (value as { readonly [k: string]: TemplateInput })[key];
    if (v === undefined) continue;
    entries.push([key, toTemplate(v, field === '' ? key : `${field}.${key}`)]);
  }
  if (entries.every(([, t]) => isStatic(t))) {
    const obj: { [k: string]: JsonValue } = {};
    for (const [k, t] of entries) obj[k] = (t as { value: JsonValue }).value;
    return { kind: 'literal', value: obj };
  }
  return { kind: 'object', entries };
}

/**
 * Runs a parameter function once on recording proxies and returns its template.
 * @example record<{ key: string }>((s) => ({ '--key': s.key }))
 */
export function record<S>(fn: (state: Ref<S>, context: ContextRef) => TemplateInput, field = ''): Template {
  return toTemplate(fn(stateProxy<S>(), contextProxy()), field);
}

// Intrinsic-function string literals: `'`, `{`, `}` and `\` are escaped with a backslash.
function intrinsicString(text: string): string {
  return `'${text.replace(/[\\'{}]/g, (c) => `\\${c}`)}'`;
}

function intrinsicArg(t: Template, field: string): string {
  switch (t.kind) {
    case 'ref':
      return jsonPathOf(t);
    case 'format':
      return formatToIntrinsic(t.parts);
    case 'literal':
      if (typeof t.value === 'string') return intrinsicString(t.value);
      if (typeof t.value === 'number' || typeof t.value === 'boolean' || t.value === null) return JSON.stringify(t.value);
      return `States.StringToJson(${intrinsicString(JSON.stringify(t.value))})`;
    case 'array':
      return `States.Array(${t.items.map((it, i) => intrinsicArg(it, `${field}[${i}]`)).join(', ')})`;
    case 'object':
      throw new RenderError(field, 'JSONPath cannot place an object holding state references inside an array; build the object in a previous step or use JSONata');
    case 'jsonata':
      throw new RenderError(field, 'a jsonata(…) expression cannot be used in a JSONPath state machine');
  }
}

function formatToIntrinsic(parts: readonly (string | RefNode)[]): string {
  const text = parts.map((p) => (typeof p === 'string' ? p.replace(/[\\'{}]/g, (c) => `\\${c}`) : '{}')).join('');
  const args = parts.filter((p): p is RefNode => typeof p !== 'string').map(jsonPathOf);
  return `States.Format('${text}', ${args.join(', ')})`;
}

/** A rendered template value: in JSONPath, `dynamic` values are paths or intrinsic calls and their key needs the `.$` suffix. */
export interface RenderedValue {
  readonly dynamic: boolean;
  readonly value: JsonValue;
}

function jsonataString(text: string): string {
  return JSON.stringify(text);
}

/** Renders a template in the given query language. */
export function renderTemplate(t: Template, queryLanguage: QueryLanguage, field = ''): RenderedValue {
  if (queryLanguage === 'JSONata') return { dynamic: false, value: renderJsonata(t) };
  switch (t.kind) {
    case 'literal':
      return { dynamic: false, value: t.value };
    case 'ref':
      return { dynamic: true, value: jsonPathOf(t) };
    case 'format':
    case 'array':
    case 'jsonata':
      return { dynamic: true, value: intrinsicArg(t, field) };
    case 'object': {
      const out: { [k: string]: JsonValue } = {};
      for (const [k, v] of t.entries) {
        const r = renderTemplate(v, queryLanguage, field === '' ? k : `${field}.${k}`);
        out[r.dynamic ? `${k}.$` : k] = r.value;
      }
      return { dynamic: false, value: out };
    }
  }
}

function renderJsonata(t: Template): JsonValue {
  switch (t.kind) {
    case 'literal':
      // A literal string that looks like an expression would be evaluated: quote it.
      if (typeof t.value === 'string' && /^\s*\{%/.test(t.value)) return `{% ${jsonataString(t.value)} %}`;
      return t.value;
    case 'ref':
      return `{% ${jsonataOf(t)} %}`;
    case 'format':
      return `{% ${t.parts.map((p) => (typeof p === 'string' ? jsonataString(p) : jsonataOf(p))).join(' & ')} %}`;
    case 'jsonata':
      return `{% ${t.expression} %}`;
    case 'array':
      return t.items.map(renderJsonata);
    case 'object': {
      const out: { [k: string]: JsonValue } = {};
      for (const [k, v] of t.entries) out[k] = renderJsonata(v);
      return out;
    }
  }
}

/** One payload field: `[key, value]` with JSONPath's `.$` suffix when the value is dynamic. */
export function renderField(key: string, t: Template, queryLanguage: QueryLanguage): readonly [string, JsonValue] {
  const r = renderTemplate(t, queryLanguage, key);
  return [r.dynamic ? `${key}.$` : key, r.value];
}

/** A payload object from named templates (a JSONPath `Parameters` value or a JSONata `Arguments` value). */
export function renderPayload(fields: { readonly [key: string]: Template }, queryLanguage: QueryLanguage): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(fields)) {
    const t = fields[key];
    if (t === undefined) continue;
    const [k, v] = renderField(key, t, queryLanguage);
    out[k] = v;
  }
  return out;
}

/**
 * The parameters field of a Task for the query language: `{ Parameters }` in
 * JSONPath, `{ Arguments }` in JSONata.
 * @example { Type: 'Task', Resource, ...renderParameters({ FunctionName: lit(arn), Payload: payload }, ctx.queryLanguage) }
 */
export function renderParameters(
  fields: { readonly [key: string]: Template },
  queryLanguage: QueryLanguage,
): { readonly Parameters: JsonObject } | { readonly Arguments: JsonObject } {
  const payload = renderPayload(fields, queryLanguage);
  return queryLanguage === 'JSONPath' ? { Parameters: payload } : { Arguments: payload };
}

/** A template as one JSONata expression (no `{% %}`), e.g. `{"id": $states.input.id, "n": 1}`. */
export function jsonataExpressionOf(t: Template): string {
  switch (t.kind) {
    case 'literal':
      return JSON.stringify(t.value);
    case 'ref':
      return jsonataOf(t);
    case 'format':
      return t.parts.map((p) => (typeof p === 'string' ? jsonataString(p) : jsonataOf(p))).join(' & ');
    case 'jsonata':
      return `(${t.expression})`;
    case 'array':
      return `[${t.items.map(jsonataExpressionOf).join(', ')}]`;
    case 'object':
      return `{${t.entries.map(([k, v]) => `${jsonataString(k)}: ${jsonataExpressionOf(v)}`).join(', ')}}`;
  }
}

/** True when `value` was made by {@link jsonata}. */
export function isJsonataExpr(value: unknown): value is JsonataExpr<unknown> {
  return typeof value === 'object' && value !== null && markOf(value) === 'jsonata';
}
