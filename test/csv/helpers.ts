/** Shared assertions for the CSV tests. */
import { expect } from 'vitest';
import { validateCsvBuffer, type CsvProblem, type CsvSchema, type CsvValidationError, type CsvValidatorOptions } from '../../src/csv/index.js';

/** Validates `csv` and returns its error (failing the test when the file is valid). */
export function errorOf(schema: CsvSchema, csv: string | Uint8Array, options: CsvValidatorOptions = {}): CsvValidationError {
  const r = validateCsvBuffer(schema, csv, options);
  if (r.isOk()) throw new Error(`expected the file to be rejected, got ${JSON.stringify(r.value)}`);
  return r.error;
}

/** Validates `csv` and returns its problems (failing unless the error kind is `invalid`). */
export function problemsOf(schema: CsvSchema, csv: string | Uint8Array, options: CsvValidatorOptions = {}): readonly CsvProblem[] {
  const e = errorOf(schema, csv, options);
  expect(e.kind).toBe('invalid');
  return e.kind === 'invalid' ? e.problems : [];
}

/** Asserts that `csv` has exactly one problem, equal to `expected`. */
export function expectOneProblem(schema: CsvSchema, csv: string, expected: CsvProblem): void {
  expect(problemsOf(schema, csv)).toStrictEqual([expected]);
}
