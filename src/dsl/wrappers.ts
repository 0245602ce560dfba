/**
 * Named chain methods for the integration steps: thin wrappers over the step
 * factories of `src/steps/<name>/` and `.step()`. Each takes the factory's
 * options merged with the chain options (`resultAt`, `discardResult`,
 * `retry`, `catch`, `timeout`, `heartbeat`, `name`).
 *
 * Installed on `Pipeline.prototype` by importing this module (the dsl barrel does).
 */
import type { QueryLanguage } from '../asl/types.js';
import { waitForCallback } from '../steps/callback/index.js';
import type { CallbackDeliveryError, CallbackTarget, WaitForCallbackOptions } from '../steps/callback/index.js';
import { glue } from '../steps/glue/index.js';
import type { GlueArgumentName, GlueErrorName, GlueJob, GlueOptions, GlueOutput, GluePattern } from '../steps/glue/index.js';
import { lambda } from '../steps/lambda/index.js';
import type { LambdaErrorName, LambdaFunction, LambdaOptions, PayloadFn } from '../steps/lambda/index.js';
import { redshift } from '../steps/redshift/index.js';
import type { RedshiftErrorName, RedshiftOptions, RedshiftStatement } from '../steps/redshift/index.js';
import { s3Copy, s3Delete, s3Move } from '../steps/s3/index.js';
import type { S3CopyResult, S3DeleteOptions, S3DeleteResult, S3ErrorName, S3TransferOptions } from '../steps/s3/index.js';
import { notify } from '../steps/sns/index.js';
import type { MessageFn, NotifyOptions, PublishResult, SnsErrorName, Topic } from '../steps/sns/index.js';
import { subflow } from '../steps/subflow/index.js';
import type { InputFn, SubflowErrorName, SubflowOptions, SubflowResult } from '../steps/subflow/index.js';
import { validate } from '../steps/validate/index.js';
import type { ColumnsShape, CsvObject, CsvSchema, SourceFn, ValidateErrorName, ValidateOptions, ValidationReport } from '../steps/validate/index.js';
import type { ContextRef, Ref, TemplateFor } from '../steps/expr/index.js';
import type { Step } from '../steps/step.js';
import type { Chain } from './chain.js';
import type { ErrorName, PlacedBy, Uncaught } from './options.js';
import { Pipeline } from './pipeline.js';
import type { HandlerErrors, StepOptionKey, StepOptions, TypedPlacement, Written } from './types.js';

/**
 * Chain options merged into a factory's options: `StepOptions` plus the typed
 * placement; `C` lists the names each catch entry catches and `O` is the step's
 * result (a rejoining handler must produce the state after the step).
 */
export type ChainOptions<S, E extends string, QL extends QueryLanguage, K extends string, D extends boolean, C extends readonly string[] = readonly ErrorName<E>[], O = unknown> =
  StepOptions<S, E, QL, C, NoInfer<PlacedBy<S, O, K, D>>> & TypedPlacement<K, D>;

// The keys each wrapper's options may have (see `Written`): fixed unions, computed once.
type S3TransferKey = StepOptionKey | keyof S3TransferOptions<never>;
type S3DeleteKey = StepOptionKey | keyof S3DeleteOptions<never>;
type LambdaKey = StepOptionKey | keyof LambdaOptions<never, never, never> | 'payload';
type ValidateKey = StepOptionKey | keyof ValidateOptions<never> | 'source';
type GlueKey = StepOptionKey | keyof GlueOptions<never, never, GluePattern>;
type RedshiftKey = StepOptionKey | keyof RedshiftOptions<never>;
type NotifyKey = StepOptionKey | keyof NotifyOptions<never>;
type SubflowKey = StepOptionKey | keyof SubflowOptions<never, never> | 'input';
type CallbackKey = StepOptionKey | keyof WaitForCallbackOptions<never, never>;

/** The next pipeline after a wrapper call; `E` is what the call adds to the error union. */
type Next<In, S, O, Err extends string, E extends string, QL extends QueryLanguage, K extends string, D extends boolean> = Pipeline<In, PlacedBy<S, O, K, D>, Err | E, QL>;

/** The `.s3` namespace of a pipeline. */
export interface S3Methods<In, State, Err extends string, QL extends QueryLanguage> {
  /** Copies an object (`aws-sdk:s3:copyObject`). */
  copy<const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<S3ErrorName>[] = [], W = object>(opts: Written<S3TransferOptions<State> & ChainOptions<State, S3ErrorName, QL, K, D, C, S3CopyResult>, W, S3TransferKey>): Next<In, State, S3CopyResult, Err, Uncaught<S3ErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;
  /** Moves an object (copy, then delete the source). */
  move<const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<S3ErrorName>[] = [], W = object>(opts: Written<S3TransferOptions<State> & ChainOptions<State, S3ErrorName, QL, K, D, C, S3DeleteResult>, W, S3TransferKey>): Next<In, State, S3DeleteResult, Err, Uncaught<S3ErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;
  /** Deletes an object (`aws-sdk:s3:deleteObject`). */
  delete<const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<S3ErrorName>[] = [], W = object>(opts: Written<S3DeleteOptions<State> & ChainOptions<State, S3ErrorName, QL, K, D, C, S3DeleteResult>, W, S3DeleteKey>): Next<In, State, S3DeleteResult, Err, Uncaught<S3ErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;
}

