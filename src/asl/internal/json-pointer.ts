/**
 * JSON pointers (RFC 6901) for validation issues.
 * @internal
 */

/** Appends one reference token to a JSON pointer, escaping `~` and `/`. @internal */
export function childPointer(pointer: string, token: string | number): string {
  if (typeof token === 'number') return `${pointer}/${token}`;
  // Most state names need no escaping; skip the two replaces on the hot path.
  if (token.indexOf('~') === -1 && token.indexOf('/') === -1) return `${pointer}/${token}`;
  return `${pointer}/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
