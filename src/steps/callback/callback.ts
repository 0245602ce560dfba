/**
 * The `waitForCallback` step: hands a task token to a Lambda function or an
 * SNS topic (`.waitForTaskToken`) and pauses until someone calls
 * SendTaskSuccess (its output is the step's result) or SendTaskFailure.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 */
import type { TaskState } from '../../asl/types.js';
import { lit, record, renderParameters } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateFor, TemplateInput } from '../expr/index.js';
import { integrationArn } from '../naming.js';
import type { IamStatement, RenderContext, Step } from '../step.js';
import { LAMBDA_ERRORS, invokeStatement } from '../lambda/lambda.js';
import type { LambdaErrorName } from '../lambda/lambda.js';
import { checkLogicalId, functionArn, functionDeployables } from '../lambda/function.js';
import type { LambdaFunction } from '../lambda/function.js';
import { SNS_ERRORS, publishStatement } from '../sns/notify.js';
import type { SnsErrorName } from '../sns/notify.js';
import { topicArn, topicDeployables } from '../sns/topic.js';
import type { Topic } from '../sns/topic.js';

/** Who receives the task token: a Lambda function (invoked asynchronously by Step Functions) or an SNS topic. */
export type CallbackTarget = LambdaFunction<never, unknown> | Topic;

/** The errors of the delivery for a target kind. */
export type CallbackDeliveryError<T extends CallbackTarget> = T extends Topic ? SnsErrorName : LambdaErrorName;

/**
 * A type-only witness of what the callback sends with SendTaskSuccess: lets
 * `Out` be inferred (with `resultAt` and the other type parameters) instead of
 * given explicitly. Build it with {@link callbackOutput}.
 */
export interface CallbackOutput<Out> {
  readonly kind: 'callback-output';
  /** @internal phantom */
  readonly '~out'?: Out;
}

/**
 * Declares the callback's output type: `output: callbackOutput<{ approved: boolean }>()`.
 * (TypeScript infers no type argument once one is given explicitly, so
 * `.waitForCallback<Out>(target, { resultAt })` cannot infer `resultAt`; this
 * witness keeps every type argument inferred.)
 */
export function callbackOutput<Out>(): CallbackOutput<Out> {
  return { kind: 'callback-output' };
}

/**
 * What the target receives, typed by the target: a Lambda function's event
 * (so a payload that misses a field of the handler's event, or gives one of the
 * wrong type, is a compile error, as in `lambda()`), any template for a topic's message.
 */
export type CallbackPayload<T extends CallbackTarget> = T extends LambdaFunction<infer In, unknown> ? TemplateFor<In> : TemplateInput;

/** Options of {@link waitForCallback}; `T` is the target (its event types the payload). */
export interface WaitForCallbackOptions<S, E extends string, Out = unknown, T extends CallbackTarget = CallbackTarget> {
  /** Logical id of the step (names its state). */
  readonly id: string;
  /** The callback's output type, declared with `callbackOutput<Out>()` (type-only). @default unknown */
  readonly output?: CallbackOutput<Out>;
  /**
   * What the target receives (a Lambda's payload, an SNS message); it must
   * carry the task token, `ctx.task.token`.
   */
  readonly payload: (state: Ref<S>, context: ContextRef) => CallbackPayload<T>;
  /** The error names the callback may report with SendTaskFailure. @default none */
  readonly errors?: readonly E[];
  /**
   * Fail with `States.HeartbeatTimeout` when no SendTaskHeartbeat arrives
   * for this long (whole seconds, minutes or hours). @default no heartbeat
   */
  readonly heartbeat?: `${number}${'s' | 'm' | 'h'}`;
  /** ASL `Comment`. */
  readonly comment?: string;
}

const DURATION = /^([1-9][0-9]*)(s|m|h)$/;
const UNIT: { readonly [u: string]: number } = { s: 1, m: 60, h: 3600 };

function heartbeatSeconds(id: string, value: string): number {
  const m = DURATION.exec(value);
  if (m === null) throw new TypeError(`waitForCallback('${id}'): heartbeat must be a duration such as '30s', '5m' or '1h', got ${JSON.stringify(value)}`);
  return Number(m[1]) * (UNIT[m[2] ?? 's'] ?? 1);
}

