/**
 * Small helpers over JSON values.
 * @internal
 */

/** A JSON object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of JSON values (numbers by value, objects regardless of key order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  for (const k of ak) {
    if (!Object.hasOwn(bo, k) || !jsonEqual(ao[k], bo[k])) return false;
  }
  return true;
}

/** Keys that exist on `Object.prototype` (plain `obj[key]` would see them): these need an own-property check. */
export function isPrototypeKey(key: string): boolean {
  return key in Object.prototype;
}

/** AWS's name for the JSON type of a value, as used in error messages. */
export function jsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Sets an own data property, even for the key `__proto__` (plain assignment would change the prototype). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * A shallow copy of a JSON object, own `__proto__` keys included. `Object.assign` is used
 * because V8 (Node 20) makes objects built by `{ ...o }` slow to extend: adding one key
 * after a spread costs about ten times more.
 */
export function shallowCopy(o: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.assign({}, o) as Record<string, unknown>;
  if (Object.hasOwn(o, '__proto__')) {
    // Object.assign set the prototype instead of copying the key.
    Object.setPrototypeOf(copy, Object.prototype);
    setOwn(copy, '__proto__', o['__proto__']);
  }
  return copy;
}

/** A deep copy of a JSON value, frozen: safe to hand out again and again from a compiled template. */
export function frozenCopy(v: unknown): unknown {
  if (Array.isArray(v)) return Object.freeze(v.map(frozenCopy));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, frozenCopy(x));
    return Object.freeze(out);
  }
  return v;
}
