/**
 * Redshift SQL on DuckDB: macros for common Redshift functions, and a
 * token-level rewrite of the Redshift-only syntax DuckDB cannot parse (named
 * `:parameters`, bare `SYSDATE`, date parts written as identifiers, table
 * attributes such as `DISTKEY` and `SORTKEY`). Every rewrite works on tokens,
 * so text inside strings, quoted identifiers and comments is never changed.
 * The full list of differences is in DIALECT.md next to this file.
 */
import { isWord, lexSql, splitStatements, type SqlToken } from './sql-lexer.js';

/** The DuckDB variable holding the statement's start time (set before each statement). @internal */
export const NOW_VARIABLE = 'statecraft_now';

const DATE_PARTS: Readonly<Record<string, readonly string[]>> = {
  year: ['year', 'years', 'y', 'yr', 'yrs'],
  quarter: ['quarter', 'quarters', 'qtr', 'qtrs'],
  month: ['month', 'months', 'mon', 'mons'],
  week: ['week', 'weeks', 'w'],
  day: ['day', 'days', 'd'],
  hour: ['hour', 'hours', 'h', 'hr', 'hrs'],
  minute: ['minute', 'minutes', 'm', 'min', 'mins'],
  second: ['second', 'seconds', 's', 'sec', 'secs'],
  millisecond: ['millisecond', 'milliseconds', 'ms', 'msec', 'msecs'],
  microsecond: ['microsecond', 'microseconds', 'microsec', 'microsecs', 'us', 'usec', 'usecs'],
};
const ALL_DATE_PARTS = new Set(Object.values(DATE_PARTS).flat().concat(['dow', 'dayofweek', 'doy', 'dayofyear', 'epoch', 'decade', 'century', 'millennium']));

function partList(part: string): string {
  return DATE_PARTS[part]!.map((p) => `'${p}'`).join(', ');
}

/**
 * The macros created on every connection: Redshift functions DuckDB lacks.
 * Constant SQL text (no user input).
 * @internal
 */
