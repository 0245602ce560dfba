/**
 * The contract between the DSL, the compiler, the deployer and every step
 * (integration or flow): a {@link Step} is plain readonly data plus three pure
 * functions of a context: its ASL ({@link Step.render}), its IAM needs
 * ({@link Step.iam}) and the AWS resources to create ({@link Step.deployables}).
 *
 * Parameters are written against the typed state proxy (see `./expr/`):
 * a step factory records the user's `s => ({ ... })` once with `record()` and
 * renders the recorded template in `render()` with `renderParameters()`.
 */
import type { QueryLanguage, State } from '../asl/types.js';
import type { Environment } from './naming.js';

export type { Environment, ResourceKind } from './naming.js';
export { RenderError } from './expr/render-error.js';

/**
 * The `Next` target meaning "the state after this step". A step's fragment uses
 * it where control leaves the step; the compiler replaces it with the real
 * next state name (or `End: true`).
 */
export const NEXT = '$next' as const;

/** What a step's `render` may use. */
export interface RenderContext {
  /** The query language of the document being compiled. */
  readonly queryLanguage: QueryLanguage;
  /** The environment ARNs and names derive from. */
  readonly env: Environment;
  /** The unique state name the compiler gave this step (a macro's states are prefixed with it). */
  readonly stateName: string;
}

/**
 * A step rendered as one state. Leave out `Next`, `End`, `Retry`, `Catch`,
 * `ResultPath` (JSONPath) and `Output` (JSONata): the compiler adds them from
 * the chain and the step options. A JSONPath step may shape its raw result
 * with `ResultSelector`; a JSONata step with {@link TaskFragment.resultExpression}.
 */
export interface TaskFragment {
  readonly kind: 'task';
  readonly state: State;
  /**
   * JSONata only: the step's result as an expression over `$states.result`
   * (no `{% %}`), e.g. `$states.result.Payload`. @default '$states.result'
   */
  readonly resultExpression?: string;
}

/**
 * A macro step rendered as several states (e.g. redshift's execute → wait →
 * describe → choice poll loop). State names are local; the compiler prefixes
 * them with the step's state name. Transitions use local names or {@link NEXT}.
 * The compiler:
 * - applies the step's Retry and Catch to every Task, Map and Parallel state;
 * - places the result (ResultPath / Output) on the Task, Pass, Map and Parallel
 *   states whose `Next` is {@link NEXT} (end the macro on one of those);
 * - keeps Fail states (they fail the execution with their typed error).
 */
export interface ExpandedFragment {
  readonly kind: 'expanded';
  readonly startAt: string;
  readonly states: { readonly [localName: string]: State };
  /** JSONata only: see {@link TaskFragment.resultExpression}; applied on the exit states. */
  readonly resultExpression?: string;
}

/** What a step's `render` returns. */
export type StepFragment = TaskFragment | ExpandedFragment;

/** One IAM policy statement (always `Allow`): never a `*` action; resources scoped to the pipeline's own ARNs. */
export interface IamStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** What a step's `iam` may use. */
export interface IamContext {
  readonly env: Environment;
  /** The physical name of the pipeline's state machine. */
  readonly stateMachineName: string;
  /** The ARN of the pipeline's state machine. */
  readonly stateMachineArn: string;
}

/** Code for a deployable Lambda: one of our packaged handlers, or a user file. */
export type LambdaHandler =
  | { readonly package: 'csv-validate' | 's3-trigger' }
  | { readonly entry: string; readonly export?: string };

/** An AWS resource a step needs created by the deployer. `id` is the logical id passed to `resourceName`. */
export type Deployable =
  | {
      readonly kind: 'lambda';
      readonly id: string;
      readonly handler: LambdaHandler;
      readonly environment?: { readonly [name: string]: string };
      readonly memoryMb?: number;
      readonly timeoutSeconds?: number;
    }
  | {
      readonly kind: 'glue-job';
      readonly id: string;
      readonly scriptPath: string;
      readonly pythonShell?: boolean;
      readonly defaultArguments?: { readonly [name: string]: string };
    }
  | { readonly kind: 'topic'; readonly id: string }
  | { readonly kind: 'bucket'; readonly id: string };

/** @internal Phantom carrier of a step's input and output types; never present at runtime. */
export interface StepTypes<In, Out> {
  /** Contravariant: a step accepting `In` accepts any state assignable to `In`. */
  readonly input: (input: In) => void;
  readonly output: Out;
}

/**
 * A step of a pipeline: reads a state of type `In`, produces `Out`, and can
 * fail with the error names `Err` (which Retry and Catch are checked against,
 * together with the `States.*` names).
 *
 * Plain readonly data: build one with an object literal typed as `Step<…>`.
 */
export interface Step<In, Out, Err extends string = never> {
  /** The step kind, e.g. `lambda`, `glue`, `pass` (used in default state names). */
  readonly kind: string;
  /** Logical id: unique within a pipeline; names the state and the step's resources. */
  readonly id: string;
  /** Optional ASL `Comment`. */
  readonly comment?: string;
  /** The error names the step itself can raise. */
  readonly errors: readonly Err[];
  /** The ASL of the step for the context's query language. May throw `RenderError` for a user-fixable problem. */
  render(ctx: RenderContext): StepFragment;
  /** The IAM statements the state machine's role needs for this step. */
  iam(ctx: IamContext): readonly IamStatement[];
  /** The AWS resources the step needs created. */
  readonly deployables: readonly Deployable[];
  /** @internal phantom types */
  readonly types?: StepTypes<In, Out>;
}

/** Any step. */
export type AnyStep = Step<never, unknown, string>;

/** The input type of a step. */
export type InputOf<S> = S extends Step<infer In, unknown, string> ? In : never;
/** The output type of a step. */
export type OutputOf<S> = S extends Step<never, infer Out, string> ? Out : never;
/** The error union of a step. */
export type ErrorOf<S> = S extends Step<never, unknown, infer E> ? E : never;
