/**
 * Redshift's `COPY table FROM 's3://bucket/prefix' … CSV IGNOREHEADER 1` on
 * DuckDB: the objects come from the local S3 (every key that starts with the
 * prefix, as Redshift loads them; with MANIFEST, exactly the entries of the
 * manifest object the URL names), their files are resolved and checked inside
 * the local S3 root, and DuckDB's `read_csv` loads them. File paths, delimiter,
 * quote and NULL string are bound parameters; table and column names are
 * quoted identifiers. Nothing from the statement is pasted into SQL as text.
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_COPY.html
 */
import { isWord, identifierName, quoteIdentifier, significant, stringValue, type SqlToken } from './sql-lexer.js';

/** A parsed COPY statement. @internal */
export interface CopyPlan {
  readonly schema?: string;
  readonly table: string;
  readonly columns?: readonly string[];
  readonly bucket: string;
  /** The key prefix of the objects to load; with {@link manifest}, the manifest object's key. */
  readonly prefix: string;
  /** MANIFEST: `prefix` is the key of a JSON manifest listing the objects (`{"entries":[{"url","mandatory"}]}`). */
  readonly manifest: boolean;
  readonly csv: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly escape?: string;
  readonly ignoreHeader: number;
  readonly nullAs: string;
  readonly emptyAsNull: boolean;
  readonly blanksAsNull: boolean;
  readonly gzip: boolean;
}

/** A COPY statement the shim cannot run, with the reason. @internal */
export class CopyShimError extends Error {
  override readonly name = 'CopyShimError';
}

const IGNORED_WITH_VALUE = new Set(['iam_role', 'credentials', 'access_key_id', 'secret_access_key', 'session_token', 'region', 'dateformat', 'timeformat', 'maxerror', 'compupdate', 'statupdate', 'acceptinvchars']);
const IGNORED_FLAGS = new Set(['truncatecolumns', 'trimblanks', 'acceptanydate', 'explicit_ids', 'roundec', 'ignoreblanklines']);
const UNSUPPORTED = new Set(['json', 'avro', 'parquet', 'orc', 'fixedwidth', 'shapefile', 'bzip2', 'lzop', 'zstd', 'encrypted', 'ssh', 'removequotes', 'fillrecord']);

/** One object a manifest lists. @internal */
export interface ManifestEntry {
  readonly bucket: string;
  readonly key: string;
  readonly mandatory: boolean;
}

/**
 * Parses a COPY manifest (`{"entries":[{"url":"s3://bucket/key","mandatory":true}]}`;
 * `meta` is accepted and ignored, as COPY needs it for ORC/Parquet only), or
 * throws {@link CopyShimError} naming what is wrong. `where` names the manifest.
 * @see https://docs.aws.amazon.com/redshift/latest/dg/loading-data-files-using-manifest.html
 * @internal
 */
export function parseManifest(text: string, where: string): ManifestEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CopyShimError(`COPY: the manifest ${where} is not JSON.`);
  }
  const entries = (doc as { entries?: unknown } | null)?.entries;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Array.isArray(entries)) {
    throw new CopyShimError(`COPY: the manifest ${where} must be an object with an "entries" array.`);
  }
  return entries.map((e: unknown, n) => {
    const entry = e as { url?: unknown; mandatory?: unknown } | null;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new CopyShimError(`COPY: entry ${n + 1} of the manifest ${where} must be an object.`);
    const unknown = Object.keys(entry).filter((k) => k !== 'url' && k !== 'mandatory' && k !== 'meta');
    if (unknown.length > 0) throw new CopyShimError(`COPY: entry ${n + 1} of the manifest ${where} has unknown field ${JSON.stringify(unknown[0])}.`);
    const url = typeof entry.url === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(entry.url) : null;
    if (url === null) throw new CopyShimError(`COPY: entry ${n + 1} of the manifest ${where} needs a "url" of the form s3://bucket/key.`);
    if (entry.mandatory !== undefined && typeof entry.mandatory !== 'boolean') throw new CopyShimError(`COPY: "mandatory" of entry ${n + 1} of the manifest ${where} must be true or false.`);
    return { bucket: url[1]!, key: url[2]!, mandatory: entry.mandatory === true };
  });
}

