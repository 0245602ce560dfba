/**
 * The streaming validator: a byte-level CSV scanner (RFC 4180 quoting, LF or
 * CRLF) that keeps only the current incomplete record between chunks.
 *
 * Why hand-written rather than papaparse: papaparse builds a string per field
 * and an array per row (~57 MB/s here before any checking); this scanner
 * finds field boundaries in the bytes, checks types on the bytes, and leaves
 * UTF-8 validation to Node's native `isUtf8` over whole lines.
 */
import { isUtf8 } from 'node:buffer';
import { err, ok, type Result } from 'neverthrow';
import type { Column } from '../columns.js';
import type { CsvProblem, CsvReport, CsvRule, CsvValidationError } from '../errors.js';
import type { CsvSchema } from '../schema.js';
import { ColumnChecker, OK } from './column-checker.js';
import { HEAD_BYTES, findInvalidUtf8, guessLegacyEncoding, sniffHead } from './encoding.js';
import { checkHeader } from './header.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Options of the validator. */
export interface CsvValidatorOptions {
  /** How many problems are listed (all are counted). @default 100 */
  readonly maxProblems?: number;
  /** Largest single record, in bytes (guards against an unclosed quote swallowing the file). @default 1 MiB */
  readonly maxRecordBytes?: number;
  /** Overrides the schema's maxRows. */
  readonly maxRows?: number;
  /** Overrides the schema's maxBytes. */
  readonly maxBytes?: number;
}

const QUOTE_IN_UNQUOTED = 1;
const AFTER_CLOSING_QUOTE = 2;
const UNCLOSED_QUOTE = 3;

function cut(v: string): string {
  return v.length > 80 ? `${v.slice(0, 80)}…` : v;
}

/** @internal The validator state machine; see `createCsvValidator`. */
export class ValidatorCore {
  private readonly checkers: ColumnChecker[];
  private readonly names: readonly string[];
  private readonly delim: number;
  private readonly maxProblems: number;
  private readonly maxRecordBytes: number;
  private readonly maxRows: number;
  private readonly maxBytes: number;

  private head: Buffer[] = [];
  private headLength = 0;
  private headDone = false;
  private pending: Buffer = Buffer.alloc(0);
  /** Absolute byte offset of `pending[0]`. */
  private pendingAt = 0;
  /** Bytes of `pending` already checked for UTF-8 and NULs. */
  private checked = 0;
  /** Physical line number of `pending[0]`. */
  private line = 1;

  private bytes = 0;
  private rows = 0;
  private headerSeen = false;
  private headerOk = true;
  private header: string[] = [];
  private fatal: CsvValidationError | null = null;
  private readonly problems: CsvProblem[] = [];
  private problemCount = 0;

  // Field boundaries of the current record.
  private fs = new Int32Array(64);
  private fe = new Int32Array(64);
  private fq = new Uint8Array(64);
  /** `fq` may hold non-zero flags (set by the quote-aware path). */
  private fqDirty = false;
  private quoteIssue = 0;
  private quoteIssueField = 0;

