/**
 * Emits the ASL states of a pipeline graph: names, transitions, result
 * placement, Retry/Catch, macro expansion and the saga compensation chain.
 */
import type { Catcher, JsonValue, QueryLanguage, Retrier, State, StateMachineFragment } from '../../asl/types.js';
import type { ChainData, ChoiceNode, Guarded, MapNode, Node, ParallelNode, RetryData, StepNode } from '../../dsl/graph.js';
import type { Placement } from '../../dsl/options.js';
import { durationSeconds } from '../../dsl/duration.js';
import { conditionToJsonata, conditionToJsonPath, jsonataOf, jsonPathOf, renderPayload } from '../../steps/expr/index.js';
import type { Template } from '../../steps/expr/index.js';
import { RenderError } from '../../steps/expr/render-error.js';
import { integrationArn } from '../../steps/naming.js';
import type { Environment } from '../../steps/naming.js';
import { NEXT } from '../../steps/step.js';
import type { AnyStep, StepFragment } from '../../steps/step.js';
import type { CompileIssue } from '../issues.js';
import { StateNames, stepBaseName, titleOf } from '../names.js';
import { compileCatch, compileRetries, orderCatchers } from '../retry.js';
import { orderState } from './key-order.js';
import { failState, placementFields } from './states.js';

type Sink = [string, State][];
type Mutable = { [key: string]: unknown };

const GUARDED_TYPES: ReadonlySet<string> = new Set(['Task', 'Map', 'Parallel']);
const RESULT_TYPES: ReadonlySet<string> = new Set(['Task', 'Pass', 'Map', 'Parallel']);
const TERMINAL_TYPES: ReadonlySet<string> = new Set(['Succeed', 'Fail', 'Choice']);

/** How a state is decorated by the compiler. */
interface Decoration {
  readonly placement: Placement | undefined;
  readonly resultExpression: string | undefined;
  readonly retry: readonly Retrier[];
  readonly catch: readonly Catcher[];
  readonly comment: string | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
  readonly next: string | undefined;
}

/**
 * Where a chain is emitted, which decides what `.compensate()` does there:
 * `root` (the document) and `branch` (a Parallel branch or Map processor, a
 * scope of its own: its saga compensates its own steps, then fails with the
 * original error so the enclosing state's Catch or saga takes over) plan a
 * saga; `inline` chains (choice branches, catch handlers) share their
 * parent's states, so a compensation there is a compile issue.
 */
export type ChainScope = 'root' | 'branch' | 'inline';

/** The saga plan of a root or branch chain. */
interface SagaPlan {
  /** Per node index: the name of the Save pass after it (compensated nodes only). */
  readonly save: (string | undefined)[];
  /** Per node index: the compensation entry its failure goes to. */
  readonly catchTarget: (string | undefined)[];
  readonly emit: (sink: Sink) => void;
}

function nodeBaseName(node: Node): string {
  switch (node.kind) {
    case 'step':
      return stepBaseName(node.step.kind, node.step.id);
    case 'fail':
      return 'Fail';
    default:
      return titleOf(node.kind);
  }
}

/** @internal The state emitter of one compilation. */
export class Emitter {
  readonly names = new StateNames();
  readonly issues: CompileIssue[] = [];
  /** Saga variables handed out so far (unique in the document: scopes nest). */
  private sagaVariableCount = 0;
  /** Saga scopes planned so far (the first one's error variable is `sagaError`, later ones `sagaError_<n>`). */
  private sagaScopeCount = 0;

  constructor(
    readonly queryLanguage: QueryLanguage,
    readonly env: Environment,
    readonly afterCompensation: 'fail' | 'succeed',
  ) {}

  private issue(kind: CompileIssue['kind'], path: string, message: string): void {
    this.issues.push({ kind, path, message });
  }

  private allocate(node: Node, path: string): string {
    if (node.name !== undefined) {
      if (!this.names.reserve(node.name)) {
        this.issue('duplicate-state-name', path === '' ? node.name : `${path} > ${node.name}`, `the state name '${node.name}' is used twice; state names must be unique in the whole state machine`);
        return this.names.fresh(node.name);
      }
      return node.name;
    }
    return this.names.fresh(nodeBaseName(node));
  }