/** Whether a statement is a COPY … FROM (any source). @internal */
export function isCopyFrom(tokens: readonly SqlToken[]): boolean {
  const sig = significant(tokens);
  return isWord(sig[0], 'copy') && sig.some((t) => isWord(t, 'from'));
}

/** Parses a Redshift COPY statement into a plan, or throws {@link CopyShimError} naming what is not supported. @internal */
export function parseCopy(tokens: readonly SqlToken[]): CopyPlan {
  const sig = significant(tokens);
  let i = 1;
  const at = (): SqlToken | undefined => sig[i];
  const ident = (): string => {
    const t = at();
    if (t === undefined || (t.kind !== 'word' && t.kind !== 'quoted')) throw new CopyShimError(`COPY: expected a table name, found ${t === undefined ? 'the end' : JSON.stringify(t.text)}.`);
    i++;
    return identifierName(t);
  };
  let table = ident();
  let schema: string | undefined;
  if (at()?.kind === 'dot') {
    i++;
    schema = table;
    table = ident();
  }
  let columns: string[] | undefined;
  if (at()?.kind === 'lparen') {
    i++;
    columns = [];
    for (;;) {
      columns.push(ident());
      if (at()?.kind === 'comma') i++;
      else if (at()?.kind === 'rparen') {
        i++;
        break;
      } else throw new CopyShimError('COPY: the column list must be names separated by commas.');
    }
  }
  if (!isWord(at(), 'from')) throw new CopyShimError(`COPY: expected FROM after the table, found ${JSON.stringify(at()?.text ?? 'the end')}.`);
  i++;
  const src = at();
  if (src?.kind !== 'string') throw new CopyShimError("COPY: FROM must be followed by a quoted 's3://bucket/prefix'.");
  i++;
  const url = stringValue(src);
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (m === null) throw new CopyShimError(`COPY: only FROM 's3://bucket/prefix' is supported locally, got ${JSON.stringify(url)}.`);

  let csv = false;
  let delimiter: string | undefined;
  let quote = '"';
  let escape: string | undefined;
  let ignoreHeader = 0;
  let nullAs: string | undefined;
  let emptyAsNull = false;
  let blanksAsNull = false;
  let gzip = false;
  let manifest = false;
  const optionalAs = (): void => {
    if (isWord(at(), 'as')) i++;
  };
  const stringArg = (opt: string): string => {
    optionalAs();
    const t = at();
    if (t?.kind !== 'string') throw new CopyShimError(`COPY: ${opt.toUpperCase()} needs a quoted value.`);
    i++;
    return stringValue(t);
  };
  while (i < sig.length) {
    const t = sig[i]!;
    if (t.kind !== 'word') throw new CopyShimError(`COPY: unexpected ${JSON.stringify(t.text)} among the options.`);
    const opt = t.text.toLowerCase();
    i++;
    if (opt === 'csv') {
      csv = true;
      if (isWord(at(), 'quote')) {
        i++;
        quote = stringArg('quote');
      }
    } else if (opt === 'format') {
      optionalAs();
      const f = at();
      if (isWord(f, 'csv')) {
        csv = true;
        i++;
        if (isWord(at(), 'quote')) {
          i++;
          quote = stringArg('quote');
        }
      } else throw new CopyShimError(`COPY: FORMAT ${f?.text ?? ''} is not supported locally; use CSV or the default delimited text.`);
    } else if (opt === 'delimiter') delimiter = stringArg(opt);
    else if (opt === 'escape') escape = '\\';
    else if (opt === 'ignoreheader') {
      optionalAs();
      const n = at();
      if (n?.kind !== 'number' || !/^\d+$/.test(n.text)) throw new CopyShimError('COPY: IGNOREHEADER needs a whole number.');
      ignoreHeader = Number(n.text);
      i++;
    } else if (opt === 'null') nullAs = stringArg(opt);
    else if (opt === 'emptyasnull') emptyAsNull = true;
    else if (opt === 'blanksasnull') blanksAsNull = true;
    else if (opt === 'gzip') gzip = true;
    else if (opt === 'manifest') manifest = true;
    else if (IGNORED_FLAGS.has(opt)) continue;
    else if (IGNORED_WITH_VALUE.has(opt)) {
      // The value: a string, a number, a word (DEFAULT, ON, OFF, 'auto'), or nothing (ACCEPTINVCHARS).
      optionalAs();
      const v = at();
      if (v !== undefined && (v.kind === 'string' || v.kind === 'number' || (v.kind === 'word' && /^(default|on|off|true|false|preset)$/i.test(v.text)))) i++;
    } else if (UNSUPPORTED.has(opt)) throw new CopyShimError(`COPY: option ${opt.toUpperCase()} is not supported locally (see src/local/services/redshift/DIALECT.md).`);
    else throw new CopyShimError(`COPY: unknown option ${t.text}.`);
  }
  if (csv && escape !== undefined) throw new CopyShimError('COPY: ESCAPE cannot be used with CSV (as in Redshift).');
  return {
    ...(schema === undefined ? {} : { schema }),
    table,
    ...(columns === undefined ? {} : { columns }),
    bucket: m[1]!,
    prefix: m[2]!,
    manifest,
    csv,
    delimiter: delimiter ?? (csv ? ',' : '|'),
    quote: csv ? quote : '',
    ...(escape === undefined ? {} : { escape }),
    ignoreHeader,
    nullAs: nullAs ?? '\\N',
    emptyAsNull,
    blanksAsNull,
    gzip,
  };
}