  constructor(schema: CsvSchema, options: CsvValidatorOptions = {}) {
    this.names = schema.columnNames;
    this.checkers = schema.columnNames.map((n) => new ColumnChecker(n, schema.columns[n] as Column));
    this.delim = schema.delimiter.charCodeAt(0);
    this.maxProblems = options.maxProblems ?? 100;
    this.maxRecordBytes = options.maxRecordBytes ?? 1024 * 1024;
    this.maxRows = options.maxRows ?? schema.maxRows ?? Number.POSITIVE_INFINITY;
    this.maxBytes = options.maxBytes ?? schema.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  /** `true` once a fatal error stopped validation: the caller should stop reading. */
  get stopped(): boolean {
    return this.fatal !== null;
  }

  push(chunk: Uint8Array): boolean {
    if (this.fatal !== null) return false;
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let over = false;
    if (this.bytes + buf.length > this.maxBytes) {
      buf = buf.subarray(0, this.maxBytes - this.bytes);
      over = true;
    }
    this.bytes += buf.length;
    if (!this.headDone) {
      this.head.push(buf);
      this.headLength += buf.length;
      if (this.headLength >= HEAD_BYTES) this.finishHead();
    } else if (buf.length > 0) {
      this.feed(buf, false);
    }
    if (over && this.fatal === null && !this.headDone) this.finishHead();
    if (over && this.fatal === null) {
      this.fatal = { kind: 'too-large', limit: 'bytes', max: this.maxBytes, message: `the file is larger than the limit of ${this.maxBytes} bytes; split it or raise maxBytes` };
    }
    return this.fatal === null;
  }

  finish(): Result<CsvReport, CsvValidationError> {
    if (this.fatal === null && !this.headDone) this.finishHead();
    if (this.fatal === null) this.feed(Buffer.alloc(0), true);
    if (this.fatal !== null) return err(this.fatal);
    const blankHeader = this.header.length === 1 && this.header[0]?.trim() === '';
    if (!this.headerSeen || (blankHeader && this.rows === 0)) {
      return err({ kind: 'empty', message: 'the file is empty; expected a header line and data rows' });
    }
    if (this.rows === 0) {
      return err({ kind: 'header-only', header: this.header, message: `the file has a header line but no data rows (header: ${cut(this.header.join(String.fromCharCode(this.delim)))})` });
    }
    if (this.problemCount > 0) {
      const listed = this.problems.length < this.problemCount ? ` (first ${this.problems.length} listed)` : '';
      const first = this.problems[0] as CsvProblem;
      return err({
        kind: 'invalid',
        problems: this.problems,
        problemCount: this.problemCount,
        rows: this.rows,
        bytes: this.bytes,
        message: `${this.problemCount} problem${this.problemCount === 1 ? '' : 's'} in ${this.rows} rows${listed}; first: line ${first.line}, column ${first.column}${first.field !== '' ? ` (${first.field})` : ''}: ${first.message}`,
      });
    }
    const columns: Record<string, ReturnType<ColumnChecker['stats']>> = {};
    for (const c of this.checkers) columns[c.name] = c.stats();
    return ok({ rows: this.rows, bytes: this.bytes, columns });
  }

  private finishHead(): void {
    this.headDone = true;
    const head = this.head.length === 1 ? (this.head[0] as Buffer) : Buffer.concat(this.head);
    this.head = [];
    const sample = head.subarray(0, HEAD_BYTES);
    const verdict = sniffHead(sample);
    if (verdict.kind === 'other-encoding') {
      const how = verdict.bom ? 'starts with a byte-order mark of' : 'looks like';
      this.fatal = {
        kind: 'encoding',
        encoding: verdict.encoding,
        line: 1,
        offset: 0,
        message: `the file ${how} ${verdict.encoding.toUpperCase()}, not UTF-8; re-save it as UTF-8 (with or without BOM)`,
      };
      return;
    }
    if (verdict.kind === 'binary') {
      this.fatal = { kind: 'binary', offset: verdict.offset, message: `the file is not text (${verdict.reason}); expected a UTF-8 CSV file` };
      return;
    }
    this.pendingAt = verdict.bomLength;
    if (head.length > verdict.bomLength) this.feed(head.subarray(verdict.bomLength), false);
  }

  private feed(chunk: Buffer, final: boolean): void {
    const data = this.pending.length === 0 ? chunk : chunk.length === 0 ? this.pending : Buffer.concat([this.pending, chunk]);
    const end = final ? data.length : data.lastIndexOf(LF) + 1;
    let scanTo = end;
    let textError = -1;
    if (end > this.checked) {
      const nul = data.indexOf(0, this.checked);
      const region = data.subarray(this.checked, end);
      const valid = isUtf8(region);
      let bad = valid ? -1 : findInvalidUtf8(data, this.checked, end);
      if (!valid && bad < 0) bad = this.checked; // the two checkers disagree: report the region start
      textError = nul >= 0 && nul < end && (bad < 0 || nul < bad) ? nul : bad;
      if (textError >= 0) scanTo = data.lastIndexOf(LF, textError) + 1;
    }
    const consumed = this.scan(data, scanTo, final && textError < 0);
    if (textError >= 0) {
      if (this.fatal === null) this.textFatal(data, consumed, textError);
      return;
    }
    if (this.fatal !== null) return;
    this.pendingAt += consumed;
    this.pending = consumed === data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(consumed));
    this.checked = Math.max(0, end - consumed);
    if (this.pending.length > this.maxRecordBytes) {
      this.fatal = {
        kind: 'too-large',
        limit: 'record',
        max: this.maxRecordBytes,
        message: `the record starting on line ${this.line} is longer than ${this.maxRecordBytes} bytes; is a quote left unclosed?`,
      };
    }
  }

