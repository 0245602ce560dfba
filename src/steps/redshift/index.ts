/** The `redshift` step: a Data API statement with a bounded poll loop. */
export { redshift, REDSHIFT_ERRORS, renderRedshift } from './redshift.js';
export type { RedshiftErrorName, RedshiftStatement, RedshiftOptions, PollInterval } from './redshift.js';
export { checkTarget, dataApiStatements, targetFields, redshiftStatements } from './target.js';
export type { DataApiRunAction, RedshiftTarget } from './target.js';
