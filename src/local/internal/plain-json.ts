/**
 * JSONata builds objects without a prototype (`Object.create(null)`, in the
 * jsonata package and in our native evaluator alike), so that a key such as
 * `__proto__` stays a key. AWS hands values on as JSON text, where that makes
 * no difference; locally they reach user code as they are, and an object
 * without a prototype is not `toStrictEqual` to a literal (vitest compares
 * constructors and reports "no visual difference"). The values that leave the
 * interpreter (a task's input to its handler or mock, the execution output)
 * therefore get the ordinary prototype, as `JSON.parse` would give them.
 * @internal
 */

const MAX_DEPTH = 1000;

/** Gives every prototype-less object inside a JSON value `Object.prototype`, in place; returns the value. @internal */
export function plainJson<T>(value: T): T {
  visit(value, 0);
  return value;
}

function visit(v: unknown, depth: number): void {
  if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) return;
  if (Array.isArray(v)) {
    for (const item of v) visit(item, depth + 1);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  // Class instances (a Date, a Buffer from a handler) are left alone, and so is what they hold.
  if (proto === null) Object.setPrototypeOf(v, Object.prototype);
  else if (proto !== Object.prototype) return;
  for (const item of Object.values(v)) visit(item, depth + 1);
}
