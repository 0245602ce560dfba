/**
 * Evaluates common JSONata expressions natively and synchronously: the library walks
 * every node through its async evaluator (several µs per node and item), so a projection
 * such as `$orders.{ 'id': id, 'total': qty * price }` over 1,000 items takes ~7 ms.
 *
 * The subset: literals, variables, field names, paths (steps with filter stages, a
 * group-by), filters (`[n]`, `[[0..2]]`, `[pred]`), object constructors, array
 * constructors, arithmetic, comparisons, `=`/`!=`, `and`/`or`, `&` on strings, ranges,
 * `? :`, blocks with `:=`, and calls of `$sum`, `$count` and `$sort` (with a comparator
 * the native-lambda subset covers). Everything mirrors jsonata.js 2.x step by step —
 * sequences are arrays flagged `sequence` and collapse the same way, groups are
 * null-prototype objects — and any value or case where JSONata would raise an error, or
 * that the subset does not model, throws {@link NativeLambdaFallback}: the caller then
 * evaluates the expression with JSONata itself, so results and error messages stay
 * JSONata's own.
 * @internal
 */
import { jsonataSort, mergeSortSync } from './jsonata-functions.js';
import { ARITH, compileLambdaBody, NativeLambdaFallback, ORDER, type AstNode } from './jsonata-native-lambdas.js';

const FALLBACK = new NativeLambdaFallback();
function fallback(): never {
  throw FALLBACK;
}

/** A natively compiled expression: `bindings` as passed to jsonata's `evaluate` (own keys). */
export type NativeExpression = (input: unknown, bindings: Readonly<Record<string, unknown>>) => unknown;

/** Variable frames: `:=` inside blocks binds in the innermost one (as JSONata's frames). */
class Frame {
  private vars: Map<string, unknown> | undefined;
  constructor(
    private readonly parent: Frame | undefined,
    private readonly root: unknown,
    private readonly bindings: Readonly<Record<string, unknown>>,
  ) {}

  bind(name: string, value: unknown): void {
    (this.vars ??= new Map()).set(name, value);
  }

  /** The value of `$name`: frames, then the bindings, then `$$`; JSONata's built-ins (functions) fall back. */
  lookup(name: string): unknown {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) {
      if (f.vars !== undefined && f.vars.has(name)) return f.vars.get(name);
    }
    if (name === '$') return this.root;
    if (Object.hasOwn(this.bindings, name)) return this.bindings[name];
    return fallback();
  }

  /** True when `$name` resolves to JSONata's own built-in (bound nowhere else). */
  isBuiltin(name: string): boolean {
    for (let f: Frame | undefined = this; f !== undefined; f = f.parent) {
      if (f.vars !== undefined && f.vars.has(name)) return false;
    }
    return name !== '$' && !Object.hasOwn(this.bindings, name);
  }

  child(): Frame {
    return new Frame(this, this.root, this.bindings);
  }
}

type Eval = (input: unknown, env: Frame) => unknown;
type Seq = unknown[] & { sequence?: boolean; keepSingleton?: boolean; cons?: boolean };

/** JSONata's `createSequence()`, or `createSequence(item)` when given one argument (even undefined). */
function seq(): Seq;
function seq(item: unknown): Seq;
function seq(...args: unknown[]): Seq {
  const s: Seq = args.length === 1 ? [args[0]] : [];
  s.sequence = true;
  return s;
}

const isSeq = (v: unknown): v is Seq => Array.isArray(v) && (v as Seq).sequence === true;

function isFunction(v: unknown): boolean {
  if (typeof v === 'function') return true;
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { _jsonata_lambda?: unknown; _jsonata_function?: unknown };
  return o._jsonata_lambda === true || o._jsonata_function === true;
}

/** JSONata's isNumeric (its D1001 error on infinities falls back). */
function isNumeric(v: unknown): v is number {
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  return Number.isFinite(v) ? true : fallback();
}