// The rest parameters are named for the case where the options are required
// (the state is not itself the handler's event, the child's input, a CSV
// object): called without them, TypeScript says "Expected 2 arguments, but got
// 1" and names the missing rest parameter, so the name says what is missing.
//
// Like the chain methods of `Pipeline`, these take the state as a type parameter
// `S` inferred from `this` (see there why). `waitForCallback` keeps the class's
// `State`: its documented explicit `<Out>` would otherwise bind `S`.
declare module './pipeline.js' {
  interface Pipeline<In, State, Err extends string, QL extends QueryLanguage> {
    /**
     * Invokes a Lambda function (`lambda:invoke`); the payload is typed by the handler.
     * @example .lambda(score, { payload: (s) => ({ orderId: s.id }), resultAt: 'score' })
     */
    lambda<S extends State, LIn, LOut, E extends string = never, const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<E | LambdaErrorName>[] = [], W = object>(
      this: Pipeline<In, S, Err, QL>,
      fn: LambdaFunction<LIn, LOut>,
      ...optionsWithPayload: [S] extends [LIn]
        ? [opts?: Written<LambdaOptions<S, LIn, E> & ChainOptions<S, NoInfer<E> | LambdaErrorName, QL, K, D, C, LOut>, W, LambdaKey>]
        : [opts: Written<LambdaOptions<S, LIn, E> & { readonly payload: PayloadFn<S, LIn> } & ChainOptions<S, NoInfer<E> | LambdaErrorName, QL, K, D, C, LOut>, W, LambdaKey>]
    ): Next<In, S, LOut, Err, Uncaught<E | LambdaErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;

    /**
     * Validates a CSV object in S3 against a schema; the result is the typed report.
     * @example .validate(orders, { resultAt: 'report', catch: [{ on: ['Csv.ValidationFailed'], then: (b) => b.s3.move(...) }] })
     */
    validate<S extends State, Cols extends ColumnsShape, const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<ValidateErrorName>[] = [], W = object>(
      this: Pipeline<In, S, Err, QL>,
      schema: CsvSchema<Cols>,
      ...optionsWithSource: [S] extends [CsvObject]
        ? [opts?: Written<ValidateOptions<S> & ChainOptions<S, ValidateErrorName, QL, K, D, C, ValidationReport<Cols>>, W, ValidateKey>]
        : [opts: Written<ValidateOptions<S> & { readonly source: SourceFn<S> } & ChainOptions<S, ValidateErrorName, QL, K, D, C, ValidationReport<Cols>>, W, ValidateKey>]
    ): Next<In, S, ValidationReport<Cols>, Err, Uncaught<ValidateErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;

    /**
     * Runs a Glue job (`glue:startJobRun.sync` by default) with typed `--arguments`.
     * @example .glue(stageJob, { args: (s) => ({ '--key': s.key }), retry: [{ on: ['Glue.ConcurrentRunsExceededException'], every: '30s' }] })
     */
    glue<S extends State, A extends GlueArgumentName = never, P extends GluePattern = 'sync', const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<GlueErrorName>[] = [], W = object>(
      this: Pipeline<In, S, Err, QL>,
      job: GlueJob<A>,
      opts?: Written<GlueOptions<S, A, P> & ChainOptions<S, GlueErrorName, QL, K, D, C, GlueOutput<P>>, W, GlueKey>,
    ): Next<In, S, GlueOutput<P>, Err, Uncaught<GlueErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;

    /** Runs a Redshift Data API statement and polls it to completion. */
    redshift<S extends State, const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<RedshiftErrorName>[] = [], W = object>(
      this: Pipeline<In, S, Err, QL>,
      sql: string | ((state: Ref<S>, context: ContextRef) => TemplateFor<string>),
      opts: Written<RedshiftOptions<S> & ChainOptions<S, RedshiftErrorName, QL, K, D, C, RedshiftStatement>, W, RedshiftKey>,
    ): Next<In, S, RedshiftStatement, Err, Uncaught<RedshiftErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;

    /** Publishes a message built from the state to an SNS topic. */
    notify<S extends State, const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<SnsErrorName>[] = [], W = object>(
      this: Pipeline<In, S, Err, QL>,
      topic: Topic,
      message: MessageFn<S>,
      opts?: Written<NotifyOptions<S> & ChainOptions<S, SnsErrorName, QL, K, D, C, PublishResult>, W, NotifyKey>,
    ): Next<In, S, PublishResult, Err, Uncaught<SnsErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;

    /** S3 object operations: `.s3.copy()`, `.s3.move()`, `.s3.delete()`. */
    readonly s3: S3Methods<In, State, Err, QL>;

