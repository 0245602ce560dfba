/**
 * JSONata query language: a JSON value whose strings `{% … %}` are JSONata expressions,
 * evaluated with `$states` and workflow variables bound, plus the functions Step
 * Functions adds ($partition, $range, $hash, $random, $uuid, $parse).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 */
import jsonata from 'jsonata';
import { err, ok, type Result } from 'neverthrow';
import { TaskFailure } from '../resources.js';
import { stateFailureCause } from './failure.js';
import { frozenCopy, setOwn } from './internal/json-value.js';
import { generateObjectBuilder } from './internal/codegen.js';
import { JSONATA_FUNCTIONS, JSONATA_REMOVED, jsonataSort } from './internal/jsonata-functions.js';
import { makeNativeFunction, NativeLambdaFallback, nativizeLambdas, type AstNode, type LambdaReplacement, type SortReplacement } from './internal/jsonata-native-lambdas.js';
import { compileNativeExpression, type NativeExpression } from './internal/jsonata-native-eval.js';

/** What `$states` and `$name` refer to during one evaluation. */
export interface JsonataBindings {
  /** `$states`: `{ input, context, result?, errorOutput? }`. */
  readonly states: Record<string, unknown>;
  /** Workflow variables (may be a prototype chain). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** The (virtual) clock in epoch milliseconds; when given, `$now()` and `$millis()` read it instead of the real time. */
  readonly now?: () => number;
}

/** A compiled JSONata template. */
export interface JsonataProgram {
  /** True when the template holds no `{% %}` expression: {@link JsonataProgram.evaluate} then returns synchronously. */
  readonly isConstant: boolean;
  /**
   * Evaluates the template: synchronously when every expression is a plain reference
   * (`$states.input.a`, `$var.b`) that resolves through objects, or fits the native
   * subset (see internal/jsonata-native-eval.ts) and evaluates there without bailing out;
   * else as a Promise. Fails with `TaskFailure('States.QueryEvaluationError', …)` when
   * an expression throws or returns nothing; with `stateName` (and the entered event id)
   * the cause carries AWS's "An error occurred while executing the state …" prefix.
   */
  evaluate(bindings: JsonataBindings, stateName?: string, enteredEventId?: number): unknown;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;
/** A compiled expression: `fast` may have native lambda bodies; `exact` is untouched (used when `fast` bails out). */
interface CompiledExpression {
  readonly fast: jsonata.Expression;
  readonly exact: jsonata.Expression;
  /** Lambdas of `fast` turned into variables, bound per evaluation. */
  readonly lambdas: readonly LambdaReplacement[];
  /** `$sort(xs, λ)` calls of `fast` turned into calls of a sort holding a native comparator. */
  readonly sorts: readonly SortReplacement[];
  /** The whole expression evaluated natively and synchronously, when it fits that subset (it may still bail out per value). */
  readonly native: NativeExpression | undefined;
}

const cache = new Map<string, CompiledExpression>();

/** True when a string is a `{% … %}` JSONata expression. */
export function isJsonataExpression(v: unknown): v is string {
  return typeof v === 'string' && EXPRESSION.test(v);
}

function compiledExpression(text: string): CompiledExpression {
  let e = cache.get(text);
  if (e === undefined) {
    const fast = jsonata(text);
    const { changed, replacements, sorts } = nativizeLambdas(fast);
    const exact = changed > 0 ? jsonata(text) : fast;
    e = { fast, exact, lambdas: replacements, sorts, native: compileNativeExpression(exact.ast() as AstNode) };
    cache.set(text, e);
  }
  return e;
}

/** The native evaluation of an expression, or {@link NATIVE_BAILED} when it needs JSONata itself. */
function runNative(e: CompiledExpression, input: unknown, bindings: Record<string, unknown>): unknown {
  if (e.native === undefined) return NATIVE_BAILED;
  try {
    return e.native(input, bindings);
  } catch {
    // Any value outside the native subset (and any error, whose message must be JSONata's): JSONata decides.
    return NATIVE_BAILED;
  }
}

const NATIVE_BAILED: unique symbol = Symbol('native JSONata bailed out');

async function run(e: CompiledExpression, input: unknown, bindings: Record<string, unknown>): Promise<unknown> {
  const native = runNative(e, input, bindings);
  if (native !== NATIVE_BAILED) return native;
  if (e.fast === e.exact) return e.fast.evaluate(input, bindings);
  let fastBindings = bindings;
  if (e.lambdas.length > 0) {
    fastBindings = Object.assign({}, bindings);
    for (const l of e.lambdas) fastBindings[l.name] = makeNativeFunction(l, bindings);
    for (const st of e.sorts) {
      const comparator = makeNativeFunction(st.lambda, bindings);
      // A variable named `sort` would shadow the function: then only the exact expression is right.
      fastBindings[st.name] = bindings.sort === jsonataSort ? (xs: unknown) => jsonataSort(xs, comparator) : () => { throw new NativeLambdaFallback(); };
    }
  }
  try {
    return await e.fast.evaluate(input, fastBindings);
  } catch (err) {
    if (err instanceof NativeLambdaFallback) return e.exact.evaluate(input, bindings);
    throw err;
  }
}

/**
 * A plain reference such as `$states.input.a.b` or `$var.a`, read without JSONata when
 * every step is an object property (JSONata gives the same value then). Anything else
 * (arrays on the way, a missing value) falls back to JSONata itself.
 */
interface FastPath {
  readonly root: 'states' | 'var';
  readonly name: string;
  readonly keys: readonly string[];
}

const FAST_PATH = /^\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
const JSONATA_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);

