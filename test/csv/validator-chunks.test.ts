import { describe, expect, test } from 'vitest';
import { createCsvValidator, csvSchema, enumOf, integer, string, type CsvSchema } from '../../src/csv/index.js';

const s = csvSchema({ columns: { id: integer(), status: enumOf(['new', 'paid']), note: string({ maxLength: 20 }).nullable() } });

// The validator sniffs the first 8 KiB before it scans, so the interesting
// part sits after a filler that pushes it past the sniffed head.
const filler = Array.from({ length: 490 }, (_, i) => `${i},new,filler ${i % 10}\r\n`).join('');
const tail =
  '601,paid,"a, ""quoted""\nnote"\r\n' +
  '602,new,Grüße 😀 ok\n' +
  '603,lost,\n' +
  '604,paid,"unterminated\n' +
  '605,new,ab"c\n' +
  '606,new,"x"y\n' +
  'x07,paid,\n' +
  '608,new,this note is far too long\n' +
  '609,new\n' +
  '610,paid,"end"';
const invalidFile = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`id,status,note\r\n${filler}${tail}`)]);
const latin1File = Buffer.concat([Buffer.from(`id,status,note\n${filler}611,new,ok\n`), Buffer.from('612,new,caf\u00e9\n613,paid,\n', 'latin1')]);
const validFile = Buffer.from(`id,status,note\n${filler}601,paid,"multi\nline, ""q"""\n602,new,Grüße 😀\n603,new,`);

function runChunks(schema: CsvSchema, chunks: Uint8Array[]): unknown {
  const v = createCsvValidator(schema);
  for (const c of chunks) if (!v.push(c)) break;
  return v.finish();
}

function splits(file: Buffer, at: number[]): Buffer[] {
  const out: Buffer[] = [];
  let prev = 0;
  for (const a of [...at, file.length]) {
    out.push(file.subarray(prev, a));
    prev = a;
  }
  return out;
}

describe.each([
  ['a file with problems, a BOM, CRLF, quotes and multi-byte text', invalidFile],
  ['a Latin-1 file', latin1File],
  ['a valid file ending without a newline', validFile],
])('chunk boundaries anywhere give the same result: %s', (_name, file) => {
  const whole = runChunks(s, [file]);

  test('split in two at every byte offset', () => {
    for (let at = 0; at <= file.length; at++) {
      const r = runChunks(s, splits(file, [at]));
      if (JSON.stringify(r) !== JSON.stringify(whole)) expect({ at, r }).toStrictEqual({ at, r: whole });
    }
  });

  test('split in three around every offset of the tail', () => {
    for (let at = 7000; at < file.length - 5; at += 3) {
      const r = runChunks(s, splits(file, [at, at + 5]));
      if (JSON.stringify(r) !== JSON.stringify(whole)) expect({ at, r }).toStrictEqual({ at, r: whole });
    }
  });

  test('one byte at a time', () => {
    const r = runChunks(s, splits(file, Array.from({ length: file.length - 1 }, (_, i) => i + 1)));
    expect(r).toStrictEqual(whole);
  });
});

describe('the reference results', () => {
  test('the interesting rows lie past the 8 KiB sniffed head, so the scanner sees chunk boundaries in them', () => {
    expect(Buffer.byteLength(`id,status,note\n${filler}`)).toBeGreaterThan(8192);
  });

  test('the file with problems lists each of them at its physical line', () => {
    const r = runChunks(s, [invalidFile]) as { error: { problems: { line: number; column: number; rule: string }[]; rows: number } };
    const base = 492; // header on line 1, 490 filler rows on lines 2..491
    expect(r.error.rows).toBe(499);
    expect(r.error.problems.map((p) => [p.line - base, p.column, p.rule])).toStrictEqual([
      [3, 2, 'enum'], // 603,lost
      [4, 3, 'quote'], // the unterminated quote runs to ab" and then c follows
      [6, 3, 'quote'], // "x"y
      [7, 1, 'integer'], // x07
      [8, 3, 'max-length'],
      [9, 0, 'width'], // 609,new
    ]);
  });

  test('the Latin-1 file fails on its first non-UTF-8 byte', () => {
    const r = runChunks(s, [latin1File]) as { error: { kind: string; line: number } };
    expect(r.error).toMatchObject({ kind: 'encoding', line: 493 });
  });

  test('the valid file has all its rows', () => {
    const r = runChunks(s, [validFile]) as { value: { rows: number } };
    expect(r.value.rows).toBe(493);
  });
});
