/**
 * Retry and Catch: DSL camelCase options → ASL Retriers and Catchers.
 */
import type { Catcher, QueryLanguage, Retrier } from '../asl/types.js';
import type { RetryData } from '../dsl/graph.js';
import { durationSeconds } from '../dsl/duration.js';

/** A `States.ALL` entry sorts last (the spec requires it last); the order is otherwise kept. */
function allLast<T extends { readonly ErrorEquals: readonly string[] }>(list: readonly T[]): T[] {
  return [...list.filter((x) => !x.ErrorEquals.includes('States.ALL')), ...list.filter((x) => x.ErrorEquals.includes('States.ALL'))];
}

/** The error names of a list with duplicates removed, `States.ALL` last. */
function errorList(on: readonly string[]): string[] {
  const unique = [...new Set(on)];
  return [...unique.filter((e) => e !== 'States.ALL'), ...unique.filter((e) => e === 'States.ALL')];
}

/**
 * A retry policy as an ASL Retrier: only the fields given are written (the ASL
 * defaults then apply: 1 s interval, 3 attempts, backoff 2, no jitter).
 * @throws RangeError for a malformed duration (the DSL validates at the call site).
 * @see https://states-language.net/spec.html#retrying-after-error
 */
export function compileRetry(r: RetryData): Retrier {
  const seconds = (field: string, d: string | undefined): number | undefined => {
    if (d === undefined) return undefined;
    const s = durationSeconds(d);
    if (s === undefined || s < 1 || s > 99_999_999) throw new RangeError(`${field}: ${JSON.stringify(d)} is not a duration from 1s to 99999999s`);
    return s;
  };
  const interval = seconds('every', r.every);
  const maxDelay = seconds('maxDelay', r.maxDelay);
  return {
    ErrorEquals: errorList(r.on),
    ...(interval === undefined ? {} : { IntervalSeconds: interval }),
    ...(r.attempts === undefined ? {} : { MaxAttempts: r.attempts }),
    ...(r.backoff === undefined ? {} : { BackoffRate: r.backoff }),
    ...(maxDelay === undefined ? {} : { MaxDelaySeconds: maxDelay }),
    ...(r.jitter === undefined ? {} : { JitterStrategy: r.jitter === 'full' ? 'FULL' : 'NONE' }),
    ...(r.comment === undefined ? {} : { Comment: r.comment }),
  };
}

/** Retry policies as the ASL `Retry` list (`States.ALL` last). */
export function compileRetries(list: readonly RetryData[]): Retrier[] {
  return allLast(list.map(compileRetry));
}

/**
 * A catch handler as an ASL Catcher that puts the error under `error`:
 * `ResultPath: '$.error'` in JSONPath, an `Output` merging `$states.errorOutput` in JSONata.
 * @see https://states-language.net/spec.html#fallback-states
 */
export function compileCatch(on: readonly string[], next: string, queryLanguage: QueryLanguage): Catcher {
  return queryLanguage === 'JSONPath'
    ? { ErrorEquals: errorList(on), Next: next, ResultPath: '$.error' }
    : { ErrorEquals: errorList(on), Next: next, Output: '{% $merge([$states.input, {"error": $states.errorOutput}]) %}' };
}

/** Catchers as the ASL `Catch` list (`States.ALL` last). */
export function orderCatchers(list: readonly Catcher[]): Catcher[] {
  return allLast(list);
}
