/**
 * Retry and Catch matching and back-off.
 *
 * Spec (https://states-language.net/spec.html#retrying-after-error): the
 * retriers are scanned in order and the first one whose ErrorEquals holds the
 * error name (or States.ALL) applies; when it has used its MaxAttempts the
 * state falls through to Catch, it never tries a later retrier. Delay before
 * retry n (0-based) is IntervalSeconds × BackoffRate^n, capped by
 * MaxDelaySeconds; JitterStrategy FULL picks a uniformly random delay in
 * [0, delay) (AWS docs "Error handling in Step Functions").
 */
import type { Catcher, Retrier } from '../../asl/types.js';

/** A compiled retrier. @internal */
export interface CompiledRetrier {
  readonly errorEquals: ReadonlySet<string>;
  readonly all: boolean;
  readonly intervalMs: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelayMs: number;
  readonly fullJitter: boolean;
}

/** Compiles a Retrier with the spec's defaults (1 s, 3 attempts, rate 2.0). @internal */
export function compileRetrier(r: Retrier): CompiledRetrier {
  return {
    errorEquals: new Set(r.ErrorEquals),
    all: r.ErrorEquals.includes('States.ALL'),
    intervalMs: (r.IntervalSeconds ?? 1) * 1000,
    maxAttempts: r.MaxAttempts ?? 3,
    backoffRate: r.BackoffRate ?? 2,
    maxDelayMs: r.MaxDelaySeconds === undefined ? Infinity : r.MaxDelaySeconds * 1000,
    fullJitter: r.JitterStrategy === 'FULL',
  };
}

/**
 * Does an ErrorEquals list match the error? States.ALL matches any error except
 * States.Runtime (AWS docs: runtime errors are not retriable and "a retry or
 * catch on States.ALL won't catch States.Runtime"); States.TaskFailed matches
 * any error except States.Timeout. @internal
 */
export function errorMatches(errorEquals: ReadonlySet<string>, all: boolean, error: string): boolean {
  // Recorded AWS behaviour: a States.Runtime failure ends the execution even when
  // a Catch names States.Runtime explicitly.
  if (error === 'States.Runtime') return false;
  if (errorEquals.has(error)) return true;
  if (all) return error !== 'States.Runtime';
  // AWS docs: "States.TaskFailed acts as a wildcard that matches any known error
  // name except for States.Timeout" (runtime errors are never caught by wildcards).
  if (errorEquals.has('States.TaskFailed')) return error !== 'States.Timeout' && error !== 'States.Runtime';
  return false;
}

/** Index of the first matching retrier, or -1. @internal */
export function findRetrier(retriers: readonly CompiledRetrier[], error: string): number {
  for (let i = 0; i < retriers.length; i++) {
    const r = retriers[i]!;
    if (errorMatches(r.errorEquals, r.all, error)) return i;
  }
  return -1;
}

/** Milliseconds to wait before retry number `retry` (0-based) of a retrier. @internal */
export function backoffMs(r: CompiledRetrier, retry: number, random: () => number): number {
  let delay = r.intervalMs * Math.pow(r.backoffRate, retry);
  if (delay > r.maxDelayMs) delay = r.maxDelayMs;
  if (r.fullJitter) delay = random() * delay;
  return Math.round(delay);
}

/** A compiled catcher (JSONPath or JSONata parts filled by the state compiler). @internal */
export interface CompiledCatcher {
  readonly errorEquals: ReadonlySet<string>;
  readonly all: boolean;
  readonly next: string;
  readonly def: Catcher;
}

/** Compiles the matching part of a Catcher. @internal */
export function compileCatcherMatch(c: Catcher): CompiledCatcher {
  return { errorEquals: new Set(c.ErrorEquals), all: c.ErrorEquals.includes('States.ALL'), next: c.Next, def: c };
}

/** Index of the first matching catcher, or -1. @internal */
export function findCatcher(catchers: readonly CompiledCatcher[], error: string): number {
  for (let i = 0; i < catchers.length; i++) {
    const c = catchers[i]!;
    if (errorMatches(c.errorEquals, c.all, error)) return i;
  }
  return -1;
}

/** A small seeded PRNG (mulberry32) so FULL jitter is reproducible. @internal */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