  private seconds(path: string, field: string, d: string | undefined): number | undefined {
    if (d === undefined) return undefined;
    const s = durationSeconds(d);
    if (s === undefined || s < 1 || s > 99_999_999) {
      this.issue('invalid-duration', path, `${field}: ${JSON.stringify(d)} must be a duration from 1s to 99999999s`);
      return undefined;
    }
    return s;
  }

  /** A nested state machine (Parallel branch, Map processor). */
  fragment(chain: ChainData, path: string): StateMachineFragment {
    const sink: Sink = [];
    const start = this.chain(chain, undefined, sink, path, 'branch');
    return { StartAt: start, States: Object.fromEntries(sink) };
  }

  private donePass(base: string, sink: Sink): string {
    const name = this.names.fresh(`${base}.Done`);
    sink.push([name, { Type: 'Pass', End: true }]);
    return name;
  }

  /** Emits a chain into `sink`; returns its first state's name. */
  chain(chain: ChainData, next: string | undefined, sink: Sink, path: string, scope: ChainScope): string {
    if (chain.nodes.length === 0) return next ?? this.donePass(path === '' ? 'Start' : 'Branch', sink);
    const names = chain.nodes.map((n) => this.allocate(n, path));
    if (scope === 'inline') this.refuseCompensations(chain, names, path);
    const saga = scope === 'inline' ? undefined : this.planSaga(chain, names, path, scope === 'root' ? this.afterCompensation : 'fail');
    chain.nodes.forEach((node, i) => {
      const after = i + 1 < names.length ? names[i + 1] : next;
      const save = saga?.save[i];
      this.node(node, names[i] as string, save ?? after, sink, path, saga?.catchTarget[i]);
      if (save !== undefined) sink.push([save, this.saveState(saga, i, after)]);
      if (node.kind === 'choice' && i + 1 < names.length && choiceEnds(node)) {
        this.issue('unreachable', path === '' ? String(names[i + 1]) : `${path} > ${names[i + 1]}`, `every branch of '${names[i]}' ends in Succeed or Fail, so '${names[i + 1]}' can never run`);
      }
    });
    saga?.emit(sink);
    return names[0] as string;
  }

  private saveState(saga: SagaPlan | undefined, index: number, after: string | undefined): State {
    const variable = sagaVariable(saga, index);
    const assign = this.queryLanguage === 'JSONPath' ? { [`${variable}.$`]: '$' } : { [variable]: '{% $states.input %}' };
    return orderState({ Type: 'Pass', Assign: assign, ...transition(after) });
  }

  private node(node: Node, name: string, next: string | undefined, sink: Sink, path: string, sagaTarget: string | undefined): void {
    const here = path === '' ? name : `${path} > ${name}`;
    switch (node.kind) {
      case 'step':
        this.step(node.step, name, next, sink, here, {
          node,
          sagaTarget,
          timeout: this.seconds(here, 'timeout', node.timeout),
          heartbeat: this.seconds(here, 'heartbeat', node.heartbeat),
        });
        return;
      case 'choice':
        this.choice(node, name, next, sink, here);
        return;
      case 'parallel':
        this.parallel(node, name, next, sink, here, sagaTarget);
        return;
      case 'map':
        this.map(node, name, next, sink, here, sagaTarget);
        return;
      case 'succeed':
        sink.push([name, orderState({ Type: 'Succeed', ...(node.comment === undefined ? {} : { Comment: node.comment }) })]);
        return;
      case 'fail':
        sink.push([name, failState(node, this.queryLanguage)]);
        return;
    }
  }

