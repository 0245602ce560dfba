/**
 * The immutable typed builder. Each chain call returns a new `Pipeline` whose
 * `State` type parameter is the state after that call; the graph underneath is
 * plain data (`./graph.ts`).
 */
import type { JsonValue, QueryLanguage } from '../asl/types.js';
import type { Condition, JsonataExpr, Ref, RefOf } from '../steps/expr/index.js';
import { contextProxy, record, refNodeOf, stateProxy, toTemplate } from '../steps/expr/index.js';
import { passStep, waitStep } from '../steps/flow/index.js';
import type { WaitSpec } from '../steps/flow/index.js';
import type { AnyStep, Step } from '../steps/step.js';
import type { Chain, ChainTypes, EndedChain } from './chain.js';
import { ChoiceBuilder, choiceData } from './choice.js';
import { checkDuration, durationSeconds } from './duration.js';
import type { CatchData, ChainData, CsvSourceData, Guarded, MapSettings, Node, RetryData } from './graph.js';
import { isTerminal } from './graph.js';
import { checkErrorLists, checkRetry, placementOf } from './options.js';
import type { ErrorName, PlacedBy, PlacementOptions, RetryOptions, Uncaught } from './options.js';
import type {
  Branch, BranchErrors, BranchesErrors, BranchOutput, CsvRow, CsvSource, FailOptions, GuardOptionKey, GuardOptions, HandlerErrors, MapOptionKey, MapOptions, NodeOptions,
  PassResultOptions, PassSetOptions, PipelineOptions, SetOutput, StepOptionKey, StepOptions, TemplateInputFor, TypedPlacement, WaitOptions, Written,
} from './types.js';

/** Builds a sub-chain from a branch argument (callback or built chain). */
export function branchData<S, QL extends QueryLanguage>(parent: ChainData, branch: Branch<S, QL>, what: string): ChainData {
  if (typeof branch === 'function') {
    const built: unknown = branch(Pipeline.sub<S, QL>(parent));
    if (!isChainValue(built)) {
      throw new TypeError(`${what}: the callback must return the chain it built (did you forget to return it?)`);
    }
    return built.data;
  }
  if (!isChainValue(branch)) throw new TypeError(`${what}: expected a chain or a callback building one`);
  return branch.data;
}

function isChainValue(x: unknown): x is Chain<unknown, unknown, string, QueryLanguage> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'chain' && typeof (x as { data?: unknown }).data === 'object';
}

function checkNodeOptions(opts: NodeOptions | undefined): void {
  if (opts?.name !== undefined && (typeof opts.name !== 'string' || opts.name.length === 0 || opts.name.length > 80)) {
    throw new TypeError(`name must be a state name of 1 to 80 characters, got ${JSON.stringify(opts.name)}`);
  }
}

function nodeBase(opts: NodeOptions | undefined): { name?: string; comment?: string } {
  return {
    ...(opts?.name === undefined ? {} : { name: opts.name }),
    ...(opts?.comment === undefined ? {} : { comment: opts.comment }),
  };
}

/** The runtime view of retry/catch/placement options (their types are checked by the chain methods). */
interface GuardInput extends NodeOptions, PlacementOptions {
  readonly retry?: readonly RetryData[];
  readonly catch?: readonly { readonly on: readonly string[]; readonly then: unknown; readonly rejoin?: boolean }[];
}

