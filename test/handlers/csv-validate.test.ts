import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, test } from 'vitest';
import { schemaToJson } from '../../src/csv/index.js';
import {
  createCsvValidateHandler,
  CsvValidationFailure,
  MAX_REPORT_CHARS,
  parseValidationCause,
  validationReport,
  type CsvValidationReport,
} from '../../src/handlers/csv-validate/index.js';
import { ordersSchema } from '../csv/fixtures/orders-schema.js';

const HEADER = 'order_id,customer_email,amount,currency,status,order_date,created_at,paid,note\n';
const GOOD = `${HEADER}1,a@b.com,12.50,EUR,new,2024-05-01,2024-05-01T10:00:00Z,true,\n2,c@d.org,0.99,USD,paid,2024-05-02,2024-05-02T11:00:00+02:00,f,"x, y"\n`;

type Body = NonNullable<GetObjectCommandOutput['Body']>;

/** A Node stream body in small chunks that refuses to be buffered whole, and counts what was pulled. */
function streamBody(text: string | Buffer, chunkSize = 7): { body: Body; pulled: () => number; destroyed: () => boolean } {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let pulled = 0;
  function* gen(): Generator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunkSize) {
      pulled++;
      yield bytes.subarray(i, i + chunkSize);
    }
  }
  const stream = Readable.from(gen(), { objectMode: false });
  const body = Object.assign(stream, {
    transformToString: () => Promise.reject(new Error('the handler must stream the body, not buffer it')),
    transformToByteArray: () => Promise.reject(new Error('the handler must stream the body, not buffer it')),
  });
  return { body: body as unknown as Body, pulled: () => pulled, destroyed: () => stream.destroyed };
}

const s3Mock = mockClient(S3Client);
beforeEach(() => s3Mock.reset());

const handler = () => createCsvValidateHandler({ s3: new S3Client({ region: 'eu-west-1' }), schema: ordersSchema });

async function failure(run: Promise<unknown>): Promise<{ name: string; report: CsvValidationReport }> {
  const e = await run.then(
    () => expect.fail('expected the handler to throw'),
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CsvValidationFailure);
  const f = e as CsvValidationFailure;
  expect(JSON.parse(f.message)).toStrictEqual(f.report);
  return { name: f.name, report: f.report };
}

