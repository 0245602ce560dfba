/** Byte-level parsers for ISO dates and timestamps; no allocation on the valid path. */

const D0 = 48;

function digit(b: Uint8Array, i: number): number {
  const d = (b[i] as number) - D0;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Two ASCII digits at `b[i]`, or -1 (also past the end: NaN fails the range checks). */
function two(b: Uint8Array, i: number): number {
  const a = (b[i] as number) - D0;
  const c = (b[i + 1] as number) - D0;
  return a >= 0 && a <= 9 && c >= 0 && c <= 9 ? a * 10 + c : -1;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Parses `YYYY-MM-DD` at `b[s..s+10)`; returns `y*10000 + m*100 + d` (sortable) or -1. */
export function parseDateAt(b: Uint8Array, s: number): number {
  if (b[s + 4] !== 45 || b[s + 7] !== 45) return -1;
  // Unrolled: this runs once per date or timestamp field.
  const y0 = (b[s] as number) - D0;
  const y1 = (b[s + 1] as number) - D0;
  const y2 = (b[s + 2] as number) - D0;
  const y3 = (b[s + 3] as number) - D0;
  const m0 = (b[s + 5] as number) - D0;
  const m1 = (b[s + 6] as number) - D0;
  const d0 = (b[s + 8] as number) - D0;
  const d1 = (b[s + 9] as number) - D0;
  if (
    !(y0 >= 0 && y0 <= 9 && y1 >= 0 && y1 <= 9 && y2 >= 0 && y2 <= 9 && y3 >= 0 && y3 <= 9) ||
    !(m0 >= 0 && m0 <= 9 && m1 >= 0 && m1 <= 9 && d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9)
  ) {
    return -1;
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
  return y * 10000 + m * 100 + d;
}

/** Parses a whole field as `YYYY-MM-DD`; returns the sortable number or -1. */
export function parseDate(b: Uint8Array, s: number, e: number): number {
  return e - s === 10 ? parseDateAt(b, s) : -1;
}

/** Parses a `YYYY-MM-DD` string to its sortable number, or -1. */
export function parseDateString(v: string): number {
  return parseDate(Buffer.from(v, 'latin1'), 0, v.length);
}

/** {@link parseTimestamp} result: not a timestamp. */
export const TS_BAD = Number.NaN;
/** {@link parseTimestamp} result: a UTC offset is required but missing. */
export const TS_NEEDS_ZONE = Number.POSITIVE_INFINITY;
/** {@link parseTimestamp} result: a UTC offset is present but forbidden. */
export const TS_HAS_ZONE = Number.NEGATIVE_INFINITY;

/**
 * Parses `YYYY-MM-DD[T ]HH:MM[:SS[.f{1,9}]][Z|±HH[:MM]]` at `b[s..e)` to epoch
 * milliseconds (UTC; local times are read as UTC, for ordering only).
 */
export function parseTimestamp(b: Uint8Array, s: number, e: number, zone: 'required' | 'forbidden' | 'optional'): number {
  if (e - s < 16) return TS_BAD;
  const ymd = parseDateAt(b, s);
  if (ymd < 0) return TS_BAD;
  const sep = b[s + 10];
  if ((sep !== 84 && sep !== 32) || b[s + 13] !== 58) return TS_BAD;
  const hh = two(b, s + 11);
  const mi = two(b, s + 14);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return TS_BAD;
  let i = s + 16;
  let ss = 0;
  let ms = 0;
  if (i < e && b[i] === 58) {
    if (i + 3 > e) return TS_BAD;
    ss = two(b, i + 1);
    if (ss < 0 || ss > 59) return TS_BAD;
    i += 3;
    if (i < e && b[i] === 46) {
      i++;
      const start = i;
      let scale = 100;
      while (i < e && digit(b, i) >= 0) {
        ms += digit(b, i) * scale;
        scale /= 10;
        i++;
      }
      if (i === start || i - start > 9) return TS_BAD;
    }
  }
  let offsetMin = 0;
  let hasZone = false;
  if (i < e) {
    const c = b[i];
    if (c === 90 && i + 1 === e) {
      hasZone = true;
    } else if (c === 43 || c === 45) {
      if (i + 3 > e) return TS_BAD;
      const oh = two(b, i + 1);
      let om = 0;
      let j = i + 3;
      if (j < e && b[j] === 58) j++;
      if (j < e) {
        if (j + 2 > e) return TS_BAD;
        om = two(b, j);
        j += 2;
      }
      if (oh < 0 || oh > 23 || om < 0 || om > 59 || j !== e) return TS_BAD;
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
      hasZone = true;
    } else {
      return TS_BAD;
    }
  }
  if (zone === 'required' && !hasZone) return TS_NEEDS_ZONE;
  if (zone === 'forbidden' && hasZone) return TS_HAS_ZONE;
  const y = Math.floor(ymd / 10000);
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  return (((daysFromCivil(y, m, d) * 24 + hh) * 60 + mi - offsetMin) * 60 + ss) * 1000 + Math.floor(ms);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; cheaper than `Date.UTC`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
