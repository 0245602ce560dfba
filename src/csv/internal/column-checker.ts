/**
 * Checks one column's fields straight from the bytes (no string is built on
 * the valid path except for patterns) and keeps the column's statistics.
 */
import type { Column, ColumnSpec } from '../columns.js';
import type { ColumnStats, CsvRule } from '../errors.js';
import { parseDate, parseDateString, parseTimestamp } from './temporal.js';

/** Outcome codes of {@link ColumnChecker.check}; 0 means valid. */
export const OK = 0;
const REQUIRED = 1;
const NOT_INTEGER = 2;
const UNSAFE_INTEGER = 3;
const BELOW_MIN = 4;
const ABOVE_MAX = 5;
const NOT_DECIMAL = 6;
const TOO_MANY_FRACTION = 7;
const TOO_MANY_INTEGER = 8;
const NOT_BOOLEAN = 9;
const NOT_DATE = 10;
const NOT_TIMESTAMP = 11;
const NEEDS_ZONE = 12;
const HAS_ZONE = 13;
const NOT_ENUM = 14;
const TOO_SHORT = 15;
const TOO_LONG = 16;
const NO_MATCH = 17;

const T_STRING = 0;
const T_INTEGER = 1;
const T_DECIMAL = 2;
const T_BOOLEAN = 3;
const T_DATE = 4;
const T_TIMESTAMP = 5;
const T_ENUM = 6;

const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const D0 = 48;

/** Node's `Buffer#utf8Slice` (what `toString('utf8', s, e)` calls after its argument checks), when present. */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (s: number, e: number) => string }).utf8Slice;

/** Decodes `b[s..e)` as UTF-8 (the bytes were already checked to be valid UTF-8). */
function utf8(b: Buffer, s: number, e: number): string {
  return utf8Slice !== undefined ? utf8Slice.call(b, s, e) : b.toString('utf8', s, e);
}

/** Counts UTF-8 code points in `b[s..e)` (input is known valid UTF-8). */
function codePoints(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if (((b[i] as number) & 0xc0) !== 0x80) n++;
  return n;
}

/** The validation state of one column. @internal */
export class ColumnChecker {
  private readonly t: number;
  private readonly spec: ColumnSpec;
  private readonly nullable: boolean;
  private readonly min: number;
  private readonly max: number;
  private readonly minLength: number;
  private readonly maxLength: number;
  private readonly re: RegExp | undefined;
  private readonly enumBytes: readonly Buffer[];
  private readonly zone: 'required' | 'forbidden' | 'optional';
  private readonly maxInt: number;
  private readonly scale: number;
  /** Extra detail for the last failure's message (a length, a bound). */
  private detail = 0;

  nulls = 0;
  count = 0;
  private nMin = Number.POSITIVE_INFINITY;
  private nMax = Number.NEGATIVE_INFINITY;
  private sMin: string | null = null;
  private sMax: string | null = null;
  private maxLen = 0;
  private trues = 0;
  private falses = 0;
  private readonly enumCounts: number[];

