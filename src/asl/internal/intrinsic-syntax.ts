/**
 * Syntax check of intrinsic function calls (`States.Format('{}', $.name)`).
 *
 * Arguments are string literals in single quotes (with `\'`, `\{`, `\}`, `\\` escapes),
 * numbers, `null`, booleans, JSONPaths (incl. `$$` and variables) and nested calls.
 *
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 * @internal
 */
import { INTRINSIC_FUNCTIONS } from '../types.js';
import { checkJsonPath } from './jsonpath-syntax.js';

const KNOWN: ReadonlySet<string> = new Set(INTRINSIC_FUNCTIONS);

/** True when a `.$` value is an intrinsic call rather than a path. @internal */
export function looksLikeIntrinsic(value: string): boolean {
  return value.startsWith('States.');
}

/**
 * Checks one intrinsic call expression; `undefined` when well formed, else a description
 * of the first problem.
 * @internal
 */
export function checkIntrinsic(expr: string): string | undefined {
  const parser = new Parser(expr);
  const err = parser.call();
  if (err !== undefined) return err;
  parser.spaces();
  if (parser.i !== expr.length) return `unexpected "${expr.slice(parser.i, parser.i + 10)}" after the call at offset ${parser.i}`;
  return undefined;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  spaces(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  call(): string | undefined {
    const start = this.i;
    while (this.i < this.s.length && /[A-Za-z0-9_.]/.test(this.s[this.i] as string)) this.i++;
    const name = this.s.slice(start, this.i);
    if (name.length === 0) return `expected a function name at offset ${start}`;
    if (!KNOWN.has(name)) return `unknown intrinsic function "${name}" (known: States.Format, States.Array, States.MathAdd, … see the AWS intrinsic functions list)`;
    this.spaces();
    if (this.s[this.i] !== '(') return `expected "(" after ${name} at offset ${this.i}`;
    this.i++;
    this.spaces();
    if (this.s[this.i] === ')') { this.i++; return undefined; }
    for (;;) {
      this.spaces();
      const err = this.arg();
      if (err !== undefined) return err;
      this.spaces();
      const c = this.s[this.i];
      if (c === ',') { this.i++; continue; }
      if (c === ')') { this.i++; return undefined; }
      if (c === undefined) return `unbalanced parentheses: "(" of ${name} is never closed`;
      return `expected "," or ")" at offset ${this.i} (got "${c}")`;
    }
  }

  arg(): string | undefined {
    const c = this.s[this.i];
    if (c === undefined) return 'unbalanced parentheses: the argument list is never closed';
    if (c === "'") return this.string();
    if (c === '$') return this.path();
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
      if (m === null) return `malformed number at offset ${this.i}`;
      this.i += m[0].length;
      return undefined;
    }
    for (const word of ['null', 'true', 'false']) {
      if (this.s.startsWith(word, this.i) && !/[A-Za-z0-9_.]/.test(this.s[this.i + word.length] ?? '')) {
        this.i += word.length;
        return undefined;
      }
    }
    if (/[A-Za-z]/.test(c)) return this.call();
    return `unexpected "${c}" at offset ${this.i}`;
  }

  string(): string | undefined {
    const open = this.i;
    for (let i = open + 1; i < this.s.length; i++) {
      const c = this.s[i];
      if (c === '\\') { i++; continue; }
      if (c === "'") { this.i = i + 1; return undefined; }
    }
    return `unterminated string literal at offset ${open}`;
  }

  path(): string | undefined {
    const start = this.i;
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (c === "'" || c === '"') {
        const q = c;
        this.i++;
        while (this.i < this.s.length && this.s[this.i] !== q) this.i += this.s[this.i] === '\\' ? 2 : 1;
        this.i++;
        continue;
      }
      if (c === '[' || c === '(') depth++;
      else if (c === ']' || (c === ')' && depth > 0)) depth--;
      else if (depth === 0 && (c === ',' || c === ')' || c === ' ')) break;
      this.i++;
    }
    const path = this.s.slice(start, this.i);
    const err = checkJsonPath(path, 'path', { context: true, variables: true });
    return err === undefined ? undefined : `path argument "${path}" ${err}`;
  }
}
