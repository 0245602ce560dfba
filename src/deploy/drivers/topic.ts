import {
  CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand, SubscribeCommand, TagResourceCommand,
} from '@aws-sdk/client-sns';
import { arnOf } from '../arns.js';
import { call, mapDiff, write, type DriverContext } from '../internal/context.js';
import type { TopicResource } from '../model.js';
import { tagList, tagMap, type Driver } from './driver.js';

const MISSING = ['NotFoundException', 'NotFound'];

async function listSubscriptions(r: TopicResource, arn: string, { clients }: DriverContext): Promise<Set<string>> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await call('sns:ListSubscriptionsByTopic', arn, () => clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn, ...(token ? { NextToken: token } : {}) })), MISSING);
    for (const s of page?.Subscriptions ?? []) seen.add(`${s.Protocol}:${s.Endpoint}`);
    token = page?.NextToken;
  } while (token);
  void r;
  return seen;
}

/** SNS topics and their subscriptions (subscriptions are added, never silently removed). */
export const topicDriver: Driver<TopicResource> = {
  async observe(r, ctx) {
    const arn = arnOf(r, ctx.target);
    const attrs = await call('sns:GetTopicAttributes', arn, () => ctx.clients.sns.send(new GetTopicAttributesCommand({ TopicArn: arn })), MISSING);
    if (attrs === undefined) return { action: 'create', reasons: ['topic does not exist'] };
    const reasons: string[] = [];
    const subs = await listSubscriptions(r, arn, ctx);
    for (const s of r.subscriptions) if (!subs.has(`${s.protocol}:${s.endpoint}`)) reasons.push(`subscription ${s.protocol}:${s.endpoint} added`);
    const tags = await call('sns:ListTagsForResource', arn, () => ctx.clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: arn })));
    reasons.push(...mapDiff('tag', r.tags, tagMap(tags?.Tags)).filter((x) => !x.endsWith('removed')));
    return { action: reasons.length === 0 ? 'noop' : 'update', reasons };
  },

  async apply(r, ctx, observed) {
    const arn = arnOf(r, ctx.target);
    if (observed.action === 'create') {
      await write('sns:CreateTopic', arn, () => ctx.clients.sns.send(new CreateTopicCommand({ Name: r.name, Tags: tagList(r.tags) })));
    } else if (observed.reasons.some((x) => x.startsWith('tag'))) {
      await write('sns:TagResource', arn, () => ctx.clients.sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: tagList(r.tags) })));
    }
    const existing = observed.action === 'create' ? new Set<string>() : await listSubscriptions(r, arn, ctx);
    for (const s of r.subscriptions) {
      if (existing.has(`${s.protocol}:${s.endpoint}`)) continue;
      await write('sns:Subscribe', arn, () => ctx.clients.sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: s.protocol, Endpoint: s.endpoint })));
    }
  },

  async destroy(r, ctx) {
    const arn = arnOf(r, ctx.target);
    const attrs = await call('sns:GetTopicAttributes', arn, () => ctx.clients.sns.send(new GetTopicAttributesCommand({ TopicArn: arn })), MISSING);
    if (attrs === undefined) return 'absent';
    await write('sns:DeleteTopic', arn, () => ctx.clients.sns.send(new DeleteTopicCommand({ TopicArn: arn })));
    return 'deleted';
  },
};
