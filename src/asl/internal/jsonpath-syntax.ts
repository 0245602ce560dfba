/**
 * Syntax checks for the JSONPath dialect of ASL (Jayway-style, as Step Functions accepts it).
 *
 * Two grammars: a *Path* (InputPath, OutputPath, Choice `Variable`, `.$` values) may use
 * wildcards, slices, unions, filters and deep scan; a *Reference Path* (ResultPath) names
 * exactly one node: only `.name`, `['name']` and `[index]` segments.
 *
 * @see https://states-language.net/spec.html#path
 * @internal
 */

/** Which JSONPath grammar a field uses. @internal */
export type PathGrammar = 'path' | 'reference';

/** Where a path may start. @internal */
export interface PathRoots {
  /** `$$` (the context object). */
  readonly context: boolean;
  /** `$name` (a variable). */
  readonly variables: boolean;
}

const NAME_STOP = new Set(['.', '[', ']', ' ', '\t', '\n', '\r', '(', ')', ',', "'", '"']);

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

/**
 * Checks one JSONPath string. Returns `undefined` when it is well formed, else a short
 * description of the first problem (with its character offset).
 * @internal
 */
export function checkJsonPath(path: string, grammar: PathGrammar, roots: PathRoots): string | undefined {
  if (path.length === 0) return 'is empty; a path starts with "$"';
  if (path[0] !== '$') return `must start with "$" (got "${path[0]}")`;
  let i = 1;
  if (path[1] === '$') {
    if (!roots.context) return 'may not read the context object "$$" here';
    i = 2;
  } else if (path.length > 1 && isIdentStart(path[1] as string)) {
    if (!roots.variables) return 'may not read a variable here';
    while (i < path.length && isIdentPart(path[i] as string)) i++;
  }
  while (i < path.length) {
    const c = path[i] as string;
    if (c === '.') {
      if (path[i + 1] === '.') {
        if (grammar === 'reference') return `deep scan ".." at offset ${i} is not allowed in a reference path`;
        i += 2;
        if (path[i] === '[') continue;
        if (path[i] === '*') { i++; continue; }
        const end = scanName(path, i);
        if (end === i) return `expected a field name after ".." at offset ${i}`;
        i = end;
        continue;
      }
      i++;
      if (path[i] === '*') {
        if (grammar === 'reference') return `wildcard at offset ${i} is not allowed in a reference path`;
        i++;
        continue;
      }
      const end = scanName(path, i);
      if (end === i) return `expected a field name after "." at offset ${i - 1}`;
      i = end;
      // Jayway functions such as `.length()` end a path.
      if (path[i] === '(') {
        if (grammar === 'reference') return `function call at offset ${i} is not allowed in a reference path`;
        if (path[i + 1] !== ')' || i + 2 !== path.length) return `malformed function call at offset ${i}`;
        return undefined;
      }
      continue;
    }
    if (c === '[') {
      const res = checkBracket(path, i, grammar);
      if (typeof res === 'string') return res;
      i = res;
      continue;
    }
    return `unexpected "${c}" at offset ${i}`;
  }
  return undefined;
}

function scanName(path: string, from: number): number {
  let i = from;
  while (i < path.length && !NAME_STOP.has(path[i] as string)) i++;
  return i;
}

/** Returns the offset after the bracket segment starting at `open`, or an error message. */
function checkBracket(path: string, open: number, grammar: PathGrammar): number | string {
  let i = open + 1;
  const c = path[i];
  if (c === undefined) return `unclosed "[" at offset ${open}`;
  if (c === "'" || c === '"') {
    // One or more quoted names, comma separated.
    let names = 0;
    for (;;) {
      const q = path[i];
      if (q !== "'" && q !== '"') return `expected a quoted name at offset ${i}`;
      const end = scanQuoted(path, i);
      if (end < 0) return `unterminated quoted name at offset ${i}`;
      names++;
      i = skipSpaces(path, end);
      if (path[i] === ']') break;
      if (path[i] !== ',') return `expected "]" at offset ${i}`;
      i = skipSpaces(path, i + 1);
    }
    if (names > 1 && grammar === 'reference') return `union at offset ${open} is not allowed in a reference path`;
    return i + 1;
  }
  if (c === '?' || c === '(') {
    if (grammar === 'reference') return `filter or script at offset ${open} is not allowed in a reference path`;
    if (c === '?' && path[i + 1] !== '(') return `expected "(" after "?" at offset ${i}`;
    const start = c === '?' ? i + 1 : i;
    const end = scanBalanced(path, start);
    if (end < 0) return `unbalanced parentheses in the expression at offset ${start}`;
    i = skipSpaces(path, end);
    if (path[i] !== ']') return `expected "]" at offset ${i}`;
    return i + 1;
  }
  if (c === '*') {
    if (grammar === 'reference') return `wildcard at offset ${i} is not allowed in a reference path`;
    if (path[i + 1] !== ']') return `expected "]" at offset ${i + 1}`;
    return i + 2;
  }
  // Index, union of indexes, or slice.
  const close = path.indexOf(']', i);
  if (close < 0) return `unclosed "[" at offset ${open}`;
  const body = path.slice(i, close).trim();
  if (/^-?\d+$/.test(body)) {
    if (grammar === 'reference' && body.startsWith('-')) return `negative index at offset ${open} is not allowed in a reference path`;
    return close + 1;
  }
  if (grammar === 'reference') return `"[${body}]" at offset ${open} is not allowed in a reference path (use [n] or ['name'])`;
  if (/^-?\d+(\s*,\s*-?\d+)+$/.test(body)) return close + 1;
  if (/^(-?\d+)?\s*:\s*(-?\d+)?(\s*:\s*(-?\d+)?)?$/.test(body)) return close + 1;
  return `malformed subscript "[${body}]" at offset ${open}`;
}

function skipSpaces(s: string, i: number): number {
  while (s[i] === ' ') i++;
  return i;
}

/** Returns the offset after the closing quote, or -1. */
function scanQuoted(s: string, open: number): number {
  const q = s[open];
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') { i++; continue; }
    if (c === q) return i + 1;
  }
  return -1;
}

/** `s[open]` is "("; returns the offset after the matching ")", or -1. Quotes are skipped. */
function scanBalanced(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === "'" || c === '"') {
      const end = scanQuoted(s, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