/** A column of the target table. @internal */
export interface TargetColumn {
  readonly name: string;
  /** DuckDB type name, e.g. `VARCHAR`, `INTEGER`, `DECIMAL(10,2)`. */
  readonly type: string;
}

/**
 * The INSERT … SELECT … FROM read_csv(…) that performs the load: identifiers
 * quoted, every value (files, delimiter, quote, NULL string, header lines) a
 * bound parameter. Non-text columns are parsed by the CSV reader in their
 * table type (empty fields are NULL); text columns are read as text where only
 * the NULL string is NULL, and `''` stays `''` unless EMPTYASNULL /
 * BLANKSASNULL, as in Redshift.
 * @internal
 */
export function copyInsertSql(plan: CopyPlan, columns: readonly TargetColumn[]): string {
  const target = `${plan.schema === undefined ? '' : `${quoteIdentifier(plan.schema)}.`}${quoteIdentifier(plan.table)}`;
  const isText = (type: string): boolean => /^(VARCHAR|CHAR|BPCHAR|TEXT|STRING)/i.test(type);
  // Type names come from DuckDB's catalog, never from the statement; anything unusual is read as text and cast on insert.
  const readType = (type: string): string => (isText(type) || !/^[A-Z][A-Z0-9_]*(\(\d+(,\s*\d+)?\))?$/i.test(type) ? 'VARCHAR' : type.toUpperCase());
  const exprs = columns.map((c, i) => {
    const src = `c${i}`;
    if (!isText(c.type)) return src;
    const nulled = `CASE WHEN ${src} = $nullstr THEN NULL ELSE ${src} END`;
    if (plan.blanksAsNull) return `NULLIF(trim(${nulled}), '')`;
    if (plan.emptyAsNull) return `NULLIF(${nulled}, '')`;
    return nulled;
  });
  const struct = columns.map((c, i) => `'c${i}': '${readType(c.type)}'`).join(', ');
  const textColumns = columns.flatMap((c, i) => (isText(c.type) ? [`'c${i}'`] : []));
  const escape = plan.escape === undefined ? (plan.csv ? ', escape = $quote' : ", escape = ''") : ', escape = $escape';
  return (
    `INSERT INTO ${target} (${columns.map((c) => quoteIdentifier(c.name)).join(', ')}) ` +
    `SELECT ${exprs.join(', ')} FROM read_csv($files, header = false, skip = $skip, auto_detect = false, ` +
    `delim = $delim, quote = $quote${escape}, nullstr = $nullstrs, compression = $compression, ` +
    `${textColumns.length === 0 ? '' : `force_not_null = [${textColumns.join(', ')}], `}columns = {${struct}})`
  );
}
