/**
 * The `subflow` step: runs another pipeline's state machine as a child
 * execution and waits for it (`states:startExecution.sync:2`, whose result
 * carries the child's output as JSON).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
import type { JsonValue } from '../../asl/types.js';
import { lit, record, renderParameters } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateFor, TemplateInput } from '../expr/index.js';
import { integrationArn, resourceName } from '../naming.js';
import type { Environment } from '../naming.js';
import type { IamContext, IamStatement, Step } from '../step.js';
import { checkLogicalId } from '../lambda/function.js';

/**
 * The errors of a child execution: `States.TaskFailed` when the child fails,
 * times out or is aborted (Cause: the DescribeExecution result), and the
 * StartExecution API's exceptions.
 */
export const SUBFLOW_ERRORS = [
  'States.TaskFailed',
  'StepFunctions.ExecutionAlreadyExistsException',
  'StepFunctions.ExecutionLimitExceededException',
  'StepFunctions.InvalidArnException',
  'StepFunctions.InvalidExecutionInputException',
  'StepFunctions.InvalidNameException',
  'StepFunctions.StateMachineDeletingException',
  'StepFunctions.StateMachineDoesNotExistException',
] as const;

/** An error name of {@link SUBFLOW_ERRORS}. */
export type SubflowErrorName = (typeof SUBFLOW_ERRORS)[number];

/**
 * What `subflow` needs of a child pipeline: its name (the state machine is
 * deployed in the same app and stage under `resourceName(env, 'state-machine', name)`).
 * Its input and output types are the step's type parameters.
 */
export interface ChildPipeline {
  readonly name: string;
}

/**
 * The result of a subflow. A JSONPath `ResultSelector` cannot make the state
 * *be* the child's output (it always builds an object), so in both query
 * languages the output sits under `Output`.
 */
export interface SubflowResult<Out> {
  /** The child execution's output. */
  readonly Output: Out;
  /** The child execution's ARN. */
  readonly ExecutionArn: string;
}

/**
 * An input function: builds the child's input from the typed state proxy.
 * Named so that a compiler message about a wrong one prints this name, not the
 * whole signature with the state type in it once more.
 */
export type InputFn<S, In> = (state: Ref<S>, context: ContextRef) => TemplateFor<In>;

/** Options of {@link subflow}. */
export interface SubflowOptions<S, In> {
  /** Logical id of the step (names its state). @default the child pipeline's name */
  readonly id?: string;
  /** The child's input, built from the state. @default the whole state */
  readonly input?: InputFn<S, In>;
  /** The child's state machine ARN, when it is not deployed with this pipeline's app and stage. @default derived from the environment */
  readonly stateMachineArn?: string;
  /** ASL `Comment`. */
  readonly comment?: string;
}

/**
 * The options argument of {@link subflow}: optional when the state itself is
 * a valid input for the child, otherwise an `input` function is required.
 * The factory's rest parameter is named `optionsWithInput`: called without the
 * options where they are required, TypeScript's "Expected 2 arguments" names it.
 */
export type SubflowArgs<S, In> = [S] extends [In]
  ? [options?: SubflowOptions<S, In>]
  : [options: SubflowOptions<S, In> & { readonly input: InputFn<S, In> }];

const STATE_MACHINE_ARN = /^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/** The child's state machine ARN in an environment. */
export function childArn(child: ChildPipeline, env: Environment, explicit?: string): string {
  if (explicit !== undefined) return explicit;
  return `arn:${env.partition}:states:${env.region}:${env.account}:stateMachine:${resourceName(env, 'state-machine', child.name)}`;
}

/**
 * IAM for `.sync` child executions: start the child, describe and stop its
 * executions, and manage the EventBridge rule Step Functions uses to learn
 * that the child ended.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html
 */
export function subflowStatements(env: Environment, stateMachineArn: string): readonly IamStatement[] {
  const [, , , region, account, , name] = stateMachineArn.split(':');
  return [
    { actions: ['states:StartExecution'], resources: [stateMachineArn] },
    { actions: ['states:DescribeExecution', 'states:StopExecution'], resources: [`arn:${env.partition}:states:${region}:${account}:execution:${name}:*`] },
    {
      actions: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'],
      resources: [`arn:${env.partition}:events:${env.region}:${env.account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`],
    },
  ];
}

/**
 * Runs another pipeline as a child execution and waits for it to end. The
 * input (the state, or what `input` builds) is checked against the child's
 * input type `In`; the result holds the child's output under `Output`.
 *
 * Errors: {@link SUBFLOW_ERRORS}. IAM: see {@link subflowStatements}.
 * @example subflow<State, LoadInput, LoadOutput>(loadPipeline, { input: (s) => ({ table: s.table }) })
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
export function subflow<S, In, Out>(child: ChildPipeline, ...optionsWithInput: SubflowArgs<S, In>): Step<S, SubflowResult<Out>, SubflowErrorName> {
  const options: SubflowOptions<S, In> = optionsWithInput[0] ?? {};
  if (typeof child?.name !== 'string' || child.name === '') throw new TypeError('subflow(): the first argument must be a pipeline (an object with a name)');
  const id = options.id ?? child.name;
  checkLogicalId('subflow()', id);
  if (options.stateMachineArn !== undefined && !STATE_MACHINE_ARN.test(options.stateMachineArn)) {
    throw new TypeError(`subflow('${id}'): stateMachineArn must be a state machine ARN like arn:aws:states:us-east-1:123456789012:stateMachine:name, got ${JSON.stringify(options.stateMachineArn)}`);
  }
  const input: Template | undefined = options.input === undefined ? undefined : record<S>(options.input as (s: Ref<S>, c: ContextRef) => TemplateInput, 'input');
  return {
    kind: 'subflow',
    id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: SUBFLOW_ERRORS,
    render: (ctx) => {
      const arn = childArn(child, ctx.env, options.stateMachineArn);
      const ql = ctx.queryLanguage;
      const fields = renderParameters({ StateMachineArn: lit(arn), ...(input !== undefined ? { Input: input } : {}) }, ql);
      // The whole state as input: `Input.$: '$'` / `{% $states.input %}`.
      const payload: { [k: string]: JsonValue } = 'Parameters' in fields ? { ...fields.Parameters } : { ...fields.Arguments };
      if (input === undefined) {
        if (ql === 'JSONPath') payload['Input.$'] = '$';
        else payload['Input'] = '{% $states.input %}';
      }
      const state = { Type: 'Task' as const, Resource: integrationArn(ctx.env, 'states:startExecution.sync:2') };
      if (ql === 'JSONPath') {
        return { kind: 'task', state: { ...state, Parameters: payload, ResultSelector: { 'Output.$': '$.Output', 'ExecutionArn.$': '$.ExecutionArn' } } };
      }
      return { kind: 'task', state: { ...state, Arguments: payload }, resultExpression: "{ 'Output': $states.result.Output, 'ExecutionArn': $states.result.ExecutionArn }" };
    },
    iam: (ctx: IamContext) => subflowStatements(ctx.env, childArn(child, ctx.env, options.stateMachineArn)),
    deployables: [],
  };
}