  /**
   * The Catch list of a guarded node: handlers (emitted into `later`) plus the
   * saga catcher. A rejoining handler's last state goes to the node's `next`
   * (an empty one is the catcher's target itself); the others end the execution.
   */
  private catchers(g: Pick<Guarded, 'catch'>, later: Sink, path: string, sagaTarget: string | undefined, next: string | undefined): Catcher[] {
    const list: Catcher[] = g.catch.map((c, i) => {
      const start = this.chain(c.handler, c.rejoin ? next : undefined, later, `${path} > catch[${i}]`, 'inline');
      return compileCatch(c.on, start, this.queryLanguage);
    });
    if (sagaTarget !== undefined && !g.catch.some((c) => c.on.includes('States.ALL'))) {
      list.push(compileCatch(['States.ALL'], sagaTarget, this.queryLanguage));
    }
    return orderCatchers(list);
  }

  private retries(path: string, list: readonly RetryData[]): Retrier[] {
    try {
      return compileRetries(list);
    } catch (e) {
      if (e instanceof RangeError) {
        this.issue('invalid-duration', path, `retry: ${e.message}`);
        return [];
      }
      throw e;
    }
  }

  private step(
    step: AnyStep,
    name: string,
    next: string | undefined,
    sink: Sink,
    path: string,
    o: { node: Pick<StepNode, 'placement' | 'retry' | 'catch' | 'comment'>; sagaTarget: string | undefined; timeout: number | undefined; heartbeat: number | undefined },
  ): void {
    let fragment: StepFragment;
    try {
      fragment = step.render({ queryLanguage: this.queryLanguage, env: this.env, stateName: name });
    } catch (e) {
      if (!(e instanceof RenderError)) throw e;
      this.issue('render', path, e.message);
      sink.push([name, { Type: 'Pass', ...transition(next) }]);
      return;
    }
    const later: Sink = [];
    const catches = this.catchers(o.node, later, path, o.sagaTarget, next);
    const retry = this.retries(path, o.node.retry);
    const comment = o.node.comment ?? step.comment;
    const base = {
      retry, catch: catches, timeoutSeconds: o.timeout, heartbeatSeconds: o.heartbeat,
      resultExpression: fragment.resultExpression,
    };
    if (fragment.kind === 'task') {
      sink.push([name, this.decorate(fragment.state, { ...base, placement: o.node.placement, comment, next })]);
    } else {
      this.expand(fragment, name, next, sink, path, { ...base, placement: o.node.placement, comment, next });
    }
    sink.push(...later);
  }

  /** Places a macro's states under the step's name (entry) and `name.local` (the others). */
  private expand(fragment: Extract<StepFragment, { kind: 'expanded' }>, name: string, next: string | undefined, sink: Sink, path: string, d: Decoration): void {
    const locals = Object.keys(fragment.states);
    if (!locals.includes(fragment.startAt)) {
      this.issue('invalid-fragment', path, `the step's expansion starts at '${fragment.startAt}', which is not one of its states (${locals.join(', ')})`);
      sink.push([name, { Type: 'Pass', ...transition(next) }]);
      return;
    }
    const global = new Map<string, string>([[fragment.startAt, name]]);
    for (const local of locals) if (local !== fragment.startAt) global.set(local, this.names.fresh(`${name}.${local}`));
    let done: string | undefined;
    const target = (t: string): string => {
      if (t === NEXT) return next ?? (done ??= this.donePass(name, sink));
      const g = global.get(t);
      if (g === undefined) {
        this.issue('invalid-fragment', path, `a state of the step's expansion goes to unknown state '${t}'`);
        return name;
      }
      return g;
    };
    for (const local of [fragment.startAt, ...locals.filter((l) => l !== fragment.startAt)]) {
      const st = fragment.states[local] as State;
      const s: Mutable = { ...st };
      if (st.Type === 'Choice') {
        s['Choices'] = st.Choices.map((c) => ({ ...c, Next: target(c.Next) }));
        if (st.Default !== undefined) s['Default'] = target(st.Default);
      }
      const exit = 'Next' in st && st.Next === NEXT;
      const own = 'Next' in st && typeof st.Next === 'string' && !exit ? target(st.Next) : undefined;
      if ('Next' in s) delete s['Next'];
      const decorated = this.decorate(s as unknown as State, {
        ...d,
        placement: exit ? d.placement : undefined,
        resultExpression: exit ? d.resultExpression : undefined,
        comment: local === fragment.startAt ? d.comment : undefined,
        next: exit ? next : own,
        timeoutSeconds: undefined,
        heartbeatSeconds: undefined,
      });
      // A state the macro ends itself (End: true) has no `own` target and so gets End again.
      sink.push([global.get(local) as string, decorated]);
    }
  }