function guardData(parent: ChainData, opts: GuardInput | undefined): Guarded {
  checkNodeOptions(opts);
  const retry: readonly RetryData[] = opts?.retry ?? [];
  checkRetry(retry);
  const catches = opts?.catch ?? [];
  if (!Array.isArray(catches)) throw new TypeError('catch must be an array of catch handlers');
  checkErrorLists('catch', catches.map((c) => c.on));
  const catchData: CatchData[] = catches.map((c, i) => {
    const rejoin: unknown = c.rejoin ?? false;
    if (typeof rejoin !== 'boolean') throw new TypeError(`catch[${i}].rejoin must be true or false, got ${JSON.stringify(rejoin)}`);
    const handler = branchData(parent, c.then as Branch<unknown, QueryLanguage>, `catch[${i}].then`);
    if (rejoin && isTerminal(handler)) {
      throw new TypeError(`catch[${i}]: rejoin: true, but the handler ends in ${handler.nodes[handler.nodes.length - 1]?.kind}(), so it can never rejoin; drop rejoin or the final ${handler.nodes[handler.nodes.length - 1]?.kind}()`);
    }
    return { on: [...c.on], handler, rejoin };
  });
  return { placement: placementOf(opts), retry, catch: catchData };
}

function nonNegativeInt(field: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new TypeError(`${field} must be a whole number ≥ 0, got ${v}`);
}

function mapSettings(opts: Pick<MapOptions<unknown, never, QueryLanguage>, 'maxConcurrency' | 'toleratedFailurePercentage' | 'toleratedFailureCount' | 'label' | 'executionType'> | undefined): MapSettings {
  nonNegativeInt('maxConcurrency', opts?.maxConcurrency);
  nonNegativeInt('toleratedFailureCount', opts?.toleratedFailureCount);
  const pct = opts?.toleratedFailurePercentage;
  if (pct !== undefined && (typeof pct !== 'number' || pct < 0 || pct > 100)) {
    throw new TypeError(`toleratedFailurePercentage must be a number from 0 to 100, got ${pct}`);
  }
  return {
    ...(opts?.maxConcurrency === undefined ? {} : { maxConcurrency: opts.maxConcurrency }),
    ...(pct === undefined ? {} : { toleratedFailurePercentage: pct }),
    ...(opts?.toleratedFailureCount === undefined ? {} : { toleratedFailureCount: opts.toleratedFailureCount }),
    ...(opts?.label === undefined ? {} : { label: opts.label }),
    ...(opts?.executionType === undefined ? {} : { executionType: opts.executionType }),
  };
}

const DELIMITERS = { ',': 'COMMA', '|': 'PIPE', ';': 'SEMICOLON', ' ': 'SPACE', '\t': 'TAB' } as const;

function csvSourceData<S>(source: CsvSource<S, string>): CsvSourceData {
  if (typeof source.bucket !== 'string' || source.bucket === '') throw new TypeError('distributedMap source.bucket must be a bucket name');
  const names = 'columns' in source ? source.columns : source.schema.columnNames;
  if (!Array.isArray(names) || names.length === 0) throw new TypeError('distributedMap source: list at least one column (columns or schema)');
  const delimiter = 'columns' in source ? source.delimiter : source.schema.delimiter;
  let reader: CsvSourceData['delimiter'];
  if (delimiter !== undefined) {
    reader = (DELIMITERS as { readonly [k: string]: CsvSourceData['delimiter'] })[delimiter];
    if (reader === undefined) throw new TypeError(`distributedMap source: delimiter ${JSON.stringify(delimiter)} is not one Step Functions reads (, | ; space tab)`);
  }
  nonNegativeInt('distributedMap source.maxItems', source.maxItems);
  const header = source.header ?? 'first-row';
  if (header !== 'first-row' && header !== 'given') throw new TypeError(`distributedMap source.header must be 'first-row' or 'given'`);
  return {
    bucket: source.bucket,
    key: toTemplate(source.key(stateProxy<S>(), contextProxy()), 'source.key'),
    ...(header === 'given' ? { headers: [...names] } : {}),
    ...(reader === undefined || reader === 'COMMA' ? {} : { delimiter: reader }),
    ...(source.maxItems === undefined ? {} : { maxItems: source.maxItems }),
  };
}