/** JSONata's `$boolean` (undefined stays undefined). */
function toBoolean(v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 1) return toBoolean(v[0]);
    return v.length > 1 && v.some((x) => toBoolean(x));
  }
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'number') return isNumeric(v) && v !== 0;
  if (isFunction(v)) return fallback();
  if (v !== null && typeof v === 'object') return Object.keys(v).length > 0;
  return v === true;
}

const boolize = (v: unknown): boolean => toBoolean(v) ?? false;

/** JSONata's `lookup`: a field of an object, mapped (and flattened) over arrays. */
function lookup(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const out = seq();
    for (const item of input) {
      const r = lookup(item, key);
      if (r === undefined) continue;
      if (Array.isArray(r)) for (const x of r) out.push(x);
      else out.push(r);
    }
    return out;
  }
  if (input !== null && typeof input === 'object' && Object.hasOwn(input, key) && !isFunction(input)) return (input as Record<string, unknown>)[key];
  return undefined;
}

/** JSONata's `append` (which `concat`s: the result is a plain array). */
function append(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return (Array.isArray(a) ? a : seq(a)).concat(Array.isArray(b) ? b : [b]);
}

function isDeepEqual(l: unknown, r: unknown): boolean {
  if (l === r) return true;
  if (typeof l !== 'object' || typeof r !== 'object' || l === null || r === null) return false;
  if (Array.isArray(l) && Array.isArray(r)) {
    if (l.length !== r.length) return false;
    for (let i = 0; i < l.length; i++) if (!isDeepEqual(l[i], r[i])) return false;
    return true;
  }
  const lk = Object.getOwnPropertyNames(l).sort();
  const rk = Object.getOwnPropertyNames(r).sort();
  if (lk.length !== rk.length) return false;
  for (let i = 0; i < lk.length; i++) if (lk[i] !== rk[i]) return false;
  for (const k of lk) if (!isDeepEqual((l as Record<string, unknown>)[k], (r as Record<string, unknown>)[k])) return false;
  return true;
}

/** Fields of a node that change how JSONata evaluates it in ways this module does not model. */
function unsupportedFlags(n: AstNode): boolean {
  return n.keepArray !== undefined || n.focus !== undefined || n.index !== undefined || n.tuple !== undefined
    || n.keepSingletonArray !== undefined || (n as { ancestor?: unknown }).ancestor !== undefined;
}

/** What `evaluate` does after every node: a sequence of one collapses to its item, an empty one to nothing. */
function collapse(r: unknown): unknown {
  if (isSeq(r)) {
    if (r.length === 0) return undefined;
    if (r.length === 1 && r.keepSingleton !== true) return r[0];
  }
  return r;
}

interface Filter {
  readonly index: number | undefined;
  readonly pred: Eval;
  /** The predicate reads neither the context nor variables (e.g. `[[0..2]]`): evaluate it once per filtering, not per item. */
  readonly constant: boolean;
}

const LITERAL_TYPES: ReadonlySet<string> = new Set(['number', 'string', 'value']);

/** A node built from literals only, so its value is the same for every item and every variable. */
function isLiteralTree(n: AstNode): boolean {
  if (unsupportedFlags(n) || n.predicate !== undefined || n.group !== undefined) return false;
  if (LITERAL_TYPES.has(n.type)) return true;
  if (n.type === 'unary' && n.value === '[') return ((n.expressions ?? []) as AstNode[]).every(isLiteralTree);
  if (n.type === 'unary' && n.value === '-') return n.expression !== undefined && isLiteralTree(n.expression);
  if (n.type === 'binary') return isLiteralTree(n.lhs as AstNode) && isLiteralTree(n.rhs as AstNode);
  return false;
}

