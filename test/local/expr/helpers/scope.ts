/** Test helpers for the expression layer. */
import { expect } from 'vitest';
import { TaskFailure } from '../../../../src/local/resources.js';
import type { Scope } from '../../../../src/local/expr/index.js';

/** A scope with the given input, an optional context and variables (a null-prototype root, as the runner makes). */
export function scopeOf(input: unknown, context: unknown = {}, vars: Record<string, unknown> = {}): Scope {
  return { input, context, vars: Object.assign(Object.create(null) as Record<string, unknown>, vars) };
}

/** Unwraps an Ok result, failing the test with the error message otherwise. */
export function okOf<T>(r: { isOk(): boolean; _unsafeUnwrap(): T; _unsafeUnwrapErr(): unknown }): T {
  if (!r.isOk()) throw new Error(`expected Ok, got Err: ${String(r._unsafeUnwrapErr())}`);
  return r._unsafeUnwrap();
}

/** Unwraps an Err result's message. */
export function errOf(r: { isErr(): boolean; _unsafeUnwrapErr(): unknown }): string {
  if (!r.isErr()) throw new Error('expected Err, got Ok');
  return String(r._unsafeUnwrapErr());
}

/** Runs `fn` and returns the TaskFailure it throws (fails the test otherwise). */
export async function failureOf(fn: () => unknown): Promise<{ error: string; cause: string | undefined }> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TaskFailure);
    const f = e as TaskFailure;
    return { error: f.error, cause: f.cause };
  }
  throw new Error('expected a TaskFailure, but nothing was thrown');
}
