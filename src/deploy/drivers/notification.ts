import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import {
  GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand,
  type LambdaFunctionConfiguration, type NotificationConfiguration,
} from '@aws-sdk/client-s3';
import { functionArn } from '../arns.js';
import { call, write, type DriverContext } from '../internal/context.js';
import type { NotificationResource } from '../model.js';
import type { Driver } from './driver.js';

function wanted(r: NotificationResource, ctx: DriverContext): LambdaFunctionConfiguration {
  return {
    Id: r.statementId,
    LambdaFunctionArn: functionArn(ctx.target, r.functionName),
    Events: ['s3:ObjectCreated:*'],
    Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: r.prefix }] } },
  };
}

function sameConfig(a: LambdaFunctionConfiguration | undefined, b: LambdaFunctionConfiguration): boolean {
  if (a === undefined) return false;
  const prefix = (c: LambdaFunctionConfiguration) => c.Filter?.Key?.FilterRules?.find((f) => f.Name?.toLowerCase() === 'prefix')?.Value;
  return a.LambdaFunctionArn === b.LambdaFunctionArn && prefix(a) === prefix(b) && JSON.stringify([...(a.Events ?? [])].sort()) === JSON.stringify([...(b.Events ?? [])].sort());
}

async function readNotifications(r: NotificationResource, ctx: DriverContext): Promise<NotificationConfiguration> {
  const got = await call('s3:GetBucketNotification', r.bucket, () => ctx.clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: r.bucket })), ['NoSuchBucket', '404']);
  const { $metadata: _m, ...config } = got ?? { $metadata: {} };
  return config;
}

async function hasPermission(r: NotificationResource, ctx: DriverContext): Promise<boolean> {
  const policy = await call('lambda:GetPolicy', r.functionName, () => ctx.clients.lambda.send(new GetPolicyCommand({ FunctionName: r.functionName })), ['ResourceNotFoundException']);
  if (policy?.Policy === undefined) return false;
  const doc = JSON.parse(policy.Policy) as { Statement?: { Sid?: string }[] };
  return (doc.Statement ?? []).some((s) => s.Sid === r.statementId);
}

/**
 * The S3 event notification for the source prefix plus the Lambda permission for S3 to
 * invoke the trigger. Other notification configurations on the bucket are kept as they are.
 */
export const notificationDriver: Driver<NotificationResource> = {
  async observe(r, ctx) {
    const reasons: string[] = [];
    if (!(await hasPermission(r, ctx))) reasons.push('invoke permission missing');
    const config = await readNotifications(r, ctx);
    const mine = config.LambdaFunctionConfigurations?.find((c) => c.Id === r.statementId);
    if (mine === undefined) reasons.push('notification missing');
    else if (!sameConfig(mine, wanted(r, ctx))) reasons.push('notification changed');
    const exists = mine !== undefined || !reasons.includes('invoke permission missing');
    return { action: reasons.length === 0 ? 'noop' : exists ? 'update' : 'create', reasons };
  },

  async apply(r, ctx, observed) {
    if (observed.reasons.includes('invoke permission missing')) {
      await write('lambda:AddPermission', r.functionName, () => ctx.clients.lambda.send(new AddPermissionCommand({
        FunctionName: r.functionName, StatementId: r.statementId, Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com', SourceArn: `arn:${ctx.target.partition}:s3:::${r.bucket}`, SourceAccount: ctx.target.account,
      })));
    }
    if (observed.reasons.some((x) => x.startsWith('notification'))) {
      const config = await readNotifications(r, ctx);
      const others = (config.LambdaFunctionConfigurations ?? []).filter((c) => c.Id !== r.statementId);
      await write('s3:PutBucketNotification', r.bucket, () => ctx.clients.s3.send(new PutBucketNotificationConfigurationCommand({
        Bucket: r.bucket,
        NotificationConfiguration: { ...config, LambdaFunctionConfigurations: [...others, wanted(r, ctx)] },
      })));
    }
  },

  async destroy(r, ctx) {
    let deleted = false;
    const config = await readNotifications(r, ctx);
    const others = (config.LambdaFunctionConfigurations ?? []).filter((c) => c.Id !== r.statementId);
    if (others.length !== (config.LambdaFunctionConfigurations ?? []).length) {
      await write('s3:PutBucketNotification', r.bucket, () => ctx.clients.s3.send(new PutBucketNotificationConfigurationCommand({
        Bucket: r.bucket, NotificationConfiguration: { ...config, LambdaFunctionConfigurations: others },
      })));
      deleted = true;
    }
    if (await hasPermission(r, ctx)) {
      await write('lambda:RemovePermission', r.functionName, () => ctx.clients.lambda.send(new RemovePermissionCommand({ FunctionName: r.functionName, StatementId: r.statementId })));
      deleted = true;
    }
    return deleted ? 'deleted' : 'absent';
  },
};
