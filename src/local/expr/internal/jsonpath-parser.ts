/**
 * Parser of JSONPath text into {@link ParsedPath}. Follows Jayway JsonPath (what Step
 * Functions uses): dot and bracket names, quoted names with backslash-protected quotes
 * (kept verbatim, as AWS does), indexes (negative too), unions, slices, wildcards, deep
 * scan, filters and trailing functions such as `length()`.
 * @internal
 */
import type { FilterExpr, FilterOperand, FilterOperator, ParsedPath, PathFunctionName, PathRoot, PathSegment } from './jsonpath-ast.js';

const FUNCTIONS: ReadonlySet<string> = new Set(['length', 'size', 'min', 'max', 'avg', 'stddev', 'sum', 'keys', 'first', 'last']);
const WORD_OPERATORS: readonly FilterOperator[] = ['subsetof', 'contains', 'noneof', 'anyof', 'empty', 'size', 'nin', 'in'];
const SYMBOL_OPERATORS: readonly FilterOperator[] = ['==', '!=', '<=', '>=', '=~', '<', '>'];

/** A syntax error with the position it was found at. */
export class PathSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

/** Parses a whole path; throws {@link PathSyntaxError}. */
export function parseJsonPath(text: string): ParsedPath {
  const p = new Parser(text);
  const path = p.path(false);
  if (p.pos < text.length) throw new PathSyntaxError(`unexpected '${text[p.pos]}'`, p.pos);
  return path;
}