/**
 * The typed, immutable pipeline builder. `In` is the execution input, `State`
 * the state at this point of the chain, `Err` the union of the error names its
 * steps can raise, `QL` the query language(s) it is written for.
 *
 * Each chain method takes the state as its own type parameter `S`, inferred
 * from `this` (so always `State`). Why: a method signature written with the
 * class's `State` holds the concrete state of the builder it is called on, and
 * TypeScript re-instantiates that whole state (one step per `resultAt` key)
 * every time it instantiates the signature for a call; a type parameter is
 * substituted without being walked. On a 200-step chain this is about a
 * quarter of the type-check time of the chain.
 */
export class Pipeline<in out In, in out State, out Err extends string = never, in out QL extends QueryLanguage = QueryLanguage>
implements Chain<In, State, Err, QL> {
  /** Discriminator of chain values. */
  readonly kind = 'chain' as const;
  /** The graph built so far. */
  readonly data: ChainData;
  /** The pipeline's name (names the state machine; `''` for sub-chains). */
  get name(): string {
    return this.data.name;
  }

  /** @internal phantom types (never set at runtime) */
  declare readonly '~types'?: ChainTypes<In, State, Err, QL>;
  /** @internal phantom: a builder can still be chained onto (see `EndedChain`). */
  declare readonly '~ended'?: false;

  private constructor(data: ChainData) {
    this.data = Object.freeze(data);
    Object.freeze(this);
  }

  /** @internal A new top-level chain. */
  static create<I, Q extends QueryLanguage>(name: string, queryLanguage: Q | undefined, opts: PipelineOptions): Pipeline<I, I, never, Q> {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new TypeError(`pipeline name must be 1 to 80 letters, digits, '-' or '_', got ${JSON.stringify(name)}`);
    }
    const after = opts.onCompensated ?? 'fail';
    if (after !== 'fail' && after !== 'succeed') throw new TypeError(`onCompensated must be 'fail' or 'succeed', got ${JSON.stringify(after)}`);
    if (opts.timeout !== undefined) checkDuration('timeout', opts.timeout);
    return new Pipeline({
      name, nodes: [], queryLanguage, afterCompensation: after, comment: opts.comment, timeout: opts.timeout,
    });
  }

  /** @internal A sub-chain (branch, handler, processor) inheriting the parent's settings. */
  static sub<I, Q extends QueryLanguage>(parent: ChainData): Pipeline<I, I, never, Q> {
    return new Pipeline({ ...parent, nodes: [] });
  }

  private push<S2, E2 extends string = Err>(node: Node): Pipeline<In, S2, E2, QL> {
    if (isTerminal(this.data)) {
      throw new TypeError(`cannot chain a ${node.kind} after ${this.data.nodes[this.data.nodes.length - 1]?.kind}(): a Succeed or Fail state ends the chain`);
    }
    return new Pipeline({ ...this.data, nodes: [...this.data.nodes, Object.freeze(node)] });
  }

  /**
   * Adds a step. The step is accepted only if the current state is assignable
   * to its input; the next state follows `resultAt` / `discardResult`. The
   * chain's error union gains the step's errors that no catch entry catches
   * and the errors its catch handlers can end with.
   * @example pipeline<{ key: string }>('etl').step(glue('stage', { args: (s) => ({ '--key': s.key }) }), { resultAt: 'stage' })
   */
  step<S extends State, O, E extends string, const K extends string = never, D extends boolean = false, const C extends readonly ErrorName<E>[] = [], W = object>(
    this: Pipeline<In, S, Err, QL>,
    step: Step<NoInfer<S>, O, E>,
    opts?: Written<StepOptions<S, NoInfer<E>, QL, C, NoInfer<PlacedBy<S, O, K, D>>> & TypedPlacement<K, D>, W, StepOptionKey>,
  ): Pipeline<In, PlacedBy<S, O, K, D>, Err | Uncaught<E, C[number]> | HandlerErrors<W>, QL> {
    if (typeof step !== 'object' || step === null || typeof step.render !== 'function') {
      throw new TypeError('step(): expected a step (e.g. lambda(...), glue(...))');
    }
    const guard = guardData(this.data, opts);
    if (opts?.timeout !== undefined) checkDuration('timeout', opts.timeout);
    if (opts?.heartbeat !== undefined) checkDuration('heartbeat', opts.heartbeat);
    return this.push({
      kind: 'step',
      step: step as unknown as AnyStep,
      ...nodeBase(opts),
      ...guard,
      ...(opts?.timeout === undefined ? {} : { timeout: opts.timeout }),
      ...(opts?.heartbeat === undefined ? {} : { heartbeat: opts.heartbeat }),
    });
  }

  /**
   * Registers the saga compensation of the previous step: when a later step
   * fails, the compensations of the steps already done run in reverse order,
   * each on the state as it was right after its step; then the execution fails
   * with the original error (or succeeds, per `onCompensated`).
   *
   * A Parallel branch or a Map iteration is a saga scope of its own: a failure
   * there undoes that branch's (iteration's) steps, then the branch fails with
   * the original error and the enclosing Catch or saga takes over (iterations
   * that already finished are not undone: compensate the whole map with
   * `.map(...).compensate(...)`). Choice branches and catch handlers have no
   * scope of their own: `compile()` reports a compensation there as an
   * `unsupported-compensation` issue.
   *
   * The compensation has no Catch: when it fails (after its retries) the
   * execution, or the enclosing branch, fails with its error, so the chain's
   * error union gains the compensation's errors.
   */
  compensate<S extends State, E extends string>(this: Pipeline<In, S, Err, QL>, step: Step<NoInfer<S>, unknown, E>, opts?: { readonly retry?: readonly RetryOptions<NoInfer<E>>[] }): Pipeline<In, S, Err | E, QL> {
    const last = this.data.nodes[this.data.nodes.length - 1];
    if (last === undefined || (last.kind !== 'step' && last.kind !== 'map' && last.kind !== 'parallel')) {
      throw new TypeError('compensate() must directly follow the step, map or parallel it undoes');
    }
    if (last.compensation !== undefined) throw new TypeError('compensate(): this step already has a compensation');
    if (typeof step !== 'object' || step === null || typeof step.render !== 'function') throw new TypeError('compensate(): expected a step');
    const retry = opts?.retry ?? [];
    checkRetry(retry);
    const updated: Node = { ...last, compensation: { step: step as unknown as AnyStep, retry } };
    return new Pipeline({ ...this.data, nodes: [...this.data.nodes.slice(0, -1), Object.freeze(updated)] });
  }

  /** A Pass state whose result is built from the state with a typed template. */
  pass<S extends State, R extends TemplateInputFor<QL>, const K extends string = never, D extends boolean = false>(
    this: Pipeline<In, S, Err, QL>,
    opts: PassSetOptions<S, R> & TypedPlacement<K, D>,
  ): Pipeline<In, PlacedBy<S, SetOutput<R, QL>, K, D>, Err, QL>;
  /** A Pass state whose result is a literal value. */
  pass<S extends State, R extends JsonValue, const K extends string = never, D extends boolean = false>(
    this: Pipeline<In, S, Err, QL>,
    opts: PassResultOptions<R> & TypedPlacement<K, D>,
  ): Pipeline<In, PlacedBy<S, R, K, D>, Err, QL>;
  /** A Pass state that passes the state through unchanged. */
  pass<S extends State>(this: Pipeline<In, S, Err, QL>, opts?: NodeOptions): Pipeline<In, S, Err, QL>;
  pass<S extends State>(this: Pipeline<In, S, Err, QL>, opts?: NodeOptions & { result?: JsonValue; set?: (s: Ref<S>, ctx: ReturnType<typeof contextProxy>) => unknown; resultAt?: string; discardResult?: boolean }): Chain<In, unknown, Err, QL> {
    checkNodeOptions(opts);
    const id = opts?.name ?? 'pass';
    let step: AnyStep;
    if (opts !== undefined && 'result' in opts && opts.result !== undefined) {
      step = passStep(id, { kind: 'result', value: opts.result });
    } else if (opts?.set !== undefined) {
      const set = opts.set;
      step = passStep(id, { kind: 'set', template: record<S>((s, ctx) => set(s, ctx) as never, 'set') });
    } else {
      step = passStep(id, { kind: 'identity' });
    }
    return this.push({ kind: 'step', step, ...nodeBase(opts), placement: placementOf(opts), retry: [], catch: [] });
  }

  /**
   * A Wait state: `{ for: '30s' }`, `{ seconds: s => s.delay }`,
   * `{ until: '2030-01-01T00:00:00Z' }` or `{ until: s => s.deadline }`.
   */
  wait<S extends State>(this: Pipeline<In, S, Err, QL>, opts: WaitOptions<S, QL>): Pipeline<In, S, Err, QL> {
    checkNodeOptions(opts);
    let spec: WaitSpec;
    if ('for' in opts) {
      checkDuration('for', opts.for);
      spec = { kind: 'seconds', seconds: durationSeconds(opts.for) ?? 0 };
    } else if ('seconds' in opts) {
      // Untyped callers (a .ts file run without type-checking) pass a number: say what to write.
      if (typeof opts.seconds !== 'function') {
        throw new TypeError(`wait(): seconds must be a function of the state, e.g. { seconds: (s) => s.delay }; for a fixed wait write { for: '${String(opts.seconds)}s' }, got ${JSON.stringify(opts.seconds)}`);
      }
      spec = { kind: 'seconds-from', ref: refOrThrow(opts.seconds(stateProxy<S>()), 'seconds') };
    } else if ('until' in opts) {
      if (typeof opts.until === 'string') {
        if (Number.isNaN(Date.parse(opts.until))) throw new TypeError(`until must be an ISO-8601 timestamp, got ${JSON.stringify(opts.until)}`);
        spec = { kind: 'timestamp', timestamp: opts.until };
      } else if (typeof opts.until === 'function') {
        spec = { kind: 'until', ref: refOrThrow(opts.until(stateProxy<S>()), 'until') };
      } else {
        throw new TypeError(`wait(): until must be an ISO-8601 timestamp or a function of the state, e.g. { until: (s) => s.deadline }, got ${JSON.stringify(opts.until)}`);
      }
    } else if ('secondsExpr' in opts) {
      spec = { kind: 'jsonata-seconds', expression: (opts.secondsExpr as JsonataExpr<number>).expression };
    } else {
      throw new TypeError('wait() needs one of: for, seconds, until');
    }
    const step = waitStep<S>(opts.name ?? 'wait', spec) as unknown as AnyStep;
    return this.push({ kind: 'step', step, ...nodeBase(opts), placement: { kind: 'discard' }, retry: [], catch: [] });
  }

  /**
   * A Choice state: rules tried in order, each with a branch; branches that do
   * not end in Succeed/Fail rejoin the chain after the choice. Without
   * `otherwise`, an unmatched state continues unchanged. A branch's states are
   * states of this chain, so the chain's error union gains every branch's errors.
   * @example .choice((c) => c.when((s) => s.count.gt(10), (b) => b.pass({ result: 'big' })).otherwise((b) => b.fail({ error: 'Small' })))
   */
  choice<S extends State, R, Closed extends boolean, E extends string>(
    this: Pipeline<In, S, Err, QL>,
    build: (c: ChoiceBuilder<S, never, QL, false>) => ChoiceBuilder<S, R, QL, Closed, E>,
    opts?: NodeOptions,
  ): Pipeline<In, Closed extends true ? R : R | S, Err | E, QL> {
    checkNodeOptions(opts);
    const built: unknown = build(ChoiceBuilder.start<S, QL>(this.data));
    if (!(built instanceof ChoiceBuilder)) throw new TypeError('choice(): the callback must return the choice builder (c.when(...)...)');
    return this.push({ kind: 'choice', ...nodeBase(opts), ...choiceData(built) });
  }

  /**
   * A Parallel state: every branch runs on the current state; the result is
   * the tuple of the branch outputs. When a branch fails (an error it does not
   * catch, or a Fail state) the other branches are stopped and the Parallel
   * state fails with that branch's error name (as AWS does: not with
   * `States.BranchFailed`), so its Retry and Catch name the branches' errors.
   * @see https://states-language.net/spec.html#parallel-state
   * @example .parallel([(b) => b.step(a), (b) => b.step(c)], { resultAt: 'both' })
   */
  parallel<
    S extends State, const B extends readonly [Branch<S, QL>, ...Branch<S, QL>[]], const K extends string = never, D extends boolean = false,
    const C extends readonly ErrorName<BranchesErrors<B>>[] = [], W = object,
  >(
    this: Pipeline<In, S, Err, QL>,
    branches: B,
    opts?: Written<GuardOptions<S, BranchesErrors<B>, QL, C, NoInfer<PlacedBy<S, { -readonly [I in keyof B]: BranchOutput<B[I]> }, K, D>>> & TypedPlacement<K, D>, W, GuardOptionKey>,
  ): Pipeline<In, PlacedBy<S, { -readonly [I in keyof B]: BranchOutput<B[I]> }, K, D>, Err | Uncaught<BranchesErrors<B>, C[number]> | HandlerErrors<W>, QL> {
    if (!Array.isArray(branches) || branches.length === 0) throw new TypeError('parallel() needs at least one branch');
    const data = branches.map((b: Branch<S, QL>, i: number) => branchData(this.data, b, `parallel branch ${i + 1}`));
    return this.push({ kind: 'parallel', ...nodeBase(opts), ...guardData(this.data, opts), branches: data });
  }

  /**
   * An inline Map state over an array field of the state; the processor runs
   * on each item and the result is the array of its outputs. When an iteration
   * fails the Map state fails with that iteration's error.
   * @example .map((s) => s.orders, (item) => item.step(charge), { maxConcurrency: 5, resultAt: 'charged' })
   */
  map<
    S extends State, Item, const P extends Branch<Item, QL>, const K extends string = never, D extends boolean = false,
    const C extends readonly ErrorName<BranchErrors<P>>[] = [], W = object,
  >(
    this: Pipeline<In, S, Err, QL>,
    items: (s: Ref<S>) => RefOf<readonly Item[]>,
    processor: P,
    opts?: Written<MapOptions<S, BranchErrors<P>, QL, C, NoInfer<PlacedBy<S, BranchOutput<P>[], K, D>>> & TypedPlacement<K, D>, W, MapOptionKey>,
  ): Pipeline<In, PlacedBy<S, BranchOutput<P>[], K, D>, Err | Uncaught<BranchErrors<P>, C[number]> | HandlerErrors<W>, QL> {
    const ref = refOrThrow(items(stateProxy<S>()), 'map items');
    return this.push({
      kind: 'map',
      ...nodeBase(opts),
      ...guardData(this.data, opts),
      source: { kind: 'items', items: ref },
      processor: branchData(this.data, processor, 'map processor'),
      settings: mapSettings(opts),
    });
  }

  /**
   * A distributed Map state over the rows of a CSV object in S3 (ItemReader);
   * each row is typed from the column list or schema (values are strings).
   * @example .distributedMap({ bucket: 'data', key: (s) => s.key, columns: ['id', 'amount'] }, (row) => row.step(load))
   */
  distributedMap<
    S extends State, const N extends string, const P extends Branch<CsvRow<N>, QL>, const K extends string = never, D extends boolean = false,
    const C extends readonly ErrorName<BranchErrors<P>>[] = [], W = object,
  >(
    this: Pipeline<In, S, Err, QL>,
    source: CsvSource<S, N>,
    processor: P,
    opts?: Written<MapOptions<S, BranchErrors<P>, QL, C, NoInfer<PlacedBy<S, BranchOutput<P>[], K, D>>> & TypedPlacement<K, D>, W, MapOptionKey>,
  ): Pipeline<In, PlacedBy<S, BranchOutput<P>[], K, D>, Err | Uncaught<BranchErrors<P>, C[number]> | HandlerErrors<W>, QL> {
    return this.push({
      kind: 'map',
      ...nodeBase(opts),
      ...guardData(this.data, opts),
      source: { kind: 'csv', csv: csvSourceData(source as CsvSource<S, string>) },
      processor: branchData(this.data, processor, 'distributedMap processor'),
      settings: mapSettings(opts),
    });
  }

  /** A Succeed state: ends the chain successfully with the current state. */
  succeed<S extends State>(this: Pipeline<In, S, Err, QL>, opts?: NodeOptions): EndedChain<In, S, Err, QL> {
    checkNodeOptions(opts);
    return this.push<S>({ kind: 'succeed', ...nodeBase(opts) }) as unknown as EndedChain<In, S, Err, QL>;
  }

  /**
   * A Fail state with a typed error name and a literal or state-derived cause.
   * @example .fail({ error: 'Order.Rejected', cause: (s) => s.reason })
   */
  fail<S extends State, const E extends string>(this: Pipeline<In, S, Err, QL>, opts: FailOptions<S, E>): EndedChain<In, never, Err | E, QL> {
    checkNodeOptions(opts);
    if (typeof opts.error !== 'string' || opts.error === '') throw new TypeError('fail(): error must be a non-empty error name');
    const cause = opts.cause === undefined ? undefined
      : typeof opts.cause === 'string' ? toTemplate(opts.cause, 'cause')
        : toTemplate(opts.cause(stateProxy<S>(), contextProxy()), 'cause');
    if (cause !== undefined && cause.kind !== 'literal' && cause.kind !== 'ref' && cause.kind !== 'format') {
      throw new TypeError('fail(): cause must be a string, a state field or a fmt`…` string');
    }
    return this.push<never, Err | E>({ kind: 'fail', ...nodeBase(opts), error: opts.error, ...(cause === undefined ? {} : { cause }) }) as unknown as EndedChain<In, never, Err | E, QL>;
  }
}

