/**
 * The type-level view of a built chain: plain data plus phantom types for the
 * input, output, error union and query language.
 */
import type { QueryLanguage } from '../asl/types.js';
import type { ChainData } from './graph.js';

/** @internal Phantom carrier of a chain's types; never present at runtime. */
export interface ChainTypes<in In, out Out, out Err extends string, in out QL extends QueryLanguage> {
  readonly input: (input: In) => void;
  readonly output: Out;
  readonly errors: Err;
  /** Invariant: a JSONata-only chain cannot be used in a portable pipeline. */
  readonly queryLanguage: (ql: QL) => QL;
}

/**
 * A built chain (a pipeline, a branch, a handler): reads `In`, produces `Out`,
 * may fail with `Err`, written for query language(s) `QL`.
 */
export interface Chain<in In, out Out, out Err extends string = never, in out QL extends QueryLanguage = QueryLanguage> {
  readonly kind: 'chain';
  /** The graph. */
  readonly data: ChainData;
  /** @internal phantom types */
  readonly '~types'?: ChainTypes<In, Out, Err, QL>;
}

/** A chain that ends in a Succeed or Fail state: it never falls through to what follows it. */
export type EndedChain<In, Out, Err extends string = never, QL extends QueryLanguage = QueryLanguage> = Chain<In, Out, Err, QL> & {
  /** @internal phantom: the chain ended in Succeed or Fail. */
  readonly '~ended'?: true;
};

/** Any chain. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the input position must accept every chain
export type AnyChain = Chain<any, unknown, string, any>;

/** The input type of a chain. */
export type ChainInput<C> = C extends Chain<infer In, unknown, string, infer _QL> ? In : never;
/** The output type of a chain. */
export type ChainOutput<C> = C extends Chain<never, infer Out, string, infer _QL> ? Out : never;
/** The error union of a chain. */
export type ChainErrors<C> = C extends Chain<never, unknown, infer E, infer _QL> ? E : never;
