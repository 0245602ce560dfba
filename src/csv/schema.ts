import type { Column, InferColumn } from './columns.js';
import { assertSqlIdentifier } from './identifiers.js';

/** The columns of a schema, in header order. */
export type ColumnsShape = Readonly<Record<string, Column>>;

/** Options of {@link csvSchema}. */
export interface CsvSchemaOptions<C extends ColumnsShape> {
  /** Columns in the order the header must list them; keys are the header names. */
  readonly columns: C;
  /** Field separator: one ASCII character other than `"`, CR or LF. @default ',' */
  readonly delimiter?: string;
  /** Most data rows allowed (header excluded). @default no limit */
  readonly maxRows?: number;
  /** Largest file allowed, in bytes. @default no limit */
  readonly maxBytes?: number;
  /** Target table (`name` or `schema.name`), checked as SQL identifiers. @default none */
  readonly table?: string;
}

/** A CSV schema: ordered columns plus file-level rules. Plain data; serialise it with `schemaToJson`. */
export interface CsvSchema<C extends ColumnsShape = ColumnsShape> {
  readonly kind: 'csv-schema';
  readonly columns: C;
  /** Header names in order (the keys of `columns`); plain strings so a schema stays assignable to `CsvSchema`. */
  readonly columnNames: readonly string[];
  readonly delimiter: string;
  readonly maxRows?: number;
  readonly maxBytes?: number;
  readonly table?: string;
}

/** The TypeScript type of one data row of a schema. */
export type InferRow<S> = S extends CsvSchema<infer C> ? { -readonly [K in keyof C]: InferColumn<C[K]> } : never;

const CANONICAL_INDEX = /^(0|[1-9]\d*)$/;

function checkLimit(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) {
    throw new RangeError(`csvSchema(): ${name} must be a positive integer, got ${String(v)}`);
  }
}

/**
 * Declares a CSV file: its columns (in header order) and its limits.
 * Throws a `TypeError`/`RangeError` naming the option on a malformed schema:
 * a schema is code, so a bad one is a programmer error.
 * @example
 * const orders = csvSchema({
 *   table: 'orders',
 *   columns: { order_id: integer(), status: enumOf(['new', 'paid']), note: string().nullable() },
 * });
 * type Order = InferRow<typeof orders>; // { order_id: number; status: 'new' | 'paid'; note: string | null }
 */
export function csvSchema<const C extends ColumnsShape>(options: CsvSchemaOptions<C>): CsvSchema<C> {
  const names = Object.keys(options.columns);
  if (names.length === 0) throw new TypeError('csvSchema(): columns is empty; declare at least one column');
  for (const name of names) {
    // Integer-like keys would be reordered by JS object semantics, breaking header order.
    if (CANONICAL_INDEX.test(name)) throw new TypeError(`csvSchema(): column name ${JSON.stringify(name)} is a number; column names must start with a letter or _`);
    assertSqlIdentifier(name, 'csvSchema(): column');
  }
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new RangeError(`csvSchema(): delimiter must be one ASCII character other than a quote, CR or LF, got ${JSON.stringify(delimiter)}`);
  }
  checkLimit('maxRows', options.maxRows);
  checkLimit('maxBytes', options.maxBytes);
  if (options.table !== undefined) {
    const parts = options.table.split('.');
    if (parts.length > 2) throw new TypeError(`csvSchema(): table ${JSON.stringify(options.table)} has more than one dot; use table or schema.table`);
    for (const p of parts) assertSqlIdentifier(p, 'csvSchema(): table');
  }
  return Object.freeze({
    kind: 'csv-schema',
    columns: options.columns,
    columnNames: Object.freeze(names),
    delimiter,
    ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.table !== undefined ? { table: options.table } : {}),
  });
}
