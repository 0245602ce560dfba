/**
 * Where a Redshift statement runs and how it authenticates, as the Data API
 * takes it, and the IAM each choice needs.
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html
 */
import type { JsonValue } from '../../asl/types.js';
import type { Environment } from '../naming.js';
import type { IamStatement } from '../step.js';

/**
 * A provisioned cluster (authenticated with temporary credentials for
 * `dbUser`, a Secrets Manager secret, or the caller's IAM identity) or a
 * serverless workgroup (by name or ARN; IAM identity or a secret).
 */
export type RedshiftTarget =
  | { readonly cluster: string; readonly database: string; readonly dbUser?: string; readonly secretArn?: string }
  | { readonly workgroup: string; readonly database: string; readonly secretArn?: string };

const CLUSTER = /^[a-z][a-z0-9-]{0,62}$/;
const WORKGROUP_NAME = /^[a-z0-9-]{3,64}$/;
const WORKGROUP_ARN = /^arn:[a-z-]+:redshift-serverless:[a-z0-9-]+:\d{12}:workgroup\/[a-z0-9-]+$/;
const SECRET_ARN = /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_$-]{0,126}$/;

/**
 * Checks a target at the call site.
 * @throws TypeError naming the field and the rule.
 */
export function checkTarget(where: string, target: RedshiftTarget): void {
  if (typeof target !== 'object' || target === null) throw new TypeError(`${where}: target must be { cluster, database, ... } or { workgroup, database, ... }`);
  if (typeof target.database !== 'string' || !NAME.test(target.database)) throw new TypeError(`${where}: target.database must be a database name, got ${JSON.stringify(target.database)}`);
  if (target.secretArn !== undefined && !SECRET_ARN.test(target.secretArn)) {
    throw new TypeError(`${where}: target.secretArn must be a Secrets Manager ARN, got ${JSON.stringify(target.secretArn)}`);
  }
  if ('cluster' in target) {
    if ('workgroup' in target) throw new TypeError(`${where}: target has both cluster and workgroup; give one`);
    if (typeof target.cluster !== 'string' || !CLUSTER.test(target.cluster)) throw new TypeError(`${where}: target.cluster must be a cluster identifier (lowercase letters, digits, '-'), got ${JSON.stringify(target.cluster)}`);
    if (target.dbUser !== undefined && target.secretArn !== undefined) throw new TypeError(`${where}: target has both dbUser and secretArn; give one (or neither, to use the IAM identity)`);
    if (target.dbUser !== undefined && !NAME.test(target.dbUser)) throw new TypeError(`${where}: target.dbUser must be a user name, got ${JSON.stringify(target.dbUser)}`);
    return;
  }
  if (typeof target.workgroup !== 'string' || !(WORKGROUP_NAME.test(target.workgroup) || WORKGROUP_ARN.test(target.workgroup))) {
    throw new TypeError(`${where}: target.workgroup must be a workgroup name or ARN, got ${JSON.stringify((target as { workgroup?: unknown }).workgroup)}`);
  }
}

/** The Data API fields naming the target (`ClusterIdentifier`/`WorkgroupName`, `Database`, `DbUser`/`SecretArn`). */
export function targetFields(target: RedshiftTarget): { [k: string]: JsonValue } {
  const out: { [k: string]: JsonValue } = 'cluster' in target ? { ClusterIdentifier: target.cluster } : { WorkgroupName: target.workgroup };
  out['Database'] = target.database;
  if ('cluster' in target && target.dbUser !== undefined) out['DbUser'] = target.dbUser;
  if (target.secretArn !== undefined) out['SecretArn'] = target.secretArn;
  return out;
}

/**
 * The IAM a statement needs: {@link dataApiStatements} with `redshift-data:ExecuteStatement`.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html
 */
export function redshiftStatements(target: RedshiftTarget, env: Environment): readonly IamStatement[] {
  return dataApiStatements(target, env, ['redshift-data:ExecuteStatement']);
}

/** The Data API actions that run SQL; the only ones AWS lets a policy scope to a cluster or workgroup. */
export type DataApiRunAction = 'redshift-data:ExecuteStatement' | 'redshift-data:BatchExecuteStatement';

/**
 * The IAM a caller of the Data API needs to run SQL on `target` and follow it to the end:
 * - `run` (ExecuteStatement and/or BatchExecuteStatement) on the cluster or workgroup
 *   ARN (a workgroup given by name, not ARN, is granted as `workgroup/*`: its ARN holds
 *   an id that only exists once it is created; the deployer insists on the ARN);
 * - `redshift-data:DescribeStatement` on `*`: AWS defines no resource type for it (nor
 *   for GetStatementResult, CancelStatement, ListStatements), so the service
 *   authorization reference requires `"Resource": "*"`; AWS limits a caller to the
 *   statements its own IAM identity ran (condition key
 *   `redshift-data:statement-owner-iam-userid`);
 * - credentials: `redshift:GetClusterCredentials` on the db user and database,
 *   `redshift:GetClusterCredentialsWithIAM` on the database,
 *   `redshift-serverless:GetCredentials` on the workgroup, or
 *   `secretsmanager:GetSecretValue` on the secret.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html
 * @see https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-iam.html
 */
export function dataApiStatements(target: RedshiftTarget, env: Environment, run: readonly DataApiRunAction[]): readonly IamStatement[] {
  const { partition: p, region: r, account: a } = env;
  const out: IamStatement[] = [];
  if ('cluster' in target) {
    out.push({ actions: [...run], resources: [`arn:${p}:redshift:${r}:${a}:cluster:${target.cluster}`] });
    const dbName = `arn:${p}:redshift:${r}:${a}:dbname:${target.cluster}/${target.database}`;
    if (target.secretArn !== undefined) out.push({ actions: ['secretsmanager:GetSecretValue'], resources: [target.secretArn] });
    else if (target.dbUser !== undefined) {
      out.push({ actions: ['redshift:GetClusterCredentials'], resources: [`arn:${p}:redshift:${r}:${a}:dbuser:${target.cluster}/${target.dbUser}`, dbName] });
    } else out.push({ actions: ['redshift:GetClusterCredentialsWithIAM'], resources: [dbName] });
  } else {
    const workgroupArn = target.workgroup.startsWith('arn:') ? target.workgroup : `arn:${p}:redshift-serverless:${r}:${a}:workgroup/*`;
    out.push({ actions: [...run], resources: [workgroupArn] });
    if (target.secretArn !== undefined) out.push({ actions: ['secretsmanager:GetSecretValue'], resources: [target.secretArn] });
    else out.push({ actions: ['redshift-serverless:GetCredentials'], resources: [workgroupArn] });
  }
  // AWS requires `*` here: DescribeStatement has no resource type (see above).
  out.push({ actions: ['redshift-data:DescribeStatement'], resources: ['*'] });
  return out;
}