function fastPathOf(text: string): FastPath | undefined {
  const m = FAST_PATH.exec(text);
  if (!m) return undefined;
  const head = m[1] as string;
  const keys = (m[2] as string).split('.').slice(1);
  if (keys.some((k) => JSONATA_WORDS.has(k))) return undefined;
  if (head === 'states') {
    const [name, ...rest] = keys;
    if (name === undefined) return undefined;
    return { root: 'states', name, keys: rest };
  }
  return { root: 'var', name: head, keys };
}

const FALLBACK: unique symbol = Symbol('jsonata fallback');

function readFast(p: FastPath, b: JsonataBindings): unknown {
  let v: unknown;
  if (p.root === 'states') {
    if (!Object.hasOwn(b.states, p.name)) return FALLBACK;
    v = b.states[p.name];
  } else {
    if (!(p.name in b.vars)) return FALLBACK;
    v = b.vars[p.name];
  }
  for (const k of p.keys) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.hasOwn(v, k)) return FALLBACK;
    v = (v as Record<string, unknown>)[k];
  }
  return v === undefined ? FALLBACK : v;
}

/** Thrown by a synchronous evaluator when a plain reference does not resolve; JSONata then evaluates the template. */
const NOT_SYNC = new Error('jsonata: not resolvable synchronously');

type SyncEval = (b: JsonataBindings) => unknown;

/**
 * A synchronous evaluator when every expression of the template is a plain reference
 * (otherwise undefined). It throws {@link NOT_SYNC} when a reference does not resolve
 * through objects; the (rare) fallback is the full JSONata evaluation.
 */
function compileSync(node: Node): SyncEval | undefined {
  switch (node.kind) {
    case 'const': {
      const v = node.value;
      return () => v;
    }
    case 'expr': {
      const p = node.fast;
      if (p === undefined) return undefined;
      return (b) => {
        const v = readFast(p, b);
        if (v === FALLBACK) throw NOT_SYNC;
        return v;
      };
    }
    case 'array': {
      const items: SyncEval[] = [];
      for (const item of node.items) {
        const f = compileSync(item);
        if (f === undefined) return undefined;
        items.push(f);
      }
      return (b) => {
        const out = new Array<unknown>(items.length);
        for (let i = 0; i < items.length; i++) out[i] = (items[i] as SyncEval)(b);
        return out;
      };
    }
    case 'object': {
      const values: SyncEval[] = [];
      for (const v of node.values) {
        const f = compileSync(v);
        if (f === undefined) return undefined;
        values.push(f);
      }
      const built = generateObjectBuilder(node.keys, values);
      if (built !== undefined) return built;
      const keys = node.keys;
      return (b) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) setOwn(out, keys[i] as string, (values[i] as SyncEval)(b));
        return out;
      };
    }
  }
}

