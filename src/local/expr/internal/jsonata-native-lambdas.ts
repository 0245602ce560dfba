/**
 * Speeds up JSONata lambdas such as the comparator of `$sort($xs, function($a, $b) {
 * $a.total < $b.total })`: every call of a JSONata lambda walks its body through the
 * library's async evaluator (about 10 µs per call), so a 1,000-item sort costs ~100 ms.
 *
 * A lambda whose body uses only a small subset (literals, variables, `$v.name.name`
 * paths, comparisons, arithmetic, `and`/`or`, `? :`, unary minus) gets its body replaced
 * in the compiled AST by a native function (JSONata supports native bodies: it calls them
 * with the lambda's environment as `this.environment`). The native body handles only the
 * unambiguous cases — plain objects on paths, numbers and strings — and otherwise throws
 * {@link NativeLambdaFallback}; the caller then evaluates the whole expression again with
 * an untouched copy, so results and error messages stay JSONata's own.
 * @internal
 */
import type jsonata from 'jsonata';

/** Thrown by a native lambda body when a value falls outside its subset. */
export class NativeLambdaFallback extends Error {
  constructor() {
    super('native lambda fallback');
  }
}

const FALLBACK = new NativeLambdaFallback();
function fallback(): never {
  throw FALLBACK;
}

interface Env {
  lookup(name: string): unknown;
}
/** Reads a variable while a native body runs. */
export type Lookup = (name: string) => unknown;
/** A native lambda body. */
export type Compiled = (lookup: Lookup) => unknown;

/** A node of JSONata's parsed AST (the fields this module reads). */
export type AstNode = Omit<jsonata.ExprNode, 'type'> & {
  type: string;
  value?: unknown;
  readonly signature?: unknown;
  readonly predicate?: unknown;
  readonly stages?: unknown;
  readonly group?: unknown;
  readonly focus?: unknown;
  readonly index?: unknown;
  readonly tuple?: unknown;
  readonly keepArray?: unknown;
  readonly keepSingletonArray?: unknown;
  readonly condition?: AstNode;
  readonly then?: AstNode;
  readonly else?: AstNode;
  readonly expression?: AstNode;
  readonly thunk?: unknown;
  body?: unknown;
};

function plainStep(n: AstNode): boolean {
  return n.predicate === undefined && n.stages === undefined && n.group === undefined && n.focus === undefined
    && n.index === undefined && n.tuple === undefined && n.keepArray === undefined;
}

function isJsonataFunction(v: unknown): boolean {
  return typeof v === 'object' && v !== null && ('_jsonata_lambda' in v || '_jsonata_function' in v);
}

const boolize = (v: unknown): boolean => {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  return fallback();
};

const num = (v: unknown): number => (typeof v === 'number' ? v : fallback());

/** Compiles a lambda body node, or returns undefined when it uses anything outside the subset. */
export function compileLambdaBody(n: AstNode): Compiled | undefined {
  return compile(n);
}

function compile(n: AstNode): Compiled | undefined {
  if (!plainStep(n)) return undefined;
  switch (n.type) {
    case 'number':
    case 'string': {
      const v: unknown = n.value;
      return () => v;
    }
    case 'value': {
      const v: unknown = n.value;
      return () => v;
    }
    case 'variable': {
      const name = n.value as string;
      if (name === '') return undefined;
      return (lookup) => {
        const v = lookup(name);
        return Array.isArray(v) || typeof v === 'function' || isJsonataFunction(v) ? fallback() : v;
      };
    }
    case 'path': {
      const steps = (n.steps ?? []) as AstNode[];
      const [first, ...rest] = steps;
      if (n.keepSingletonArray !== undefined || first === undefined || first.type !== 'variable' || first.value === '' || !plainStep(first)) return undefined;
      if (rest.length === 0 || rest.some((s) => s.type !== 'name' || !plainStep(s))) return undefined;
      const root = first.value as string;
      const keys = rest.map((s) => s.value as string);
      return (lookup) => {
        let v = lookup(root);
        for (const k of keys) {
          if (v === undefined) return undefined;
          if (typeof v !== 'object' || v === null || Array.isArray(v)) return fallback();
          v = Object.hasOwn(v, k) ? (v as Record<string, unknown>)[k] : undefined;
        }
        return Array.isArray(v) || typeof v === 'function' || isJsonataFunction(v) ? fallback() : v;
      };
    }
    case 'unary': {
      if (n.value !== '-' || n.expression === undefined) return undefined;
      const e = compile(n.expression);
      if (e === undefined) return undefined;
      return (lookup) => {
        const v = e(lookup);
        return v === undefined ? undefined : -num(v);
      };
    }
    case 'condition': {
      if (n.condition === undefined || n.then === undefined) return undefined;
      const c = compile(n.condition);
      const t = compile(n.then);
      const f = n.else === undefined ? () => undefined : compile(n.else);
      if (c === undefined || t === undefined || f === undefined) return undefined;
      return (lookup) => (boolize(c(lookup)) ? t(lookup) : f(lookup));
    }
    case 'binary':
      return compileBinary(n);
    default:
      return undefined;
  }
}

