/** The `glue` step and typed Glue job references. */
export { glue, GLUE_ERRORS, glueStatements } from './glue.js';
export type { GlueErrorName, GluePattern, GlueJobRun, GlueJobRunState, GlueJobStarted, GlueOutput, GlueArguments, GlueArgsFn, GlueOptions } from './glue.js';
export { glueJob, existingGlueJob, glueJobName, glueJobArn, glueJobDeployables } from './job.js';
export type { GlueJob, GlueJobOptions, GlueJobSource, GlueArgumentName } from './job.js';
