/**
 * `statecraft`: AWS Step Functions workflows as typed TypeScript.
 *
 * - `pipeline<Input>(name)` builds an immutable, typed graph (`src/dsl`);
 * - the step factories (`lambda`, `validate`, `glue`, `redshift`, `notify`,
 *   `s3Copy`/`s3Move`/`s3Delete`, `subflow`, `waitForCallback`) and their
 *   resources (`lambdaFunction`, `glueJob`, `topic`, `bucket`, …) come from `src/steps`;
 * - `compile()` turns a pipeline into an ASL document (`src/compile`), and the
 *   renderers draw any ASL as Mermaid, DOT or SVG;
 * - `csv` holds the CSV schema builders used by `validate()`.
 *
 * The interpreter is `statecraft/local`, the deployer `statecraft/deploy`.
 */

// The builder.
export { pipeline, Pipeline, ChoiceBuilder } from './dsl/index.js';
export type {
  Chain, EndedChain, AnyChain, ChainInput, ChainOutput, ChainErrors, Duration, RetryOptions, ErrorName,
  Placement, PlacementOptions, Placed, PlacedBy, CatchInput, Branch, CatchOptions, GuardOptions, StepOptions,
  MapOptions, CsvSource, CsvRow, WaitOptions, FailOptions, PipelineOptions, NodeOptions, TemplateOutput,
  TypedPlacement, S3Methods, ChainOptions, WhenCondition,
} from './dsl/index.js';

// The typed state proxy, templates and conditions.
export { fmt, jsonata, and, or, not } from './steps/expr/index.js';
export type { Ref, RefOf, ContextObject, ContextRef, Condition, Formatted, JsonataExpr, TemplateInput, TemplateFor } from './steps/expr/index.js';

// Steps, their resources and the step contract.
export {
  NEXT, RenderError, defaultEnvironment, resourceName, resourceArn, logicalArn, integrationArn,
  lambda, LAMBDA_ERRORS, lambdaFunction, existingLambda,
  validate, VALIDATE_ERRORS,
  glue, GLUE_ERRORS, glueJob, existingGlueJob,
  redshift, REDSHIFT_ERRORS,
  notify, SNS_ERRORS, topic, existingTopic,
  s3Copy, s3Move, s3Delete, S3_ERRORS, bucket, existingBucket,
  subflow, SUBFLOW_ERRORS,
  waitForCallback,
} from './steps/index.js';
export type {
  Step, AnyStep, StepFragment, TaskFragment, ExpandedFragment, RenderContext, IamContext, IamStatement,
  Deployable, LambdaHandler, Environment, ResourceKind, InputOf, OutputOf, ErrorOf,
  LambdaErrorName, LambdaFunction, ValidationReport, ValidateErrorName, GlueErrorName, GlueJob, GlueOutput, GlueJobRun, GlueJobStarted,
  RedshiftErrorName, RedshiftStatement, RedshiftTarget, SnsErrorName, Topic, PublishResult, S3ErrorName, Bucket, S3CopyResult, S3DeleteResult,
  SubflowErrorName, SubflowResult, CallbackTarget,
} from './steps/index.js';

// The compiler and renderers.
export {
  compile, compileOrThrow, isPipeline, collectIam, collectDeployables, toAslJson, CompileError,
  compileRetry, compileCatch, compileParameters,
} from './compile/index.js';
export type { CompileOptions, CompileIssue, CompileIssueKind } from './compile/index.js';
export { renderMermaid, renderDot, renderSvg } from './compile/render/index.js';
export type { RenderOptions, ExecutionPath } from './compile/render/index.js';

// ASL types and the validator.
export { validateAsl, validateAslOrThrow } from './asl/index.js';
export type { AslDocument, AslIssue, QueryLanguage, State as AslState, StatesErrorName } from './asl/index.js';

// CSV schemas (for validate()).
export { csvSchema } from './csv/index.js';
export type { CsvSchema, InferRow } from './csv/index.js';
export * as csv from './csv/index.js';
