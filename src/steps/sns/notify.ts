/**
 * The `notify` step: publishes a message built from the state to an SNS topic
 * (`sns:publish`).
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
 */
import { lit, record, renderParameters } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateFor, TemplateInput } from '../expr/index.js';
import { integrationArn } from '../naming.js';
import type { IamStatement, Step } from '../step.js';
import { checkLogicalId } from '../lambda/function.js';
import { topicArn, topicDeployables } from './topic.js';
import type { Topic } from './topic.js';

/**
 * The errors of an SNS publish, as Step Functions' optimised integration
 * names the SNS API's exceptions.
 * @see https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
export const SNS_ERRORS = [
  'SNS.AuthorizationErrorException',
  'SNS.InternalErrorException',
  'SNS.InvalidParameterException',
  'SNS.InvalidParameterValueException',
  'SNS.NotFoundException',
  'SNS.ThrottledException',
] as const;

/** An error name of {@link SNS_ERRORS}. */
export type SnsErrorName = (typeof SNS_ERRORS)[number];

/** The result of a publish. */
export interface PublishResult {
  readonly MessageId: string;
  /** FIFO topics only. */
  readonly SequenceNumber?: string;
}

/**
 * A message function: the message (text, or a JSON object that Step
 * Functions serialises) built from the typed state proxy.
 */
export type MessageFn<S> = (state: Ref<S>, context: ContextRef) => TemplateInput;

/** Options of {@link notify}. */
export interface NotifyOptions<S> {
  /** Logical id of the step (names its state). @default `notify-<topic id>` */
  readonly id?: string;
  /** The subject (email subscriptions), literal or from the state. @default none */
  readonly subject?: string | ((state: Ref<S>, context: ContextRef) => TemplateFor<string>);
  /** ASL `Comment`. */
  readonly comment?: string;
}

/** IAM to publish to a topic. */
export function publishStatement(arn: string): IamStatement {
  return { actions: ['sns:Publish'], resources: [arn] };
}

/**
 * Publishes a message built from the state to an SNS topic.
 *
 * Errors: {@link SNS_ERRORS}. IAM: `sns:Publish` on the topic.
 * @example notify(alerts, (s) => ({ file: s.key, rows: s.validation.rows }), { subject: 'CSV loaded' })
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
 */
export function notify<S>(target: Topic, message: MessageFn<S>, options: NotifyOptions<S> = {}): Step<S, PublishResult, SnsErrorName> {
  if (target?.kind !== 'sns-topic') throw new TypeError('notify(): the first argument must be a topic from topic() or existingTopic()');
  const id = options.id ?? `notify-${target.id}`;
  checkLogicalId('notify()', id);
  if (typeof message !== 'function') throw new TypeError(`notify('${id}'): message must be a function of the state, e.g. (s) => ({ file: s.key })`);
  const msg = record<S>(message, 'message');
  if (msg.kind === 'literal' && msg.value === null) throw new TypeError(`notify('${id}'): the message must not be null`);
  let subject: Template | undefined;
  if (typeof options.subject === 'string') subject = lit(options.subject);
  else if (options.subject !== undefined) subject = record<S>(options.subject as (s: Ref<S>, c: ContextRef) => TemplateInput, 'subject');
  return {
    kind: 'notify',
    id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: SNS_ERRORS,
    render: (ctx) => {
      const fields: { [k: string]: Template } = { TopicArn: lit(topicArn(target, ctx.env)), Message: msg };
      if (subject !== undefined) fields['Subject'] = subject;
      return { kind: 'task', state: { Type: 'Task', Resource: integrationArn(ctx.env, 'sns:publish'), ...renderParameters(fields, ctx.queryLanguage) } };
    },
    iam: (ctx) => [publishStatement(topicArn(target, ctx.env))],
    deployables: topicDeployables(target),
  };
}
