/**
 * `statecraft/csv`: the CSV schema builder (with row type inference and a
 * JSON form for Lambda environments) and the streaming validator core.
 * Pure: imports nothing of ours, no I/O beyond the chunks it is given.
 */
export {
  boolean,
  date,
  decimal,
  enumOf,
  integer,
  pattern,
  string,
  timestamp,
  type Column,
  type ColumnSpec,
  type ColumnType,
  type DateOptions,
  type DecimalOptions,
  type InferColumn,
  type IntegerOptions,
  type StringOptions,
  type TimestampOptions,
} from './columns.js';
export { csvSchema, type ColumnsShape, type CsvSchema, type CsvSchemaOptions, type InferRow } from './schema.js';
export {
  SCHEMA_JSON_VERSION,
  schemaFromJson,
  schemaToJson,
  schemaToJsonValue,
  type ColumnJson,
  type CsvSchemaJson,
  type SchemaJsonError,
} from './schema-json.js';
export {
  MAX_SQL_IDENTIFIER_LENGTH,
  assertSqlIdentifier,
  checkSqlIdentifier,
  quoteIdent,
  quoteQualifiedIdent,
  type SqlIdentifierError,
} from './identifiers.js';
export {
  CSV_VALIDATION_ERROR_NAMES,
  type ColumnStats,
  type CsvBinaryError,
  type CsvEmptyError,
  type CsvEncodingError,
  type CsvHeaderOnlyError,
  type CsvInvalidError,
  type CsvProblem,
  type CsvReport,
  type CsvRule,
  type CsvTooLargeError,
  type CsvValidationError,
  type CsvValidationErrorName,
} from './errors.js';
export {
  createCsvValidator,
  validateCsvBuffer,
  validateCsvStream,
  type CsvValidator,
  type CsvValidatorOptions,
} from './validator.js';