export const SHIM_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO nvl(a, b) AS coalesce(a, b)`,
  `CREATE OR REPLACE TEMP MACRO nvl2(e, a, b) AS CASE WHEN e IS NOT NULL THEN a ELSE b END`,
  `CREATE OR REPLACE TEMP MACRO getdate() AS date_trunc('second', getvariable('${NOW_VARIABLE}')::TIMESTAMP)`,
  `CREATE OR REPLACE TEMP MACRO sysdate() AS getvariable('${NOW_VARIABLE}')::TIMESTAMP`,
  `CREATE OR REPLACE TEMP MACRO charindex(needle, haystack) AS strpos(haystack, needle)`,
  `CREATE OR REPLACE TEMP MACRO btrim(s, chars := ' ') AS trim(s, chars)`,
  `CREATE OR REPLACE TEMP MACRO dateadd(part, n, ts) AS CASE
     WHEN lower(part) IN (${partList('year')}) THEN ts::TIMESTAMP + to_years(CAST(n AS INTEGER))
     WHEN lower(part) IN (${partList('quarter')}) THEN ts::TIMESTAMP + to_months(3 * CAST(n AS INTEGER))
     WHEN lower(part) IN (${partList('month')}) THEN ts::TIMESTAMP + to_months(CAST(n AS INTEGER))
     WHEN lower(part) IN (${partList('week')}) THEN ts::TIMESTAMP + to_weeks(CAST(n AS INTEGER))
     WHEN lower(part) IN (${partList('day')}) THEN ts::TIMESTAMP + to_days(CAST(n AS INTEGER))
     WHEN lower(part) IN (${partList('hour')}) THEN ts::TIMESTAMP + to_hours(CAST(n AS BIGINT))
     WHEN lower(part) IN (${partList('minute')}) THEN ts::TIMESTAMP + to_minutes(CAST(n AS BIGINT))
     WHEN lower(part) IN (${partList('second')}) THEN ts::TIMESTAMP + to_seconds(CAST(n AS DOUBLE))
     WHEN lower(part) IN (${partList('millisecond')}) THEN ts::TIMESTAMP + to_milliseconds(CAST(n AS DOUBLE))
     WHEN lower(part) IN (${partList('microsecond')}) THEN ts::TIMESTAMP + to_microseconds(CAST(n AS BIGINT))
     ELSE error('DATEADD: unsupported date part ' || part) END`,
  `CREATE OR REPLACE TEMP MACRO months_between(a, b) AS datediff('month', b::DATE, a::DATE)`,
];

/** A statement rewritten for DuckDB, with the parameter names it uses. @internal */
export interface RewrittenStatement {
  /** DuckDB SQL (`$name` parameters). */
  readonly sql: string;
  /** Names of the `:name` parameters, in order of first use. */
  readonly params: readonly string[];
  /** The statement's tokens before rewriting (for the COPY shim). */
  readonly tokens: readonly SqlToken[];
}

/** Splits Redshift SQL into statements and rewrites each for DuckDB. @internal */
export function rewriteSql(sql: string): RewrittenStatement[] {
  return splitStatements(lexSql(sql)).map(rewriteStatement);
}

function nextSignificant(tokens: readonly SqlToken[], from: number): number {
  let j = from;
  while (j < tokens.length && (tokens[j]!.kind === 'space' || tokens[j]!.kind === 'comment')) j++;
  return j;
}

function prevSignificant(tokens: readonly SqlToken[], from: number): SqlToken | undefined {
  for (let j = from; j >= 0; j--) if (tokens[j]!.kind !== 'space' && tokens[j]!.kind !== 'comment') return tokens[j];
  return undefined;
}

/** Index just past the balanced parenthesis group starting at `open` (an lparen). */
function skipGroup(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (tokens[j]!.kind === 'lparen') depth++;
    else if (tokens[j]!.kind === 'rparen' && --depth === 0) return j + 1;
  }
  return tokens.length;
}

function rewriteStatement(tokens: SqlToken[]): RewrittenStatement {
  const out: SqlToken[] = [];
  const params: string[] = [];
  const first = tokens[nextSignificant(tokens, 0)];
  const isCreateTable = isWord(first, 'create') && tokens.some((t) => isWord(t, 'table'));
  let tableDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'lparen') tableDepth++;
    if (t.kind === 'rparen') tableDepth--;
    if (t.kind === 'param') {
      const name = t.text.slice(1);
      if (!params.includes(name)) params.push(name);
      out.push({ kind: 'param', text: `$${name}` });
      continue;
    }
    if (t.kind !== 'word') {
      out.push(t);
      continue;
    }
    const word = t.text.toLowerCase();
    const after = nextSignificant(tokens, i + 1);
    const prev = prevSignificant(tokens, i - 1);
    // SYSDATE is written without parentheses in Redshift.
    if (word === 'sysdate' && tokens[after]?.kind !== 'lparen' && prev?.kind !== 'dot') {
      out.push({ kind: 'word', text: 'sysdate()' });
      continue;
    }
    // DATEADD(day, …), DATEDIFF(day, …), DATE_PART(day, …): the date part is an identifier in Redshift.
    if ((word === 'dateadd' || word === 'datediff' || word === 'date_part' || word === 'datepart') && tokens[after]?.kind === 'lparen') {
      const argAt = nextSignificant(tokens, after + 1);
      const arg = tokens[argAt];
      const comma = tokens[nextSignificant(tokens, argAt + 1)];
      if (arg?.kind === 'word' && ALL_DATE_PARTS.has(arg.text.toLowerCase()) && comma?.kind === 'comma') {
        out.push({ kind: 'word', text: word === 'datepart' ? 'date_part' : t.text }, ...tokens.slice(i + 1, argAt), { kind: 'string', text: `'${arg.text.toLowerCase()}'` });
        i = argAt;
        continue;
      }
    }
    // VARCHAR(MAX) and NVARCHAR/NCHAR: DuckDB's VARCHAR has no length limit.
    if (word === 'nvarchar' || word === 'nchar') {
      out.push({ kind: 'word', text: 'VARCHAR' });
      continue;
    }
    if (isWord(t, 'max') && prev?.kind === 'lparen' && tokens[after]?.kind === 'rparen') {
      // drop "(MAX)": remove the lparen already emitted and skip the rparen
      while (out.length > 0 && out[out.length - 1]!.kind !== 'lparen') out.pop();
      out.pop();
      tableDepth--;
      i = after;
      continue;
    }
    if (isCreateTable) {
      // Column attributes: ENCODE <codec>, DISTKEY, SORTKEY.
      if (word === 'encode' && tokens[after]?.kind === 'word') {
        i = after;
        continue;
      }
      if ((word === 'distkey' || word === 'sortkey') && tableDepth >= 1) continue;
      // Table attributes after the column list.
      if (tableDepth === 0) {
        if ((word === 'diststyle' || word === 'backup') && tokens[after]?.kind === 'word') {
          i = after;
          continue;
        }
        if (word === 'compound' || word === 'interleaved') continue;
        if (word === 'distkey' || word === 'sortkey') {
          if (tokens[after]?.kind === 'lparen') i = skipGroup(tokens, after) - 1;
          else if (isWord(tokens[after], 'auto')) i = after;
          continue;
        }
      }
    }
    out.push(t);
  }
  return { sql: out.map((x) => x.text).join(''), params, tokens };
}