function compileFilters(stages: unknown): Filter[] | undefined {
  if (stages === undefined) return [];
  if (!Array.isArray(stages)) return undefined;
  const out: Filter[] = [];
  for (const st of stages as { type?: string; expr?: AstNode }[]) {
    if (st.type !== 'filter' || st.expr === undefined) return undefined;
    const e = st.expr;
    const pred = compileNode(e);
    if (pred === undefined) return undefined;
    const plainNumber = e.type === 'number' && e.predicate === undefined && e.group === undefined && typeof e.value === 'number';
    out.push({ index: plainNumber ? (e.value as number) : undefined, pred, constant: isLiteralTree(e) });
  }
  return out;
}

/** JSONata's `evaluateFilter`. */
function applyFilter(f: Filter, value: unknown, env: Frame): Seq | unknown[] {
  let results: Seq | unknown[] = seq();
  const input = Array.isArray(value) ? value : seq(value);
  if (f.index !== undefined) {
    let index = Math.floor(f.index);
    if (index < 0) index = input.length + index;
    const item: unknown = input[index];
    if (item !== undefined) {
      if (Array.isArray(item)) results = item;
      else results.push(item);
    }
    return results;
  }
  let constant: unknown;
  for (let index = 0; index < input.length; index++) {
    const item: unknown = input[index];
    let res: unknown;
    if (!f.constant) res = f.pred(item, env);
    else res = index === 0 ? (constant = f.pred(item, env)) : constant;
    if (isNumeric(res)) res = [res];
    if (Array.isArray(res) && res.every((x) => isNumeric(x))) {
      for (const ires of res as number[]) {
        let ii = Math.floor(ires);
        if (ii < 0) ii = input.length + ii;
        if (ii === index) results.push(item);
      }
    } else if (toBoolean(res)) {
      results.push(item);
    }
  }
  return results;
}

type Pair = readonly [Eval, Eval];

function compileGroup(group: unknown): Group | undefined {
  const lhs = (group as { lhs?: unknown } | undefined)?.lhs;
  if (!Array.isArray(lhs)) return undefined;
  const pairs: Pair[] = [];
  const order = Object.create(null) as Record<string, number>;
  let literal = true;
  for (const [p, pair] of (lhs as AstNode[][]).entries()) {
    const keyNode = pair[0];
    const k = keyNode === undefined ? undefined : compileNode(keyNode);
    const v = pair[1] === undefined ? undefined : compileNode(pair[1]);
    if (k === undefined || v === undefined || keyNode === undefined) return undefined;
    pairs.push([k, v]);
    const key = keyNode.value;
    if (keyNode.type !== 'string' || typeof key !== 'string' || key === '_jsonata_lambda' || key === '_jsonata_function'
      || keyNode.predicate !== undefined || keyNode.group !== undefined || key in order) literal = false;
    else order[key] = p;
  }
  return { pairs, literal: literal ? Object.keys(order).map((key) => [key, order[key] as number] as const) : undefined };
}

/** A compiled object constructor or group-by. */
interface Group {
  readonly pairs: readonly Pair[];
  /**
   * When every key is a distinct string literal: the pair indexes in the order JSONata
   * evaluates and inserts them (`Object.keys` of a null-prototype object, so integer-like
   * keys first), with their keys. A single input item then needs no grouping.
   */
  readonly literal: readonly (readonly [string, number])[] | undefined;
}

