/**
 * ResultPath: where a state's result goes in its input.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
 */
import { err, ok, type Result } from 'neverthrow';
import { TaskFailure } from '../resources.js';
import { parsePathText } from './path.js';
import { isObject, setOwn, shallowCopy } from './internal/json-value.js';

/** Places `result` into `input`; returns a new value and never mutates `input`. */
export type ResultPathApply = (input: unknown, result: unknown, stateName: string) => unknown;

/**
 * Compiles a ResultPath. `null` keeps the input unchanged (result discarded); an omitted
 * ResultPath (`undefined`) is `$` (the result replaces the input). Otherwise the result is
 * written at the path: missing objects on the way are created, and only the objects on
 * the path are copied. Writing into a value that is not an object (or a missing array
 * index) throws `TaskFailure('States.ResultPathMatchFailure', …)`.
 */
export function compileResultPath(path: string | null | undefined): Result<ResultPathApply, string> {
  if (path === null) return ok((input) => input);
  if (path === undefined || path === '$') return ok((_input, result) => result);
  const parsed = parsePathText(path);
  if (parsed.isErr()) return err(parsed.error);
  const { root, segments } = parsed.value;
  if (root.kind !== 'input') return err(`Invalid ResultPath '${path}': a ResultPath must start with '$' (not '$$' or a variable)`);
  const keys: (string | number)[] = [];
  for (const s of segments) {
    if (s.kind === 'prop') keys.push(s.name);
    else if (s.kind === 'index' && s.index >= 0) keys.push(s.index);
    else return err(`Invalid ResultPath '${path}': a ResultPath may only hold property names and array indexes (no wildcard, slice, filter, scan or function)`);
  }
  const fail = (input: unknown): never => {
    throw new TaskFailure('States.ResultPathMatchFailure', `Unable to apply ReferencePath ${path} to input ${JSON.stringify(input) ?? 'null'}`);
  };
  const place = (node: unknown, i: number, result: unknown, input: unknown): unknown => {
    if (i === keys.length) return result;
    const k = keys[i] as string | number;
    if (typeof k === 'string') {
      if (node === undefined) {
        const created: Record<string, unknown> = {};
        setOwn(created, k, place(undefined, i + 1, result, input));
        return created;
      }
      if (!isObject(node)) return fail(input);
      const child = Object.hasOwn(node, k) ? node[k] : undefined;
      const copy = shallowCopy(node);
      setOwn(copy, k, place(child, i + 1, result, input));
      return copy;
    }
    if (!Array.isArray(node) || k >= node.length) return fail(input);
    const copy = node.slice();
    copy[k] = place(node[k], i + 1, result, input);
    return copy;
  };
  const [only] = keys;
  if (keys.length === 1 && typeof only === 'string' && only !== '__proto__') {
    // The common `$.field` case without the recursion.
    return ok((input, result) => {
      if (input === undefined) return { [only]: result };
      if (!isObject(input)) return fail(input);
      const copy = shallowCopy(input);
      copy[only] = result;
      return copy;
    });
  }
  return ok((input, result) => place(input, 0, result, input));
}
