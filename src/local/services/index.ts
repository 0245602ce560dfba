/**
 * Local services: the embedded stand-ins for AWS that the interpreter, the
 * handlers and the Glue job scripts use on one machine. S3 on the filesystem,
 * SNS as an outbox, Glue as local TypeScript jobs, the Redshift Data API on
 * DuckDB, each with resource registrations (by Task ARN) and an SDK v3
 * `send(command)` face.
 *
 * Part of `local/`: imports only `asl/` types and `local/resources.ts`, and
 * `@aws-sdk/*` for types only (never at runtime).
 */
export { createLocalServices, type LocalServices, type LocalServicesOptions } from './create-local-services.js';
export { LocalServiceError, type LocalServiceName } from './internal/service-error.js';
export type { SdkCommandLike } from './internal/sdk-command.js';

export { LocalS3, type LocalS3Options, type S3ObjectEvent } from './s3/local-s3.js';
export { TEMP_PREFIX as S3_TEMP_PREFIX } from './s3/key-path.js';
export type {
  CopyObjectInput, CopyObjectOutput, GetObjectInput, GetObjectOutput, ListObjectsV2Input, ListObjectsV2Output, ListedObject,
  ObjectHead, ObjectRef, PutObjectInput, PutObjectOutput, S3Body,
} from './s3/s3-types.js';
export { localS3Client, type LocalS3Client } from './s3/s3-client.js';
export { s3Resources, S3_SDK_ACTIONS } from './s3/s3-resources.js';
export { readItems, parseItems } from './s3/read-items.js';
export { s3EventNotification, type S3EventNotificationOptions } from './s3/s3-event.js';

export { LocalSns, type LocalSnsOptions, type SnsMessageAttribute, type SnsOutboxRecord, type SnsPublishInput, type SnsPublishOutput } from './sns/local-sns.js';
export { localSnsClient, type LocalSnsClient } from './sns/sns-client.js';
export { snsResources } from './sns/sns-resources.js';

export {
  LocalGlue, isTerminalJobRunState, type GlueJobContext, type GlueJobDefinition, type GlueJobFunction, type JobRun, type JobRunState, type LocalGlueOptions,
} from './glue/local-glue.js';
export { localGlueClient, type LocalGlueClient } from './glue/glue-client.js';
export { glueResources, jobRunJson } from './glue/glue-resources.js';

export { LocalRedshiftData } from './redshift/local-redshift-data.js';
export type {
  BatchExecuteStatementInput, DescribeStatementOutput, ExecuteStatementInput, ExecuteStatementOutput, GetStatementResultOutput,
  LocalRedshiftDataOptions, SqlParameter, StatementStatus, StatementTarget, SubStatementData,
} from './redshift/redshift-types.js';
export type { RedshiftColumnMetadata, RedshiftField } from './redshift/redshift-result.js';
export { localRedshiftDataClient, type LocalRedshiftDataClient } from './redshift/redshift-client.js';
export { redshiftResources, REDSHIFT_DATA_ACTIONS } from './redshift/redshift-resources.js';
