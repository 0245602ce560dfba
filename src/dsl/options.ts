/**
 * Step options in the DSL's camelCase vocabulary (`retry`, `catch`,
 * `resultAt`, `discardResult`, `timeout`), their types and their validation at
 * the call site. `compile/` maps them to ASL.
 */
import type { StatesErrorName } from '../asl/types.js';
import { STATES_ERROR_NAMES } from '../asl/types.js';
import { checkDuration } from './duration.js';
import type { Duration } from './duration.js';

/** An error name a Retry or Catch may name: the step's own errors plus the `States.*` names. */
export type ErrorName<E extends string> = E | StatesErrorName;

/**
 * A retry policy (an ASL Retrier).
 * @see https://states-language.net/spec.html#retrying-after-error
 */
export interface RetryOptions<E extends string> {
  /** The errors this policy applies to. */
  readonly on: readonly ErrorName<E>[];
  /** Interval before the first retry. @default '1s' */
  readonly every?: Duration;
  /** Maximum retries; 0 means never retry. @default 3 */
  readonly attempts?: number;
  /** Multiplier of the interval per attempt, ≥ 1. @default 2 */
  readonly backoff?: number;
  /** Upper bound of the interval. @default no bound */
  readonly maxDelay?: Duration;
  /** Randomise intervals (`full` jitter) or not. @default 'none' */
  readonly jitter?: 'full' | 'none';
  /** ASL `Comment`. */
  readonly comment?: string;
}

/** Where the result of a step goes. */
export type Placement =
  | { readonly kind: 'replace' }
  | { readonly kind: 'at'; readonly key: string }
  | { readonly kind: 'discard' };

/** The placement options a step, map or parallel accepts. */
export interface PlacementOptions {
  /** Put the result under this key of the state: next state is `State & { [key]: Out }`. */
  readonly resultAt?: string;
  /** Drop the result: next state is the current state. */
  readonly discardResult?: boolean;
}

/** The next state type after a step producing `O` on state `S` with options `Opt`. */
export type Placed<S, O, Opt> = Opt extends { readonly resultAt: infer K extends string }
  ? S & { [P in K]: O }
  : Opt extends { readonly discardResult: true }
    ? S
    : O;

/** The next state from the `resultAt` key `K` (never: not given) and `discardResult` flag `D`. */
export type PlacedBy<S, O, K extends string, D extends boolean> = [K] extends [never]
  ? [D] extends [true] ? S : O
  : S & { [P in K]: O };

/**
 * Catch names that match other errors than their own: `States.ALL` matches every
 * error, `States.TaskFailed` every error of a task but `States.Timeout`.
 * @see https://states-language.net/spec.html#error-names
 */
export type WildcardErrorName = 'States.ALL' | 'States.TaskFailed';

/**
 * The `error` field a catch handler receives when it catches the names `N`.
 * A catcher matches an error by exact name, so the handler sees one of the
 * names it lists; with a wildcard (`States.ALL`, `States.TaskFailed`) the name
 * is any `string` — a Lambda function, a callback or a child execution may
 * raise names the step does not declare, so a narrower union would be unsound.
 */
export type CaughtError<N extends string> = { Error: [Extract<N, WildcardErrorName>] extends [never] ? N : string; Cause: string };

/**
 * The errors `E` of a node that its catch entries (catching the names `N`) let
 * through to the enclosing chain. A catcher matches by exact name, `States.ALL`
 * matches every error but `States.Runtime` and `States.DataLimitExceeded`, and
 * `States.TaskFailed` every error but those and `States.Timeout`. Retries do not
 * take errors away: once they are used up the error goes on.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export type Uncaught<E extends string, N extends string> = [Extract<N, WildcardErrorName>] extends [never]
  ? Exclude<E, N>
  : [Extract<N, 'States.ALL'>] extends [never]
    ? Extract<E, 'States.Timeout' | 'States.Runtime' | 'States.DataLimitExceeded'>
    : Extract<E, 'States.Runtime' | 'States.DataLimitExceeded'>;

/** The input of a catch handler for the names `N`: the state plus the error under `error`. */
export type CatchInput<S, N extends string> = S & { error: CaughtError<N> };