/** JSONata's order comparisons on two numbers or two strings. */
export const ORDER: Readonly<Record<string, (a: number | string, b: number | string) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** JSONata's arithmetic operators on two numbers. */
export const ARITH: Readonly<Record<string, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

const isScalar = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function compileBinary(n: AstNode): Compiled | undefined {
  const op = n.value as string;
  const l = compile(n.lhs as AstNode);
  const r = compile(n.rhs as AstNode);
  if (l === undefined || r === undefined) return undefined;
  const order = ORDER[op];
  if (order !== undefined) {
    return (lookup) => {
      const a = l(lookup);
      const b = r(lookup);
      const ta = typeof a;
      const tb = typeof b;
      if ((ta !== 'number' && ta !== 'string' && ta !== 'undefined') || (tb !== 'number' && tb !== 'string' && tb !== 'undefined')) return fallback();
      if (a === undefined || b === undefined) return false;
      if (ta !== tb) return fallback();
      return order(a as number | string, b as number | string);
    };
  }
  const arith = ARITH[op];
  if (arith !== undefined) {
    return (lookup) => {
      const a = l(lookup);
      const b = r(lookup);
      if (a === undefined || b === undefined) return undefined;
      const out = arith(num(a), num(b));
      return Number.isFinite(out) ? out : fallback();
    };
  }
  if (op === '=' || op === '!=') {
    const equal = op === '=';
    return (lookup) => {
      const a = l(lookup);
      const b = r(lookup);
      if (a === undefined || b === undefined) return false;
      if (!isScalar(a) || !isScalar(b)) return fallback();
      return (a === b) === equal;
    };
  }
  if (op === 'and') return (lookup) => boolize(l(lookup)) && boolize(r(lookup));
  if (op === 'or') return (lookup) => boolize(l(lookup)) || boolize(r(lookup));
  return undefined;
}

/** A lambda replaced by a variable: bind `name` to {@link makeNativeFunction}(`replacement`, bindings) at each evaluation. */
export interface LambdaReplacement {
  readonly name: string;
  readonly params: readonly string[];
  readonly impl: Compiled;
}

/** A `$sort(xs, λ)` call rewritten to `$name(xs)`: bind `name` to a sort with the native comparator of `lambda`. */
export interface SortReplacement {
  readonly name: string;
  readonly lambda: LambdaReplacement;
}

/** What {@link nativizeLambdas} changed. */
export interface NativizedLambdas {
  /** Lambdas rewritten in any way (0: the expression is untouched). */
  readonly changed: number;
  readonly replacements: readonly LambdaReplacement[];
  readonly sorts: readonly SortReplacement[];
}

/** Builds the plain function bound to a replaced lambda's variable for one evaluation. */
export function makeNativeFunction(r: LambdaReplacement, bindings: Readonly<Record<string, unknown>>): (...args: unknown[]) => unknown {
  const params = r.params;
  const impl = r.impl;
  const fn = (...args: unknown[]): unknown =>
    impl((name) => {
      const i = params.indexOf(name);
      if (i >= 0) return args[i];
      // Only names bound from outside the expression reach here (see nativizeLambdas).
      return Object.hasOwn(bindings, name) ? bindings[name] : fallback();
    });
  // JSONata's higher-order functions pass as many arguments as the function declares.
  return Object.assign(fn, { arity: params.length });
}

