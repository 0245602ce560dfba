/**
 * A small SQL lexer: enough of Redshift/PostgreSQL lexical structure to
 * rewrite statements safely (named `:parameters`, Redshift-only syntax) without
 * ever touching text inside string literals, quoted identifiers or comments.
 */

/** Kinds of SQL tokens. @internal */
export type SqlTokenKind =
  | 'space' // whitespace
  | 'comment' // -- … or /* … */
  | 'string' // '…' (with '' escapes), E'…', $tag$…$tag$
  | 'quoted' // "identifier"
  | 'word' // keyword or identifier
  | 'number'
  | 'param' // :name
  | 'cast' // ::
  | 'semicolon'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'dot'
  | 'op'; // any other character(s)

/** One token with its exact source text. @internal */
export interface SqlToken {
  readonly kind: SqlTokenKind;
  readonly text: string;
}

/** Thrown for input the lexer cannot read (an unterminated string, comment or identifier). @internal */
export class SqlLexError extends Error {
  override readonly name = 'SqlLexError';
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Splits SQL into tokens; concatenating their `text` gives the input back. @internal */
export function lexSql(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: SqlTokenKind, end: number): void => {
    out.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j]!)) j++;
      push('space', j);
    } else if (c === '-' && next === '-') {
      const j = sql.indexOf('\n', i);
      push('comment', j < 0 ? n : j);
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      if (depth > 0) throw new SqlLexError('unterminated /* comment');
      push('comment', j);
    } else if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const backslash = c !== "'";
      let j = backslash ? i + 2 : i + 1;
      for (;;) {
        if (j >= n) throw new SqlLexError(`unterminated string literal starting ${JSON.stringify(sql.slice(i, i + 20))}`);
        if (backslash && sql[j] === '\\') j += 2;
        else if (sql[j] === "'") {
          if (sql[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      push('string', j + 1);
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new SqlLexError(`unterminated quoted identifier starting ${JSON.stringify(sql.slice(i, i + 20))}`);
        if (sql[j] === '"') {
          if (sql[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      push('quoted', j + 1);
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))![0];
      const end = sql.indexOf(tag, i + tag.length);
      if (end < 0) throw new SqlLexError(`unterminated dollar-quoted string ${tag}`);
      push('string', end + tag.length);
    } else if (c === ':' && next === ':') {
      push('cast', i + 2);
    } else if (c === ':' && next !== undefined && WORD_START.test(next)) {
      let j = i + 2;
      while (j < n && WORD_PART.test(sql[j]!)) j++;
      push('param', j);
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j]!)) j++;
      push('word', j);
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i))!;
      push('number', i + m[0].length);
    } else if (c === ';') push('semicolon', i + 1);
    else if (c === '(') push('lparen', i + 1);
    else if (c === ')') push('rparen', i + 1);
    else if (c === ',') push('comma', i + 1);
    else if (c === '.') push('dot', i + 1);
    else push('op', i + 1);
  }
  return out;
}

/** Splits tokens into statements at top-level semicolons, dropping empty ones. @internal */
export function splitStatements(tokens: readonly SqlToken[]): SqlToken[][] {
  const out: SqlToken[][] = [];
  let cur: SqlToken[] = [];
  for (const t of tokens) {
    if (t.kind === 'semicolon') {
      out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  out.push(cur);
  return out.filter((s) => s.some((t) => t.kind !== 'space' && t.kind !== 'comment'));
}

/** The tokens without whitespace and comments. @internal */
export function significant(tokens: readonly SqlToken[]): SqlToken[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
}

/** Whether a token is the keyword `kw` (case-insensitive). @internal */
export function isWord(t: SqlToken | undefined, kw: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toLowerCase() === kw;
}

/** The text of tokens joined back. @internal */
export function render(tokens: readonly SqlToken[]): string {
  return tokens.map((t) => t.text).join('');
}

/** The value of a `'…'` string token. @internal */
export function stringValue(t: SqlToken): string {
  if (t.text.startsWith("'")) return t.text.slice(1, -1).replace(/''/g, "'");
  if (/^[Ee]'/.test(t.text)) {
    return t.text.slice(2, -1).replace(/''/g, "'").replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'" })[ch] ?? ch);
  }
  const tag = /^\$[A-Za-z_]*\$/.exec(t.text)![0];
  return t.text.slice(tag.length, -tag.length);
}

/** An identifier's name: quoted names as written, plain names folded to lower case (as Redshift does). @internal */
export function identifierName(t: SqlToken): string {
  return t.kind === 'quoted' ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase();
}

/** A name as a double-quoted SQL identifier. @internal */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
