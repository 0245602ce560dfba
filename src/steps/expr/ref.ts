/**
 * The typed state proxy: `s => s.order.items[0].sku` records the access path
 * `['order', 'items', 0, 'sku']` and is typed by the state type, so reading a
 * field the state does not have is a TypeScript error.
 *
 * Paths render to JSONPath (`$.order.items[0].sku`, context `$$.Execution.Id`)
 * or JSONata (`$states.input.order.items[0].sku`, `$states.context.Execution.Id`).
 */
import type { Condition, ComparisonOp, ComparisonType, TypeTest } from './condition.js';

declare const refType: unique symbol;

/** Where a reference points: the state input or the context object. */
export type RefRoot = 'input' | 'context';

/** The recorded, plain-data form of a reference. */
export interface RefNode {
  readonly kind: 'ref';
  readonly root: RefRoot;
  readonly path: readonly (string | number)[];
}

/** Phantom brand of a reference to a value of type `T`. */
export interface RefOf<T> {
  /** @internal phantom: never present at runtime. */
  readonly [refType]: T;
}

/** Conditions every reference offers (choice rules). */
export interface AnyRefOps {
  /** The field exists. */
  isPresent(): Condition;
  /** The field is JSON `null`. */
  isNull(): Condition;
  /** The field is a string. */
  isString(): Condition;
  /** The field is a number. */
  isNumeric(): Condition;
  /** The field is a boolean. */
  isBoolean(): Condition;
  /** The field is an ISO-8601 timestamp string. */
  isTimestamp(): Condition;
}

/** Comparisons of a string reference (lexicographic), glob matching and timestamp comparisons. */
export interface StringRefOps extends AnyRefOps {
  eq(value: string | RefOf<string>): Condition;
  lt(value: string | RefOf<string>): Condition;
  gt(value: string | RefOf<string>): Condition;
  lte(value: string | RefOf<string>): Condition;
  gte(value: string | RefOf<string>): Condition;
  /** Glob match where `*` matches any run of characters (ASL `StringMatches`). */
  matches(pattern: string): Condition;
  timestampEq(value: string | RefOf<string>): Condition;
  timestampLt(value: string | RefOf<string>): Condition;
  timestampGt(value: string | RefOf<string>): Condition;
  timestampLte(value: string | RefOf<string>): Condition;
  timestampGte(value: string | RefOf<string>): Condition;
}

/**
 * Comparisons of a number reference with a literal. (Field-to-field comparisons
 * are offered for strings and timestamps only: a proxy carries no runtime type
 * from which to pick `NumericEqualsPath` over `StringEqualsPath`.)
 */
export interface NumberRefOps extends AnyRefOps {
  eq(value: number): Condition;
  lt(value: number): Condition;
  gt(value: number): Condition;
  lte(value: number): Condition;
  gte(value: number): Condition;
}

/** Comparisons of a boolean reference with a literal. */
export interface BooleanRefOps extends AnyRefOps {
  eq(value: boolean): Condition;
}

/** Comparisons of a leaf reference (not an object or array). */
type LeafOps<T> = [T] extends [string]
  ? StringRefOps
  : [T] extends [number]
    ? NumberRefOps
    : [T] extends [boolean]
      ? BooleanRefOps
      : AnyRefOps;

/** Indexes typed without `| undefined` under `noUncheckedIndexedAccess`; larger ones go through the index signature. */
type SmallIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** The items of an array reference. */
type Items<E> = { readonly [index: number]: Ref<E> } & { readonly [I in SmallIndex]: Ref<E> };

/**
 * What a reference to a (non-null) `T` offers besides its brand. Objects are
 * tested first: the state is an object, often an intersection with one member
 * per `resultAt` key, and each test against `string`, `number`, … would visit
 * every member. (`never` keeps the string comparisons and array items it has
 * always had, items typed `unknown`.)
 */
type Parts<T> = [T] extends [never]
  ? StringRefOps & Items<unknown>
  : [T] extends [object]
    ? [T] extends [readonly (infer E)[]]
      ? AnyRefOps & Items<E>
      : AnyRefOps & { readonly [K in keyof T & string]-?: Ref<T[K]> }
    : LeafOps<T>;

/**
 * A typed reference to a value of type `T` inside the state (or context object):
 * its fields are references too, and leaves offer the choice comparisons.
 * Field names that collide with a comparison method (`eq`, `gt`, `isPresent`, …)
 * are shadowed by the method.
 */