type NativeEval = (input: unknown, bindings: Record<string, unknown>) => unknown;

/**
 * A synchronous evaluator of the whole template when every expression compiled natively
 * (otherwise undefined). It throws {@link NOT_SYNC} when an expression bails out, returns
 * nothing or returns a function; the async path then evaluates (and reports) as JSONata.
 */
function compileNativeTree(node: Node): NativeEval | undefined {
  switch (node.kind) {
    case 'const': {
      const v = node.value;
      return () => v;
    }
    case 'expr': {
      const e = node.expr;
      if (e.native === undefined) return undefined;
      return (input, bindings) => {
        const r = runNative(e, input, bindings);
        if (r === NATIVE_BAILED || r === undefined || isJsonataFunction(r)) throw NOT_SYNC;
        return Array.isArray(r) ? toJson(r) : r;
      };
    }
    case 'array': {
      const items: NativeEval[] = [];
      for (const item of node.items) {
        const f = compileNativeTree(item);
        if (f === undefined) return undefined;
        items.push(f);
      }
      return (input, bindings) => items.map((f) => f(input, bindings));
    }
    case 'object': {
      const values: NativeEval[] = [];
      for (const v of node.values) {
        const f = compileNativeTree(v);
        if (f === undefined) return undefined;
        values.push(f);
      }
      const keys = node.keys;
      return (input, bindings) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) setOwn(out, keys[i] as string, (values[i] as NativeEval)(input, bindings));
        return out;
      };
    }
  }
}

type Node =
  | { readonly kind: 'const'; readonly value: unknown }
  | { readonly kind: 'expr'; readonly text: string; readonly expr: CompiledExpression; readonly field: string; readonly fast: FastPath | undefined }
  | { readonly kind: 'array'; readonly items: readonly Node[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly values: readonly Node[] };

function compileNode(v: unknown, field: string): Result<Node, string> {
  if (typeof v === 'string') {
    const m = EXPRESSION.exec(v);
    if (!m) return ok({ kind: 'const', value: v });
    const text = (m[1] as string).trim();
    try {
      return ok({ kind: 'expr', text, expr: compiledExpression(text), field, fast: fastPathOf(text) });
    } catch (e) {
      const je = e as { code?: string; message?: string };
      return err(`Invalid JSONata expression '${text}' in the field '${field}': ${je.code ?? ''}${je.code ? ': ' : ''}${je.message ?? String(e)}`);
    }
  }
  if (Array.isArray(v)) {
    const items: Node[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = compileNode(v[i], `${field}/${i}`);
      if (r.isErr()) return r;
      items.push(r.value);
    }
    return ok(items.every((n) => n.kind === 'const') ? { kind: 'const', value: frozenCopy(v) } : { kind: 'array', items });
  }
  if (typeof v === 'object' && v !== null) {
    const keys: string[] = [];
    const values: Node[] = [];
    for (const [k, x] of Object.entries(v)) {
      const r = compileNode(x, field === '' ? k : `${field}/${k}`);
      if (r.isErr()) return r;
      keys.push(k);
      values.push(r.value);
    }
    return ok(values.every((n) => n.kind === 'const') ? { kind: 'const', value: frozenCopy(v) } : { kind: 'object', keys, values });
  }
  return ok({ kind: 'const', value: v });
}

interface EvalSite {
  readonly stateName: string | undefined;
  readonly enteredEventId: number | undefined;
}

function fail(site: EvalSite, detail: string): never {
  throw new TaskFailure('States.QueryEvaluationError', site.stateName === undefined ? detail : stateFailureCause(site.stateName, site.enteredEventId, detail));
}

/** JSONata lambdas and native functions are objects (or functions) carrying a marker; they are not JSON. */
function isJsonataFunction(v: unknown): boolean {
  if (typeof v === 'function') return true;
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return o._jsonata_lambda === true || o._jsonata_function === true;
}

/** Strips JSONata's sequence markers and rejects functions (not JSON). */
function toJson(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toJson(v[i]);
    return out;
  }
  return v;
}