  constructor(
    readonly name: string,
    column: Column,
  ) {
    const spec = column.spec;
    this.spec = spec;
    this.nullable = column.isNullable;
    this.t = { string: T_STRING, integer: T_INTEGER, decimal: T_DECIMAL, boolean: T_BOOLEAN, date: T_DATE, timestamp: T_TIMESTAMP, enum: T_ENUM }[spec.type];
    let min = Number.NEGATIVE_INFINITY;
    let max = Number.POSITIVE_INFINITY;
    if (spec.type === 'integer' || spec.type === 'decimal') {
      min = spec.min ?? min;
      max = spec.max ?? max;
    } else if (spec.type === 'date') {
      if (spec.min !== undefined) min = parseDateString(spec.min);
      if (spec.max !== undefined) max = parseDateString(spec.max);
    }
    this.min = min;
    this.max = max;
    this.minLength = spec.type === 'string' ? (spec.minLength ?? 0) : 0;
    this.maxLength = spec.type === 'string' ? (spec.maxLength ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
    this.re = spec.type === 'string' ? spec.pattern : undefined;
    this.enumBytes = spec.type === 'enum' ? spec.values.map((v) => Buffer.from(v, 'utf8')) : [];
    this.enumCounts = this.enumBytes.map(() => 0);
    this.zone = spec.type === 'timestamp' ? (spec.timezone ?? 'optional') : 'optional';
    this.scale = spec.type === 'decimal' ? spec.scale : 0;
    this.maxInt = spec.type === 'decimal' ? spec.precision - spec.scale : 0;
  }

  /**
   * Checks `b[s..e)`; `quoted` says the field was in quotes (a quoted empty
   * string is `''` for string columns, null otherwise). Returns OK or a code.
   */
  check(b: Buffer, s: number, e: number, quoted: boolean): number {
    if (s === e && (!quoted || this.t !== T_STRING)) {
      if (!this.nullable) return REQUIRED;
      this.nulls++;
      return OK;
    }
    let r: number;
    switch (this.t) {
      case T_STRING:
        r = this.checkString(b, s, e);
        break;
      case T_INTEGER:
        r = this.checkInteger(b, s, e);
        break;
      case T_DECIMAL:
        r = this.checkDecimal(b, s, e);
        break;
      case T_BOOLEAN:
        r = this.checkBoolean(b, s, e);
        break;
      case T_DATE:
        r = this.checkDate(b, s, e);
        break;
      case T_TIMESTAMP:
        r = this.checkTimestamp(b, s, e);
        break;
      default:
        r = this.checkEnum(b, s, e);
    }
    if (r === OK) this.count++;
    return r;
  }

  private checkString(b: Buffer, s: number, e: number): number {
    const bytes = e - s;
    // A code point is 1-4 bytes: count only when the byte length leaves doubt.
    let len = -1;
    if (bytes > this.maxLength || bytes < this.minLength * 4 || bytes > this.maxLen) len = codePoints(b, s, e);
    if (len >= 0) {
      if (len > this.maxLength) return ((this.detail = len), TOO_LONG);
      if (len < this.minLength) return ((this.detail = len), TOO_SHORT);
    }
    if (this.re !== undefined && !this.re.test(utf8(b, s, e))) return NO_MATCH;
    if (len > this.maxLen) this.maxLen = len;
    return OK;
  }

  private checkInteger(b: Buffer, s: number, e: number): number {
    let i = s;
    let neg = false;
    const c0 = b[i];
    if (c0 === MINUS || c0 === PLUS) {
      neg = c0 === MINUS;
      i++;
    }
    if (i === e) return NOT_INTEGER;
    let v = 0;
    for (; i < e; i++) {
      const d = (b[i] as number) - D0;
      if (d < 0 || d > 9) return NOT_INTEGER;
      v = v * 10 + d;
    }
    if (v > Number.MAX_SAFE_INTEGER) return UNSAFE_INTEGER;
    if (neg) v = -v;
    return this.range(v);
  }

  private range(v: number): number {
    if (v < this.min) return BELOW_MIN;
    if (v > this.max) return ABOVE_MAX;
    if (v < this.nMin) this.nMin = v;
    if (v > this.nMax) this.nMax = v;
    return OK;
  }

  private checkDecimal(b: Buffer, s: number, e: number): number {
    let i = s;
    const c0 = b[i];
    const neg = c0 === MINUS;
    if (neg || c0 === PLUS) i++;
    const digitsStart = i;
    let intDigits = 0;
    let v = 0;
    for (; i < e; i++) {
      const d = (b[i] as number) - D0;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      if (v !== 0) intDigits++;
    }
    let anyDigit = i > digitsStart;
    let fracDigits = 0;
    if (i < e && b[i] === DOT) {
      i++;
      let f = 0;
      let div = 1;
      for (; i < e; i++) {
        const d = (b[i] as number) - D0;
        if (d < 0 || d > 9) break;
        f = f * 10 + d;
        div *= 10;
        fracDigits++;
      }
      if (fracDigits === 0) return NOT_DECIMAL;
      anyDigit = true;
      v += f / div;
    }
    if (i !== e || !anyDigit) return NOT_DECIMAL;
    if (fracDigits > this.scale) return ((this.detail = fracDigits), TOO_MANY_FRACTION);
    if (intDigits > this.maxInt) return ((this.detail = intDigits), TOO_MANY_INTEGER);
    return this.range(neg ? -v : v);
  }

  private checkBoolean(b: Buffer, s: number, e: number): number {
    const n = e - s;
    if (n > 5) return NOT_BOOLEAN;
    // Pack the lower-cased bytes into one number and compare with the literals.
    let w = 0;
    for (let i = s; i < e; i++) {
      const c = b[i] as number;
      w = w * 256 + (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);
    }
    switch (w) {
      case 0x74: // t
      case 0x79: // y
      case 0x31: // 1
      case 0x79_65_73: // yes
      case 0x74_72_75_65: // true
        this.trues++;
        return OK;
      case 0x66: // f
      case 0x6e: // n
      case 0x30: // 0
      case 0x6e_6f: // no
      case 0x66_61_6c_73_65: // false
        this.falses++;
        return OK;
      default:
        return NOT_BOOLEAN;
    }
  }

  private checkDate(b: Buffer, s: number, e: number): number {
    const v = parseDate(b, s, e);
    if (v < 0) return NOT_DATE;
    if (v < this.min) return BELOW_MIN;
    if (v > this.max) return ABOVE_MAX;
    if (v < this.nMin) {
      this.nMin = v;
      this.sMin = b.toString('latin1', s, e);
    }
    if (v > this.nMax) {
      this.nMax = v;
      this.sMax = b.toString('latin1', s, e);
    }
    return OK;
  }

  private checkTimestamp(b: Buffer, s: number, e: number): number {
    const v = parseTimestamp(b, s, e, this.zone);
    if (Number.isNaN(v)) return NOT_TIMESTAMP;
    if (v === Number.POSITIVE_INFINITY) return NEEDS_ZONE;
    if (v === Number.NEGATIVE_INFINITY) return HAS_ZONE;
    if (v < this.nMin) {
      this.nMin = v;
      this.sMin = b.toString('latin1', s, e);
    }
    if (v > this.nMax) {
      this.nMax = v;
      this.sMax = b.toString('latin1', s, e);
    }
    return OK;
  }

  private checkEnum(b: Buffer, s: number, e: number): number {
    const n = e - s;
    const values = this.enumBytes;
    outer: for (let k = 0; k < values.length; k++) {
      const v = values[k] as Buffer;
      if (v.length !== n) continue;
      for (let i = 0; i < n; i++) if (v[i] !== b[s + i]) continue outer;
      (this.enumCounts[k] as number)++;
      return OK;
    }
    return NOT_ENUM;
  }

  /** The rule broken by failure `code`. */
  rule(code: number): CsvRule {
    switch (code) {
      case REQUIRED:
        return 'required';
      case NOT_INTEGER:
      case UNSAFE_INTEGER:
        return 'integer';
      case BELOW_MIN:
      case ABOVE_MAX:
        return 'range';
      case NOT_DECIMAL:
      case TOO_MANY_FRACTION:
      case TOO_MANY_INTEGER:
        return 'decimal';
      case NOT_BOOLEAN:
        return 'boolean';
      case NOT_DATE:
        return 'date';
      case NOT_TIMESTAMP:
      case NEEDS_ZONE:
      case HAS_ZONE:
        return 'timestamp';
      case NOT_ENUM:
        return 'enum';
      case TOO_SHORT:
        return 'min-length';
      case TOO_LONG:
        return 'max-length';
      default:
        return 'pattern';
    }
  }

  /** A one-sentence message for failure `code` on `value` (call right after `check`). */
  message(code: number, value: string): string {
    const q = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    const spec = this.spec;
    switch (code) {
      case REQUIRED:
        return `column "${this.name}" is required but empty`;
      case NOT_INTEGER:
        return `${q} is not an integer`;
      case UNSAFE_INTEGER:
        return `${q} is outside the safe integer range (±${Number.MAX_SAFE_INTEGER})`;
      case BELOW_MIN:
        return `${q} is below the minimum ${spec.type === 'date' ? spec.min : String(this.min)}`;
      case ABOVE_MAX:
        return `${q} is above the maximum ${spec.type === 'date' ? spec.max : String(this.max)}`;
      case NOT_DECIMAL:
        return `${q} is not a decimal number (expected digits with an optional . and sign)`;
      case TOO_MANY_FRACTION:
        return `${q} has ${this.detail} digits after the decimal point; ${this.decimalType()} allows ${this.scale}`;
      case TOO_MANY_INTEGER:
        return `${q} has ${this.detail} digits before the decimal point; ${this.decimalType()} allows ${this.maxInt}`;
      case NOT_BOOLEAN:
        return `${q} is not a boolean (use true/false, t/f, yes/no, y/n or 1/0)`;
      case NOT_DATE:
        return `${q} is not a valid date (expected YYYY-MM-DD)`;
      case NOT_TIMESTAMP:
        return `${q} is not an ISO 8601 timestamp (expected e.g. 2024-05-01T12:30:00Z)`;
      case NEEDS_ZONE:
        return `${q} has no UTC offset; add Z or ±HH:MM`;
      case HAS_ZONE:
        return `${q} has a UTC offset; this column takes times without one`;
      case NOT_ENUM:
        return `${q} is not one of ${spec.type === 'enum' ? spec.values.join(', ') : ''}`;
      case TOO_SHORT:
        return `${q} is ${this.detail} characters long; the minimum is ${this.minLength}`;
      case TOO_LONG:
        return `value is ${this.detail} characters long; the maximum is ${this.maxLength}`;
      default:
        return `${q} does not match ${String(this.re)}`;
    }
  }

  private decimalType(): string {
    return this.spec.type === 'decimal' ? `DECIMAL(${this.spec.precision},${this.spec.scale})` : 'DECIMAL';
  }

  /** The statistics gathered so far. */
  stats(): ColumnStats {
    const base = { nulls: this.nulls, count: this.count };
    switch (this.spec.type) {
      case 'integer':
      case 'decimal':
        return { type: this.spec.type, ...base, min: this.count > 0 ? this.nMin : null, max: this.count > 0 ? this.nMax : null };
      case 'date':
      case 'timestamp':
        return { type: this.spec.type, ...base, min: this.sMin, max: this.sMax };
      case 'enum': {
        const values: Record<string, number> = {};
        this.spec.values.forEach((v, k) => {
          const n = this.enumCounts[k] as number;
          if (n > 0) values[v] = n;
        });
        return { type: 'enum', ...base, distinct: Object.keys(values).length, values };
      }
      case 'string':
        return { type: 'string', ...base, maxLength: this.maxLen };
      case 'boolean':
        return { type: 'boolean', ...base, trues: this.trues, falses: this.falses };
    }
  }
}
