/**
 * Items of a distributed Map's `ItemReader` from a local S3 object: CSV (header
 * in the first row or given), JSON (an array) or JSON Lines.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
 */
import Papa from 'papaparse';
import type { ReaderConfig } from '../../../asl/types.js';
import { LocalServiceError } from '../internal/service-error.js';
import type { LocalS3 } from './local-s3.js';

const DELIMITERS = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' } as const;

function readerError(message: string): LocalServiceError {
  return new LocalServiceError('S3', 'ItemReaderFailed', message, 400);
}

/**
 * Parses object text into Map items per `ReaderConfig`: CSV rows become objects
 * keyed by the header with string values; JSON must be an array; JSONL is one
 * value a line. `MaxItems` caps the count.
 */
export function parseItems(text: string, config: ReaderConfig = {}, where = 'the object'): unknown[] {
  const type = config.InputType ?? 'JSON';
  const max = config.MaxItems !== undefined && config.MaxItems > 0 ? config.MaxItems : Infinity;
  switch (type) {
    case 'CSV': {
      const delimiter = DELIMITERS[config.CSVDelimiter ?? 'COMMA'];
      const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true });
      const rows = parsed.data;
      let header: readonly string[];
      if (config.CSVHeaderLocation === 'GIVEN') {
        if (config.CSVHeaders === undefined || config.CSVHeaders.length === 0) {
          throw readerError(`ReaderConfig.CSVHeaders is required when CSVHeaderLocation is GIVEN (reading ${where}).`);
        }
        header = config.CSVHeaders;
      } else {
        const first = rows.shift();
        if (first === undefined) return [];
        header = first;
      }
      const items: Record<string, string>[] = [];
      for (const row of rows) {
        if (items.length >= max) break;
        const item: Record<string, string> = {};
        header.forEach((h, i) => {
          item[h] = row[i] ?? '';
        });
        items.push(item);
      }
      return items;
    }
    case 'JSONL': {
      const items: unknown[] = [];
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length && items.length < max; i++) {
        const line = lines[i]!;
        if (line.trim() === '') continue;
        try {
          items.push(JSON.parse(line));
        } catch (e) {
          throw readerError(`Line ${i + 1} of ${where} is not JSON: ${(e as Error).message}`);
        }
      }
      return items;
    }
    case 'JSON': {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        throw readerError(`${where} is not JSON: ${(e as Error).message}`);
      }
      if (!Array.isArray(v)) throw readerError(`${where} must hold a JSON array of items.`);
      return v.slice(0, max);
    }
    case 'MANIFEST':
    case 'PARQUET':
      throw readerError(`ReaderConfig.InputType ${type} is not supported by the local S3 (CSV, JSON and JSONL are).`);
  }
}

/** Reads `s3://bucket/key` from the local S3 and parses it into Map items (see {@link parseItems}). */
export async function readItems(s3: LocalS3, bucket: string, key: string, readerConfig: ReaderConfig = {}): Promise<unknown[]> {
  const bytes = await s3.getObjectBytes({ Bucket: bucket, Key: key });
  return parseItems(bytes.toString('utf8'), readerConfig, `s3://${bucket}/${key}`);
}