const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  private expect(c: string): void {
    if (this.src[this.pos] !== c) {
      throw new PathSyntaxError(this.pos >= this.src.length ? `expected '${c}' but the path ended` : `expected '${c}' but found '${this.src[this.pos]}'`, this.pos);
    }
    this.pos++;
  }

  /** `inFilter`: stop a dot name at operator/space characters. */
  path(inFilter: boolean): ParsedPath {
    const root = this.root(inFilter);
    const segments: PathSegment[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '.') {
        if (segments.length > 0 && segments[segments.length - 1]?.kind === 'fn') throw new PathSyntaxError('a function must end the path', this.pos);
        this.pos++;
        if (this.peek() === '.') {
          this.pos++;
          segments.push({ kind: 'scan' });
          const n = this.peek();
          if (n === '[') segments.push(this.bracket());
          else if (n === '*') { this.pos++; segments.push({ kind: 'wild' }); }
          else segments.push(this.dotName(inFilter));
        } else if (this.peek() === '*') {
          this.pos++;
          segments.push({ kind: 'wild' });
        } else if (this.peek() === '[') {
          segments.push(this.bracket());
        } else {
          segments.push(this.dotName(inFilter));
        }
      } else if (c === '[') {
        segments.push(this.bracket());
      } else {
        break;
      }
    }
    return { root, segments };
  }

  private root(inFilter: boolean): PathRoot {
    const c = this.peek();
    if (c === '@' && inFilter) { this.pos++; return { kind: 'current' }; }
    if (c !== '$') throw new PathSyntaxError(`a path must start with '$'${inFilter ? " or '@'" : ''}`, this.pos);
    this.pos++;
    if (this.peek() === '$') { this.pos++; return { kind: 'context' }; }
    if (isIdentStart(this.peek())) {
      const start = this.pos;
      while (isIdentChar(this.peek())) this.pos++;
      return { kind: 'var', name: this.src.slice(start, this.pos) };
    }
    return { kind: 'input' };
  }

  private dotName(inFilter: boolean): PathSegment {
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '.' || c === '[' || c === '(') break;
      if (inFilter && /[\s)=!<>&|,~]/.test(c)) break;
      this.pos++;
    }
    const name = this.src.slice(start, this.pos);
    if (name === '') throw new PathSyntaxError('expected a property name', start);
    if (this.peek() === '(') {
      if (!FUNCTIONS.has(name)) throw new PathSyntaxError(`unknown path function '${name}()'`, start);
      this.pos++;
      this.ws();
      this.expect(')');
      return { kind: 'fn', name: name as PathFunctionName };
    }
    return { kind: 'prop', name };
  }

  private bracket(): PathSegment {
    const open = this.pos;
    this.expect('[');
    this.ws();
    const c = this.peek();
    let seg: PathSegment;
    if (c === '?') {
      this.pos++;
      this.ws();
      this.expect('(');
      const predicate = this.orExpr();
      this.ws();
      this.expect(')');
      seg = { kind: 'filter', predicate };
    } else if (c === '*') {
      this.pos++;
      seg = { kind: 'wild' };
    } else if (c === "'" || c === '"') {
      const names: string[] = [];
      for (;;) {
        this.ws();
        names.push(this.quotedName());
        this.ws();
        if (this.peek() === ',') { this.pos++; continue; }
        break;
      }
      const [first] = names;
      seg = names.length === 1 && first !== undefined ? { kind: 'prop', name: first } : { kind: 'props', names };
    } else if (c === '(') {
      throw new PathSyntaxError('script expressions [( … )] are not supported by Step Functions', this.pos);
    } else {
      seg = this.indexOrSlice();
    }
    this.ws();
    if (this.peek() !== ']') {
      throw new PathSyntaxError(this.pos >= this.src.length ? `unclosed '[' at position ${open}` : `expected ']' but found '${this.peek()}'`, this.pos);
    }
    this.pos++;
    return seg;
  }

  /** A quoted name: a backslash protects the next character from closing the name; both are kept verbatim (AWS does not unescape). */
  private quotedName(): string {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') throw new PathSyntaxError('expected a quoted property name', this.pos);
    this.pos++;
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new PathSyntaxError('unterminated quoted property name', start - 1);
      if (c === '\\') { this.pos += 2; continue; }
      if (c === quote) break;
      this.pos++;
    }
    const name = this.src.slice(start, this.pos);
    this.pos++;
    return name;
  }

  private int(): number | undefined {
    this.ws();
    const m = /^-?\d+/.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    this.ws();
    return Number(m[0]);
  }

  private indexOrSlice(): PathSegment {
    const at = this.pos;
    const first = this.int();
    if (this.peek() === ':') {
      this.pos++;
      const end = this.int();
      if (this.peek() === ':') throw new PathSyntaxError('slice steps are not supported', this.pos);
      return { kind: 'slice', start: first, end };
    }
    if (first === undefined) throw new PathSyntaxError(`expected an index, a slice, '*', a quoted name or a filter after '['`, at);
    const indexes = [first];
    while (this.peek() === ',') {
      this.pos++;
      const n = this.int();
      if (n === undefined) throw new PathSyntaxError('expected an index after \',\'', this.pos);
      indexes.push(n);
    }
    return indexes.length === 1 ? { kind: 'index', index: first } : { kind: 'indexes', indexes };
  }

  // ---- filter expressions -------------------------------------------------------------

  private orExpr(): FilterExpr {
    let left = this.andExpr();
    for (;;) {
      this.ws();
      if (this.src.startsWith('||', this.pos)) { this.pos += 2; left = { kind: 'or', left, right: this.andExpr() }; }
      else return left;
    }
  }

  private andExpr(): FilterExpr {
    let left = this.unary();
    for (;;) {
      this.ws();
      if (this.src.startsWith('&&', this.pos)) { this.pos += 2; left = { kind: 'and', left, right: this.unary() }; }
      else return left;
    }
  }

  private unary(): FilterExpr {
    this.ws();
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos++;
      return { kind: 'not', expr: this.unary() };
    }
    if (this.peek() === '(') {
      this.pos++;
      const e = this.orExpr();
      this.ws();
      this.expect(')');
      return e;
    }
    const left = this.operand();
    this.ws();
    const op = this.operator();
    if (op === undefined) {
      if (left.kind !== 'path') throw new PathSyntaxError('expected a comparison operator', this.pos);
      return { kind: 'exists', path: left.path };
    }
    this.ws();
    const right = this.operand();
    return { kind: 'compare', op, left, right };
  }

  private operator(): FilterOperator | undefined {
    for (const op of SYMBOL_OPERATORS) {
      if (this.src.startsWith(op, this.pos)) { this.pos += op.length; return op; }
    }
    for (const op of WORD_OPERATORS) {
      if (this.src.startsWith(op, this.pos) && !isIdentChar(this.src[this.pos + op.length])) { this.pos += op.length; return op; }
    }
    return undefined;
  }

  private operand(): FilterOperand {
    this.ws();
    const c = this.peek();
    if (c === '@' || c === '$') return { kind: 'path', path: this.path(true) };
    if (c === '/') return { kind: 'regex', regex: this.regex() };
    return { kind: 'literal', value: this.literal() };
  }

  private regex(): RegExp {
    const start = this.pos;
    this.pos++;
    let body = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new PathSyntaxError('unterminated regular expression', start);
      if (c === '\\') { body += c + (this.peek(1) ?? ''); this.pos += 2; continue; }
      if (c === '/') break;
      body += c;
      this.pos++;
    }
    this.pos++;
    const flagStart = this.pos;
    while (/[a-z]/.test(this.peek() ?? '')) this.pos++;
    const flags = this.src.slice(flagStart, this.pos).replace(/[^imsu]/g, '');
    try {
      // Jayway's =~ uses Matcher.matches(): the whole string must match.
      return new RegExp(`^(?:${body})$`, flags);
    } catch (e) {
      throw new PathSyntaxError(`invalid regular expression /${body}/: ${(e as Error).message}`, start);
    }
  }

  private literal(): unknown {
    this.ws();
    const c = this.peek();
    if (c === "'" || c === '"') return this.stringLiteral();
    if (c === '[') {
      this.pos++;
      const out: unknown[] = [];
      this.ws();
      if (this.peek() === ']') { this.pos++; return out; }
      for (;;) {
        out.push(this.literal());
        this.ws();
        if (this.peek() === ',') { this.pos++; continue; }
        this.expect(']');
        return out;
      }
    }
    if (c === '{') {
      this.pos++;
      const out: Record<string, unknown> = {};
      this.ws();
      if (this.peek() === '}') { this.pos++; return out; }
      for (;;) {
        this.ws();
        const key = this.stringLiteral();
        this.ws();
        this.expect(':');
        out[key] = this.literal();
        this.ws();
        if (this.peek() === ',') { this.pos++; continue; }
        this.expect('}');
        return out;
      }
    }
    const rest = this.src.slice(this.pos);
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) { this.pos += num[0].length; return Number(num[0]); }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (rest.startsWith(word) && !isIdentChar(rest[word.length])) { this.pos += word.length; return value; }
    }
    throw new PathSyntaxError(c === undefined ? 'the filter ended early' : `unexpected '${c}' in filter`, this.pos);
  }

  private stringLiteral(): string {
    const quote = this.peek();
    if (quote !== "'" && quote !== '"') throw new PathSyntaxError('expected a string', this.pos);
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new PathSyntaxError('unterminated string', this.pos);
      if (c === '\\') {
        const n = this.peek(1);
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : (n ?? '');
        this.pos += 2;
        continue;
      }
      if (c === quote) { this.pos++; return out; }
      out += c;
      this.pos++;
    }
  }
}
