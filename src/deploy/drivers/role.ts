import {
  CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand,
  ListRolePoliciesCommand, PutRolePolicyCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { call, canonicalJson, mapDiff, write } from '../internal/context.js';
import type { RoleResource } from '../model.js';
import { tagList, tagMap, type Driver } from './driver.js';

/** The trust policy letting one AWS service assume the role. */
export function trustPolicy(service: string): string {
  return canonicalJson({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/** IAM returns policy documents URL-encoded. */
function decodePolicy(doc: string | undefined): unknown {
  if (doc === undefined) return undefined;
  try {
    return JSON.parse(decodeURIComponent(doc));
  } catch {
    return undefined;
  }
}

/** IAM roles with one inline policy each. */
export const roleDriver: Driver<RoleResource> = {
  async observe(r, { clients }) {
    const role = await call('iam:GetRole', r.name, () => clients.iam.send(new GetRoleCommand({ RoleName: r.name })), ['NoSuchEntity', 'NoSuchEntityException']);
    if (role?.Role === undefined) return { action: 'create', reasons: ['role does not exist'] };
    const reasons: string[] = [];
    if (canonicalJson(decodePolicy(role.Role.AssumeRolePolicyDocument)) !== trustPolicy(r.service)) reasons.push('trust policy changed');
    const policy = await call('iam:GetRolePolicy', r.name, () => clients.iam.send(new GetRolePolicyCommand({ RoleName: r.name, PolicyName: r.policyName })), ['NoSuchEntity', 'NoSuchEntityException']);
    if (policy === undefined) reasons.push('policy missing');
    else if (canonicalJson(decodePolicy(policy.PolicyDocument)) !== canonicalJson(r.policy)) reasons.push('policy changed');
    reasons.push(...mapDiff('tag', r.tags, tagMap(role.Role.Tags)).filter((x) => !x.endsWith('removed')));
    return { action: reasons.length === 0 ? 'noop' : 'update', reasons };
  },

  async apply(r, { clients }, observed) {
    if (observed.action === 'create') {
      await write('iam:CreateRole', r.name, () => clients.iam.send(new CreateRoleCommand({
        RoleName: r.name, AssumeRolePolicyDocument: trustPolicy(r.service), Tags: tagList(r.tags),
        Description: `statecraft ${r.tags['app'] ?? ''} ${r.tags['stage'] ?? ''}`.trim(),
      })));
    } else if (observed.reasons.some((x) => x.startsWith('tag'))) {
      await write('iam:TagRole', r.name, () => clients.iam.send(new TagRoleCommand({ RoleName: r.name, Tags: tagList(r.tags) })));
    }
    if (observed.action === 'create' || observed.reasons.some((x) => x.startsWith('policy'))) {
      await write('iam:PutRolePolicy', r.name, () => clients.iam.send(new PutRolePolicyCommand({
        RoleName: r.name, PolicyName: r.policyName, PolicyDocument: canonicalJson(r.policy),
      })));
    }
    if (observed.reasons.includes('trust policy changed')) {
      await write('iam:UpdateAssumeRolePolicy', r.name, () => clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: r.name, PolicyDocument: trustPolicy(r.service) })));
    }
  },

  async destroy(r, { clients }) {
    const role = await call('iam:GetRole', r.name, () => clients.iam.send(new GetRoleCommand({ RoleName: r.name })), ['NoSuchEntity', 'NoSuchEntityException']);
    if (role === undefined) return 'absent';
    const policies = await call('iam:ListRolePolicies', r.name, () => clients.iam.send(new ListRolePoliciesCommand({ RoleName: r.name })));
    for (const name of policies?.PolicyNames ?? []) {
      await write('iam:DeleteRolePolicy', r.name, () => clients.iam.send(new DeleteRolePolicyCommand({ RoleName: r.name, PolicyName: name })));
    }
    await write('iam:DeleteRole', r.name, () => clients.iam.send(new DeleteRoleCommand({ RoleName: r.name })));
    return 'deleted';
  },
};