  /** Adds placement, Retry/Catch, timeouts, comment and the transition to a state. */
  private decorate(state: State, d: Decoration): State {
    const s: Mutable = { ...state };
    delete s['End'];
    if (d.comment !== undefined && s['Comment'] === undefined) s['Comment'] = d.comment;
    if (RESULT_TYPES.has(state.Type) && d.placement !== undefined) Object.assign(s, placementFields(this.queryLanguage, state.Type, d.placement, d.resultExpression));
    if (state.Type === 'Task') {
      if (d.timeoutSeconds !== undefined) s['TimeoutSeconds'] = d.timeoutSeconds;
      if (d.heartbeatSeconds !== undefined) s['HeartbeatSeconds'] = d.heartbeatSeconds;
    }
    if (GUARDED_TYPES.has(state.Type)) {
      if (d.retry.length > 0) s['Retry'] = d.retry;
      if (d.catch.length > 0) s['Catch'] = d.catch;
    }
    if (!TERMINAL_TYPES.has(state.Type)) Object.assign(s, transition(d.next));
    return orderState(s as unknown as State);
  }

  private choice(node: ChoiceNode, name: string, next: string | undefined, sink: Sink, path: string): void {
    const later: Sink = [];
    let done: string | undefined;
    const target = (chain: ChainData, p: string): string => {
      if (chain.nodes.length === 0) return next ?? (done ??= this.donePass(name, later));
      return this.chain(chain, next, later, p, 'inline');
    };
    const choices = node.rules.map((rule, i) => {
      const to = target(rule.branch, `${path} > when[${i}]`);
      try {
        return this.queryLanguage === 'JSONPath'
          ? { ...conditionToJsonPath(rule.condition), Next: to }
          : { Condition: `{% ${conditionToJsonata(rule.condition)} %}` as const, Next: to };
      } catch (e) {
        if (!(e instanceof RenderError)) throw e;
        this.issue('render', `${path} > when[${i}]`, e.message);
        return { Variable: '$', IsPresent: true, Next: to };
      }
    });
    const fallback = node.otherwise === undefined
      ? next ?? (done ??= this.donePass(name, later))
      : target(node.otherwise, `${path} > otherwise`);
    sink.push([name, orderState({
      Type: 'Choice',
      ...(node.comment === undefined ? {} : { Comment: node.comment }),
      Choices: choices,
      Default: fallback,
    })]);
    sink.push(...later);
  }

  private parallel(node: ParallelNode, name: string, next: string | undefined, sink: Sink, path: string, sagaTarget: string | undefined): void {
    const branches = node.branches.map((b, i) => this.fragment(b, `${path} > branch[${i}]`));
    this.guarded({ Type: 'Parallel', Branches: branches }, node, name, next, sink, path, sagaTarget);
  }