function refOrThrow(value: unknown, field: string): NonNullable<ReturnType<typeof refNodeOf>> {
  const node = refNodeOf(value);
  if (node === undefined) throw new TypeError(`${field}: the callback must return a field of the state (e.g. s => s.items)`);
  return node;
}

/** The condition type a `when` accepts in a chain of query language `QL`. */
export type WhenCondition<S, QL extends QueryLanguage> =
  | ((s: Ref<S>) => Condition)
  | ([QL] extends ['JSONata'] ? JsonataExpr<boolean> : never);

/**
 * Starts a pipeline whose execution input is `Input`.
 * @example
 * const etl = pipeline<{ bucket: string; key: string }>('csv-etl')
 *   .step(validate(schema), { resultAt: 'report' })
 *   .step(glue('stage', { args: (s) => ({ '--key': s.key }) }), { discardResult: true });
 */
export function pipeline<Input>(name: string, opts: PipelineOptions = {}): Pipeline<Input, Input, never, QueryLanguage> {
  return Pipeline.create<Input, QueryLanguage>(name, undefined, opts);
}

/** Starts a pipeline written for JSONata only (allows `jsonata()` expressions). */
pipeline.jsonata = function jsonataPipeline<Input>(name: string, opts: PipelineOptions = {}): Pipeline<Input, Input, never, 'JSONata'> {
  return Pipeline.create<Input, 'JSONata'>(name, 'JSONata', opts);
};

/** Starts a pipeline written for JSONPath only. */
pipeline.jsonPath = function jsonPathPipeline<Input>(name: string, opts: PipelineOptions = {}): Pipeline<Input, Input, never, 'JSONPath'> {
  return Pipeline.create<Input, 'JSONPath'>(name, 'JSONPath', opts);
};
