/**
 * Parser of intrinsic function calls, e.g. `States.Format('a {} b', $.x, States.UUID())`.
 * String literals are single-quoted; `\'`, `\\`, `\{` and `\}` are the only escapes (an
 * escaped brace is a literal brace for States.Format). A backslash before any other
 * character is an error, as AWS rejects such definitions.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#amazon-states-language-intrinsic-functions-escapes
 * @internal
 */

/** An argument of an intrinsic call. */
export type IntrinsicArg =
  | { readonly kind: 'string'; readonly value: string; readonly template: readonly TemplatePart[] }
  | { readonly kind: 'literal'; readonly value: number | boolean | null }
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'call'; readonly call: IntrinsicCall };

/**
 * A piece of a string literal seen as a States.Format template: text, a `{}` slot, or the
 * mark of a malformed template (an unescaped `{` or `}` outside `{}`, which AWS rejects
 * when States.Format runs).
 */
export type TemplatePart = { readonly text: string } | { readonly slot: true } | { readonly malformed: true };

/** A parsed call. */
export interface IntrinsicCall {
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
}

/** A syntax error with its position. */
export class IntrinsicSyntaxError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

/** Parses a whole intrinsic call; throws {@link IntrinsicSyntaxError}. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const p = new IntrinsicParser(text);
  p.ws();
  const call = p.call();
  p.ws();
  if (p.pos < text.length) throw new IntrinsicSyntaxError(`unexpected '${text[p.pos]}' after the call`, p.pos);
  return call;
}

class IntrinsicParser {
  pos = 0;
  constructor(readonly src: string) {}

  ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  call(): IntrinsicCall {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.src.slice(this.pos));
    if (!m) throw new IntrinsicSyntaxError("expected an intrinsic function name such as 'States.Format'", this.pos);
    const name = m[0];
    this.pos += name.length;
    this.ws();
    if (this.src[this.pos] !== '(') throw new IntrinsicSyntaxError(`expected '(' after ${name}`, this.pos);
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.ws();
    if (this.src[this.pos] === ')') {
      this.pos++;
      return { name, args };
    }
    for (;;) {
      this.ws();
      args.push(this.arg());
      this.ws();
      const c = this.src[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === ')') { this.pos++; return { name, args }; }
      throw new IntrinsicSyntaxError(c === undefined ? `unclosed '(' of ${name}` : `expected ',' or ')' but found '${c}'`, this.pos);
    }
  }

  private arg(): IntrinsicArg {
    const c = this.src[this.pos];
    if (c === "'") return this.string();
    if (c === '$') return { kind: 'path', path: this.pathText() };
    const rest = this.src.slice(this.pos);
    if (rest.startsWith('States.')) return { kind: 'call', call: this.call() };
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (num) { this.pos += num[0].length; return { kind: 'literal', value: Number(num[0]) }; }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (rest.startsWith(word) && !/[A-Za-z0-9_]/.test(rest[word.length] ?? '')) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    if (c === undefined || c === ')' || c === ',') throw new IntrinsicSyntaxError('expected an argument', this.pos);
    throw new IntrinsicSyntaxError(`unexpected '${c}': arguments are 'strings', numbers, true, false, null, paths or intrinsic calls`, this.pos);
  }

  /** A path runs to the next top-level ',' or ')' (brackets and quotes inside it are skipped over). */
  private pathText(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos] as string;
      if (quote !== undefined) {
        if (c === '\\') { this.pos += 2; continue; }
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === '[' || c === '(') {
        depth++;
      } else if (c === ']' || (c === ')' && depth > 0)) {
        depth--;
      } else if (depth === 0 && (c === ',' || c === ')')) {
        break;
      }
      this.pos++;
    }
    return this.src.slice(start, this.pos).trimEnd();
  }

  private string(): IntrinsicArg {
    const start = this.pos;
    this.pos++;
    let value = '';
    let text = '';
    const template: TemplatePart[] = [];
    let malformed = false;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) throw new IntrinsicSyntaxError('unterminated string literal', start);
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        if (n === undefined) throw new IntrinsicSyntaxError('unterminated string literal', start);
        if (n !== "'" && n !== '{' && n !== '}' && n !== '\\') {
          throw new IntrinsicSyntaxError(`invalid escape '\\${n}' in a string literal: only \\', \\{, \\} and \\\\ are allowed`, this.pos);
        }
        value += n;
        text += n;
        this.pos += 2;
        continue;
      }
      if (c === "'") { this.pos++; break; }
      if (c === '{' && this.src[this.pos + 1] === '}') {
        if (text !== '') template.push({ text });
        template.push({ slot: true });
        text = '';
        value += '{}';
        this.pos += 2;
        continue;
      }
      if (c === '{' || c === '}') malformed = true;
      value += c;
      text += c;
      this.pos++;
    }
    if (text !== '') template.push({ text });
    return { kind: 'string', value, template: malformed ? [{ malformed: true }] : template };
  }
}