  private map(node: MapNode, name: string, next: string | undefined, sink: Sink, path: string, sagaTarget: string | undefined): void {
    const jsonata = this.queryLanguage === 'JSONata';
    const distributed = node.source.kind === 'csv';
    const processor = this.fragment(node.processor, `${path} > processor`);
    const s: Mutable = { Type: 'Map' };
    if (node.source.kind === 'items') {
      if (jsonata) s['Items'] = `{% ${jsonataOf(node.source.items)} %}`;
      else s['ItemsPath'] = jsonPathOf(node.source.items);
    } else {
      const csv = node.source.csv;
      const fields: { [k: string]: Template } = { Bucket: { kind: 'literal', value: csv.bucket }, Key: csv.key };
      let payload: { [k: string]: JsonValue } = {};
      try {
        payload = renderPayload(fields, this.queryLanguage);
      } catch (e) {
        if (!(e instanceof RenderError)) throw e;
        this.issue('render', path, e.message);
      }
      s['ItemReader'] = {
        Resource: integrationArn(this.env, 's3:getObject'),
        ReaderConfig: {
          InputType: 'CSV',
          CSVHeaderLocation: csv.headers === undefined ? 'FIRST_ROW' : 'GIVEN',
          ...(csv.headers === undefined ? {} : { CSVHeaders: csv.headers }),
          ...(csv.delimiter === undefined ? {} : { CSVDelimiter: csv.delimiter }),
          ...(csv.maxItems === undefined ? {} : { MaxItems: csv.maxItems }),
        },
        ...(jsonata ? { Arguments: payload } : { Parameters: payload }),
      };
    }
    s['ItemProcessor'] = {
      ProcessorConfig: distributed
        ? { Mode: 'DISTRIBUTED', ExecutionType: node.settings.executionType ?? 'STANDARD' }
        : { Mode: 'INLINE' },
      ...processor,
    };
    const st = node.settings;
    if (st.maxConcurrency !== undefined) s['MaxConcurrency'] = st.maxConcurrency;
    if (distributed) {
      if (st.toleratedFailurePercentage !== undefined) s['ToleratedFailurePercentage'] = st.toleratedFailurePercentage;
      if (st.toleratedFailureCount !== undefined) s['ToleratedFailureCount'] = st.toleratedFailureCount;
      if (st.label !== undefined) s['Label'] = st.label;
    }
    this.guarded(s as unknown as State, node, name, next, sink, path, sagaTarget);
  }

  private guarded(state: State, node: Guarded & { comment?: string }, name: string, next: string | undefined, sink: Sink, path: string, sagaTarget: string | undefined): void {
    const later: Sink = [];
    const catches = this.catchers(node, later, path, sagaTarget, next);
    sink.push([name, this.decorate(state, {
      placement: node.placement, resultExpression: undefined, retry: this.retries(path, node.retry), catch: catches,
      comment: node.comment, timeoutSeconds: undefined, heartbeatSeconds: undefined, next,
    })]);
    sink.push(...later);
  }

  /** Reports each `.compensate()` of an inline chain (choice branch, catch handler), where no saga scope exists. */
  private refuseCompensations(chain: ChainData, names: readonly string[], path: string): void {
    for (const i of compensatedIndexes(chain)) {
      const where = path === '' ? String(names[i]) : `${path} > ${names[i]}`;
      this.issue('unsupported-compensation', where, `compensate() after '${names[i]}' is not supported inside a choice branch or catch handler (they share the enclosing chain's states); register it on the enclosing chain, or move the steps into a parallel branch, which is a saga scope of its own`);
    }
  }

