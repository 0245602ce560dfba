/**
 * Option and helper types of the builder methods.
 */
import type { JsonValue, QueryLanguage } from '../asl/types.js';
import type { ContextRef, Formatted, JsonataExpr, Ref, RefOf } from '../steps/expr/index.js';
import type { Chain } from './chain.js';
import type { Duration } from './duration.js';
import type { CatchInput, ErrorName, PlacementOptions, RetryOptions } from './options.js';
import type { Pipeline } from './pipeline.js';

/** True when the chain is declared for JSONata only (JSONata-only features allowed). */
export type IsJsonata<QL extends QueryLanguage> = [QL] extends ['JSONata'] ? true : false;

/** A parameter value usable in either query language (no raw JSONata). */
export type PortableTemplateInput =
  | string | number | boolean | null | undefined
  | RefOf<unknown>
  | Formatted
  | readonly PortableTemplateInput[]
  | { readonly [key: string]: PortableTemplateInput };

/** What a template function may return in a chain of query language `QL`: raw `jsonata()` only in JSONata chains. */
export type TemplateInputFor<QL extends QueryLanguage> = IsJsonata<QL> extends true
  ? PortableTemplateInput | JsonataExpr<unknown> | { readonly [key: string]: TemplateInputFor<QL> } | readonly TemplateInputFor<QL>[]
  : PortableTemplateInput;

/** The type of the value a template produces at run time. */
export type TemplateOutput<R> = R extends RefOf<infer T>
  ? T
  : R extends Formatted
    ? string
    : R extends JsonataExpr<infer T>
      ? T
      : R extends readonly unknown[]
        ? { -readonly [I in keyof R]: TemplateOutput<R[I]> }
        : R extends object
          ? { -readonly [K in keyof R as R[K] extends undefined ? never : K]: TemplateOutput<R[K]> }
          : R;

/**
 * The output of a `.pass({ set })` whose template returned `R`. When the template
 * does not fit (say a `jsonata()` in a portable pipeline) TypeScript falls back to
 * the constraint for `R`, a recursive union, whose `TemplateOutput` never ends
 * ("excessively deep", TS2589, beside the real error): that case is `unknown`.
 */
export type SetOutput<R, QL extends QueryLanguage> = [TemplateInputFor<QL>] extends [R] ? unknown : TemplateOutput<R>;

/** A sub-chain given as a callback on a fresh builder, or as a built chain. */
export type Branch<S, QL extends QueryLanguage> =
  | ((b: Pipeline<S, S, never, QL>) => Chain<never, unknown, string, QL>)
  | Chain<S, unknown, string, QL>;

/** The output of a branch (a branch that ends in Succeed still outputs its state). */
export type BranchOutput<B> = B extends (b: never) => infer C
  ? C extends Chain<never, infer O, string, infer _QL> ? O : never
  : B extends Chain<never, infer O, string, infer _QL> ? O : never;

/** The error union a branch can end with (a Parallel or Map fails with its branches' errors). */
export type BranchErrors<B> = B extends (b: never) => infer C
  ? C extends Chain<never, unknown, infer E, infer _QL> ? E : never
  : B extends Chain<never, unknown, infer E, infer _QL> ? E : never;

/** The error union of a list of branches. */
export type BranchesErrors<B extends readonly unknown[]> = { [I in keyof B]: BranchErrors<B[I]> }[number];

/**
 * The errors the catch handlers of options `O` (as written at the call) can end
 * with: what their steps raise and the names of their `fail()`s. A handler runs
 * after the node's Catch matched, so its errors go to the enclosing chain, never
 * to the node's own Retry or Catch. The chain methods write
 * `Err | Uncaught<E, …> | HandlerErrors<W>` out in their return types: through
 * an alias of their own, the alias (with the written options in it) would stay
 * in the chain's type, in hovers and emitted declarations, instead of the names.
 */
export type HandlerErrors<O> = O extends { readonly catch?: infer L }
  ? L extends readonly (infer Entry)[] ? Entry extends { readonly then: infer T } ? BranchErrors<T> : never : never
  : never;

/**
 * Options as declared (`D`) and as written (`O`), whose keys must be among
 * `Keys`. A chain method infers the written options (`O`, through this mapped
 * type, which TypeScript reverse-infers key by key) because that is where it
 * finds a catch handler's return type: inferred in a property of the declared
 * options, a callback whose parameter is typed from the sibling `on` is left out
 * of inference. Since every key of `O` is then known, the unknown ones are
 * refused here (see `UnknownOption`) instead of by TypeScript's excess-property check.
 * `Keys` is a fixed union per method: testing each key against `keyof D`
 * instead costs about 27% more instantiations on the 200-step bench chain.
 */
