/**
 * Syntax tree of a JSONPath as Step Functions reads it (Jayway JsonPath dialect).
 * @internal
 */

/** Where a path starts: `$` (input), `$$` (context), `$name` (variable) or `@` (filter item). */
export type PathRoot =
  | { readonly kind: 'input' }
  | { readonly kind: 'context' }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'current' };

/** One step of a path. */
export type PathSegment =
  | { readonly kind: 'prop'; readonly name: string }
  | { readonly kind: 'props'; readonly names: readonly string[] }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'indexes'; readonly indexes: readonly number[] }
  | { readonly kind: 'wild' }
  | { readonly kind: 'slice'; readonly start: number | undefined; readonly end: number | undefined }
  | { readonly kind: 'scan' }
  | { readonly kind: 'filter'; readonly predicate: FilterExpr }
  | { readonly kind: 'fn'; readonly name: PathFunctionName };

/** Jayway's path functions (allowed only at the end of a path). */
export type PathFunctionName = 'length' | 'size' | 'min' | 'max' | 'avg' | 'stddev' | 'sum' | 'keys' | 'first' | 'last';

/** A parsed path. */
export interface ParsedPath {
  readonly root: PathRoot;
  readonly segments: readonly PathSegment[];
}

/** Comparison operators of filter expressions. */
export type FilterOperator =
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~'
  | 'in' | 'nin' | 'subsetof' | 'anyof' | 'noneof' | 'size' | 'empty' | 'contains';

/** An operand of a filter comparison. */
export type FilterOperand =
  | { readonly kind: 'path'; readonly path: ParsedPath }
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'regex'; readonly regex: RegExp };

/** A filter expression `[?( … )]`. */
export type FilterExpr =
  | { readonly kind: 'or'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'and'; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly kind: 'not'; readonly expr: FilterExpr }
  | { readonly kind: 'exists'; readonly path: ParsedPath }
  | { readonly kind: 'compare'; readonly op: FilterOperator; readonly left: FilterOperand; readonly right: FilterOperand };

/** True when the segments are names and indexes only (Jayway's "definite" path; a trailing key union is handled by the compiler). */
export function isDefinite(segments: readonly PathSegment[]): boolean {
  for (const s of segments) {
    if (s.kind !== 'prop' && s.kind !== 'index' && s.kind !== 'fn') return false;
  }
  return true;
}

/** Jayway's normalised text of a root and segments, e.g. `$['a'][0]`. */
export function normalizedPath(root: PathRoot, segments: readonly PathSegment[]): string {
  let out = root.kind === 'context' ? '$$' : root.kind === 'var' ? `$${root.name}` : root.kind === 'current' ? '@' : '$';
  for (const s of segments) {
    switch (s.kind) {
      case 'prop': out += `['${s.name}']`; break;
      case 'props': out += `[${s.names.map((n) => `'${n}'`).join(',')}]`; break;
      case 'index': out += `[${s.index}]`; break;
      case 'indexes': out += `[${s.indexes.join(',')}]`; break;
      case 'wild': out += '[*]'; break;
      case 'slice': out += `[${s.start ?? ''}:${s.end ?? ''}]`; break;
      case 'scan': out += '..'; break;
      case 'filter': out += '[?]'; break;
      case 'fn': out += `.${s.name}()`; break;
    }
  }
  return out;
}
