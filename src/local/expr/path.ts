/**
 * JSONPath reference paths as Step Functions evaluates them (Jayway JsonPath dialect),
 * compiled once into closures.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
 */
import { err, ok, type Result } from 'neverthrow';
import type { NOT_FOUND, Scope } from './scope.js';
import { normalizedPath, type ParsedPath, type PathSegment } from './internal/jsonpath-ast.js';
import { compileParsedPath } from './internal/jsonpath-compile.js';
import { parseJsonPath, PathSyntaxError } from './internal/jsonpath-parser.js';
import { isObject } from './internal/json-value.js';

/** A compiled JSONPath. */
export interface CompiledPath {
  /** The path text as written. */
  readonly source: string;
  /** No wildcard, filter, slice, union or deep scan: the path yields at most one value. */
  readonly definite: boolean;
  /** The value at the path, or {@link NOT_FOUND}. Indefinite paths return the array of matches (possibly empty). */
  get(scope: Scope): unknown | typeof NOT_FOUND;
  /**
   * Jayway's explanation of why {@link CompiledPath.get} found nothing, as AWS quotes it after
   * "Invalid path '<source>' : ", e.g. `No results for path: $['a']` or `Missing property in path $['a']`.
   */
  explainNotFound(scope: Scope): string;
}

/** Parses JSONPath text; the error is a message naming the path and the position. @internal */
export function parsePathText(path: string): Result<ParsedPath, string> {
  if (typeof path !== 'string') return err(`A JSONPath must be a string, got ${JSON.stringify(path)}`);
  try {
    return ok(parseJsonPath(path));
  } catch (e) {
    if (e instanceof PathSyntaxError) return err(`Invalid JSONPath '${path}': ${e.message} (at position ${e.position})`);
    throw e;
  }
}

/**
 * Compiles a reference path (`$`, `$$`, `$var`, with `.a`, `['a']`, `[0]`, `[-1]`, `[*]`,
 * `[1:3]`, `..a`, `[?(@.x > 1)]`, `.length()`) once; the error is a message for the validator.
 */
export function compilePath(path: string): Result<CompiledPath, string> {
  return parsePathText(path).map((parsed) => {
    const { definite, evaluate } = compileParsedPath(parsed);
    return {
      source: path,
      definite,
      // Top-level roots never read the filter item, so the evaluator serves as `get` directly.
      get: evaluate as (scope: Scope) => unknown,
      explainNotFound: (scope: Scope) => explain(parsed, scope),
    };
  });
}

// differs from AWS: the Java class and provider names in "Expected to find an object…" are our best guess.
const JAVA_PROVIDER = 'com.jayway.jsonpath.spi.json.JacksonJsonProvider';

function javaClass(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'java.util.ArrayList';
  if (typeof v === 'string') return 'java.lang.String';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'java.lang.Integer' : 'java.lang.Double';
  return 'java.util.LinkedHashMap';
}

/** Walks a definite path the slow way to word the failure as Jayway does. */
function explain(parsed: ParsedPath, scope: Scope): string {
  const segs = parsed.segments;
  const full = normalizedPath(parsed.root, segs);
  let v: unknown = parsed.root.kind === 'input' ? scope.input : parsed.root.kind === 'context' ? scope.context
    : parsed.root.kind === 'var' ? (parsed.root.name in scope.vars ? scope.vars[parsed.root.name] : undefined) : undefined;
  if (v === undefined) return `No results for path: ${full}`;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as PathSegment;
    const here = normalizedPath(parsed.root, segs.slice(0, i));
    const upto = normalizedPath(parsed.root, segs.slice(0, i + 1));
    const leaf = i === segs.length - 1;
    if (seg.kind === 'prop') {
      if (!isObject(v)) {
        return `Expected to find an object with property ['${seg.name}'] in path ${here} but found '${javaClass(v)}'. This is not a json object according to the JsonProvider: '${JAVA_PROVIDER}'.`;
      }
      if (!Object.hasOwn(v, seg.name) || v[seg.name] === undefined) return leaf ? `No results for path: ${full}` : `Missing property in path ${upto}`;
      v = v[seg.name];
    } else if (seg.kind === 'index') {
      if (v === null) return `The path ${here} is null`;
      if (!Array.isArray(v)) return `Filter: [${seg.index}] can only be applied to arrays. Current context is: ${JSON.stringify(v)}`;
      const j = seg.index < 0 ? v.length + seg.index : seg.index;
      if (j < 0 || j >= v.length) return `No results for path: ${full}`;
      v = v[j];
    } else {
      return `No results for path: ${full}`;
    }
  }
  return `No results for path: ${full}`;
}