const STATES_NAMES: ReadonlySet<string> = new Set(STATES_ERROR_NAMES);

/**
 * Validates error lists: non-empty strings, `States.*` names must be real ones,
 * and `States.ALL` must be alone and in the last entry.
 * @throws TypeError naming the field.
 */
export function checkErrorLists(field: 'retry' | 'catch', lists: readonly (readonly string[])[]): void {
  lists.forEach((on, i) => {
    const where = `${field}[${i}].on`;
    if (!Array.isArray(on) || on.length === 0) throw new TypeError(`${where} must list at least one error name`);
    on.forEach((name, j) => {
      if (typeof name !== 'string' || name === '') throw new TypeError(`${where}[${j}] must be a non-empty error name`);
      if (name.startsWith('States.') && !STATES_NAMES.has(name)) {
        throw new TypeError(`${where}[${j}]: '${name}' is not a predefined States.* error name`);
      }
    });
    if (on.includes('States.ALL')) {
      if (on.length !== 1) throw new TypeError(`${where}: 'States.ALL' must appear alone`);
      if (i !== lists.length - 1) throw new TypeError(`${where}: the entry with 'States.ALL' must be the last ${field} entry`);
    }
  });
}

/**
 * Validates retry policies at the call site (what the types cannot check).
 * @throws TypeError naming the field and the rule.
 */
export function checkRetry(retry: readonly RetryOptions<string>[]): void {
  if (!Array.isArray(retry)) throw new TypeError('retry must be an array of retry policies');
  checkErrorLists('retry', retry.map((r) => r.on));
  retry.forEach((r, i) => {
    const at = `retry[${i}]`;
    if (r.every !== undefined) {
      checkDuration(`${at}.every`, r.every);
      if (r.every.startsWith('0')) throw new TypeError(`${at}.every must be at least 1s`);
    }
    if (r.maxDelay !== undefined) {
      checkDuration(`${at}.maxDelay`, r.maxDelay);
      if (r.maxDelay.startsWith('0')) throw new TypeError(`${at}.maxDelay must be at least 1s`);
    }
    if (r.attempts !== undefined && (!Number.isInteger(r.attempts) || r.attempts < 0 || r.attempts > 99_999_999)) {
      throw new TypeError(`${at}.attempts must be a whole number from 0 to 99999999, got ${r.attempts}`);
    }
    if (r.backoff !== undefined && (typeof r.backoff !== 'number' || !Number.isFinite(r.backoff) || r.backoff < 1)) {
      throw new TypeError(`${at}.backoff must be a number ≥ 1, got ${r.backoff}`);
    }
    if (r.jitter !== undefined && r.jitter !== 'full' && r.jitter !== 'none') {
      throw new TypeError(`${at}.jitter must be 'full' or 'none', got ${JSON.stringify(r.jitter)}`);
    }
  });
}

/**
 * The placement from `resultAt` / `discardResult`.
 * @throws TypeError when both are given or `resultAt` is not a plain key.
 */
export function placementOf(opts: PlacementOptions | undefined): Placement {
  if (opts === undefined) return { kind: 'replace' };
  if (opts.resultAt !== undefined && opts.discardResult === true) {
    throw new TypeError('resultAt and discardResult cannot both be set: the result either goes under a key or is dropped');
  }
  if (opts.resultAt !== undefined) {
    if (typeof opts.resultAt !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.resultAt)) {
      throw new TypeError(`resultAt must be a field name (letters, digits, _), got ${JSON.stringify(opts.resultAt)}`);
    }
    return { kind: 'at', key: opts.resultAt };
  }
  return opts.discardResult === true ? { kind: 'discard' } : { kind: 'replace' };
}
