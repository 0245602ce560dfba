import { err, ok, type Result } from 'neverthrow';

/** Why a name is not a safe SQL identifier. */
export interface SqlIdentifierError {
  readonly kind: 'sql-identifier';
  /** The rejected name. */
  readonly name: string;
  /** One sentence: the rule broken and what to do. */
  readonly message: string;
}

/** Longest identifier Redshift accepts (bytes; we only allow ASCII). */
export const MAX_SQL_IDENTIFIER_LENGTH = 127;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks that `name` is a plain SQL identifier: an ASCII letter or `_`, then
 * letters, digits or `_`, at most 127 characters. Stricter than Redshift
 * (no `$`, no non-ASCII) on purpose: such a name is safe in Redshift, DuckDB
 * and Glue alike, quoted or not.
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
 */
export function checkSqlIdentifier(name: string, what = 'identifier'): Result<string, SqlIdentifierError> {
  const fail = (why: string): Result<string, SqlIdentifierError> =>
    err({ kind: 'sql-identifier', name, message: `${what} ${JSON.stringify(name)} ${why}` });
  if (typeof name !== 'string' || name.length === 0) return fail('is empty; give a name such as "orders"');
  if (name.length > MAX_SQL_IDENTIFIER_LENGTH) return fail(`is ${name.length} characters long; the limit is ${MAX_SQL_IDENTIFIER_LENGTH}`);
  if (!IDENTIFIER.test(name)) {
    return fail('is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit');
  }
  return ok(name);
}

/** Throws a `TypeError` unless `name` is a safe SQL identifier (see {@link checkSqlIdentifier}). */
export function assertSqlIdentifier(name: string, what = 'identifier'): void {
  const r = checkSqlIdentifier(name, what);
  if (r.isErr()) throw new TypeError(r.error.message);
}

/**
 * Quotes one identifier for SQL (`"name"`). It accepts only safe identifiers
 * and throws otherwise, so a quote character can never reach SQL text.
 */
export function quoteIdent(name: string): string {
  assertSqlIdentifier(name);
  return `"${name}"`;
}

/** Quotes a possibly schema-qualified name (`public.orders` → `"public"."orders"`), each part checked. */
export function quoteQualifiedIdent(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2) throw new TypeError(`name ${JSON.stringify(name)} has more than one dot; use table or schema.table`);
  return parts.map(quoteIdent).join('.');
}
