/** The `validate` step: CSV validation against a typed schema. */
export { validate, VALIDATE_ERRORS, VALIDATOR_ENV } from './validate.js';
export type { CsvObject, StatsFor, ValidationReport, ValidateErrorName, ValidateOptions, ValidateArgs, SourceFn } from './validate.js';
/** The schema types `validate()` takes, re-exported for layers that may import steps but not csv (dsl). */
export type { ColumnsShape, CsvSchema } from '../../csv/index.js';
