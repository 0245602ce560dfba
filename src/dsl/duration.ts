/**
 * Durations in the DSL: strings such as `'30s'`, `'5m'`, `'2h'`, `'1d'`,
 * typed as a template literal and converted to seconds only by the compiler.
 */

/** A duration: a whole number followed by `s`, `m`, `h` or `d`. */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd'}`;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const DURATION = /^(0|[1-9][0-9]*)(s|m|h|d)$/;

/** True when `value` is a well-formed duration string. */
export function isDuration(value: unknown): value is Duration {
  return typeof value === 'string' && DURATION.test(value);
}

/** The number of seconds of a duration, or `undefined` when it is malformed. */
export function durationSeconds(value: string): number | undefined {
  const m = DURATION.exec(value);
  if (m === null) return undefined;
  const unit = m[2] as keyof typeof UNIT_SECONDS;
  return Number(m[1]) * UNIT_SECONDS[unit];
}

/**
 * Checks a duration option at the call site.
 * @throws TypeError naming the field when the value is not a duration.
 */
export function checkDuration(field: string, value: unknown): void {
  if (!isDuration(value)) {
    throw new TypeError(`${field} must be a duration such as '30s', '5m', '2h' or '1d' (a whole number and a unit), got ${JSON.stringify(value)}`);
  }
}
