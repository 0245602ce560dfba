/**
 * Deterministic AWS resource names and ARNs for a pipeline's environment.
 *
 * Every name is a pure function of the environment and a logical id, so the
 * compiler can put ARNs in the ASL before anything is deployed, and a
 * re-deploy computes exactly the same names.
 */
import { createHash } from 'node:crypto';

/** Where a pipeline is deployed: the values every name and ARN derives from. */
export interface Environment {
  /** AWS partition, e.g. `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /** 12-digit account id. */
  readonly account: string;
  /** Application name; defaults to the pipeline name. */
  readonly app: string;
  /** Stage, e.g. `dev`, `prod`. */
  readonly stage: string;
}

/** The kinds of resources that get a name from {@link resourceName}. */
export type ResourceKind = 'lambda' | 'glue-job' | 'topic' | 'bucket' | 'state-machine' | 'role';

/**
 * The documented default environment for local use.
 * @example defaultEnvironment('csv-etl') // { partition: 'aws', region: 'us-east-1', account: '000000000000', app: 'csv-etl', stage: 'dev' }
 */
export function defaultEnvironment(app: string, overrides: Partial<Environment> = {}): Environment {
  return {
    partition: overrides.partition ?? 'aws',
    region: overrides.region ?? 'us-east-1',
    account: overrides.account ?? '000000000000',
    app: overrides.app ?? app,
    stage: overrides.stage ?? 'dev',
  };
}

interface NameRule {
  readonly max: number;
  /** Characters not allowed, replaced by `-`. */
  readonly invalid: RegExp;
  readonly lowercase: boolean;
}

// Limits from the AWS service quotas / naming rules of each service.
const RULES: { readonly [K in ResourceKind]: NameRule } = {
  lambda: { max: 64, invalid: /[^A-Za-z0-9_-]/g, lowercase: false },
  'glue-job': { max: 255, invalid: /[^A-Za-z0-9_-]/g, lowercase: false },
  topic: { max: 256, invalid: /[^A-Za-z0-9_-]/g, lowercase: false },
  // S3: 3-63 chars, lowercase letters, digits, hyphens; globally unique, hence the account id.
  bucket: { max: 63, invalid: /[^a-z0-9-]/g, lowercase: true },
  'state-machine': { max: 80, invalid: /[^A-Za-z0-9_-]/g, lowercase: false },
  role: { max: 64, invalid: /[^A-Za-z0-9_+=,.@-]/g, lowercase: false },
};

/** An 8-hex-digit hash of a string (stable across runs and machines). */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * The deterministic physical name of a resource: `<app>-<stage>-<logicalId>`
 * (buckets also carry the account id, as bucket names are global), sanitised
 * for the service and truncated with an 8-character hash suffix when too long.
 */
export function resourceName(env: Environment, kind: ResourceKind, logicalId: string): string {
  const rule = RULES[kind];
  const parts = kind === 'bucket' ? [env.app, env.stage, logicalId, env.account] : [env.app, env.stage, logicalId];
  let name = parts.join('-');
  if (rule.lowercase) name = name.toLowerCase();
  name = name.replace(rule.invalid, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  if (name.length <= rule.max) return name;
  const suffix = `-${shortHash(parts.join('\u0000'))}`;
  return name.slice(0, rule.max - suffix.length).replace(/-+$/, '') + suffix;
}

/** The ARN of a named resource of the environment. */
export function resourceArn(env: Environment, kind: ResourceKind, name: string): string {
  const { partition: p, region: r, account: a } = env;
  switch (kind) {
    case 'lambda':
      return `arn:${p}:lambda:${r}:${a}:function:${name}`;
    case 'glue-job':
      return `arn:${p}:glue:${r}:${a}:job/${name}`;
    case 'topic':
      return `arn:${p}:sns:${r}:${a}:${name}`;
    case 'bucket':
      return `arn:${p}:s3:::${name}`;
    case 'state-machine':
      return `arn:${p}:states:${r}:${a}:stateMachine:${name}`;
    case 'role':
      return `arn:${p}:iam::${a}:role/${name}`;
  }
}

/** `resourceArn(env, kind, resourceName(env, kind, logicalId))`. */
export function logicalArn(env: Environment, kind: ResourceKind, logicalId: string): string {
  return resourceArn(env, kind, resourceName(env, kind, logicalId));
}

/** The ARN prefix of Step Functions' optimised integrations, e.g. `arn:aws:states:::glue:startJobRun.sync`. */
export function integrationArn(env: Environment, service: string): string {
  return `arn:${env.partition}:states:::${service}`;
}
