import { describe, expect, test } from 'vitest';
import { createCsvValidator, csvSchema, integer, string, validateCsvBuffer, validateCsvStream } from '../../src/csv/index.js';
import { errorOf } from './helpers.js';

const s = csvSchema({ columns: { id: integer(), name: string() } });

describe('whole-file failures each get their own message', () => {
  test('an empty file', () => {
    expect(errorOf(s, '')).toStrictEqual({ kind: 'empty', message: 'the file is empty; expected a header line and data rows' });
  });

  test('a file holding only a UTF-8 byte-order mark is empty', () => {
    expect(errorOf(s, Buffer.from([0xef, 0xbb, 0xbf])).kind).toBe('empty');
  });

  test('a file holding only a line break is empty', () => {
    expect(errorOf(s, '\r\n').kind).toBe('empty');
  });

  test('a header-only file', () => {
    expect(errorOf(s, 'id,name\n')).toStrictEqual({
      kind: 'header-only',
      header: ['id', 'name'],
      message: 'the file has a header line but no data rows (header: id,name)',
    });
  });

  test('a binary file with NUL bytes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(errorOf(s, png)).toStrictEqual({ kind: 'binary', offset: 8, message: 'the file is not text (it contains a NUL byte at offset 8); expected a UTF-8 CSV file' });
  });

  test('a binary file of random high bytes and control characters', () => {
    const bytes = Buffer.alloc(4000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 151 + 7) % 255 || 1;
    const e = errorOf(s, bytes);
    expect(e.kind).toBe('binary');
    expect(e.message).toMatch(/^the file is not text \(\d+ of its first 4000 bytes are control characters\); expected a UTF-8 CSV file$/);
  });

  test('a NUL byte after the sniffed head names its line', () => {
    const body = `id,name\n${'1,abc\n'.repeat(2000)}2,a\u0000b\n`;
    expect(errorOf(s, body)).toStrictEqual({
      kind: 'binary',
      offset: body.indexOf('\u0000'),
      message: `the file is not text: NUL byte on line 2002 (byte offset ${body.indexOf('\u0000')}); expected a UTF-8 CSV file`,
    });
  });

  test('a UTF-16 LE file with a byte-order mark', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\n1,a\n', 'utf16le')]);
    expect(errorOf(s, utf16)).toStrictEqual({
      kind: 'encoding',
      encoding: 'utf-16le',
      line: 1,
      offset: 0,
      message: 'the file starts with a byte-order mark of UTF-16LE, not UTF-8; re-save it as UTF-8 (with or without BOM)',
    });
  });

  test('a UTF-16 BE file without a byte-order mark', () => {
    const le = Buffer.from('id,name\n1,a\n', 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(errorOf(s, be)).toMatchObject({ kind: 'encoding', encoding: 'utf-16be', message: 'the file looks like UTF-16BE, not UTF-8; re-save it as UTF-8 (with or without BOM)' });
  });

  test('a UTF-32 LE file with a byte-order mark is not mistaken for UTF-16', () => {
    const utf32 = Buffer.from([0xff, 0xfe, 0, 0, 0x69, 0, 0, 0, 0x64, 0, 0, 0]);
    expect(errorOf(s, utf32)).toMatchObject({ kind: 'encoding', encoding: 'utf-32le' });
  });

  test('a quoted header behind a BOM is read like a plain one', () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"id","name"\r\n1,x\r\n')]);
    expect(validateCsvBuffer(s, file)._unsafeUnwrap().rows).toBe(1);
  });

  test('a Latin-1 file names the line and the byte', () => {
    const latin1 = Buffer.from('id,name\n1,Jos\u00e9\n', 'latin1');
    expect(errorOf(s, latin1)).toStrictEqual({
      kind: 'encoding',
      encoding: 'latin-1',
      line: 2,
      offset: 13,
      message: 'invalid UTF-8 on line 2 (byte 0xE9 at offset 13); the file looks Latin-1/Windows-1252 encoded; re-save it as UTF-8',
    });
  });

  test('a UTF-8 file with a BOM is read as if it had none', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\n1,José\n')]);
    const r = validateCsvBuffer(s, withBom)._unsafeUnwrap();
    expect(r).toMatchObject({ rows: 1, bytes: withBom.length });
  });

  test('a UTF-8 sequence truncated at the end of the file', () => {
    const cut = Buffer.concat([Buffer.from('id,name\n1,ab'), Buffer.from([0xc3])]);
    expect(errorOf(s, cut)).toMatchObject({ kind: 'encoding', line: 2, offset: 12 });
  });
});

describe('limits', () => {
  test('more rows than maxRows stops at the first row over', () => {
    const limited = csvSchema({ columns: { id: integer() }, maxRows: 2 });
    expect(errorOf(limited, 'id\n1\n2\n3\n4\n')).toStrictEqual({
      kind: 'too-large',
      limit: 'rows',
      max: 2,
      message: 'the file has more than 2 data rows (line 4); split it or raise maxRows',
    });
  });

  test('more bytes than maxBytes stops reading', () => {
    const limited = csvSchema({ columns: { id: integer() }, maxBytes: 10 });
    const v = createCsvValidator(limited);
    expect(v.push(Buffer.from('id\n1\n2\n'))).toBe(true);
    expect(v.push(Buffer.from('3\n4\n5\n'))).toBe(false);
    expect(v.stopped).toBe(true);
    expect(v.finish()._unsafeUnwrapErr()).toStrictEqual({
      kind: 'too-large',
      limit: 'bytes',
      max: 10,
      message: 'the file is larger than the limit of 10 bytes; split it or raise maxBytes',
    });
  });

  test('an unclosed quote swallowing the file hits the record limit', () => {
    const e = errorOf(s, `id,name\n1,"${'x\n'.repeat(100)}`, { maxRecordBytes: 64 });
    expect(e).toStrictEqual({
      kind: 'too-large',
      limit: 'record',
      max: 64,
      message: 'the record starting on line 2 is longer than 64 bytes; is a quote left unclosed?',
    });
  });
});

describe('streaming', () => {
  test('validateCsvStream reads an async iterable and stops at a fatal error', async () => {
    let pulled = 0;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (const c of [`id,name\n${'1,a\n'.repeat(3000)}`, '2,\u0000\n', '3,b\n', '4,c\n']) {
        pulled++;
        yield Buffer.from(c);
      }
    }
    const r = await validateCsvStream(s, chunks());
    expect(r._unsafeUnwrapErr().kind).toBe('binary');
    expect(pulled).toBe(2);
  });

  test('validateCsvStream reads a Node Readable', async () => {
    const { Readable } = await import('node:stream');
    const r = await validateCsvStream(s, Readable.from([Buffer.from('id,na'), Buffer.from('me\n1,"a\nb"\n2,c\n')]));
    expect(r._unsafeUnwrap()).toMatchObject({ rows: 2, columns: { name: { maxLength: 3 } } });
  });

  test('options override the schema limits', () => {
    const limited = csvSchema({ columns: { id: integer() }, maxRows: 1 });
    expect(validateCsvBuffer(limited, 'id\n1\n2\n', { maxRows: 5 })._unsafeUnwrap().rows).toBe(2);
  });

  test('a file without a final newline is complete', () => {
    expect(validateCsvBuffer(s, 'id,name\n1,a\n2,b')._unsafeUnwrap().rows).toBe(2);
  });
});
