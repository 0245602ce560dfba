import { describe, expect, it } from 'vitest';
import { compareTimestamps, parseTimestamp, timestampToMillis } from '../../../src/local/expr/index.js';

describe('parseTimestamp (ISO-8601 extended offset date-time, as AWS)', () => {
  it('reads a UTC timestamp', () => expect(timestampToMillis(parseTimestamp('2016-03-14T01:59:00Z')!)).toBe(Date.UTC(2016, 2, 14, 1, 59)));
  it('applies a zone offset', () => expect(timestampToMillis(parseTimestamp('2016-03-14T01:59:00+01:00')!)).toBe(Date.UTC(2016, 2, 14, 0, 59)));
  it('reads years below 100 as written', () => expect(timestampToMillis(parseTimestamp('0050-01-01T00:00:00Z')!)).toBe(Date.parse('0050-01-01T00:00:00.000Z')));
  it('keeps nanoseconds', () => expect(parseTimestamp('2016-03-14T01:59:00.123456789Z')?.nanos).toBe(123456789));
  it('orders timestamps to the nanosecond', () => {
    expect(compareTimestamps(parseTimestamp('2016-03-14T01:59:00.000000001Z')!, parseTimestamp('2016-03-14T01:59:00Z')!)).toBeGreaterThan(0);
  });
  it.each([
    ['2016-13-05T21:29:29Z', 'an invalid month'],
    ['2016-12-05T25:29:29Z', 'an invalid hour'],
    ['2016-02-30T21:29:29Z', 'a day past the end of the month'],
    ['05-12-2016T21:29:29Z', 'a non-ISO date'],
    ['2016-12-05 21:29:29Z', "a missing 'T'"],
    ['2016-12-05T21:29:29', 'a missing zone'],
    ['2016-12-05', 'a date alone'],
  ])('rejects %s (%s)', (text) => expect(parseTimestamp(text)).toBeUndefined());
});