export type Ref<T> = RefOf<T> & Parts<T & {}>;
// `T & {}` is `NonNullable<T>` written inline: the alias would make `NonNullable<State>`
// a second type object equal to the state, and TypeScript derives the properties
// of every such intersection again (the state of a long chain has one member per
// `resultAt` key, so each copy costs O(members²)).

/** The typed context object (`$$` / `$states.context`), in camelCase. */
export interface ContextObject {
  readonly execution: {
    readonly id: string;
    readonly name: string;
    readonly startTime: string;
    readonly roleArn: string;
    readonly redriveCount: number;
    readonly input: unknown;
  };
  readonly state: { readonly name: string; readonly enteredTime: string; readonly retryCount: number };
  readonly stateMachine: { readonly id: string; readonly name: string };
  readonly task: { readonly token: string };
  readonly map: { readonly item: { readonly index: number; readonly value: unknown } };
}

/** A reference to the context object. */
export type ContextRef = Ref<ContextObject>;

const NODE = Symbol.for('statecraft.ref-node');

const COMPARE: { readonly [name: string]: readonly [ComparisonOp, ComparisonType | null] } = {
  eq: ['eq', null], lt: ['lt', null], gt: ['gt', null], lte: ['lte', null], gte: ['gte', null],
  timestampEq: ['eq', 'timestamp'], timestampLt: ['lt', 'timestamp'], timestampGt: ['gt', 'timestamp'],
  timestampLte: ['lte', 'timestamp'], timestampGte: ['gte', 'timestamp'],
};
const TESTS: readonly TypeTest[] = ['isPresent', 'isNull', 'isString', 'isNumeric', 'isBoolean', 'isTimestamp'];

/** True when `value` is a reference produced by a state or context proxy. */
export function isRef(value: unknown): value is RefOf<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && refNodeOf(value) !== undefined;
}

/** The recorded node of a reference, or `undefined` if `value` is not one. */
export function refNodeOf(value: unknown): RefNode | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  const node: unknown = Reflect.get(value, NODE);
  return node !== undefined && typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === 'ref'
    ? (node as RefNode)
    : undefined;
}

function compareType(right: unknown): ComparisonType {
  if (typeof right === 'number') return 'number';
  if (typeof right === 'boolean') return 'boolean';
  return 'string';
}

function makeRef(node: RefNode): unknown {
  return new Proxy(Object.freeze({}), {
    get(_target, prop) {
      if (prop === NODE) return node;
      if (typeof prop === 'symbol') return undefined;
      // `then` must stay undefined so a reference is never mistaken for a promise.
      if (prop === 'then') return undefined;
      if (prop === 'toJSON') return () => ({ ref: node.root, path: node.path });
      const compare = COMPARE[prop];
      if (compare !== undefined) {
        const [op, forced] = compare;
        return (right: unknown): Condition => {
          const rightNode = refNodeOf(right);
          if (rightNode === undefined && !['string', 'number', 'boolean'].includes(typeof right)) {
            throw new TypeError(`${prop}(): the value to compare with must be a string, number, boolean or a state reference`);
          }
          // A reference on the right is only offered (by the types) for strings and timestamps.
          const type = forced ?? (rightNode === undefined ? compareType(right) : 'string');
          return { kind: 'compare', op, type, left: node, right: rightNode ?? (right as string | number | boolean) };
        };
      }
      if (prop === 'matches') {
        return (pattern: unknown): Condition => {
          if (typeof pattern !== 'string') throw new TypeError('matches(): the pattern must be a string');
          return { kind: 'matches', left: node, pattern };
        };
      }
      if ((TESTS as readonly string[]).includes(prop)) {
        return (): Condition => ({ kind: 'test', test: prop as TypeTest, left: node });
      }
      const segment: string | number = /^(0|[1-9][0-9]*)$/.test(prop) ? Number(prop) : prop;
      return makeRef({ kind: 'ref', root: node.root, path: [...node.path, segment] });
    },
    set() {
      throw new TypeError('a state reference is read-only');
    },
  });
}

/** A proxy over the state input typed as `T` (what parameter functions receive as `s`). */
export function stateProxy<T>(): Ref<T> {
  return makeRef({ kind: 'ref', root: 'input', path: [] }) as Ref<T>;
}

/** A proxy over the context object (what parameter functions receive as `ctx`). */
export function contextProxy(): ContextRef {
  return makeRef({ kind: 'ref', root: 'context', path: [] }) as ContextRef;
}

/** A reference at an explicit path, e.g. from a recorded node (used by the compiler). */
export function refAt<T>(root: RefRoot, path: readonly (string | number)[]): Ref<T> {
  return makeRef({ kind: 'ref', root, path: [...path] }) as Ref<T>;
}
