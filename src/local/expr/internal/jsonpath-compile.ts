/**
 * Turns a {@link ParsedPath} into closures. A definite path of names and indexes becomes a
 * loop of property reads; anything else becomes a chain of segment functions that push
 * matches into an array (Jayway's indefinite result: a list, possibly empty).
 * @internal
 */
import { NOT_FOUND, type Scope } from '../scope.js';
import type { FilterExpr, FilterOperand, FilterOperator, ParsedPath, PathFunctionName, PathRoot, PathSegment } from './jsonpath-ast.js';
import { isDefinite } from './jsonpath-ast.js';
import { isObject, isPrototypeKey, jsonEqual } from './json-value.js';
import { generatePathGetter } from './codegen.js';

/** A compiled path: `current` is the item a filter (`@`) is looking at. */
export type PathEval = (scope: Scope, current: unknown) => unknown;

type RootFn = PathEval;
type SegFn = (value: unknown, out: unknown[], scope: Scope) => void;

function compileRoot(root: PathRoot): RootFn {
  switch (root.kind) {
    case 'input': return (s) => s.input;
    case 'context': return (s) => s.context;
    case 'current': return (_s, cur) => cur;
    case 'var': {
      const name = root.name;
      return (s) => (name in s.vars ? s.vars[name] : NOT_FOUND);
    }
  }
}

/** Compiles a parsed path; the result returns a value or NOT_FOUND (definite), or an array of matches (indefinite). */
export function compileParsedPath(parsed: ParsedPath): { readonly definite: boolean; readonly evaluate: PathEval } {
  const root = compileRoot(parsed.root);
  const rootKind = parsed.root;
  const segs = parsed.segments;
  const last = segs[segs.length - 1];
  const fn = last?.kind === 'fn' ? last.name : undefined;
  const body = fn === undefined ? segs : segs.slice(0, -1);
  const lastBody = body[body.length - 1];
  let definite = isDefinite(body);
  let evaluate: PathEval;
  if (definite) {
    evaluate = compileDefinite(root, body, rootKind);
  } else if (lastBody?.kind === 'props' && isDefinite(body.slice(0, -1))) {
    // Jayway: several keys at the end of an otherwise definite path select one merged object.
    definite = true;
    const prefix = compileDefinite(root, body.slice(0, -1), rootKind);
    const names = lastBody.names;
    evaluate = (s, cur) => {
      const v = prefix(s, cur);
      if (!isObject(v)) return NOT_FOUND;
      const merged: Record<string, unknown> = {};
      for (const k of names) {
        const r = getOwn(v, k);
        if (r !== undefined) merged[k] = r;
      }
      return merged;
    };
  } else {
    evaluate = compileIndefinite(root, body);
  }
  if (fn !== undefined) {
    const inner = evaluate;
    const apply = PATH_FUNCTIONS[fn];
    evaluate = (s, cur) => {
      const v = inner(s, cur);
      return v === NOT_FOUND ? NOT_FOUND : apply(v);
    };
  }
  return { definite: definite, evaluate };
}

function compileDefinite(root: RootFn, segs: readonly PathSegment[], rootKind: PathRoot): PathEval {
  const n = segs.length;
  if (n === 0) return root;
  const keys: (string | number)[] = [];
  const guarded: boolean[] = [];
  for (const s of segs) {
    if (s.kind === 'prop') { keys.push(s.name); guarded.push(isPrototypeKey(s.name)); }
    else if (s.kind === 'index') { keys.push(s.index); guarded.push(false); }
  }
  const generated = generatePathGetter(rootKind, keys, guarded);
  if (generated !== undefined) return generated;
  if (n === 1 && typeof keys[0] === 'string' && !guarded[0]) {
    const k = keys[0];
    return (s, cur) => {
      const v = root(s, cur);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return NOT_FOUND;
      const r = (v as Record<string, unknown>)[k];
      return r === undefined ? NOT_FOUND : r;
    };
  }
  return (s, cur) => {
    let v = root(s, cur);
    for (let i = 0; i < n; i++) {
      if (typeof v !== 'object' || v === null) return NOT_FOUND;
      const k = keys[i] as string | number;
      if (typeof k === 'number') {
        if (!Array.isArray(v)) return NOT_FOUND;
        v = v[k < 0 ? v.length + k : k];
      } else {
        if (Array.isArray(v)) return NOT_FOUND;
        if (guarded[i] && !Object.hasOwn(v, k)) return NOT_FOUND;
        v = (v as Record<string, unknown>)[k];
      }
      if (v === undefined) return NOT_FOUND;
    }
    return v;
  };
}

