/**
 * The typed Choice builder: `c.when(s => s.count.gt(10), branch).otherwise(branch)`.
 * `R` accumulates the outputs of the branches that rejoin the chain; `Closed`
 * records whether `otherwise` was given; `E` accumulates the errors the
 * branches can end with (their steps' errors and their `fail()` names).
 */
import type { QueryLanguage } from '../asl/types.js';
import type { Condition } from '../steps/expr/index.js';
import { isJsonataExpr, stateProxy } from '../steps/expr/index.js';
import type { ChainData, ChoiceNode } from './graph.js';
import { branchData } from './pipeline.js';
import type { WhenCondition } from './pipeline.js';
import type { Chain } from './chain.js';
import type { Pipeline } from './pipeline.js';

/** A choice branch producing `O` and failing with `E`; `X` is true when it ends in Succeed/Fail (it then does not rejoin). */
export type ChoiceBranch<S, O, X extends boolean, QL extends QueryLanguage, E extends string = string> =
  | ((b: Pipeline<S, S, never, QL>) => Chain<never, O, E, QL> & { readonly '~ended'?: X })
  | (Chain<S, O, E, QL> & { readonly '~ended'?: X });

interface ChoiceState {
  readonly parent: ChainData;
  readonly rules: ChoiceNode['rules'];
  readonly otherwise: ChainData | undefined;
}

function isCondition(x: unknown): x is Condition {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';
}

/** Builds the rules of a Choice state. */
export class ChoiceBuilder<in out S, out R, in out QL extends QueryLanguage, out Closed extends boolean, out E extends string = never> {
  /** @internal */
  readonly state: ChoiceState;
  /** @internal phantom: the rules so far produce `R` and fail with `E`; `otherwise` was given when `Closed`. */
  declare readonly '~types'?: { readonly output: R; readonly closed: Closed; readonly errors: E; readonly input: (s: S) => void; readonly ql: (q: QL) => QL };

  private constructor(state: ChoiceState) {
    this.state = state;
    Object.freeze(this);
  }

  /** @internal */
  static start<S, QL extends QueryLanguage>(parent: ChainData): ChoiceBuilder<S, never, QL, false, never> {
    return new ChoiceBuilder({ parent, rules: [], otherwise: undefined });
  }

  // `when` and `otherwise` read the state and rules from `this` (S2, R2) for the
  // reason given on `Pipeline`: the signatures then hold no concrete state.

  /**
   * A rule: when the condition holds, run the branch.
   * @example c.when((s) => s.status.eq('FAILED'), (b) => b.fail({ error: 'Load.Failed' }))
   */
  when<S2, R2, E2 extends string, O, X extends boolean = false, BE extends string = never>(
    this: ChoiceBuilder<S2, R2, QL, false, E2>,
    condition: WhenCondition<S2, QL>,
    branch: ChoiceBranch<S2, O, X, QL, BE>,
  ): ChoiceBuilder<S2, R2 | ([X] extends [true] ? never : O), QL, false, E2 | BE> {
    let cond: unknown;
    if (typeof condition === 'function') cond = condition(stateProxy<S2>());
    else if (isJsonataExpr(condition)) cond = { kind: 'jsonata', expression: condition.expression };
    else cond = undefined;
    if (!isCondition(cond)) {
      throw new TypeError(`choice rule ${this.state.rules.length + 1}: the condition must return a comparison such as s.count.gt(10)`);
    }
    const data = branchData(this.state.parent, branch, `choice rule ${this.state.rules.length + 1}`);
    return new ChoiceBuilder({ ...this.state, rules: [...this.state.rules, { condition: cond, branch: data }] });
  }

  /** The branch taken when no rule matches (without it, the state continues unchanged). */
  otherwise<S2, R2, E2 extends string, O, X extends boolean = false, BE extends string = never>(
    this: ChoiceBuilder<S2, R2, QL, false, E2>,
    branch: ChoiceBranch<S2, O, X, QL, BE>,
  ): ChoiceBuilder<S2, R2 | ([X] extends [true] ? never : O), QL, true, E2 | BE> {
    const data = branchData(this.state.parent, branch, 'choice otherwise');
    return new ChoiceBuilder({ ...this.state, otherwise: data });
  }
}

/** @internal The node data of a finished choice builder. */
export function choiceData(b: { readonly state: ChoiceState }): Pick<ChoiceNode, 'rules' | 'otherwise'> {
  if (b.state.rules.length === 0) throw new TypeError('choice() needs at least one when(...) rule');
  return { rules: b.state.rules, ...(b.state.otherwise === undefined ? {} : { otherwise: b.state.otherwise }) };
}