export type Written<D, O, Keys extends PropertyKey> = D & { readonly [K in keyof O]?: K extends 'catch' ? O[K] : K extends Keys ? unknown : UnknownOption<K> };

/** The type of an option key the method does not have: no value fits it, and the compiler's message names the key. */
export type UnknownOption<K> = `'${K & string}' is not an option of this method`;

/** @internal The option keys of a Parallel (`GuardOptions` and placement). */
export type GuardOptionKey = keyof GuardOptions<unknown, never, QueryLanguage> | keyof TypedPlacement<string, boolean>;
/** @internal The option keys of `.step()` and of the chain part of the integration wrappers. */
export type StepOptionKey = keyof StepOptions<unknown, never, QueryLanguage> | keyof TypedPlacement<string, boolean>;
/** @internal The option keys of `.map()` and `.distributedMap()`. */
export type MapOptionKey = keyof MapOptions<unknown, never, QueryLanguage> | keyof TypedPlacement<string, boolean>;

/** True when a chain can still be chained onto (it does not end in Succeed/Fail). */
type Rejoins<C> = C extends { readonly step: unknown } ? true : false;

/** The output a branch contributes where branches rejoin (a choice): `never` when it ends in Succeed/Fail. */
export type RejoinOutput<B> = B extends (b: never) => infer C
  ? Rejoins<C> extends true ? BranchOutput<B> : never
  : Rejoins<B> extends true ? BranchOutput<B> : never;

/** Options every node accepts. */
export interface NodeOptions {
  /** Explicit state name (unique in the document). @default derived from the step kind and id */
  readonly name?: string;
  /** ASL `Comment`. */
  readonly comment?: string;
}

/** A branch that rejoins the chain: a callback or built chain whose output must be assignable to `Next`, not ending in Succeed/Fail. */
export type RejoinBranch<S, Next, QL extends QueryLanguage> =
  | ((b: Pipeline<S, S, never, QL>) => Chain<never, Next, string, QL> & { readonly '~ended'?: false })
  | (Chain<S, Next, string, QL> & { readonly '~ended'?: false });

/**
 * A catch handler for the error names `N`: the sub-chain runs on the state
 * plus `error` (`Error` narrowed to `N`, see `CaughtError`). When it does not
 * end in Succeed/Fail the execution ends with its output.
 */
export interface CatchOptions<S, N extends string, QL extends QueryLanguage> {
  /** The errors this handler catches. */
  readonly on: readonly N[];
  /** The handler chain. */
  readonly then: Branch<CatchInput<S, N>, QL>;
  /** The handler ends the execution (its default). @default false */
  readonly rejoin?: false;
}

/**
 * A catch handler that rejoins the chain (`rejoin: true`), like a try/catch
 * that recovers: its output takes the place of the protected step's result, so
 * it must be assignable to the state after that step (`Next`), and the state
 * after the handler's last state is the step's next state (on a step with a
 * `.compensate()`, through its Save state, as on success).
 * @example .glue(stage, { discardResult: true, catch: [{ on: ['Glue.ConcurrentRunsExceededException'], rejoin: true, then: (b) => b.notify(alerts, (s) => ({ skipped: s.key }), { discardResult: true }) }] })
 */
export interface RejoiningCatchOptions<S, N extends string, Next, QL extends QueryLanguage> {
  /** The errors this handler catches. */
  readonly on: readonly N[];
  /** The handler chain: must not end in Succeed/Fail; its output must fit the state after the step. */
  readonly then: RejoinBranch<CatchInput<S, N>, Next, QL>;
  /** Continue with the state after the protected step once the handler is done. */
  readonly rejoin: true;
}

/** One catch handler (ending or rejoining) for the names `N`. */
export type CatchEntry<S, N extends string, Next, QL extends QueryLanguage> = CatchOptions<S, N, QL> | RejoiningCatchOptions<S, N, Next, QL>;

/**
 * The catch list, one entry per element of `C` (the names each entry catches,
 * inferred per entry from its `on`); `Next` is the state after the step.
 */
export type CatchList<S, C extends readonly string[], Next, QL extends QueryLanguage> = { readonly [I in keyof C]: CatchEntry<S, C[I], Next, QL> };

/**
 * Retry, catch and placement options (steps, parallel, map). `C` lists the
 * names each catch entry catches (inferred by the chain methods; the default is
 * any of the node's error names), `Next` the state after the node.
 */