function walk(v: unknown, visit: (node: AstNode) => void, seen = new Set<object>()): void {
  if (typeof v !== 'object' || v === null || seen.has(v)) return;
  seen.add(v);
  if (Array.isArray(v)) {
    for (const x of v) walk(x, visit, seen);
    return;
  }
  visit(v as AstNode);
  for (const x of Object.values(v)) walk(x, visit, seen);
}

/**
 * Rewrites, in place, the lambdas of a compiled expression that fit the subset. A lambda
 * passed straight to a function call whose free variables are its parameters or names
 * bound from outside the expression becomes a variable (returned: bind it per
 * evaluation); any other keeps its node and gets a native body reading its environment.
 */
export function nativizeLambdas(expr: jsonata.Expression): NativizedLambdas {
  const root = expr.ast() as unknown;
  // Names bound inside the expression (`:=` and lambda parameters) shadow outside bindings.
  const local = new Set<string>();
  walk(root, (n) => {
    if (n.type === 'bind' && (n.lhs as AstNode | undefined)?.type === 'variable') local.add((n.lhs as AstNode).value as string);
    if (n.type === 'lambda') for (const a of (n.arguments ?? []) as AstNode[]) local.add(a.value as string);
  });
  const replacements: LambdaReplacement[] = [];
  let changed = 0;
  // `asArgument`: the array is the argument list of a function call, the only place where a
  // lambda may become a plain function (elsewhere it could be partially applied or returned).
  const visit = (v: unknown, seen: Set<object>, asArgument: boolean): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        const r = rewrite(item, asArgument);
        if (r !== undefined) v[i] = r;
        else visit(item, seen, false);
      }
      return;
    }
    const isCall = (v as AstNode).type === 'function';
    for (const [k, item] of Object.entries(v)) {
      const r = rewrite(item, false);
      if (r !== undefined) (v as Record<string, unknown>)[k] = r;
      else visit(item, seen, isCall && k === 'arguments');
    }
  };
  const rewrite = (item: unknown, asArgument: boolean): AstNode | undefined => {
    if (typeof item !== 'object' || item === null) return undefined;
    const node = item as AstNode;
    if (node.type !== 'lambda' || node.signature !== undefined || node.thunk !== undefined || typeof node.body !== 'object' || node.body === null) return undefined;
    const impl = compile(node.body as AstNode);
    if (impl === undefined) return undefined;
    const params = ((node.arguments ?? []) as AstNode[]).map((a) => a.value as string);
    const free = new Set<string>();
    walk(node.body, (n) => { if (n.type === 'variable' && !params.includes(n.value as string)) free.add(n.value as string); });
    changed++;
    if (asArgument && [...free].every((f) => !local.has(f))) {
      const name = `__statecraft_lambda_${replacements.length}`;
      replacements.push({ name, params, impl });
      return { type: 'variable', value: name, position: node.position } as AstNode;
    }
    // JSONata reads a native body's parameter list from its source text: keep it empty;
    // the lambda's arguments are already bound in `this.environment`.
    node.body = function (this: { environment: Env }) {
      const env = this.environment;
      return impl((name) => env.lookup(name));
    };
    return undefined;
  };
  visit(root, new Set(), false);
  // `$sort(xs, λ)` with a replaced λ: call a sort that holds the native comparator, so that
  // JSONata does not wrap the comparator in an async closure (awaited per comparison).
  const sorts: SortReplacement[] = [];
  if (!local.has('sort')) {
    walk(root, (n) => {
      const proc = n.procedure as AstNode | undefined;
      const args = n.arguments as AstNode[] | undefined;
      if (n.type !== 'function' || proc?.type !== 'variable' || proc.value !== 'sort' || args?.length !== 2) return;
      const cmp = args[1] as AstNode;
      const lambda = replacements.find((r) => cmp.type === 'variable' && r.name === cmp.value);
      if (lambda === undefined) return;
      const name = `__statecraft_sort_${sorts.length}`;
      sorts.push({ name, lambda });
      proc.value = name;
      args.length = 1;
    });
  }
  return { changed, replacements, sorts };
}