function compileIndefinite(root: RootFn, segs: readonly PathSegment[]): PathEval {
  let next: SegFn = (v, out) => { out.push(v); };
  for (let i = segs.length - 1; i >= 0; i--) {
    const seg = segs[i] as PathSegment;
    next = compileSegment(seg, next, i === segs.length - 1);
  }
  const chain = next;
  return (s, cur) => {
    const out: unknown[] = [];
    const v = root(s, cur);
    if (v !== NOT_FOUND) chain(v, out, s);
    return out;
  };
}

function getOwn(v: Record<string, unknown>, k: string): unknown {
  return Object.hasOwn(v, k) ? v[k] : undefined;
}

function compileSegment(seg: PathSegment, next: SegFn, leaf: boolean): SegFn {
  switch (seg.kind) {
    case 'prop': {
      const k = seg.name;
      return (v, out, s) => {
        if (!isObject(v)) return;
        const r = getOwn(v, k);
        if (r !== undefined) next(r, out, s);
      };
    }
    case 'props': {
      const names = seg.names;
      if (leaf) {
        // Jayway merges several properties of one object into one object.
        return (v, out, s) => {
          if (!isObject(v)) return;
          const merged: Record<string, unknown> = {};
          for (const k of names) {
            const r = getOwn(v, k);
            if (r !== undefined) merged[k] = r;
          }
          next(merged, out, s);
        };
      }
      return (v, out, s) => {
        if (!isObject(v)) return;
        for (const k of names) {
          const r = getOwn(v, k);
          if (r !== undefined) next(r, out, s);
        }
      };
    }
    case 'index': {
      const i = seg.index;
      return (v, out, s) => {
        if (!Array.isArray(v)) return;
        const j = i < 0 ? v.length + i : i;
        if (j >= 0 && j < v.length) next(v[j], out, s);
      };
    }
    case 'indexes': {
      const is = seg.indexes;
      return (v, out, s) => {
        if (!Array.isArray(v)) return;
        for (const i of is) {
          const j = i < 0 ? v.length + i : i;
          if (j >= 0 && j < v.length) next(v[j], out, s);
        }
      };
    }
    case 'wild':
      return (v, out, s) => {
        if (Array.isArray(v)) for (const x of v) next(x, out, s);
        else if (isObject(v)) for (const k in v) { if (Object.hasOwn(v, k)) next(v[k], out, s); }
      };
    case 'slice': {
      const { start, end } = seg;
      return (v, out, s) => {
        if (!Array.isArray(v)) return;
        const len = v.length;
        let from = start === undefined ? 0 : start < 0 ? Math.max(0, len + start) : Math.min(start, len);
        const to = end === undefined ? len : end < 0 ? Math.max(0, len + end) : Math.min(end, len);
        for (; from < to; from++) next(v[from], out, s);
      };
    }
    case 'scan': {
      const walk: SegFn = (v, out, s) => {
        next(v, out, s);
        if (Array.isArray(v)) for (const x of v) walk(x, out, s);
        else if (isObject(v)) for (const k in v) { if (Object.hasOwn(v, k)) walk(v[k], out, s); }
      };
      return walk;
    }
    case 'filter': {
      const pred = compileFilter(seg.predicate);
      return (v, out, s) => {
        if (Array.isArray(v)) { for (const x of v) if (pred(s, x)) next(x, out, s); }
        else if (isObject(v)) { if (pred(s, v)) next(v, out, s); }
      };
    }
    case 'fn':
      // Only allowed last; handled by compileParsedPath.
      return next;
  }
}

// ---- filters --------------------------------------------------------------------------------

type Pred = (s: Scope, cur: unknown) => boolean;

