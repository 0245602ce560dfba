/**
 * `statecraft`: AWS Step Functions workflows as typed TypeScript.
 *
 * - `pipeline<Input>(name)` builds an immutable, typed graph (`src/dsl`);
 * - the step factories (`lambda`, `validate`, `glue`, `redshift`, `notify`,
 *   `s3Copy`/`s3Move`/`s3Delete`/`s3Put`, `subflow`, `waitForCallback`) and their
 *   resources (`lambdaFunction`, `glueJob`, `topic`, `bucket`, …) come from `src/steps`;
 * - `compile()` turns a pipeline into an ASL document (`src/compile`), and the
 *   renderers draw any ASL as Mermaid, DOT or SVG, with an execution's path
 *   from its history (`executionPathFromHistory`, `executionStepsFromHistory`);
 * - `csv` holds the CSV schema builders used by `validate()`.
 *
 * The interpreter is `statecraft/local`, the deployer `statecraft/deploy`.
 */

// The builder.
export { pipeline, Pipeline, ChoiceBuilder } from './dsl/index.js';
export { isDuration, durationSeconds } from './dsl/index.js';
export type {
  Chain, EndedChain, AnyChain, ChainInput, ChainOutput, ChainErrors, Duration, RetryOptions, ErrorName,
  Placement, PlacementOptions, Placed, PlacedBy, CatchInput, CaughtError, WildcardErrorName, Uncaught, Branch, BranchOutput, BranchErrors, HandlerErrors, RejoinOutput,
  CatchOptions, RejoiningCatchOptions, CatchEntry, CatchList, RejoinBranch, GuardOptions, StepOptions,
  MapOptions, CsvSource, CsvRow, WaitOptions, FailOptions, PipelineOptions, NodeOptions, TemplateOutput, TemplateInputFor,
  PortableTemplateInput, PassResultOptions, PassSetOptions, TypedPlacement, S3Methods, ChainOptions, WhenCondition,
} from './dsl/index.js';

// The typed state proxy, templates and conditions.
export { fmt, jsonata, and, or, not } from './steps/expr/index.js';
export type { Ref, RefOf, ContextObject, ContextRef, Condition, Formatted, JsonataExpr, TemplateInput, TemplateFor } from './steps/expr/index.js';

// Steps, their resources and the step contract.
export {
  NEXT, RenderError, defaultEnvironment, resourceName, resourceArn, logicalArn, integrationArn,
  lambda, LAMBDA_ERRORS, lambdaFunction, existingLambda, functionArn,
  validate, VALIDATE_ERRORS,
  glue, GLUE_ERRORS, glueJob, existingGlueJob, glueJobName, glueJobArn,
  redshift, REDSHIFT_ERRORS,
  notify, SNS_ERRORS, topic, existingTopic, topicArn,
  s3Copy, s3Move, s3Delete, s3Put, S3_ERRORS, bucket, existingBucket, bucketName, copyStatements, deleteStatements, putStatements,
  subflow, SUBFLOW_ERRORS,
  waitForCallback, callbackOutput,
} from './steps/index.js';
export type {
  Step, AnyStep, StepFragment, TaskFragment, ExpandedFragment, RenderContext, IamContext, IamStatement,
  Deployable, LambdaHandler, Environment, ResourceKind, InputOf, OutputOf, ErrorOf,
  LambdaErrorName, LambdaFunction, LambdaFunctionOptions, LambdaOptions, PayloadFn, ValidationReport, ValidateErrorName, ValidateOptions, CsvObject,
  GlueErrorName, GlueJob, GlueJobOptions, GlueOptions, GluePattern, GlueOutput, GlueJobRun, GlueJobStarted,
  RedshiftErrorName, RedshiftStatement, RedshiftTarget, RedshiftOptions, SnsErrorName, Topic, PublishResult, MessageFn, NotifyOptions,
  S3ErrorName, Bucket, S3CopyResult, S3DeleteResult, S3PutOptions, S3PutResult, S3TransferOptions, S3DeleteOptions, S3Location, S3Destination, KeyFn, NamedAfter,
  SubflowErrorName, SubflowResult, SubflowOptions, CallbackTarget, CallbackDeliveryError, CallbackOutput, CallbackPayload, WaitForCallbackOptions,
} from './steps/index.js';

// The compiler and renderers.
export {
  compile, compileOrThrow, isPipeline, collectIam, collectDeployables, toAslJson, CompileError,
  compileRetry, compileCatch, compileParameters,
} from './compile/index.js';
export type { CompileOptions, CompileIssue, CompileIssueKind } from './compile/index.js';
export { renderMermaid, renderDot, renderSvg, buildGraphModel, executionPathFromHistory, executionStepsFromHistory } from './compile/render/index.js';
export type { RenderOptions, ExecutionPath, ExecutionStep, PathHistoryEvent, GraphModel, PathStatus } from './compile/render/index.js';

// ASL types and the validator.
export { validateAsl, validateAslOrThrow } from './asl/index.js';
export type { AslDocument, AslIssue, QueryLanguage, State as AslState, StatesErrorName } from './asl/index.js';

// CSV schemas (for validate()).
export { csvSchema } from './csv/index.js';
export type { CsvSchema, InferRow } from './csv/index.js';
export * as csv from './csv/index.js';