/** JSONata's `evaluateGroupExpression` (object constructors and group-by). */
function applyGroup(group: Group, input: unknown, env: Frame): Record<string, unknown> {
  const result = Object.create(null) as Record<string, unknown>;
  const pairs = group.pairs;
  if (group.literal !== undefined && !Array.isArray(input)) {
    for (const [key, p] of group.literal) {
      const value = (pairs[p] as Pair)[1](input, env);
      if (value !== undefined) result[key] = value;
    }
    return result;
  }
  const groups = Object.create(null) as Record<string, { items: unknown[]; exprIndex: number }>;
  let items = Array.isArray(input) ? input : seq(input);
  // JSONata pushes `undefined` into the (possibly caller's) empty array; same result, no mutation.
  if (items.length === 0) items = [undefined];
  for (const item of items) {
    for (let p = 0; p < pairs.length; p++) {
      const key = (pairs[p] as Pair)[0](item, env);
      if (key === undefined) continue;
      if (typeof key !== 'string' || key === '_jsonata_lambda' || key === '_jsonata_function') return fallback();
      const entry = groups[key];
      if (entry !== undefined) {
        if (entry.exprIndex !== p) return fallback();
        entry.items.push(item);
      } else {
        groups[key] = { items: [item], exprIndex: p };
      }
    }
  }
  for (const key of Object.keys(groups)) {
    const entry = groups[key] as { items: unknown[]; exprIndex: number };
    const value = (pairs[entry.exprIndex] as Pair)[1](groupData(entry.items), env);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/**
 * What JSONata's repeated `append` builds for a group: the item itself when alone, else
 * a plain array of the items with array items spread one level (`concat`), in linear
 * instead of quadratic time.
 */
function groupData(items: readonly unknown[]): unknown {
  if (items.length === 1) return items[0];
  const out: unknown[] = [];
  for (const item of items) {
    if (Array.isArray(item)) for (const x of item) out.push(x);
    else out.push(item);
  }
  return out;
}

/** Compiles a node with what `evaluate` adds around every node type: predicates, group, collapse. */
function compileNode(n: AstNode): Eval | undefined {
  if (unsupportedFlags(n) || (n as { stages?: unknown }).stages !== undefined) return undefined;
  const base = compileBase(n);
  if (base === undefined) return undefined;
  const filters = compileFilters(n.predicate);
  if (filters === undefined) return undefined;
  const pairs = n.type !== 'path' && n.group !== undefined ? compileGroup(n.group) : undefined;
  if (n.type !== 'path' && n.group !== undefined && pairs === undefined) return undefined;
  if (filters.length === 0 && pairs === undefined) return (input, env) => collapse(base(input, env));
  return (input, env) => {
    let r = base(input, env);
    for (const f of filters) r = applyFilter(f, r, env);
    if (pairs !== undefined) r = applyGroup(pairs, r, env);
    return collapse(r);
  };
}

function compileAll(nodes: readonly AstNode[]): Eval[] | undefined {
  const out: Eval[] = [];
  for (const x of nodes) {
    const c = compileNode(x);
    if (c === undefined) return undefined;
    out.push(c);
  }
  return out;
}

function compileBase(n: AstNode): Eval | undefined {
  switch (n.type) {
    case 'string':
    case 'number':
    case 'value': {
      const v: unknown = n.value;
      return () => v;
    }
    case 'variable': {
      const name = n.value as string;
      if (name === '') return (input) => input;
      return (_input, env) => {
        const v = env.lookup(name);
        return isFunction(v) ? fallback() : v;
      };
    }
    case 'name': {
      const key = n.value as string;
      return (input) => lookup(input, key);
    }
    case 'path':
      return compilePath(n);
    case 'binary':
      return compileBinary(n);
    case 'unary':
      return compileUnary(n);
    case 'condition': {
      if (n.condition === undefined || n.then === undefined) return undefined;
      const c = compileNode(n.condition);
      const t = compileNode(n.then);
      const e = n.else === undefined ? () => undefined : compileNode(n.else);
      if (c === undefined || t === undefined || e === undefined) return undefined;
      return (input, env) => (toBoolean(c(input, env)) ? t(input, env) : e(input, env));
    }
    case 'block': {
      const compiled = compileAll((n.expressions ?? []) as AstNode[]);
      if (compiled === undefined) return undefined;
      return (input, env) => {
        const frame = env.child();
        let r: unknown;
        for (const c of compiled) r = c(input, frame);
        return r;
      };
    }
    case 'bind': {
      const lhs = n.lhs as AstNode | undefined;
      const name = lhs?.type === 'variable' ? (lhs.value as string) : undefined;
      if (name === undefined || name === '' || name === '$' || n.rhs === undefined) return undefined;
      const rhs = compileNode(n.rhs as AstNode);
      if (rhs === undefined) return undefined;
      return (input, env) => {
        const v = rhs(input, env);
        env.bind(name, v);
        return v;
      };
    }
    case 'function':
      return compileCall(n);
    default:
      return undefined;
  }
}

interface Step {
  readonly run: Eval;
  readonly filters: readonly Filter[];
}

/** JSONata's `evaluatePath` and `evaluateStep`, without tuple streams, focus or sort steps. */
function compilePath(n: AstNode): Eval | undefined {
  const nodes = (n.steps ?? []) as AstNode[];
  if (nodes.length === 0) return undefined;
  const steps: Step[] = [];
  for (const [i, s] of nodes.entries()) {
    if (s.type === 'sort' || unsupportedFlags(s) || (i === 0 && (s as { consarray?: unknown }).consarray !== undefined)) return undefined;
    const filters = compileFilters((s as { stages?: unknown }).stages);
    const run = compileNode({ ...s, stages: undefined } as AstNode);
    if (filters === undefined || run === undefined) return undefined;
    steps.push({ run, filters });
  }
  const pairs = n.group === undefined ? undefined : compileGroup(n.group);
  if (n.group !== undefined && pairs === undefined) return undefined;
  const absolute = nodes[0]?.type === 'variable';
  const last = steps.length - 1;
  const general: Eval = (input, env) => {
    let inputs: unknown[] = Array.isArray(input) && !absolute ? input : seq(input);
    let result: unknown[] = inputs;
    for (let i = 0; i <= last; i++) {
      result = evaluateStep(steps[i] as Step, inputs, env, i === last);
      if (result.length === 0) break;
      inputs = result;
    }
    return pairs === undefined ? result : applyGroup(pairs, result, env);
  };
  const simple = simplePath(nodes);
  if (simple === undefined || pairs !== undefined) return general;
  const [variable, keys] = simple;
  // A chain of field names through plain objects gives what the general walk gives, without its sequences.
  return (input, env) => {
    let v = variable === undefined ? input : env.lookup(variable);
    if (variable !== undefined && isFunction(v)) return fallback();
    for (const key of keys) {
      if (Array.isArray(v)) return general(input, env);
      if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key) || isFunction(v)) return seq();
      v = (v as Record<string, unknown>)[key];
    }
    if (v === undefined) return seq();
    return isSeq(v) ? general(input, env) : v;
  };
}

