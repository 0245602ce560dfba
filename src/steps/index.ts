/**
 * The steps layer: one module per integration (lambda, validate, glue,
 * redshift, notify, s3, subflow, waitForCallback) plus the step contract,
 * deterministic naming and the typed state proxy. Each step knows its ASL
 * fragment for both query languages, its input and output types, its error
 * union, its IAM needs and the resources it needs deployed.
 *
 * Imports: `asl` and `csv` (types and the schema's JSON form) only.
 */
export { NEXT, RenderError } from './step.js';
export type {
  Step, AnyStep, StepFragment, TaskFragment, ExpandedFragment, RenderContext, IamContext, IamStatement,
  Deployable, LambdaHandler, Environment, ResourceKind, InputOf, OutputOf, ErrorOf, StepTypes,
} from './step.js';
export { defaultEnvironment, resourceName, resourceArn, logicalArn, integrationArn } from './naming.js';
export * from './expr/index.js';
export { passStep, passTemplate, waitStep } from './flow/index.js';
export type { PassSpec, WaitSpec } from './flow/index.js';

export { lambda, LAMBDA_ERRORS, lambdaFunction, existingLambda, functionArn } from './lambda/index.js';
export type { LambdaErrorName, LambdaOptions, LambdaArgs, PayloadFn, AnyHandler, HandlerInput, HandlerOutput, LambdaFunction, LambdaFunctionOptions } from './lambda/index.js';
export { validate, VALIDATE_ERRORS, VALIDATOR_ENV } from './validate/index.js';
export type { CsvObject, StatsFor, ValidationReport, ValidateErrorName, ValidateOptions, ValidateArgs, SourceFn } from './validate/index.js';
export { glue, GLUE_ERRORS, glueJob, existingGlueJob, glueJobName, glueJobArn } from './glue/index.js';
export type { GlueErrorName, GluePattern, GlueJobRun, GlueJobRunState, GlueJobStarted, GlueOutput, GlueArguments, GlueArgsFn, GlueOptions, GlueJob, GlueJobOptions, GlueArgumentName } from './glue/index.js';
export { redshift, REDSHIFT_ERRORS } from './redshift/index.js';
export type { RedshiftErrorName, RedshiftStatement, RedshiftOptions, PollInterval, RedshiftTarget } from './redshift/index.js';
export { notify, SNS_ERRORS, topic, existingTopic, topicArn } from './sns/index.js';
export type { SnsErrorName, PublishResult, MessageFn, NotifyOptions, Topic } from './sns/index.js';
export { s3Copy, s3Move, s3Delete, s3Put, S3_ERRORS, bucket, existingBucket, bucketName, copyStatements, deleteStatements, putStatements } from './s3/index.js';
export type { S3ErrorName, KeyFn, S3Location, S3Destination, S3TransferOptions, S3DeleteOptions, S3CopyResult, S3DeleteResult, S3PutOptions, S3PutResult, NamedAfter, Bucket } from './s3/index.js';
export { subflow, SUBFLOW_ERRORS } from './subflow/index.js';
export type { SubflowErrorName, ChildPipeline, SubflowResult, SubflowOptions, SubflowArgs, InputFn } from './subflow/index.js';
export { waitForCallback, callbackOutput } from './callback/index.js';
export type { CallbackTarget, CallbackDeliveryError, CallbackOutput, CallbackPayload, WaitForCallbackOptions } from './callback/index.js';