async function evalNode(node: Node, input: unknown, bindings: Record<string, unknown>, site: EvalSite): Promise<unknown> {
  switch (node.kind) {
    case 'const': return node.value;
    case 'expr': {
      let r: unknown;
      try {
        r = await run(node.expr, input, bindings);
      } catch (e) {
        if (e instanceof TaskFailure) throw e;
        const je = e as { code?: string; message?: string };
        const what = je.code ? `${je.code}: ${je.message ?? ''}` : String(je.message ?? e);
        return fail(site, `The JSONata expression '${node.text}' specified for the field '${node.field}' threw an error during evaluation. ${what}`);
      }
      if (r === undefined) return fail(site, `The JSONata expression '${node.text}' specified for the field '${node.field}' returned nothing (undefined).`);
      if (isJsonataFunction(r)) return fail(site, `The JSONata expression '${node.text}' specified for the field '${node.field}' returned an unsupported result type.`);
      return Array.isArray(r) ? toJson(r) : r;
    }
    case 'array': {
      const out: unknown[] = [];
      for (const item of node.items) out.push(await evalNode(item, input, bindings, site));
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < node.keys.length; i++) {
        setOwn(out, node.keys[i] as string, await evalNode(node.values[i] as Node, input, bindings, site));
      }
      return out;
    }
  }
}

/** Step Functions' added functions, and its removed ones bound to undefined. */
const BASE_BINDINGS: Readonly<Record<string, unknown>> = {
  ...JSONATA_FUNCTIONS,
  ...Object.fromEntries(JSONATA_REMOVED.map((name) => [name, undefined])),
};

const fromMillis = jsonata('$fromMillis($ms, $picture, $tz)');

/** `$now` and `$millis` bound to a given clock (JSONata's own read the real time). */
function clockFunctions(now: () => number): Record<string, unknown> {
  return {
    millis: () => now(),
    now: (picture?: unknown, tz?: unknown) =>
      picture === undefined && tz === undefined ? new Date(now()).toISOString() : fromMillis.evaluate({}, { ms: now(), picture, tz }),
  };
}

/**
 * Compiles a JSONata template once (expressions are parsed and cached by text). `field`
 * names the template in failure causes (e.g. `Output`, `Arguments`, `Assign`, `Items`);
 * nested values are named `Output/key`. The error is a message for the validator.
 */
export function compileJsonata(template: unknown, field = 'Output'): Result<JsonataProgram, string> {
  return compileNode(template, field).map((root): JsonataProgram => {
    if (root.kind === 'const') {
      const value = root.value;
      return { isConstant: true, evaluate: () => value };
    }
    const sync = compileSync(root);
    const native = compileNativeTree(root);
    return {
      isConstant: false,
      evaluate: (b, stateName, enteredEventId) => {
        if (sync !== undefined) {
          try {
            return sync(b);
          } catch (e) {
            if (e !== NOT_SYNC) throw e;
          }
        }
        const bindings: Record<string, unknown> = Object.assign({}, BASE_BINDINGS);
        // Variables may live on a prototype chain; jsonata binds own keys only, so flatten.
        for (const k in b.vars) bindings[k] = b.vars[k];
        bindings.states = b.states;
        if (b.now !== undefined) Object.assign(bindings, clockFunctions(b.now));
        if (native !== undefined) {
          try {
            return native(b.states.input, bindings);
          } catch (e) {
            if (e !== NOT_SYNC) throw e;
          }
        }
        return evalNode(root, b.states.input, bindings, { stateName, enteredEventId });
      },
    };
  });
}
