import {
  CreateStateMachineAliasCommand, CreateStateMachineCommand, DeleteStateMachineCommand, DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand, ListTagsForResourceCommand, PublishStateMachineVersionCommand, TagResourceCommand,
  UpdateStateMachineAliasCommand, UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { roleArn, stateMachineArn } from '../arns.js';
import { DeployFailure, call, withRolePropagation, canonicalJson, mapDiff, write, type DriverContext } from '../internal/context.js';
import type { StateMachineResource } from '../model.js';
import type { Driver } from './driver.js';

const MISSING = ['StateMachineDoesNotExist', 'ResourceNotFound'];

function sameDefinition(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  if (a === b) return true;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * The state machine, a published version per definition, and the alias (`live`) that
 * executions start through. Convergent: an alias left on an old version by an
 * interrupted apply is moved on the next run.
 */
export const stateMachineDriver: Driver<StateMachineResource> = {
  async observe(r, { clients, target }) {
    const arn = stateMachineArn(target, r.name);
    const sm = await call('states:DescribeStateMachine', arn, () => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })), MISSING);
    if (sm === undefined) return { action: 'create', reasons: ['state machine does not exist'] };
    const reasons: string[] = [];
    if (!sameDefinition(sm.definition, r.definition)) reasons.push('definition changed');
    if (sm.roleArn !== roleArn(target, r.roleName)) reasons.push('role changed');
    const alias = await call('states:DescribeStateMachineAlias', `${arn}:${r.alias}`, () => clients.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: `${arn}:${r.alias}` })), MISSING);
    const versionArn = alias?.routingConfiguration?.[0]?.stateMachineVersionArn;
    if (alias === undefined || versionArn === undefined) reasons.push(`alias ${r.alias} missing`);
    else if (!reasons.includes('definition changed')) {
      const version = await call('states:DescribeStateMachine', versionArn, () => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn })), MISSING);
      if (!sameDefinition(version?.definition, r.definition) || version?.roleArn !== roleArn(target, r.roleName)) reasons.push(`alias ${r.alias} on an old version`);
    }
    const tags = await call('states:ListTagsForResource', arn, () => clients.sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })));
    const tagMap = Object.fromEntries((tags?.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
    reasons.push(...mapDiff('tag', r.tags, tagMap).filter((x) => !x.endsWith('removed')));
    return { action: reasons.length === 0 ? 'noop' : 'update', reasons };
  },

  async apply(r, ctx, observed) {
    const { clients, target } = ctx;
    const arn = stateMachineArn(target, r.name);
    const role = roleArn(target, r.roleName);
    let versionArn: string | undefined;
    if (observed.action === 'create') {
      const out = await withRolePropagation(ctx, () => write('states:CreateStateMachine', arn, () => clients.sfn.send(new CreateStateMachineCommand({
        name: r.name, definition: r.definition, roleArn: role, type: 'STANDARD', publish: true,
        tags: Object.keys(r.tags).sort().map((key) => ({ key, value: r.tags[key]! })),
      }))));
      versionArn = out.stateMachineVersionArn;
    } else if (observed.reasons.some((x) => x === 'definition changed' || x === 'role changed')) {
      const out = await withRolePropagation(ctx, () => write('states:UpdateStateMachine', arn, () => clients.sfn.send(new UpdateStateMachineCommand({
        stateMachineArn: arn, definition: r.definition, roleArn: role, publish: true,
      }))));
      versionArn = out.stateMachineVersionArn;
    } else if (observed.reasons.some((x) => x.startsWith('alias'))) {
      // Publishing the current revision again returns its existing version: safe to repeat.
      const out = await write('states:PublishStateMachineVersion', arn, () => clients.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn })));
      versionArn = out.stateMachineVersionArn;
    }
    if (observed.action !== 'create' && observed.reasons.some((x) => x.startsWith('tag'))) {
      await write('states:TagResource', arn, () => clients.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: Object.keys(r.tags).sort().map((key) => ({ key, value: r.tags[key]! })) })));
    }
    if (versionArn === undefined) return;
    const aliasArn = `${arn}:${r.alias}`;
    const routingConfiguration = [{ stateMachineVersionArn: versionArn, weight: 100 }];
    const alias = await call('states:DescribeStateMachineAlias', aliasArn, () => clients.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn })), MISSING);
    if (alias === undefined) {
      await write('states:CreateStateMachineAlias', aliasArn, () => clients.sfn.send(new CreateStateMachineAliasCommand({ name: r.alias, routingConfiguration })));
    } else if (alias.routingConfiguration?.[0]?.stateMachineVersionArn !== versionArn) {
      await write('states:UpdateStateMachineAlias', aliasArn, () => clients.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: aliasArn, routingConfiguration })));
    }
  },

  async destroy(r, { clients, target }) {
    const arn = stateMachineArn(target, r.name);
    const sm = await call('states:DescribeStateMachine', arn, () => clients.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })), MISSING);
    if (sm === undefined) return 'absent';
    // Deleting the state machine deletes its versions and aliases with it.
    await write('states:DeleteStateMachine', arn, () => clients.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn })));
    return 'deleted';
  },
};

