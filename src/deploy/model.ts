/**
 * The desired state of a deployed pipeline: plain data, derived from the pipeline by
 * `desired.ts`, compared with what AWS reports by `plan.ts`, and made real by `apply.ts`.
 */

/** Where a pipeline is deployed. */
export interface DeployTarget {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly app: string;
  readonly stage: string;
}

/** An IAM policy statement. Actions never contain `*`. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** Tags put on every resource. */
export type Tags = Readonly<Record<string, string>>;

/** An IAM role with one inline policy. */
export interface RoleResource {
  readonly kind: 'role';
  readonly id: string;
  readonly name: string;
  /** The service that assumes the role, e.g. `states.amazonaws.com`. */
  readonly service: string;
  readonly policyName: string;
  readonly policy: PolicyDocument;
  readonly tags: Tags;
}

/** An S3 bucket (the pipeline's data bucket, or the assets bucket for Glue scripts). */
export interface BucketResource {
  readonly kind: 'bucket';
  readonly id: string;
  readonly name: string;
  readonly tags: Tags;
  /**
   * Versioning enabled: an overwrite or a delete keeps the previous version
   * (the data buckets, as defence in depth against a key written twice). Not
   * for the assets bucket, whose objects deploy replaces and destroy deletes.
   * When false or absent, versioning is left as it is (never suspended).
   */
  readonly versioned?: boolean;
}

/** An object uploaded to a bucket (a Glue script). */
export interface ObjectResource {
  readonly kind: 'object';
  readonly id: string;
  readonly bucket: string;
  readonly key: string;
  readonly body: Uint8Array;
  /** Hex MD5 of the body: S3's ETag for a single-part upload. */
  readonly md5: string;
}

/** A Lambda function. */
export interface FunctionResource {
  readonly kind: 'function';
  readonly id: string;
  readonly name: string;
  readonly roleName: string;
  readonly zip: Uint8Array;
  readonly codeSha256: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly tags: Tags;
}

/** A Glue job. */
export interface GlueJobResource {
  readonly kind: 'glue-job';
  readonly id: string;
  readonly name: string;
  readonly roleName: string;
  readonly scriptLocation: string;
  /** `pythonshell` or `glueetl`. */
  readonly command: string;
  readonly pythonVersion: string;
  readonly maxCapacity: number;
  readonly maxConcurrentRuns: number;
  readonly defaultArguments: Readonly<Record<string, string>>;
  readonly tags: Tags;
}

/** An SNS topic and its subscriptions. */
export interface TopicResource {
  readonly kind: 'topic';
  readonly id: string;
  readonly name: string;
  readonly subscriptions: readonly { readonly protocol: string; readonly endpoint: string }[];
  readonly tags: Tags;
}

/** The S3 event notification of a prefix to a Lambda, with the permission for S3 to invoke it. */
export interface NotificationResource {
  readonly kind: 'bucket-notification';
  readonly id: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly functionName: string;
  /** The notification configuration's `Id` and the Lambda permission's `StatementId`. */
  readonly statementId: string;
}

/** A state machine, its published version and the alias `live`. */
export interface StateMachineResource {
  readonly kind: 'state-machine';
  readonly id: string;
  readonly name: string;
  readonly roleName: string;
  readonly definition: string;
  readonly alias: string;
  readonly tags: Tags;
}

/** Any resource the deployer manages. */
export type Resource =
  | RoleResource | BucketResource | ObjectResource | FunctionResource
  | GlueJobResource | TopicResource | NotificationResource | StateMachineResource;

/** Resource kinds in the order they are created (each may depend on those before it). */
export const CREATE_ORDER: readonly Resource['kind'][] = [
  'role', 'bucket', 'object', 'function', 'glue-job', 'topic', 'bucket-notification', 'state-machine',
];

/** What a plan will do to one resource. */
export type ChangeAction = 'create' | 'update' | 'noop' | 'delete';

/** One planned change. */
export interface Change {
  readonly action: ChangeAction;
  readonly resource: Resource;
  /** ARN of the resource (known before it exists: names are deterministic). */
  readonly arn: string;
  /** Human-readable reasons, e.g. `code changed`, `policy changed`. Empty for noop. */
  readonly reasons: readonly string[];
}

/** The planned changes for a pipeline, in dependency order. */
export interface Plan {
  readonly target: DeployTarget;
  readonly changes: readonly Change[];
}
