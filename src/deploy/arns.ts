import type { DeployTarget, Resource } from './model.js';

/** The ARN of a resource; names are deterministic, so it is known before the resource exists. */
export function arnOf(r: Resource, t: DeployTarget): string {
  const p = t.partition;
  switch (r.kind) {
    case 'role':
      return `arn:${p}:iam::${t.account}:role/${r.name}`;
    case 'bucket':
      return `arn:${p}:s3:::${r.name}`;
    case 'object':
      return `arn:${p}:s3:::${r.bucket}/${r.key}`;
    case 'function':
      return `arn:${p}:lambda:${t.region}:${t.account}:function:${r.name}`;
    case 'glue-job':
      return `arn:${p}:glue:${t.region}:${t.account}:job/${r.name}`;
    case 'topic':
      return `arn:${p}:sns:${t.region}:${t.account}:${r.name}`;
    case 'bucket-notification':
      return `arn:${p}:s3:::${r.bucket}#${r.statementId}`;
    case 'state-machine':
      return stateMachineArn(t, r.name);
  }
}

/** ARN of a state machine by name. */
export function stateMachineArn(t: DeployTarget, name: string): string {
  return `arn:${t.partition}:states:${t.region}:${t.account}:stateMachine:${name}`;
}

/** ARN of a role by name. */
export function roleArn(t: DeployTarget, name: string): string {
  return `arn:${t.partition}:iam::${t.account}:role/${name}`;
}

/** ARN of a Lambda function by name. */
export function functionArn(t: DeployTarget, name: string): string {
  return `arn:${t.partition}:lambda:${t.region}:${t.account}:function:${name}`;
}

/** The Step Functions console page of a state machine. */
export function consoleUrl(t: DeployTarget, name: string): string {
  return `https://${t.region}.console.aws.amazon.com/states/home?region=${t.region}#/statemachines/view/${encodeURIComponent(stateMachineArn(t, name))}`;
}
