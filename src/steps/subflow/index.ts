/** The `subflow` step: another pipeline as a child execution. */
export { subflow, SUBFLOW_ERRORS, subflowStatements, childArn } from './subflow.js';
export type { SubflowErrorName, ChildPipeline, SubflowResult, SubflowOptions, SubflowArgs, InputFn } from './subflow.js';
