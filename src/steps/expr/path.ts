/**
 * Rendering of recorded references as JSONPath reference paths or JSONata
 * expressions.
 */
import type { QueryLanguage } from '../../asl/types.js';
import type { RefNode } from './ref.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Context-object segments are written in camelCase in the DSL and PascalCase in
 * ASL; the user data below `execution.input` and `map.item.value` keeps its case.
 */
function contextSegments(path: readonly (string | number)[]): readonly (string | number)[] {
  const dataStart = path[0] === 'execution' && path[1] === 'input' ? 2
    : path[0] === 'map' && path[1] === 'item' && path[2] === 'value' ? 3
      : path.length;
  return path.map((seg, i) =>
    i < dataStart && typeof seg === 'string' ? seg.charAt(0).toUpperCase() + seg.slice(1) : seg,
  );
}

function jsonPathSegment(seg: string | number): string {
  if (typeof seg === 'number') return `[${seg}]`;
  if (IDENT.test(seg)) return `.${seg}`;
  return `['${seg.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

function jsonataSegment(seg: string | number): string {
  if (typeof seg === 'number') return `[${seg}]`;
  if (IDENT.test(seg)) return `.${seg}`;
  return `.\`${seg.replace(/`/g, '')}\``;
}

/** `$.a.b[0]` / `$$.Execution.Id` for a reference. */
export function jsonPathOf(node: RefNode): string {
  const segs = node.root === 'context' ? contextSegments(node.path) : node.path;
  return (node.root === 'context' ? '$$' : '$') + segs.map(jsonPathSegment).join('');
}

/** `$states.input.a.b[0]` / `$states.context.Execution.Id` for a reference (no `{% %}`). */
export function jsonataOf(node: RefNode): string {
  const segs = node.root === 'context' ? contextSegments(node.path) : node.path;
  return (node.root === 'context' ? '$states.context' : '$states.input') + segs.map(jsonataSegment).join('');
}

/** A reference in the given query language (JSONata without the `{% %}` delimiters). */
export function pathOf(node: RefNode, queryLanguage: QueryLanguage): string {
  return queryLanguage === 'JSONPath' ? jsonPathOf(node) : jsonataOf(node);
}

/** A JSON value as a JSONata literal (JSON is valid JSONata for strings, numbers, booleans, null, arrays, objects). */
export function jsonataLiteral(value: unknown): string {
  return JSON.stringify(value);
}
