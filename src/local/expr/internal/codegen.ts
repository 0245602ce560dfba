/**
 * Generated code for the two hottest shapes: definite paths (`$.a.b[0]`) and the objects
 * built by payload templates. A loop such as `v = v[keys[i]]` or `out[keys[i]] = …`
 * sees every key and object shape at one property-access site, which V8 then serves
 * through its slow megamorphic path; generated code has one site per key (named,
 * monomorphic accesses), about 5-8x faster.
 *
 * Only property names and integers from the definition reach the generated source, and
 * always through `JSON.stringify` / `Number` (string literals and numbers). When code
 * generation is unavailable (e.g. a runtime that forbids `new Function`) callers fall back
 * to their closure loops.
 * @internal
 */
import { NOT_FOUND, type Scope } from '../scope.js';

/** A root reader kind, as in {@link PathRoot}. */
export type RootKind = { readonly kind: 'input' } | { readonly kind: 'context' } | { readonly kind: 'current' } | { readonly kind: 'var'; readonly name: string };

type Getter = (scope: Scope, current: unknown) => unknown;

let available: boolean | undefined;

/** Forces code generation off (true) or back to auto-detection (false); for tests of the fallback closures. @internal */
export function disableCodegen(disabled: boolean): void {
  available = disabled ? false : undefined;
}

function canGenerate(): boolean {
  if (available === undefined) {
    try {
      available = (new Function('return 1') as () => number)() === 1;
    } catch {
      available = false;
    }
  }
  return available;
}

function rootSource(root: RootKind): string {
  switch (root.kind) {
    case 'input': return 's.input';
    case 'context': return 's.context';
    case 'current': return 'c';
    case 'var': {
      const n = JSON.stringify(root.name);
      return `(${n} in s.vars ? s.vars[${n}] : NF)`;
    }
  }
}

/** A getter for a definite path of names and integer indexes, or undefined when code cannot be generated. */
export function generatePathGetter(root: RootKind, keys: readonly (string | number)[], guarded: readonly boolean[]): Getter | undefined {
  if (!canGenerate()) return undefined;
  const lines: string[] = [`let v = ${rootSource(root)};`];
  keys.forEach((k, i) => {
    if (typeof k === 'number') {
      const index = Number(k);
      lines.push('if (!Array.isArray(v)) return NF;');
      lines.push(index < 0 ? `v = v[v.length - ${-index}];` : `v = v[${index}];`);
    } else {
      const name = JSON.stringify(k);
      lines.push("if (typeof v !== 'object' || v === null || Array.isArray(v)) return NF;");
      if (guarded[i] === true) lines.push(`if (!Object.hasOwn(v, ${name})) return NF;`);
      lines.push(`v = v[${name}];`);
    }
    lines.push('if (v === undefined) return NF;');
  });
  lines.push('return v;');
  const factory = new Function('NF', `return function definitePath(s, c) {\n${lines.join('\n')}\n};`) as (nf: symbol) => Getter;
  return factory(NOT_FOUND);
}

/** A builder of `{ k0: runs[0](…), k1: runs[1](…), … }` with the keys in order, or undefined. */
export function generateObjectBuilder<A extends unknown[]>(keys: readonly string[], runs: readonly ((...args: A) => unknown)[]): ((...args: A) => Record<string, unknown>) | undefined {
  // An object literal would treat `__proto__` as the prototype; callers keep their loop then.
  if (!canGenerate() || keys.includes('__proto__')) return undefined;
  const fields = keys.map((k, i) => `${JSON.stringify(k)}: r[${i}](a, b, c)`).join(',\n');
  const factory = new Function('r', `return function buildObject(a, b, c) {\nreturn {\n${fields}\n};\n};`) as (r: readonly ((...args: A) => unknown)[]) => (...args: A) => Record<string, unknown>;
  return factory(runs);
}