export interface GuardOptions<S, E extends string, QL extends QueryLanguage, C extends readonly string[] = readonly ErrorName<E>[], Next = unknown> extends NodeOptions, PlacementOptions {
  /** Retry policies, tried in order. */
  readonly retry?: readonly RetryOptions<E>[];
  /** Catch handlers, tried in order. */
  readonly catch?: CatchList<S, C, Next, QL>;
}

/** Placement options with the key and flag as type parameters (so the next state type follows them). */
export interface TypedPlacement<K extends string, D extends boolean> {
  /** Put the result under this key of the state: next state is `State & { [key]: Out }`. */
  readonly resultAt?: K;
  /** Drop the result: next state is the current state. */
  readonly discardResult?: D;
}

/** Options of `.step()`. */
export interface StepOptions<S, E extends string, QL extends QueryLanguage, C extends readonly string[] = readonly ErrorName<E>[], Next = unknown> extends GuardOptions<S, E, QL, C, Next> {
  /** Task timeout (`TimeoutSeconds`). @default the service's (AWS: none for .sync, 60s for activities) */
  readonly timeout?: Duration;
  /** Heartbeat timeout (`HeartbeatSeconds`). @default none */
  readonly heartbeat?: Duration;
}

/** Options of `.map()` / `.distributedMap()`. */
export interface MapOptions<S, E extends string, QL extends QueryLanguage, C extends readonly string[] = readonly ErrorName<E>[], Next = unknown> extends GuardOptions<S, E, QL, C, Next> {
  /** Most iterations at once; 0 means no limit. @default 0 */
  readonly maxConcurrency?: number;
  /** Distributed only: percentage of failed items tolerated. @default 0 */
  readonly toleratedFailurePercentage?: number;
  /** Distributed only: number of failed items tolerated. @default 0 */
  readonly toleratedFailureCount?: number;
  /** Distributed only: label of the child executions. */
  readonly label?: string;
  /** Distributed only: child execution type. @default 'STANDARD' */
  readonly executionType?: 'STANDARD' | 'EXPRESS';
}

/** The source of a distributed map: a CSV object in S3, its columns given as a list or by a CSV schema. */
export type CsvSource<S, N extends string> = {
  /** Bucket name. */
  readonly bucket: string;
  /** Object key, from the state. */
  readonly key: (s: Ref<S>, ctx: ContextRef) => RefOf<string> | Formatted | string;
  /** Where the header is: the file's first row, or given by `columns` (the file has none). @default 'first-row' */
  readonly header?: 'first-row' | 'given';
  /** Stop after this many rows. @default all */
  readonly maxItems?: number;
} & (
  | { readonly columns: readonly N[]; readonly delimiter?: ',' | '|' | ';' | ' ' | '\t' }
  | { readonly schema: { readonly columns: { readonly [K in N]: unknown }; readonly columnNames: readonly string[]; readonly delimiter?: string } }
);

/** A row of a CSV read by a distributed map: Step Functions reads every value as a string. */
export type CsvRow<N extends string> = { [K in N]: string };

/** Options of `.pass()` with a literal result. */
export interface PassResultOptions<R> extends NodeOptions {
  readonly result: R;
}

/** Options of `.pass()` with a typed transform. */
export interface PassSetOptions<S, R> extends NodeOptions {
  readonly set: (s: Ref<S>, ctx: ContextRef) => R;
}

/** How long `.wait()` waits. */
export type WaitOptions<S, QL extends QueryLanguage> = NodeOptions & (
  | { readonly for: Duration }
  | { readonly seconds: (s: Ref<S>) => RefOf<number> }
  | { readonly until: string | ((s: Ref<S>) => RefOf<string>) }
  | (IsJsonata<QL> extends true ? { readonly secondsExpr: JsonataExpr<number> } : never)
);

/** Options of `.fail()`. */
export interface FailOptions<S, E extends string> extends NodeOptions {
  /** The error name. */
  readonly error: E;
  /** A human-readable cause: literal or from the state. */
  readonly cause?: string | ((s: Ref<S>, ctx: ContextRef) => RefOf<string> | Formatted);
}

/** Options of `pipeline()`. */
export interface PipelineOptions {
  /** After saga compensations ran: fail the execution with the original error, or succeed. @default 'fail' */
  readonly onCompensated?: 'fail' | 'succeed';
  /** ASL `Comment` of the document. */
  readonly comment?: string;
  /** Execution timeout (`TimeoutSeconds` of the document). */
  readonly timeout?: Duration;
}

/** A literal JSON result type for `.pass({ result })`. */
export type PassResult = JsonValue;