/**
 * `name.name…` or `$var.name…` with no predicates, stages or other flags: the variable
 * (undefined for a relative path) and the field names.
 */
function simplePath(nodes: readonly AstNode[]): readonly [string | undefined, readonly string[]] | undefined {
  const plain = (n: AstNode): boolean => !unsupportedFlags(n) && n.predicate === undefined && n.group === undefined && (n as { stages?: unknown }).stages === undefined;
  const [first, ...rest] = nodes;
  if (first === undefined || !plain(first)) return undefined;
  let variable: string | undefined;
  const names = first.type === 'variable' ? rest : nodes;
  if (first.type === 'variable') {
    variable = first.value as string;
    if (variable === '' || rest.length === 0) return undefined;
  }
  if (!names.every((n) => n.type === 'name' && plain(n) && typeof n.value === 'string')) return undefined;
  return [variable, names.map((n) => n.value as string)];
}

function evaluateStep(step: Step, inputs: readonly unknown[], env: Frame, lastStep: boolean): unknown[] {
  const result: unknown[] = [];
  for (const item of inputs) {
    let res = step.run(item, env);
    for (const f of step.filters) res = applyFilter(f, res, env);
    if (res !== undefined) result.push(res);
  }
  if (lastStep && result.length === 1 && Array.isArray(result[0]) && !isSeq(result[0])) return result[0];
  const out = seq();
  for (const res of result) {
    if (!Array.isArray(res) || (res as Seq).cons === true) out.push(res);
    else for (const x of res) out.push(x);
  }
  return out;
}