  private textFatal(data: Buffer, from: number, at: number): void {
    let line = this.line;
    for (let i = data.indexOf(LF, from); i >= 0 && i < at; i = data.indexOf(LF, i + 1)) line++;
    const offset = this.pendingAt + at;
    if (data[at] === 0) {
      this.fatal = { kind: 'binary', offset, message: `the file is not text: NUL byte on line ${line} (byte offset ${offset}); expected a UTF-8 CSV file` };
      return;
    }
    const encoding = guessLegacyEncoding(data, at);
    const byte = `0x${(data[at] as number).toString(16).toUpperCase().padStart(2, '0')}`;
    const guess = encoding === 'latin-1' ? 'the file looks Latin-1/Windows-1252 encoded' : 'the file is not UTF-8';
    this.fatal = { kind: 'encoding', encoding, line, offset, message: `invalid UTF-8 on line ${line} (byte ${byte} at offset ${offset}); ${guess}; re-save it as UTF-8` };
  }

  /** Scans whole records of `data[0..to)`; returns the offset of the first record not consumed. */
  private scan(data: Buffer, to: number, final: boolean): number {
    const delim = this.delim;
    let i = 0;
    // Next quote at or after i (-1: none left); lets most lines skip the quote-aware path.
    let qpos = data.indexOf(QUOTE);
    while (i < to) {
      if (qpos >= 0 && qpos < i) qpos = data.indexOf(QUOTE, i);
      const qlimit = qpos < 0 || qpos > to ? to : qpos;
      // Fast path: a line with no quote before its LF, split on the delimiter only.
      let fs = this.fs;
      let fe = this.fe;
      let nf = 0;
      let s = i;
      let j = i;
      while (j < qlimit) {
        const c = data[j];
        if (c === delim) {
          if (nf === fs.length - 1) {
            this.grow();
            fs = this.fs;
            fe = this.fe;
          }
          fs[nf] = s;
          fe[nf] = j;
          nf++;
          s = j + 1;
        } else if (c === LF) {
          break;
        }
        j++;
      }
      if (j < qlimit) {
        fs[nf] = s;
        fe[nf] = j > s && data[j - 1] === CR ? j - 1 : j;
        nf++;
        if (this.fqDirty) {
          this.fq.fill(0);
          this.fqDirty = false;
        }
        this.quoteIssue = 0;
        this.record(data, nf, this.line);
        this.line++;
        i = j + 1;
      } else {
        const next = this.scanSlow(data, i, to, final);
        if (next < 0) return i;
        i = next;
      }
      if (this.fatal !== null) return Math.min(i, to);
    }
    return Math.min(i, to);
  }

  /** Scans one record with quotes (or at the end of the data); returns the offset after it, or -1 when incomplete. */
  private scanSlow(data: Buffer, start: number, to: number, final: boolean): number {
    const delim = this.delim;
    let i = start;
    let nf = 0;
    let extraLines = 0;
    this.quoteIssue = 0;
    this.fqDirty = true;
    for (;;) {
      if (nf === this.fs.length) this.grow();
      if (i < to && data[i] === QUOTE) {
        const open = i;
        let j = i + 1;
        let escaped = false;
        let close = -1;
        for (;;) {
          const q = data.indexOf(QUOTE, j);
          if (q < 0 || q >= to) break;
          if (q + 1 < to && data[q + 1] === QUOTE) {
            escaped = true;
            j = q + 2;
            continue;
          }
          close = q;
          break;
        }
        if (close < 0) {
          if (!final) return -1;
          this.flagQuote(UNCLOSED_QUOTE, nf);
          close = to;
        }
        for (let n = data.indexOf(LF, open + 1); n >= 0 && n < close; n = data.indexOf(LF, n + 1)) extraLines++;
        this.fs[nf] = open + 1;
        this.fe[nf] = close;
        this.fq[nf] = escaped ? 2 : 1;
        nf++;
        i = close + 1;
        if (i < to) {
          const c = data[i];
          if (c !== delim && c !== LF && !(c === CR && (i + 1 === to || data[i + 1] === LF))) {
            this.flagQuote(AFTER_CLOSING_QUOTE, nf - 1);
            while (i < to && data[i] !== delim && data[i] !== LF) i++;
          }
        }
        if (i >= to) {
          if (!final) return -1;
          i = to + 1;
          break;
        }
        if (data[i] === delim) {
          i++;
          continue;
        }
        if (data[i] === CR) i++;
        i++; // past LF
        break;
      }
      // Unquoted field.
      let j = i;
      while (j < to) {
        const c = data[j];
        if (c === delim || c === LF) break;
        if (c === QUOTE && this.quoteIssue === 0) this.flagQuote(QUOTE_IN_UNQUOTED, nf);
        j++;
      }
      if (j >= to && !final) return -1;
      let e = j;
      if (e > i && data[e - 1] === CR) e--;
      this.fs[nf] = i;
      this.fe[nf] = e;
      this.fq[nf] = 0;
      nf++;
      if (j < to && data[j] === delim) {
        i = j + 1;
        continue;
      }
      i = j + 1;
      break;
    }
    this.record(data, nf, this.line);
    this.line += 1 + extraLines;
    return i;
  }

