/** The rule a {@link CsvProblem} breaks. */
export type CsvRule =
  | 'header'
  | 'delimiter'
  | 'width'
  | 'quote'
  | 'required'
  | 'string'
  | 'min-length'
  | 'max-length'
  | 'pattern'
  | 'integer'
  | 'decimal'
  | 'range'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'enum';

/** One problem found in a file, located by physical line (1-based, header = 1) and field position (1-based). */
export interface CsvProblem {
  readonly line: number;
  /** Field position in the row, 1-based (0 when the problem concerns the whole row). */
  readonly column: number;
  /** Column name from the schema, or from the header for an unexpected column; `''` for a whole-row problem. */
  readonly field: string;
  readonly rule: CsvRule;
  readonly message: string;
  /** The offending raw value, cut to 80 characters. */
  readonly value?: string;
}

/** Statistics of one column over its valid values. */
export type ColumnStats =
  | { readonly type: 'integer' | 'decimal'; readonly nulls: number; readonly count: number; readonly min: number | null; readonly max: number | null }
  | { readonly type: 'date' | 'timestamp'; readonly nulls: number; readonly count: number; readonly min: string | null; readonly max: string | null }
  | { readonly type: 'enum'; readonly nulls: number; readonly count: number; readonly distinct: number; readonly values: Readonly<Record<string, number>> }
  | { readonly type: 'string'; readonly nulls: number; readonly count: number; readonly maxLength: number }
  | { readonly type: 'boolean'; readonly nulls: number; readonly count: number; readonly trues: number; readonly falses: number };

/** What a valid file holds: data rows (header excluded), bytes read, and per-column statistics. */
export interface CsvReport {
  readonly rows: number;
  readonly bytes: number;
  readonly columns: Readonly<Record<string, ColumnStats>>;
}

/** The file is 0 bytes long (or only a byte-order mark). */
export interface CsvEmptyError {
  readonly kind: 'empty';
  readonly message: string;
}
/** The file has a header line but no data rows. */
export interface CsvHeaderOnlyError {
  readonly kind: 'header-only';
  readonly message: string;
  readonly header: readonly string[];
}
/** The file is not text: NUL bytes, or mostly control characters / invalid UTF-8. */
export interface CsvBinaryError {
  readonly kind: 'binary';
  readonly message: string;
  /** Byte offset of the first NUL byte, or of the sampled head when it is mostly non-text. */
  readonly offset: number;
}
/** The file is text, but not UTF-8 (UTF-16/32 byte-order mark, or Latin-1-like bytes). */
export interface CsvEncodingError {
  readonly kind: 'encoding';
  readonly message: string;
  readonly encoding: 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'latin-1' | 'unknown';
  readonly line: number;
  /** Byte offset of the first offending byte. */
  readonly offset: number;
}
/** A limit was exceeded; reading stopped there. */
export interface CsvTooLargeError {
  readonly kind: 'too-large';
  readonly message: string;
  /** `bytes` / `rows`: the schema's maxBytes / maxRows; `record`: one record (e.g. an unclosed quote) grew past maxRecordBytes. */
  readonly limit: 'bytes' | 'rows' | 'record';
  readonly max: number;
}
/** The file was read to the end and has problems. */
export interface CsvInvalidError {
  readonly kind: 'invalid';
  readonly message: string;
  /** The first `maxProblems` problems, in file order. */
  readonly problems: readonly CsvProblem[];
  /** Count of all problems, including those not listed. */
  readonly problemCount: number;
  readonly rows: number;
  readonly bytes: number;
}

/** Every way a CSV file can fail validation, discriminated by `kind`. */
export type CsvValidationError =
  | CsvEmptyError
  | CsvHeaderOnlyError
  | CsvBinaryError
  | CsvEncodingError
  | CsvTooLargeError
  | CsvInvalidError;

/** The error `name` (= ASL `Error`) the validator Lambda throws for each kind. */
export const CSV_VALIDATION_ERROR_NAMES = {
  empty: 'CsvValidation.Empty',
  'header-only': 'CsvValidation.HeaderOnly',
  binary: 'CsvValidation.Binary',
  encoding: 'CsvValidation.Encoding',
  'too-large': 'CsvValidation.TooLarge',
  invalid: 'CsvValidation.Invalid',
} as const satisfies Record<CsvValidationError['kind'], string>;

/** The ASL error names a validate step can raise, for typed Retry/Catch lists. */
export type CsvValidationErrorName = (typeof CSV_VALIDATION_ERROR_NAMES)[keyof typeof CSV_VALIDATION_ERROR_NAMES];
