/**
 * The `lambda` step: invokes a Lambda function with a payload typed by the
 * handler's event type; its output is the handler's result.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
import type { JsonValue, TaskState } from '../../asl/types.js';
import { record, renderTemplate } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateFor, TemplateInput } from '../expr/index.js';
import { integrationArn } from '../naming.js';
import { RenderError } from '../step.js';
import type { IamStatement, RenderContext, Step, TaskFragment } from '../step.js';
import { checkLogicalId, functionArn, functionDeployables } from './function.js';
import type { LambdaFunction } from './function.js';

/**
 * The errors Step Functions reports for a Lambda invocation itself (not the
 * handler's own errors): transient service errors worth retrying, throttling,
 * and `Lambda.Unknown` (out of memory, timeout).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
export const LAMBDA_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.Unknown',
] as const;

/** An error name of {@link LAMBDA_ERRORS}. */
export type LambdaErrorName = (typeof LAMBDA_ERRORS)[number];

/** A payload function: builds the handler's event from the typed state proxy. */
export type PayloadFn<S, In> = (state: Ref<S>, context: ContextRef) => TemplateFor<In>;

/** Options of {@link lambda}. */
export interface LambdaOptions<S, In, E extends string> {
  /** Logical id of the step (names its state). @default the function's id */
  readonly id?: string;
  /** The handler's event, built from the state. @default the whole state */
  readonly payload?: PayloadFn<S, In>;
  /**
   * Error names the handler itself throws (the `name` of the thrown error),
   * so Retry and Catch may name them. @default none
   */
  readonly errors?: readonly E[];
  /** ASL `Comment`. */
  readonly comment?: string;
}

/**
 * The options argument of {@link lambda}: optional when the state itself is a
 * valid event for the handler, otherwise a `payload` function is required.
 * The factory's rest parameter is named `optionsWithPayload`: called without the
 * options where they are required, TypeScript's "Expected 2 arguments" names it.
 */
export type LambdaArgs<S, In, E extends string> = [S] extends [In]
  ? [options?: LambdaOptions<S, In, E>]
  : [options: LambdaOptions<S, In, E> & { readonly payload: PayloadFn<S, In> }];

/** The Resource of the optimised `lambda:invoke` integration. */
export function lambdaInvokeArn(ctx: { readonly env: RenderContext['env'] }, suffix: '' | '.waitForTaskToken' = ''): string {
  return integrationArn(ctx.env, `lambda:invoke${suffix}`);
}

/** IAM to invoke a function: `lambda:InvokeFunction` on it and its versions and aliases. */
export function invokeStatement(arn: string): IamStatement {
  return { actions: ['lambda:InvokeFunction'], resources: [arn, `${arn}:*`] };
}

/**
 * @internal Renders an invocation Task for a function and payload template
 * (`undefined`: the whole state input).
 *
 * A JSONPath `ResultSelector` always builds an object, so it cannot make the
 * state *be* the handler's result; JSONPath therefore uses the function ARN
 * as the Resource (AWS's "payload response only" form, whose result is the
 * payload itself). JSONata uses `lambda:invoke` and selects `Payload`.
 */
export function renderInvoke(ctx: RenderContext, arn: string, payload: Template | undefined): TaskFragment {
  if (ctx.queryLanguage === 'JSONata') {
    const args: { [k: string]: JsonValue } = { FunctionName: arn, Payload: payload === undefined ? '{% $states.input %}' : renderTemplate(payload, 'JSONata', 'payload').value };
    const state: TaskState = { Type: 'Task', Resource: lambdaInvokeArn(ctx), Arguments: args };
    return { kind: 'task', state, resultExpression: '$states.result.Payload' };
  }
  const base: TaskState = { Type: 'Task', Resource: arn };
  if (payload === undefined) return { kind: 'task', state: base };
  if (payload.kind === 'ref') return { kind: 'task', state: { ...base, InputPath: renderTemplate(payload, 'JSONPath').value as string } };
  const rendered = renderTemplate(payload, 'JSONPath', 'payload');
  if (rendered.dynamic || typeof rendered.value !== 'object' || rendered.value === null || Array.isArray(rendered.value)) {
    throw new RenderError('payload', 'in JSONPath a Lambda payload must be an object or one field of the state (use JSONata for other values)');
  }
  return { kind: 'task', state: { ...base, Parameters: rendered.value } };
}

/**
 * Invokes a Lambda function. The payload is the state (or what `payload`
 * builds from it) and must match the handler's event type; the step's output
 * is the handler's result.
 *
 * Errors: {@link LAMBDA_ERRORS} plus the handler's own `errors`.
 * IAM: `lambda:InvokeFunction` on the function and its versions/aliases.
 * @example
 * lambda<{ orderId: string }, { id: string }, { score: number }>(score, { payload: (s) => ({ id: s.orderId }) })
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
export function lambda<S, In, Out, E extends string = never>(
  fn: LambdaFunction<In, Out>,
  ...optionsWithPayload: LambdaArgs<S, In, E>
): Step<S, Out, LambdaErrorName | E> {
  const options: LambdaOptions<S, In, E> = optionsWithPayload[0] ?? {};
  if (fn?.kind !== 'lambda-function') throw new TypeError('lambda(): the first argument must be a function from lambdaFunction() or existingLambda()');
  const id = options.id ?? fn.id;
  checkLogicalId('lambda()', id);
  const userErrors = options.errors ?? [];
  userErrors.forEach((e, i) => {
    if (typeof e !== 'string' || e === '' || e.startsWith('States.')) {
      throw new TypeError(`lambda('${id}'): errors[${i}] must be a non-empty error name not starting with 'States.', got ${JSON.stringify(e)}`);
    }
  });
  // TemplateFor<In> is a TemplateInput for every In; TypeScript cannot see that generically.
  const payload = options.payload === undefined ? undefined : record<S>(options.payload as (s: Ref<S>, c: ContextRef) => TemplateInput, 'payload');
  return {
    kind: 'lambda',
    id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: [...LAMBDA_ERRORS, ...userErrors],
    render: (ctx) => renderInvoke(ctx, functionArn(fn, ctx.env), payload),
    iam: (ctx) => [invokeStatement(functionArn(fn, ctx.env))],
    deployables: functionDeployables(fn),
  };
}
