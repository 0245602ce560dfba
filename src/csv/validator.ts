import type { Result } from 'neverthrow';
import type { CsvReport, CsvValidationError } from './errors.js';
import { ValidatorCore, type CsvValidatorOptions } from './internal/validator-core.js';
import type { CsvSchema } from './schema.js';

export type { CsvValidatorOptions } from './internal/validator-core.js';

/** A streaming validator: push chunks as they arrive, then `finish()`. It keeps only the current record in memory. */
export interface CsvValidator {
  /** Feeds the next chunk; returns `false` once a fatal error stopped validation (stop reading then). */
  push(chunk: Uint8Array): boolean;
  /** Ends the input and returns the report, or every problem found as a typed error. */
  finish(): Result<CsvReport, CsvValidationError>;
  /** `true` once a fatal error (encoding, binary, a limit) stopped validation. */
  readonly stopped: boolean;
}

/**
 * Creates a streaming validator for `schema`. Chunks may split the file
 * anywhere (inside a field, a quote or a UTF-8 sequence): the result is the same.
 */
export function createCsvValidator(schema: CsvSchema, options: CsvValidatorOptions = {}): CsvValidator {
  return new ValidatorCore(schema, options);
}

/** Validates a whole in-memory file (tests, small files). */
export function validateCsvBuffer(schema: CsvSchema, bytes: Uint8Array | string, options: CsvValidatorOptions = {}): Result<CsvReport, CsvValidationError> {
  const v = createCsvValidator(schema, options);
  v.push(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  return v.finish();
}

/**
 * Validates a file read as a stream of chunks (a Node `Readable`, a web
 * `ReadableStream` via its async iterator, or any iterable); stops reading at
 * the first fatal error. Errors of the source itself are rethrown.
 */
export async function validateCsvStream(
  schema: CsvSchema,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CsvValidatorOptions = {},
): Promise<Result<CsvReport, CsvValidationError>> {
  const v = createCsvValidator(schema, options);
  for await (const chunk of source) {
    if (!v.push(chunk)) break;
  }
  return v.finish();
}
