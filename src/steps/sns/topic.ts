/** SNS topics as references: one the pipeline deploys, or one that exists. */
import { logicalArn } from '../naming.js';
import type { Environment } from '../naming.js';
import type { Deployable } from '../step.js';
import { checkLogicalId, logicalIdFrom } from '../lambda/function.js';

/** A reference to an SNS topic. Plain data. */
export interface Topic {
  readonly kind: 'sns-topic';
  /** Logical id: names the deployed topic (`resourceName(env, 'topic', id)`). */
  readonly id: string;
  readonly source: { readonly kind: 'deploy' } | { readonly kind: 'existing'; readonly arn: string };
}

/**
 * An SNS topic the pipeline deploys.
 * @example const alerts = topic('alerts');
 */
export function topic(id: string): Topic {
  checkLogicalId('topic()', id);
  return { kind: 'sns-topic', id, source: { kind: 'deploy' } };
}

const TOPIC_ARN = /^arn:[a-z-]+:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;

/**
 * An SNS topic that already exists, by ARN.
 * @example const ops = existingTopic('arn:aws:sns:us-east-1:123456789012:ops');
 */
export function existingTopic(arn: string): Topic {
  if (typeof arn !== 'string' || !TOPIC_ARN.test(arn)) {
    throw new TypeError(`existingTopic(): expected a topic ARN like arn:aws:sns:us-east-1:123456789012:name, got ${JSON.stringify(arn)}`);
  }
  return { kind: 'sns-topic', id: logicalIdFrom(arn.slice(arn.lastIndexOf(':') + 1)), source: { kind: 'existing', arn } };
}

/** The topic's ARN in an environment. */
export function topicArn(t: Topic, env: Environment): string {
  return t.source.kind === 'existing' ? t.source.arn : logicalArn(env, 'topic', t.id);
}

/** The deployables of a topic reference: the topic, or nothing for an existing one. */
export function topicDeployables(t: Topic): readonly Deployable[] {
  return t.source.kind === 'existing' ? [] : [{ kind: 'topic', id: t.id }];
}
