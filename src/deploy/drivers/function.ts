import {
  CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand,
  TagResourceCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, type Runtime,
} from '@aws-sdk/client-lambda';
import { roleArn, functionArn } from '../arns.js';
import { DeployFailure, call, withRolePropagation, mapDiff, write, type DriverContext } from '../internal/context.js';
import type { FunctionResource } from '../model.js';
import type { Driver } from './driver.js';

const MISSING = ['ResourceNotFoundException'];

/** Lambda functions: code is uploaded only when its CodeSha256 differs. */
export const functionDriver: Driver<FunctionResource> = {
  async observe(r, { clients, target }) {
    const got = await call('lambda:GetFunction', r.name, () => clients.lambda.send(new GetFunctionCommand({ FunctionName: r.name })), MISSING);
    const c = got?.Configuration;
    if (c === undefined) return { action: 'create', reasons: ['function does not exist'] };
    const reasons: string[] = [];
    if (c.CodeSha256 !== r.codeSha256) reasons.push('code changed');
    if (c.Handler !== r.handler) reasons.push('handler changed');
    if (c.Runtime !== r.runtime) reasons.push('runtime changed');
    if (c.MemorySize !== r.memoryMb) reasons.push('memory changed');
    if (c.Timeout !== r.timeoutSeconds) reasons.push('timeout changed');
    if (c.Role !== roleArn(target, r.roleName)) reasons.push('role changed');
    reasons.push(...mapDiff('environment', r.environment, c.Environment?.Variables));
    reasons.push(...mapDiff('tag', r.tags, got?.Tags).filter((x) => !x.endsWith('removed')));
    return { action: reasons.length === 0 ? 'noop' : 'update', reasons };
  },

  async apply(r, ctx, observed) {
    const { clients, target } = ctx;
    if (observed.action === 'create') {
      await withRolePropagation(ctx, () => write('lambda:CreateFunction', r.name, () => clients.lambda.send(new CreateFunctionCommand({
        FunctionName: r.name, Role: roleArn(target, r.roleName), Handler: r.handler, Runtime: r.runtime as Runtime,
        MemorySize: r.memoryMb, Timeout: r.timeoutSeconds, Code: { ZipFile: r.zip },
        Environment: { Variables: { ...r.environment } }, Tags: { ...r.tags }, Architectures: ['arm64'],
      }))));
      await waitUntilReady(r, ctx);
      return;
    }
    if (observed.reasons.includes('code changed')) {
      await write('lambda:UpdateFunctionCode', r.name, () => clients.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: r.name, ZipFile: r.zip })));
      await waitUntilReady(r, ctx);
    }
    if (observed.reasons.some((x) => !x.startsWith('tag') && x !== 'code changed')) {
      await withRolePropagation(ctx, () => write('lambda:UpdateFunctionConfiguration', r.name, () => clients.lambda.send(new UpdateFunctionConfigurationCommand({
        FunctionName: r.name, Role: roleArn(target, r.roleName), Handler: r.handler, Runtime: r.runtime as Runtime,
        MemorySize: r.memoryMb, Timeout: r.timeoutSeconds, Environment: { Variables: { ...r.environment } },
      }))));
      await waitUntilReady(r, ctx);
    }
    if (observed.reasons.some((x) => x.startsWith('tag'))) {
      await write('lambda:TagResource', r.name, () => clients.lambda.send(new TagResourceCommand({ Resource: functionArn(target, r.name), Tags: { ...r.tags } })));
    }
  },

  async destroy(r, { clients }) {
    const got = await call('lambda:GetFunction', r.name, () => clients.lambda.send(new GetFunctionCommand({ FunctionName: r.name })), MISSING);
    if (got === undefined) return 'absent';
    await write('lambda:DeleteFunction', r.name, () => clients.lambda.send(new DeleteFunctionCommand({ FunctionName: r.name })));
    return 'deleted';
  },
};


/** Waits until the function can take the next update (State Active, LastUpdateStatus not InProgress). */
async function waitUntilReady(r: FunctionResource, { clients, sleep }: DriverContext): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const c = await call('lambda:GetFunctionConfiguration', r.name, () => clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: r.name })));
    if (c?.State === 'Failed' || c?.LastUpdateStatus === 'Failed') {
      throw new DeployFailure({ kind: 'aws-error', action: 'lambda:UpdateFunction', resource: r.name, code: 'FunctionFailed', message: `Lambda function ${r.name} failed to update: ${c.StateReason ?? c.LastUpdateStatusReason ?? 'no reason given'}` });
    }
    if (c?.State !== 'Pending' && c?.LastUpdateStatus !== 'InProgress') return;
    await sleep(1000);
  }
}
