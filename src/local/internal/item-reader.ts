/**
 * Distributed Map `ItemReader` and `ResultWriter` through resource handlers.
 *
 * The reader's handler (e.g. the local S3 registered for
 * `arn:aws:states:::s3:getObject`) is called with the evaluated Parameters
 * plus `ReaderConfig`; it may return the items (an array), a listing
 * (`{ Contents: [...] }`, for `s3:listObjectsV2`), or the object's text (or
 * `{ Body: text }`), which is parsed per `ReaderConfig.InputType` (CSV with a
 * FIRST_ROW or GIVEN header, JSON, JSONL).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import type { ReaderConfig } from '../../asl/types.js';
import { TaskFailure } from '../resources.js';

const DELIMS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

/** Parses CSV text (RFC 4180 quoting) into rows of fields. @internal */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Turns what an ItemReader handler returned into the item array. @internal */
export function readerItems(raw: unknown, config: ReaderConfig | undefined): unknown[] {
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (raw !== null && typeof raw === 'object' && Array.isArray((raw as { Contents?: unknown }).Contents)) items = (raw as { Contents: unknown[] }).Contents;
  else {
    const text = typeof raw === 'string' ? raw : typeof (raw as { Body?: unknown } | null)?.Body === 'string' ? (raw as { Body: string }).Body : undefined;
    if (text === undefined) throw new TaskFailure('States.ItemReaderFailed', 'The item reader returned neither items nor object text.');
    const type = config?.InputType ?? 'JSON';
    if (type === 'CSV') {
      const rows = parseCsv(text, DELIMS[config?.CSVDelimiter ?? 'COMMA'] ?? ',');
      let header: readonly string[];
      if (config?.CSVHeaderLocation === 'GIVEN') header = config.CSVHeaders ?? [];
      else {
        const first = rows.shift();
        if (first === undefined) return [];
        header = first;
      }
      items = rows.filter((r) => !(r.length === 1 && r[0] === '')).map((r) => {
        const o: Record<string, string> = {};
        header.forEach((h, i) => {
          o[h] = r[i] ?? '';
        });
        return o;
      });
    } else if (type === 'JSONL') {
      try {
        items = text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
      } catch (e) {
        throw new TaskFailure('States.ItemReaderFailed', `The JSONL object could not be parsed: ${(e as Error).message}`);
      }
    } else {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        throw new TaskFailure('States.ItemReaderFailed', `The JSON object could not be parsed: ${(e as Error).message}`);
      }
      if (!Array.isArray(v)) throw new TaskFailure('States.ItemReaderFailed', 'The JSON object must hold an array of items.');
      items = v;
    }
  }
  const max = config?.MaxItems;
  return typeof max === 'number' && max > 0 ? items.slice(0, max) : items;
}
