/**
 * Column builders of the CSV schema (valibot-style): each builder returns a
 * plain, serialisable column description that also carries, as phantom types,
 * the TypeScript type of the parsed value and whether it may be null.
 */

/** The column types the validator knows. */
export type ColumnType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'enum';

/** Options of a `string()` column. */
export interface StringOptions {
  /** Minimum length in Unicode code points. @default no minimum */
  readonly minLength?: number;
  /** Maximum length in Unicode code points. @default no maximum */
  readonly maxLength?: number;
  /** A pattern the whole value must match (anchor it yourself); no `g`/`y` flag. @default none */
  readonly pattern?: RegExp;
}

/** Options of an `integer()` column. */
export interface IntegerOptions {
  /** Smallest allowed value (inclusive). @default Number.MIN_SAFE_INTEGER */
  readonly min?: number;
  /** Largest allowed value (inclusive). @default Number.MAX_SAFE_INTEGER */
  readonly max?: number;
}

/** Options of a `decimal()` column: SQL `DECIMAL(precision, scale)`. */
export interface DecimalOptions {
  /** Total number of significant digits (1..38). */
  readonly precision: number;
  /** Digits after the decimal point (0..precision). */
  readonly scale: number;
  /** Smallest allowed value (inclusive). @default none */
  readonly min?: number;
  /** Largest allowed value (inclusive). @default none */
  readonly max?: number;
}

/** Options of a `date()` column (values are `YYYY-MM-DD`). */
export interface DateOptions {
  /** Earliest allowed date, `YYYY-MM-DD` (inclusive). @default none */
  readonly min?: string;
  /** Latest allowed date, `YYYY-MM-DD` (inclusive). @default none */
  readonly max?: string;
}

/** Options of a `timestamp()` column (ISO 8601, `T` or space separator). */
export interface TimestampOptions {
  /** Whether a UTC offset (`Z`, `+02:00`) must be present, must be absent, or may be either. @default 'optional' */
  readonly timezone?: 'required' | 'forbidden' | 'optional';
}

/** The serialisable description of one column (no phantom types). */
export type ColumnSpec =
  | ({ readonly type: 'string' } & StringOptions)
  | ({ readonly type: 'integer' } & IntegerOptions)
  | ({ readonly type: 'decimal' } & DecimalOptions)
  | { readonly type: 'boolean' }
  | ({ readonly type: 'date' } & DateOptions)
  | ({ readonly type: 'timestamp' } & TimestampOptions)
  | { readonly type: 'enum'; readonly values: readonly string[] };

/**
 * One column of a schema: its spec, whether empty values are allowed, and
 * (type-level only) the TypeScript type `T` of a parsed value.
 */
export interface Column<T = unknown, N extends boolean = boolean> {
  readonly spec: ColumnSpec;
  /** `true` when an empty field is a valid `null`; otherwise the value is required. */
  readonly isNullable: N;
  /** Phantom field carrying the value type; never set at runtime. @internal */
  readonly '~types'?: { readonly value: T; readonly nullable: N };
  /** The same column, but an empty field is allowed and read as `null`. */
  nullable(): Column<T, true>;
}

/** The TypeScript value of a column: its type, or `| null` when nullable. */
export type InferColumn<C> = C extends Column<infer T, infer N> ? (N extends true ? T | null : T) : never;

/** @internal Builds a column object from its spec. */
export function makeColumn<T, N extends boolean>(spec: ColumnSpec, isNullable: N): Column<T, N> {
  return Object.freeze({
    spec: Object.freeze(spec),
    isNullable,
    nullable: (): Column<T, true> => makeColumn<T, true>(spec, true),
  });
}

function checkLength(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new RangeError(`string(): ${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/** A text column, optionally limited in length and matched against a pattern. */
export function string(options: StringOptions = {}): Column<string, false> {
  checkLength('minLength', options.minLength);
  checkLength('maxLength', options.maxLength);
  if (options.minLength !== undefined && options.maxLength !== undefined && options.minLength > options.maxLength) {
    throw new RangeError(`string(): minLength (${options.minLength}) is greater than maxLength (${options.maxLength})`);
  }
  if (options.pattern !== undefined && /[gy]/.test(options.pattern.flags)) {
    throw new RangeError(`string(): pattern ${String(options.pattern)} must not use the g or y flag (they make test() stateful)`);
  }
  return makeColumn<string, false>({ type: 'string', ...options }, false);
}

/** A text column whose whole value must match `re`; shorthand for `string({ pattern })`. */
export function pattern(re: RegExp, options: Omit<StringOptions, 'pattern'> = {}): Column<string, false> {
  return string({ ...options, pattern: re });
}

/** A whole-number column (read as a JS number; limited to safe integers). */
export function integer(options: IntegerOptions = {}): Column<number, false> {
  for (const key of ['min', 'max'] as const) {
    const v = options[key];
    if (v !== undefined && !Number.isSafeInteger(v)) {
      throw new RangeError(`integer(): ${key} must be a safe integer, got ${String(v)}`);
    }
  }
  return makeColumn<number, false>({ type: 'integer', ...options }, false);
}

/** A fixed-point column with SQL `DECIMAL(precision, scale)` semantics. */
export function decimal(options: DecimalOptions): Column<number, false> {
  const { precision, scale } = options;
  if (!Number.isInteger(precision) || precision < 1 || precision > 38) {
    throw new RangeError(`decimal(): precision must be an integer from 1 to 38, got ${String(precision)}`);
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw new RangeError(`decimal(): scale must be an integer from 0 to precision (${precision}), got ${String(scale)}`);
  }
  return makeColumn<number, false>({ type: 'decimal', ...options }, false);
}

/** A boolean column: `true/false`, `t/f`, `yes/no`, `y/n`, `1/0`, any case (Redshift's literals). */
export function boolean(): Column<boolean, false> {
  return makeColumn<boolean, false>({ type: 'boolean' }, false);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date column, `YYYY-MM-DD` (read as the same string). */
export function date(options: DateOptions = {}): Column<string, false> {
  for (const key of ['min', 'max'] as const) {
    const v = options[key];
    if (v !== undefined && !ISO_DATE.test(v)) throw new RangeError(`date(): ${key} must be YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  return makeColumn<string, false>({ type: 'date', ...options }, false);
}

/** An ISO 8601 timestamp column, e.g. `2024-05-01T12:30:00Z` (read as the same string). */
export function timestamp(options: TimestampOptions = {}): Column<string, false> {
  return makeColumn<string, false>({ type: 'timestamp', ...options }, false);
}

/** A column whose value is one of `values` (exact, case-sensitive); typed as their union. */
export function enumOf<const V extends readonly [string, ...string[]]>(values: V): Column<V[number], false> {
  if (values.length === 0) throw new RangeError('enumOf(): give at least one value');
  if (new Set(values).size !== values.length) throw new RangeError(`enumOf(): duplicate values in ${JSON.stringify(values)}`);
  if (values.includes('')) throw new RangeError('enumOf(): the empty string is not a value; use .nullable() instead');
  return makeColumn<V[number], false>({ type: 'enum', values: [...values] }, false);
}