function compileFilter(e: FilterExpr): Pred {
  switch (e.kind) {
    case 'or': { const l = compileFilter(e.left); const r = compileFilter(e.right); return (s, c) => l(s, c) || r(s, c); }
    case 'and': { const l = compileFilter(e.left); const r = compileFilter(e.right); return (s, c) => l(s, c) && r(s, c); }
    case 'not': { const x = compileFilter(e.expr); return (s, c) => !x(s, c); }
    case 'exists': {
      const p = compileParsedPath(e.path);
      if (p.definite) return (s, c) => p.evaluate(s, c) !== NOT_FOUND;
      return (s, c) => (p.evaluate(s, c) as unknown[]).length > 0;
    }
    case 'compare': {
      const l = compileOperand(e.left);
      const r = compileOperand(e.right);
      const test = COMPARATORS[e.op];
      return (s, c) => test(l(s, c), r(s, c));
    }
  }
}

function compileOperand(o: FilterOperand): PathEval {
  switch (o.kind) {
    case 'literal': { const v = o.value; return () => v; }
    case 'regex': { const re = o.regex; return () => re; }
    case 'path': return compileParsedPath(o.path).evaluate;
  }
}

/** Jayway's == : a number equals a numeric string (NumberNode/StringNode equality); otherwise structural equality. */
function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return a.trim() !== '' && Number(a) === b;
  return jsonEqual(a, b);
}

function ordered(a: unknown, b: unknown, test: (c: number) => boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return test(a < b ? -1 : a > b ? 1 : 0);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return false;
}

const includes = (arr: unknown, x: unknown): boolean => Array.isArray(arr) && arr.some((y) => looseEqual(y, x));

const COMPARATORS: Readonly<Record<FilterOperator, (a: unknown, b: unknown) => boolean>> = {
  '==': (a, b) => a !== NOT_FOUND && b !== NOT_FOUND && looseEqual(a, b),
  '!=': (a, b) => a === NOT_FOUND || b === NOT_FOUND || !looseEqual(a, b),
  '<': (a, b) => ordered(a, b, (c) => c < 0),
  '<=': (a, b) => ordered(a, b, (c) => c <= 0),
  '>': (a, b) => ordered(a, b, (c) => c > 0),
  '>=': (a, b) => ordered(a, b, (c) => c >= 0),
  '=~': (a, b) => typeof a === 'string' && b instanceof RegExp && b.test(a),
  in: (a, b) => a !== NOT_FOUND && includes(b, a),
  nin: (a, b) => a !== NOT_FOUND && !includes(b, a),
  contains: (a, b) => (typeof a === 'string' && typeof b === 'string' ? a.includes(b) : includes(a, b)),
  subsetof: (a, b) => Array.isArray(a) && a.every((x) => includes(b, x)),
  anyof: (a, b) => Array.isArray(a) && a.some((x) => includes(b, x)),
  noneof: (a, b) => Array.isArray(a) && !a.some((x) => includes(b, x)),
  size: (a, b) => (Array.isArray(a) || typeof a === 'string') && a.length === b,
  empty: (a, b) => (Array.isArray(a) || typeof a === 'string') && (a.length === 0) === b,
};

// ---- functions ------------------------------------------------------------------------------

function numbers(v: unknown): number[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: number[] = [];
  for (const x of v) if (typeof x === 'number') out.push(x);
  return out.length > 0 ? out : undefined;
}

const PATH_FUNCTIONS: Readonly<Record<PathFunctionName, (v: unknown) => unknown>> = {
  length: (v) => (Array.isArray(v) || typeof v === 'string' ? v.length : isObject(v) ? Object.keys(v).length : NOT_FOUND),
  size: (v) => PATH_FUNCTIONS.length(v),
  min: (v) => { const n = numbers(v); return n ? Math.min(...n) : NOT_FOUND; },
  max: (v) => { const n = numbers(v); return n ? Math.max(...n) : NOT_FOUND; },
  sum: (v) => { const n = numbers(v); return n ? n.reduce((a, b) => a + b, 0) : NOT_FOUND; },
  avg: (v) => { const n = numbers(v); return n ? n.reduce((a, b) => a + b, 0) / n.length : NOT_FOUND; },
  stddev: (v) => {
    const n = numbers(v);
    if (!n) return NOT_FOUND;
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    return Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / n.length);
  },
  keys: (v) => (isObject(v) ? Object.keys(v) : NOT_FOUND),
  first: (v) => (Array.isArray(v) && v.length > 0 ? v[0] : NOT_FOUND),
  last: (v) => (Array.isArray(v) && v.length > 0 ? v[v.length - 1] : NOT_FOUND),
};