  /**
   * The saga plan: a Save pass after each compensated node (stores the state in
   * a variable), and per compensated node a chain Compensate (stores the error)
   * → Restore (state back from the variable) → Undo (the compensation, result
   * discarded) → the earlier ones → Saga error → Saga failed (or succeeded).
   */
  private planSaga(chain: ChainData, names: readonly string[], path: string, afterCompensation: 'fail' | 'succeed'): SagaPlan | undefined {
    const compensated = compensatedIndexes(chain);
    if (compensated.length === 0) return undefined;
    const scopeNumber = ++this.sagaScopeCount;
    const errorVariable = scopeNumber === 1 ? 'sagaError' : `sagaError_${scopeNumber}`;
    const save: (string | undefined)[] = chain.nodes.map(() => undefined);
    const entry = new Map<number, string>();
    const restore = new Map<number, string>();
    const undo = new Map<number, string>();
    const variables = new Map<number, string>();
    compensated.forEach((i, k) => {
      const n = names[i] as string;
      save[i] = this.names.fresh(`Save ${n}`);
      variables.set(i, `saga_${this.sagaVariableCount + k + 1}`);
    });
    this.sagaVariableCount += compensated.length;
    for (const i of [...compensated].reverse()) {
      const n = names[i] as string;
      entry.set(i, this.names.fresh(`Compensate ${n}`));
      restore.set(i, this.names.fresh(`Restore ${n}`));
      undo.set(i, this.names.fresh(`Undo ${n}`));
    }
    const errorPass = this.names.fresh('Saga error');
    const final = this.names.fresh(afterCompensation === 'fail' ? 'Saga failed' : 'Saga compensated');
    const catchTarget = chain.nodes.map((_, i) => {
      const before = compensated.filter((j) => j < i);
      const last = before[before.length - 1];
      return last === undefined ? undefined : entry.get(last);
    });
    const ql = this.queryLanguage;
    const emit = (sink: Sink): void => {
      const order = [...compensated].reverse();
      order.forEach((i, k) => {
        const variable = variables.get(i) as string;
        const node = chain.nodes[i] as StepNode | MapNode | ParallelNode;
        const comp = node.compensation;
        if (comp === undefined) return;
        const earlier = order[k + 1];
        const afterUndo = earlier === undefined ? errorPass : (restore.get(earlier) as string);
        sink.push([entry.get(i) as string, orderState({
          Type: 'Pass',
          Assign: ql === 'JSONPath' ? { [`${errorVariable}.$`]: '$.error' } : { [errorVariable]: '{% $states.input.error %}' },
          Next: restore.get(i) as string,
        })]);
        sink.push([restore.get(i) as string, orderState(ql === 'JSONPath'
          ? { Type: 'Pass', Parameters: { 'state.$': `$${variable}` }, OutputPath: '$.state', Next: undo.get(i) as string }
          : { Type: 'Pass', Output: `{% $${variable} %}`, Next: undo.get(i) as string })]);
        const undoName = undo.get(i) as string;
        this.step(comp.step, undoName, afterUndo, sink, `${path === '' ? '' : `${path} > `}${undoName}`, {
          node: { placement: { kind: 'discard' }, retry: comp.retry, catch: [] },
          sagaTarget: undefined, timeout: undefined, heartbeat: undefined,
        });
      });
      sink.push([errorPass, orderState(ql === 'JSONPath'
        ? { Type: 'Pass', Parameters: { 'Error.$': `$${errorVariable}.Error`, 'Cause.$': `$${errorVariable}.Cause` }, Next: final }
        : { Type: 'Pass', Output: `{% $${errorVariable} %}`, Next: final })]);
      sink.push([final, afterCompensation === 'succeed'
        ? { Type: 'Succeed' }
        : ql === 'JSONPath'
          ? { Type: 'Fail', ErrorPath: '$.Error', CausePath: '$.Cause' }
          : { Type: 'Fail', Error: '{% $states.input.Error %}', Cause: '{% $states.input.Cause %}' }]);
    };
    const plan: SagaPlan = { save, catchTarget, emit };
    sagaVariables.set(plan, variables);
    return plan;
  }
}

const sagaVariables = new WeakMap<SagaPlan, Map<number, string>>();

function sagaVariable(saga: SagaPlan | undefined, index: number): string {
  const v = saga === undefined ? undefined : sagaVariables.get(saga)?.get(index);
  if (v === undefined) throw new Error('invariant: a Save pass without a saga variable');
  return v;
}

function transition(next: string | undefined): { Next: string } | { End: true } {
  return next === undefined ? { End: true } : { Next: next };
}

function endsChain(chain: ChainData): boolean {
  const last = chain.nodes[chain.nodes.length - 1];
  if (last === undefined) return false;
  if (last.kind === 'succeed' || last.kind === 'fail') return true;
  return last.kind === 'choice' && choiceEnds(last);
}

function choiceEnds(node: ChoiceNode): boolean {
  return node.otherwise !== undefined && endsChain(node.otherwise) && node.rules.every((r) => endsChain(r.branch));
}

/** The indexes of the nodes of a chain that have a `.compensate()`. */
function compensatedIndexes(chain: ChainData): number[] {
  const out: number[] = [];
  chain.nodes.forEach((n, i) => {
    if ((n.kind === 'step' || n.kind === 'map' || n.kind === 'parallel') && n.compensation !== undefined) out.push(i);
  });
  return out;
}