  private grow(): void {
    const n = this.fs.length * 2;
    const fs = new Int32Array(n);
    const fe = new Int32Array(n);
    const fq = new Uint8Array(n);
    fs.set(this.fs);
    fe.set(this.fe);
    fq.set(this.fq);
    this.fs = fs;
    this.fe = fe;
    this.fq = fq;
  }

  private flagQuote(kind: number, field: number): void {
    if (this.quoteIssue === 0) {
      this.quoteIssue = kind;
      this.quoteIssueField = field;
    }
  }

  private text(data: Buffer, k: number): string {
    const v = data.toString('utf8', this.fs[k] as number, this.fe[k] as number);
    return this.fq[k] === 2 ? v.replaceAll('""', '"') : v;
  }

  private problem(line: number, column: number, field: string, rule: CsvRule, message: string, value?: string): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems) {
      this.problems.push(value === undefined ? { line, column, field, rule, message } : { line, column, field, rule, message, value: cut(value) });
    }
  }

  private record(data: Buffer, nf: number, line: number): void {
    if (!this.headerSeen) {
      this.headerSeen = true;
      for (let k = 0; k < nf; k++) this.header.push(this.text(data, k));
      if (this.quoteIssue !== 0) this.quoteProblem(data, line, true);
      for (const p of checkHeader(this.header, this.names, String.fromCharCode(this.delim))) this.problem(p.line, p.column, p.field, p.rule, p.message, p.value);
      this.headerOk = this.problemCount === 0;
      return;
    }
    this.rows++;
    if (this.rows > this.maxRows) {
      this.fatal = { kind: 'too-large', limit: 'rows', max: this.maxRows, message: `the file has more than ${this.maxRows} data rows (line ${line}); split it or raise maxRows` };
      return;
    }
    if (!this.headerOk) return;
    if (this.quoteIssue !== 0) {
      this.quoteProblem(data, line, false);
      return;
    }
    const checkers = this.checkers;
    const n = checkers.length;
    if (nf !== n) {
      const blank = nf === 1 && this.fs[0] === this.fe[0] && this.fq[0] === 0;
      const message = blank ? `empty line; expected ${n} fields` : `row has ${nf} field${nf === 1 ? '' : 's'}; expected ${n}`;
      this.problem(line, 0, '', 'width', message);
      return;
    }
    const fs = this.fs;
    const fe = this.fe;
    const fq = this.fq;
    for (let k = 0; k < n; k++) {
      const c = checkers[k] as ColumnChecker;
      const q = fq[k] as number;
      let r: number;
      if (q === 2) {
        const b = Buffer.from(this.text(data, k), 'utf8');
        r = c.check(b, 0, b.length, true);
      } else {
        r = c.check(data, fs[k] as number, fe[k] as number, q === 1);
      }
      if (r !== OK) {
        if (this.problems.length < this.maxProblems) {
          const value = this.text(data, k);
          this.problem(line, k + 1, c.name, c.rule(r), c.message(r, value), value);
        } else {
          this.problemCount++;
        }
      }
    }
  }

  private quoteProblem(data: Buffer, line: number, inHeader: boolean): void {
    const k = this.quoteIssueField;
    const field = inHeader ? (this.header[k] ?? '') : (this.names[k] ?? '');
    const messages: Record<number, string> = {
      [QUOTE_IN_UNQUOTED]: 'quote character inside an unquoted field; put the field in quotes and double the quote ("")',
      [AFTER_CLOSING_QUOTE]: 'text after a closing quote; to write a quote inside a quoted field, double it ("")',
      [UNCLOSED_QUOTE]: `quoted field opened on line ${line} is never closed`,
    };
    this.problem(line, k + 1, field, 'quote', messages[this.quoteIssue] as string, this.text(data, k));
  }
}
