/**
 * Clocks of the interpreter.
 *
 * With the virtual clock (the default) Wait states, retry back-off and task
 * timeouts advance virtual time instead of sleeping: an execution holding a
 * one-hour Wait finishes in microseconds, and its history shows the virtual
 * timestamps. Each branch of a Parallel and each Map iteration carries its own
 * virtual time cursor that starts at its parent's time; the parent continues at
 * the latest end, as a discrete-event simulation of truly concurrent branches.
 */

/** A source of time for executions. @see https://github.com/statelyai/xstate SimulatedClock */
export interface Clock {
  /** `virtual`: time only moves when the interpreter advances it; `real`: wall-clock sleeps. */
  readonly kind: 'virtual' | 'real';
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Moves a virtual clock forward to `epochMs` (never backwards); a real clock ignores it. */
  advanceTo(epochMs: number): void;
  /** Resolves when `ms` milliseconds have passed (real clocks only; virtual clocks resolve at once). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The default start of virtual time: 2024-01-01T00:00:00.000Z, so histories are reproducible. */
export const DEFAULT_VIRTUAL_START = Date.UTC(2024, 0, 1);

/** A virtual clock starting at `startMs` (epoch milliseconds). @default DEFAULT_VIRTUAL_START */
export function virtualClock(startMs: number = DEFAULT_VIRTUAL_START): Clock {
  let current = startMs;
  return {
    kind: 'virtual',
    now: () => current,
    advanceTo(epochMs) {
      if (epochMs > current) current = epochMs;
    },
    sleep: () => Promise.resolve(),
  };
}

/** The wall clock: Wait states and back-off really sleep. */
export function realClock(): Clock {
  return {
    kind: 'real',
    now: () => Date.now(),
    advanceTo() {},
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (ms <= 0 || signal?.aborted) {
          resolve();
          return;
        }
        const t = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        const onAbort = (): void => {
          clearTimeout(t);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

/**
 * The clock of executions run without a `clock` option: virtual time starting
 * at DEFAULT_VIRTUAL_START for every execution. Shared and stateless (each
 * execution keeps its own cursor), so it costs nothing per execution. @internal
 */
export const DEFAULT_CLOCK: Clock = Object.freeze({
  kind: 'virtual' as const,
  now: () => DEFAULT_VIRTUAL_START,
  advanceTo() {},
  sleep: () => Promise.resolve(),
});
