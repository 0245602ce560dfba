/**
 * RFC 3339 / ISO-8601 extended offset date-times as AWS accepts them (Java's
 * `ISO_OFFSET_DATE_TIME`): a date, `T`, a time with optional seconds and up to nine
 * fraction digits, and `Z` or a `±HH:MM` offset. A missing `T` or zone is invalid.
 */

/** A parsed timestamp: whole epoch seconds plus nanoseconds (exact, for nanosecond comparisons). */
export interface Timestamp {
  readonly epochSeconds: number;
  readonly nanos: number;
}

const RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)$/;

function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Parses a timestamp; `undefined` when the text is not a valid ISO-8601 extended offset date-time. */
export function parseTimestamp(text: string): Timestamp | undefined {
  const m = RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  let offset = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    const os = m[12] === undefined ? 0 : Number(m[12]);
    if (oh > 18 || om > 59 || os > 59) return undefined;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60 + os);
  }
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  const epochSeconds = date.getTime() / 1000 - offset;
  return { epochSeconds, nanos };
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return a.epochSeconds !== b.epochSeconds ? a.epochSeconds - b.epochSeconds : a.nanos - b.nanos;
}

/** Epoch milliseconds of a timestamp (sub-millisecond digits dropped). */
export function timestampToMillis(t: Timestamp): number {
  return t.epochSeconds * 1000 + Math.floor(t.nanos / 1e6);
}
