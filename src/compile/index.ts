/**
 * The compile layer: pipeline graph → ASL document (pure, deterministic), the
 * IAM and resources a pipeline needs, and (in `render/`) graph renderers.
 * Imports: dsl, steps, asl.
 */
export { compile, compileOrThrow, isPipeline, environmentOf, toAslJson } from './compile.js';
export type { CompileOptions } from './compile.js';
export { CompileError } from './issues.js';
export type { CompileIssue, CompileIssueKind } from './issues.js';
export { collectIam, collectDeployables, normalizeIam } from './iam.js';
export { compileRetry, compileRetries, compileCatch } from './retry.js';
export { compileParameters, compilePayload } from './parameters.js';
export { StateNames, stepBaseName, titleOf } from './names.js';
