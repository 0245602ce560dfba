/**
 * statecraft/deploy: puts a pipeline on AWS with the SDK v3 clients directly — no
 * CloudFormation, no state file. `plan` reads (Get/Describe/List only) and diffs; `apply`
 * writes in dependency order; an unchanged pipeline plans to zero writes.
 *
 * Imports: compile, steps, asl, and the AWS SDK v3 clients.
 */
export { arnOf, consoleUrl, functionArn, roleArn, stateMachineArn } from './arns.js';
export { bundleLambda, codeSha256, deterministicZip, type BundleError, type LambdaBundle } from './bundle.js';
export { applyPlan, destroyResources, inCreateOrder, planResources, type EngineOptions, type ProgressEvent } from './engine.js';
export { diffDefinitions, diffPolicies, formatDiff, type IamDiff, type StateDiff } from './diff.js';
export { formatDeployError, toDeployError, type DeployError } from './errors.js';
export type { DeployClients } from './internal/context.js';
export type {
  BucketResource, Change, ChangeAction, DeployTarget, FunctionResource, GlueJobResource, NotificationResource,
  ObjectResource, Plan, PolicyDocument, PolicyStatement, Resource, RoleResource, StateMachineResource, Tags, TopicResource,
} from './model.js';
export {
  baseDirOf, checkRedshift, defaultClients, type AnyPipeline, deployPipeline, destroyPipeline, diffPipeline, planOffline, planPipeline,
  type DeployOptions, type PipelineDiff, type PipelinePlan,
} from './pipeline.js';
export { ARCHIVE_PREFIX_ARGUMENT, desiredResources, policyDocument, type BuiltAssets, type DesiredOptions, type PipelineArtifacts, type TriggerOption } from './desired.js';
export { glueLogGroups, readGlueScripts, redshiftArguments, type GlueFile, type GlueScript } from './glue-scripts.js';