function compileBinary(n: AstNode): Eval | undefined {
  const op = n.value as string;
  const l = n.lhs === undefined ? undefined : compileNode(n.lhs as AstNode);
  const r = n.rhs === undefined ? undefined : compileNode(n.rhs as AstNode);
  if (l === undefined || r === undefined) return undefined;
  if (op === 'and') return (input, env) => boolize(l(input, env)) && boolize(r(input, env));
  if (op === 'or') return (input, env) => boolize(l(input, env)) || boolize(r(input, env));
  const arithmetic = ARITH[op];
  if (arithmetic !== undefined) {
    return (input, env) => {
      const a = l(input, env);
      const b = r(input, env);
      if ((a !== undefined && !isNumeric(a)) || (b !== undefined && !isNumeric(b))) return fallback();
      if (a === undefined || b === undefined) return undefined;
      const out = arithmetic(a as number, b as number);
      return Number.isFinite(out) ? out : fallback();
    };
  }
  const compare = ORDER[op];
  if (compare !== undefined) {
    return (input, env) => {
      const a = l(input, env);
      const b = r(input, env);
      const ta = typeof a;
      const tb = typeof b;
      if ((ta !== 'undefined' && ta !== 'string' && ta !== 'number') || (tb !== 'undefined' && tb !== 'string' && tb !== 'number')) return fallback();
      if (a === undefined || b === undefined) return undefined;
      if (ta !== tb) return fallback();
      return compare(a as number | string, b as number | string);
    };
  }
  if (op === '=' || op === '!=') {
    const equal = op === '=';
    return (input, env) => {
      const a = l(input, env);
      const b = r(input, env);
      if (a === undefined || b === undefined) return false;
      return isDeepEqual(a, b) === equal;
    };
  }
  if (op === '&') {
    return (input, env) => {
      const a = l(input, env);
      const b = r(input, env);
      if ((a !== undefined && typeof a !== 'string') || (b !== undefined && typeof b !== 'string')) return fallback();
      return (a ?? '') + (b ?? '');
    };
  }
  if (op === '..') {
    return (input, env) => {
      const a = l(input, env);
      const b = r(input, env);
      if ((a !== undefined && !Number.isInteger(a)) || (b !== undefined && !Number.isInteger(b))) return fallback();
      if (a === undefined || b === undefined || (a as number) > (b as number)) return undefined;
      const size = (b as number) - (a as number) + 1;
      if (size > 1e7) return fallback();
      const out = seq();
      for (let v = a as number; v <= (b as number); v++) out.push(v);
      return out;
    };
  }
  return undefined;
}

function compileUnary(n: AstNode): Eval | undefined {
  switch (n.value) {
    case '-': {
      const e = n.expression === undefined ? undefined : compileNode(n.expression);
      if (e === undefined) return undefined;
      return (input, env) => {
        const v = e(input, env);
        if (v === undefined) return undefined;
        return isNumeric(v) ? -v : fallback();
      };
    }
    case '[': {
      const nodes = (n.expressions ?? []) as AstNode[];
      const items = compileAll(nodes);
      if (items === undefined) return undefined;
      // JSONata pushes the value of a nested array constructor (a node whose value is '[') and appends the others.
      const push = nodes.map((x) => x.value === '[');
      const cons = (n as { consarray?: unknown }).consarray === true;
      return (input, env) => {
        let result: unknown[] = [];
        for (let i = 0; i < items.length; i++) {
          const v = (items[i] as Eval)(input, env);
          if (v === undefined) continue;
          if (push[i] === true) result.push(v);
          else result = append(result, v) as unknown[];
        }
        if (cons) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
        return result;
      };
    }
    case '{': {
      const pairs = compileGroup(n);
      if (pairs === undefined) return undefined;
      return (input, env) => applyGroup(pairs, input, env);
    }
    default:
      return undefined;
  }
}