describe('csv-validate', () => {
  test('a valid file returns its location, rows, bytes and column stats', async () => {
    s3Mock.on(GetObjectCommand, { Bucket: 'data', Key: 'source/orders.csv' }).resolves({ Body: streamBody(GOOD).body });
    const out = await handler()({ bucket: 'data', key: 'source/orders.csv' });
    expect(out).toMatchObject({ bucket: 'data', key: 'source/orders.csv', rows: 2, bytes: Buffer.byteLength(GOOD) });
    expect(out.columns['currency']).toStrictEqual({ type: 'enum', nulls: 0, count: 2, distinct: 2, values: { EUR: 1, USD: 1 } });
  });

  test('the version id is passed to GetObject', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: streamBody(GOOD).body });
    await handler()({ bucket: 'data', key: 'k.csv', versionId: 'v7' });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toStrictEqual({ Bucket: 'data', Key: 'k.csv', VersionId: 'v7' });
  });

  test('a web ReadableStream body works too', async () => {
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(Buffer.from(GOOD.slice(0, 50)));
        c.enqueue(Buffer.from(GOOD.slice(50)));
        c.close();
      },
    });
    s3Mock.on(GetObjectCommand).resolves({ Body: web as unknown as Body });
    expect((await handler()({ bucket: 'data', key: 'k.csv' })).rows).toBe(2);
  });

  test('an invalid file throws CsvValidation.Invalid with a JSON report of problems by line and column', async () => {
    const bad = `${HEADER}1,a@b.com,12.505,EUR,new,2024-05-01,2024-05-01T10:00:00Z,true,\n2,c@d.org,0.99,JPY,paid,2024-05-02,2024-05-02T11:00:00Z,f,\n`;
    s3Mock.on(GetObjectCommand).resolves({ Body: streamBody(bad).body });
    const { name, report } = await failure(handler()({ bucket: 'data', key: 'source/bad.csv' }));
    expect(name).toBe('CsvValidation.Invalid');
    expect(report).toStrictEqual({
      error: 'CsvValidation.Invalid',
      kind: 'invalid',
      bucket: 'data',
      key: 'source/bad.csv',
      message: '2 problems in 2 rows; first: line 2, column 3 (amount): "12.505" has 3 digits after the decimal point; DECIMAL(12,2) allows 2',
      problemCount: 2,
      rows: 2,
      problems: [
        { line: 2, column: 3, field: 'amount', rule: 'decimal', message: '"12.505" has 3 digits after the decimal point; DECIMAL(12,2) allows 2', value: '12.505' },
        { line: 3, column: 4, field: 'currency', rule: 'enum', message: '"JPY" is not one of EUR, USD, GBP', value: 'JPY' },
      ],
    });
  });

  test.each([
    ['an empty file', '', 'CsvValidation.Empty', 'the file is empty; expected a header line and data rows'],
    ['a header-only file', HEADER, 'CsvValidation.HeaderOnly', `the file has a header line but no data rows (header: ${HEADER.trim()})`],
    ['a binary file', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), 'CsvValidation.Binary', 'the file is not text (it contains a NUL byte at offset 4); expected a UTF-8 CSV file'],
    ['a UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HEADER, 'utf16le')]), 'CsvValidation.Encoding', 'the file starts with a byte-order mark of UTF-16LE, not UTF-8; re-save it as UTF-8 (with or without BOM)'],
    ['a Latin-1 file', Buffer.from(`${HEADER}1,café@example.com,1.00,EUR\n`, 'latin1'), 'CsvValidation.Encoding', `invalid UTF-8 on line 2 (byte 0xE9 at offset ${HEADER.length + 5}); the file looks Latin-1/Windows-1252 encoded; re-save it as UTF-8`],
  ])('%s throws %s with its own message', async (_what, content, expected, message) => {
    s3Mock.on(GetObjectCommand).resolves({ Body: streamBody(content).body });
    const { name, report } = await failure(handler()({ bucket: 'data', key: 'k.csv' }));
    expect(name).toBe(expected);
    expect(report.error).toBe(expected);
    expect(report.message).toBe(message);
  });

  test('a fatal error stops the download instead of reading the rest', async () => {
    const big = Buffer.concat([Buffer.from(`${HEADER}${'1,a@b.com,1.00,EUR,new,2024-05-01,2024-05-01T10:00:00Z,t,\n'.repeat(400)}`), Buffer.from([0, 0, 0, 10]), Buffer.alloc(1_000_000, 65)]);
    const b = streamBody(big, 4096);
    s3Mock.on(GetObjectCommand).resolves({ Body: b.body });
    const { name } = await failure(handler()({ bucket: 'data', key: 'k.csv' }));
    expect(name).toBe('CsvValidation.Binary');
    expect(b.pulled()).toBeLessThan(20);
    expect(b.destroyed()).toBe(true);
  });

  test('an object whose ContentLength is over maxBytes is refused before reading', async () => {
    const b = streamBody(GOOD);
    s3Mock.on(GetObjectCommand).resolves({ Body: b.body, ContentLength: 10_000 });
    const h = createCsvValidateHandler({ s3: new S3Client({ region: 'eu-west-1' }), schema: ordersSchema, validator: { maxBytes: 1000 } });
    const { name, report } = await failure(h({ bucket: 'data', key: 'k.csv' }));
    expect(name).toBe('CsvValidation.TooLarge');
    expect(report.message).toBe('the file is 10000 bytes, larger than the limit of 1000 bytes; split it or raise maxBytes');
    expect(b.pulled()).toBe(0);
  });

  test('a task input without bucket and key is a clear TypeError', async () => {
    await expect(handler()({ bucket: 'data' } as never)).rejects.toThrow('csv-validate: the task input needs "bucket" and "key" strings, got {"bucket":"data"}');
  });

  test('the report reads back from an ASL cause, bare or in the Lambda error envelope', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: streamBody(HEADER).body });
    const { report } = await failure(handler()({ bucket: 'data', key: 'k.csv' }));
    const envelope = JSON.stringify({ errorType: 'CsvValidation.HeaderOnly', errorMessage: JSON.stringify(report), trace: [] });
    expect(parseValidationCause(envelope)).toStrictEqual(report);
    expect(parseValidationCause(JSON.stringify(report))).toStrictEqual(report);
    expect(parseValidationCause('{"errorMessage":"Task timed out after 3.00 seconds","errorType":"Sandbox.Timedout"}')).toBeUndefined();
    expect(parseValidationCause('not json')).toBeUndefined();
  });

  test('the report is cut to fit an ASL cause', () => {
    const problems = Array.from({ length: 5000 }, (_, i) => ({ line: i + 2, column: 1, field: 'order_id', rule: 'integer' as const, message: `"${'x'.repeat(60)}" is not an integer`, value: 'x'.repeat(60) }));
    const r = validationReport('b', 'k', { kind: 'invalid', problems, problemCount: 9999, rows: 9999, bytes: 1, message: 'm' });
    expect(JSON.stringify(JSON.stringify(r)).length).toBeLessThanOrEqual(MAX_REPORT_CHARS);
    expect(r.problemCount).toBe(9999);
    expect(r.problems?.length).toBeGreaterThan(50);
  });

  test('the Lambda error envelope of the largest report fits an ASL cause (32,768 characters), so it is never cut', () => {
    // Problems full of quotes and backslashes: each is escaped twice in the envelope.
    const problems = Array.from({ length: 5000 }, (_, i) => ({ line: i + 2, column: 1, field: 'order_id', rule: 'integer' as const, message: `"${'"\\'.repeat(30)}" is not an integer`, value: '"\\'.repeat(26) }));
    const failure = new CsvValidationFailure(validationReport('b', 'k', { kind: 'invalid', problems, problemCount: 9999, rows: 9999, bytes: 1, message: 'm' }));
    // As the Node.js Lambda runtime writes a function error, with a request id Step Functions adds nothing to.
    const envelope = JSON.stringify({ errorType: failure.name, errorMessage: failure.message, trace: (failure.stack ?? '').split('\n'), requestId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' });
    expect(envelope.length).toBeLessThanOrEqual(32_768);
    expect(parseValidationCause(envelope)).toStrictEqual(failure.report);
  });

  test('the deployed handler reads its schema from SCHEMA_JSON', async () => {
    const { handler: deployed } = await import('../../src/handlers/csv-validate/index.js');
    process.env['SCHEMA_JSON'] = schemaToJson(ordersSchema);
    process.env['AWS_REGION'] = 'eu-west-1';
    s3Mock.on(GetObjectCommand).resolves({ Body: streamBody(GOOD).body });
    try {
      expect((await deployed({ bucket: 'data', key: 'k.csv' })).rows).toBe(2);
    } finally {
      delete process.env['SCHEMA_JSON'];
    }
  });
});
