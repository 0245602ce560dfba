/**
 * One call of a Task's resource: the lazily built TaskCall, handler-failure
 * normalisation, the 256 KiB payload check, and waiting with TimeoutSeconds /
 * HeartbeatSeconds on the virtual or real clock.
 */
import type { TaskCall } from '../resources.js';
import { TaskFailure } from '../resources.js';
import type { Thread } from './runtime.js';
import { contextObject, nowOf } from './runtime.js';

/** AWS's payload limit: 256 KiB of UTF-8. */
const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Normalises a handler throw to an ASL failure (contract: non-TaskFailure → States.TaskFailed). @internal */
export function handlerFailure(e: unknown): TaskFailure {
  if (e instanceof TaskFailure) return e;
  return new TaskFailure('States.TaskFailed', e instanceof Error ? e.message : String(e));
}

/** Waits for an async task with timeouts: virtual time fires them once the process is idle. @internal */
export function awaitWithTimeouts(t: Thread, p: Promise<unknown>, timeoutMs: number | undefined, heartbeatMs: number | undefined, beat: { last: number; since: boolean }, ac: { abort(): void }, idleMs: number): Promise<unknown> {
  const exec = t.exec;
  const start = nowOf(t);
  return new Promise((resolve, reject) => {
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      exec.control.signal().removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (done) return;
      finish();
      ac.abort();
      reject(exec.control.stopped);
    };
    exec.control.signal().addEventListener('abort', onAbort, { once: true });
    p.then((v) => {
      if (done) return;
      finish();
      resolve(v);
    }, (e: unknown) => {
      if (done) return;
      finish();
      reject(e);
    });
    if (timeoutMs === undefined && heartbeatMs === undefined) return;
    const fire = (error: string, at: number): void => {
      if (done) return;
      finish();
      if (exec.virtual) t.time = Math.max(t.time, at);
      ac.abort();
      reject(new TaskFailure(error));
    };
    if (exec.virtual) {
      // differs from AWS: virtual time cannot know when an async handler "would"
      // finish; once it has been pending for idleMs of real time, virtual
      // time jumps to the first deadline (TimeoutSeconds or HeartbeatSeconds).
      const check = (): void => {
        timer = setTimeout(() => {
          if (done) return;
          if (beat.since) {
            beat.since = false;
            check();
            return;
          }
          const tDeadline = timeoutMs === undefined ? Infinity : start + timeoutMs;
          const hDeadline = heartbeatMs === undefined ? Infinity : beat.last + heartbeatMs;
          if (tDeadline <= hDeadline) fire('States.Timeout', tDeadline);
          else fire('States.HeartbeatTimeout', hDeadline);
        }, idleMs);
      };
      check();
      return;
    }
    const arm = (): void => {
      const now = exec.clock.now();
      const tLeft = timeoutMs === undefined ? Infinity : start + timeoutMs - now;
      const hLeft = heartbeatMs === undefined ? Infinity : beat.last + heartbeatMs - now;
      const left = Math.min(tLeft, hLeft);
      timer = setTimeout(() => {
        if (done) return;
        if (beat.since) {
          beat.since = false;
          arm();
          return;
        }
        fire(tLeft <= hLeft ? 'States.Timeout' : 'States.HeartbeatTimeout', exec.clock.now());
      }, Math.max(0, left));
    };
    arm();
  });
}

/**
 * Is the JSON text of a value over AWS's 256 KiB payload quota? Sums an upper
 * bound (3 UTF-8 bytes per UTF-16 unit) first, so small results are never
 * serialised.
 */
export function exceedsPayloadLimit(v: unknown): boolean {
  if (payloadBudget(v, MAX_PAYLOAD_BYTES) >= 0) return false;
  const text = JSON.stringify(v);
  return text !== undefined && Buffer.byteLength(text) > MAX_PAYLOAD_BYTES;
}

/** What is left of `budget` after an upper bound of `x`'s JSON size (negative: maybe over). */
function payloadBudget(x: unknown, budget: number): number {
  if (typeof x === 'string') return budget - x.length * 3 - 2;
  if (x === null || typeof x !== 'object') return budget - 24;
  budget -= 2;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length && budget >= 0; i++) budget = payloadBudget(x[i], budget);
    return budget;
  }
  for (const k in x) {
    budget = payloadBudget((x as Record<string, unknown>)[k], budget - k.length * 3 - 4);
    if (budget < 0) return budget;
  }
  return budget;
}

/** A TaskCall whose signal and context are built only when a handler reads them. @internal */
export class LazyCall implements TaskCall {
  readonly resource: string;
  readonly stateName: string;
  readonly input: unknown;
  readonly attempt: number;
  readonly taskToken?: string;
  readonly credentials?: unknown;
  readonly #t: Thread;
  #ac: AbortController | undefined;
  constructor(t: Thread, resource: string, stateName: string, input: unknown, credentials: unknown) {
    this.#t = t;
    this.resource = resource;
    this.stateName = stateName;
    this.input = input;
    this.attempt = t.retryCount;
    if (t.taskToken !== undefined) this.taskToken = t.taskToken;
    if (credentials !== undefined) this.credentials = credentials;
  }
  get signal(): AbortSignal {
    this.#ac ??= new AbortController();
    return this.#ac.signal;
  }
  get context(): unknown {
    return contextObject(this.#t, this.stateName);
  }
  now(): number {
    return nowOf(this.#t);
  }
  /** Aborts the call's signal (timeouts, stop). */
  abort(): void {
    this.#ac?.abort();
  }
}