/** True when a template reads the task token (`$$.Task.Token`). */
export function readsTaskToken(t: Template): boolean {
  switch (t.kind) {
    case 'ref':
      return t.root === 'context' && t.path[0] === 'task' && t.path[1] === 'token';
    case 'format':
      return t.parts.some((p) => typeof p !== 'string' && p.root === 'context' && p.path[0] === 'task' && p.path[1] === 'token');
    case 'jsonata':
      return /\$states\.context\.Task\.Token/.test(t.expression);
    case 'array':
      return t.items.some(readsTaskToken);
    case 'object':
      return t.entries.some(([, v]) => readsTaskToken(v));
    case 'literal':
      return false;
  }
}

function isTopic(t: CallbackTarget): t is Topic {
  return t.kind === 'sns-topic';
}

/**
 * Sends a task token to a Lambda function or SNS topic and waits for the
 * callback. The output type `Out` is what the callback sends with
 * SendTaskSuccess (declared, not checked).
 *
 * Errors: the delivery's errors (Lambda or SNS), the callback's own `errors`,
 * and `States.HeartbeatTimeout` / `States.Timeout`.
 * IAM: `lambda:InvokeFunction` or `sns:Publish` on the target.
 * @example waitForCallback(approvals, { id: 'approve', payload: (s, ctx) => ({ token: ctx.task.token, file: s.key }), output: callbackOutput<{ approved: boolean }>() })
 */
export function waitForCallback<S, Out, E extends string = never, T extends CallbackTarget = CallbackTarget>(
  target: T,
  options: WaitForCallbackOptions<S, E, Out, T>,
): Step<S, Out, CallbackDeliveryError<T> | E> {
  if (target?.kind !== 'lambda-function' && target?.kind !== 'sns-topic') {
    throw new TypeError('waitForCallback(): the target must be a Lambda function (lambdaFunction/existingLambda) or an SNS topic (topic/existingTopic)');
  }
  const id = options?.id;
  checkLogicalId('waitForCallback()', id);
  if (typeof options.payload !== 'function') throw new TypeError(`waitForCallback('${id}'): payload must be a function of the state and context, e.g. (s, ctx) => ({ token: ctx.task.token })`);
  // CallbackPayload<T> is a TemplateInput for every T; TypeScript cannot see that generically.
  const payload = record<S>(options.payload as (s: Ref<S>, c: ContextRef) => TemplateInput, 'payload');
  if (!readsTaskToken(payload)) {
    throw new TypeError(`waitForCallback('${id}'): the payload must carry the task token (ctx.task.token), or nobody can resume the execution`);
  }
  const userErrors = options.errors ?? [];
  userErrors.forEach((e, i) => {
    if (typeof e !== 'string' || e === '' || e.startsWith('States.')) {
      throw new TypeError(`waitForCallback('${id}'): errors[${i}] must be a non-empty error name not starting with 'States.', got ${JSON.stringify(e)}`);
    }
  });
  if (options.output !== undefined && options.output?.kind !== 'callback-output') {
    throw new TypeError(`waitForCallback('${id}'): output must be callbackOutput<Out>(), which declares the callback's output type`);
  }
  const heartbeat = options.heartbeat === undefined ? undefined : heartbeatSeconds(id, options.heartbeat);
  const delivery: readonly string[] = isTopic(target) ? SNS_ERRORS : LAMBDA_ERRORS;
  const render = (ctx: RenderContext): TaskState => {
    const fields: { [k: string]: Template } = isTopic(target)
      ? { TopicArn: lit(topicArn(target, ctx.env)), Message: payload }
      : { FunctionName: lit(functionArn(target, ctx.env)), Payload: payload };
    const resource = isTopic(target) ? 'sns:publish.waitForTaskToken' : 'lambda:invoke.waitForTaskToken';
    return {
      Type: 'Task',
      Resource: integrationArn(ctx.env, resource),
      ...renderParameters(fields, ctx.queryLanguage),
      ...(heartbeat !== undefined ? { HeartbeatSeconds: heartbeat } : {}),
    };
  };
  const iam = (env: RenderContext['env']): readonly IamStatement[] =>
    isTopic(target) ? [publishStatement(topicArn(target, env))] : [invokeStatement(functionArn(target, env))];
  return {
    kind: 'wait-for-callback',
    id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: [...delivery, ...userErrors] as readonly (CallbackDeliveryError<T> | E)[],
    render: (ctx) => ({ kind: 'task', state: render(ctx) }),
    iam: (ctx) => iam(ctx.env),
    deployables: isTopic(target) ? topicDeployables(target) : functionDeployables(target),
  };
}