    /**
     * Runs another pipeline as a child execution (`states:startExecution.sync:2`); its input is type-checked.
     * The child is a state machine of its own: it may be written for another query language than this chain.
     * @example .subflow(loadOne, { input: (s) => ({ key: s.key }), resultAt: 'child' })
     */
    subflow<
      S extends State, CIn, COut, CQL extends QueryLanguage, const K extends string = never, D extends boolean = false,
      const C extends readonly ErrorName<SubflowErrorName>[] = [], W = object,
    >(
      this: Pipeline<In, S, Err, QL>,
      child: Chain<CIn, COut, string, CQL>,
      ...optionsWithInput: [S] extends [CIn]
        ? [opts?: Written<SubflowOptions<S, CIn> & ChainOptions<S, SubflowErrorName, QL, K, D, C, SubflowResult<COut>>, W, SubflowKey>]
        : [opts: Written<SubflowOptions<S, CIn> & { readonly input: InputFn<S, CIn> } & ChainOptions<S, SubflowErrorName, QL, K, D, C, SubflowResult<COut>>, W, SubflowKey>]
    ): Next<In, S, SubflowResult<COut>, Err, Uncaught<SubflowErrorName, C[number]> | HandlerErrors<W>, QL, K, D>;

    /**
     * Sends a task token to a Lambda or topic and waits for the callback (`.waitForTaskToken`).
     * Declare what the callback sends with `output: callbackOutput<Out>()`, so that `resultAt`
     * (like every type argument) stays inferred: `.waitForCallback<Out>(…)` fixes the others
     * to their defaults, and `resultAt` is then refused.
     * @example .waitForCallback(approver, { id: 'approve', payload: (s, ctx) => ({ token: ctx.task.token }), output: callbackOutput<{ approved: boolean }>(), resultAt: 'approval' })
     */
    waitForCallback<
      Out = unknown, E extends string = never, T extends CallbackTarget = CallbackTarget, const K extends string = never, D extends boolean = false,
      const C extends readonly ErrorName<E | CallbackDeliveryError<T>>[] = [], W = object,
    >(
      target: T,
      opts: Written<WaitForCallbackOptions<State, E, Out, T> & ChainOptions<State, NoInfer<E> | CallbackDeliveryError<T>, QL, K, D, C, Out>, W, CallbackKey>,
    ): Next<In, State, Out, Err, Uncaught<E | CallbackDeliveryError<T>, C[number]> | HandlerErrors<W>, QL, K, D>;
  }
}

const CHAIN_KEYS: ReadonlySet<string> = new Set(['resultAt', 'discardResult', 'retry', 'catch', 'timeout', 'heartbeat', 'name']);

/** Splits merged options into the factory's and the chain's. */
function split(opts: object | undefined): [Record<string, unknown>, Record<string, unknown>] {
  const own: Record<string, unknown> = {};
  const chain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(opts ?? {})) (CHAIN_KEYS.has(k) ? chain : own)[k] = v;
  return [own, chain];
}

type AnyPipeline = Pipeline<unknown, unknown, string, QueryLanguage>;
type Untyped = (this: AnyPipeline, ...args: never[]) => unknown;

// The factories are generic over the state; here the state is only known to the
// types above, so the runtime calls go through an untyped view.
const viaStep = (p: AnyPipeline, step: unknown, chain: Record<string, unknown>): unknown =>
  (p.step as (s: unknown, o: unknown) => unknown)(step, chain);
const call = (factory: unknown, ...args: unknown[]): Step<unknown, unknown, string> =>
  (factory as (...a: unknown[]) => Step<unknown, unknown, string>)(...args);

const methods: { readonly [name: string]: Untyped } = {
  lambda(this: AnyPipeline, fn: never, opts?: never) {
    const [own, chain] = split(opts);
    return viaStep(this, call(lambda, fn, own), chain);
  },
  validate(this: AnyPipeline, schema: never, opts?: never) {
    const [own, chain] = split(opts);
    return viaStep(this, call(validate, schema, own), chain);
  },
  glue(this: AnyPipeline, job: never, opts?: never) {
    const [own, chain] = split(opts);
    return viaStep(this, call(glue, job, own), chain);
  },
  redshift(this: AnyPipeline, sql: never, opts: never) {
    const [own, chain] = split(opts);
    return viaStep(this, call(redshift, sql, own), chain);
  },
  notify(this: AnyPipeline, topic: never, message: never, opts?: never) {
    const [own, chain] = split(opts);
    return viaStep(this, call(notify, topic, message, own), chain);
  },
  subflow(this: AnyPipeline, child: never, opts?: never) {
    const [own, chain] = split(opts);
    return viaStep(this, call(subflow, child, own), chain);
  },
  waitForCallback(this: AnyPipeline, target: never, opts: never) {
    const [own, chain] = split(opts);
    return viaStep(this, call(waitForCallback, target, own), chain);
  },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Pipeline.prototype, name, { value: fn, writable: false, enumerable: false, configurable: false });
}

Object.defineProperty(Pipeline.prototype, 's3', {
  enumerable: false,
  configurable: false,
  get(this: AnyPipeline) {
    const s3op = (factory: unknown) => (opts: object) => {
      const [own, chain] = split(opts);
      return viaStep(this, call(factory, own), chain);
    };
    return Object.freeze({ copy: s3op(s3Copy), move: s3op(s3Move), delete: s3op(s3Delete) });
  },
});