/** `$sum`, `$count` and `$sort` when the name resolves to JSONata's (or statecraft's) function. */
function compileCall(n: AstNode): Eval | undefined {
  const proc = n.procedure as AstNode | undefined;
  const argNodes = (n.arguments ?? []) as AstNode[];
  if (proc?.type !== 'variable' || unsupportedFlags(proc) || proc.predicate !== undefined || proc.group !== undefined) return undefined;
  const name = proc.value as string;
  if (name === 'sort') return compileSort(argNodes);
  if ((name !== 'sum' && name !== 'count') || argNodes.length !== 1) return undefined;
  const arg = compileNode(argNodes[0] as AstNode);
  if (arg === undefined) return undefined;
  if (name === 'count') {
    return (input, env) => {
      if (!env.isBuiltin(name)) return fallback();
      const v = arg(input, env);
      if (v === undefined) return 0;
      if (isFunction(v)) return fallback();
      return Array.isArray(v) ? v.length : 1;
    };
  }
  return (input, env) => {
    if (!env.isBuiltin(name)) return fallback();
    const v = arg(input, env);
    if (v === undefined) return undefined;
    const items = Array.isArray(v) ? v : [v];
    let total = 0;
    for (const x of items) {
      if (typeof x !== 'number') return fallback();
      total += x;
    }
    return Number.isFinite(total) ? total : fallback();
  };
}

/** `$sort(xs)` / `$sort(xs, function($a, $b) { … })` with statecraft's `$sort` ({@link jsonataSort}). */
function compileSort(argNodes: readonly AstNode[]): Eval | undefined {
  if (argNodes.length !== 1 && argNodes.length !== 2) return undefined;
  const arr = compileNode(argNodes[0] as AstNode);
  if (arr === undefined) return undefined;
  const lambda = argNodes[1];
  let comparator: ((env: Frame) => (a: unknown, b: unknown) => unknown) | undefined;
  if (lambda !== undefined) {
    if (lambda.type !== 'lambda' || lambda.signature !== undefined || lambda.thunk !== undefined || unsupportedFlags(lambda)
      || lambda.predicate !== undefined || lambda.group !== undefined || typeof lambda.body !== 'object' || lambda.body === null) return undefined;
    const impl = compileLambdaBody(lambda.body as AstNode);
    if (impl === undefined) return undefined;
    const params = ((lambda.arguments ?? []) as AstNode[]).map((a) => a.value as string);
    const [p0, p1] = params;
    comparator = (env) => {
      // One lookup per sort, reading the pair under comparison (a body never re-enters the comparator).
      let left: unknown;
      let right: unknown;
      const lookupVar = (name: string): unknown => (name === p0 ? left : name === p1 ? right : env.lookup(name));
      return (a, b) => {
        left = a;
        right = b;
        return impl(lookupVar);
      };
    };
  }
  return (input, env) => {
    if (env.lookup('sort') !== jsonataSort) return fallback();
    const v = arr(input, env);
    if (v === undefined) return undefined;
    const items = Array.isArray(v) ? v : [v];
    if (items.length <= 1) return items;
    if (comparator !== undefined) return mergeSortSync(items, comparator(env));
    if (!items.every((x) => typeof x === 'number') && !items.every((x) => typeof x === 'string')) return fallback();
    return mergeSortSync(items, (a, b) => (a as number) > (b as number));
  };
}

/**
 * Compiles a parsed JSONata expression (its AST, not modified) to a synchronous native
 * evaluator, or returns undefined when it uses anything outside the subset. The
 * evaluator throws {@link NativeLambdaFallback} when a value needs JSONata itself; an
 * array input (which JSONata wraps specially) always does.
 */
export function compileNativeExpression(ast: AstNode): NativeExpression | undefined {
  const root = compileNode(ast);
  if (root === undefined) return undefined;
  return (input, bindings) => {
    if (Array.isArray(input)) return fallback();
    return root(input, new Frame(undefined, input, bindings));
  };
}
