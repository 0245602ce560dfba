import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

const saved = { ...process.env };
beforeEach(() => {
  vi.resetModules();
  process.env['AWS_REGION'] = 'eu-west-1';
});
afterEach(() => {
  process.env = { ...saved };
});

describe('deployed entry points', () => {
  test('csv-validate without a schema variable fails with CsvValidation.SchemaInvalid and says what to set', async () => {
    delete process.env['SCHEMA_JSON'];
    delete process.env['CSV_SCHEMA'];
    const { handler } = await import('../../src/handlers/csv-validate/index.js');
    await expect(handler({ bucket: 'b', key: 'k' })).rejects.toMatchObject({
      name: 'CsvValidation.SchemaInvalid',
      message: 'csv-validate: environment variable CSV_SCHEMA (or SCHEMA_JSON) is not set; deploy the function with the schema from schemaToJson()',
    });
  });

  test('csv-validate with a malformed SCHEMA_JSON names the JSON pointer', async () => {
    process.env['SCHEMA_JSON'] = '{"version":1,"columns":[{"name":"a","type":"float"}]}';
    const { handler } = await import('../../src/handlers/csv-validate/index.js');
    await expect(handler({ bucket: 'b', key: 'k' })).rejects.toMatchObject({
      name: 'CsvValidation.SchemaInvalid',
      message: 'csv-validate: SCHEMA_JSON is invalid at /columns/0/type: column "a": unknown column type "float"; expected string, integer, decimal, boolean, date, timestamp or enum',
    });
  });

  test('csv-validate reads CSV_SCHEMA (set by the validate step) and CSV_MAX_PROBLEMS', async () => {
    const { schemaToJson, csvSchema, integer } = await import('../../src/csv/index.js');
    process.env['CSV_SCHEMA'] = schemaToJson(csvSchema({ columns: { id: integer() } }));
    process.env['CSV_MAX_PROBLEMS'] = '2';
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).resolves({ Body: Readable.from([Buffer.from('id\na\nb\nc\n')]) as never });
    const { handler } = await import('../../src/handlers/csv-validate/index.js');
    const e = (await handler({ bucket: 'b', key: 'k' }).catch((x: unknown) => x)) as Error;
    expect(e.name).toBe('CsvValidation.Invalid');
    expect(JSON.parse(e.message)).toMatchObject({ problemCount: 3, problems: [{ line: 2 }, { line: 3 }] });
    s3.restore();
  });

  test('csv-validate refuses a malformed CSV_MAX_PROBLEMS', async () => {
    process.env['SCHEMA_JSON'] = '{"version":1,"columns":[{"name":"a","type":"integer"}]}';
    process.env['CSV_MAX_PROBLEMS'] = 'lots';
    const { handler } = await import('../../src/handlers/csv-validate/index.js');
    await expect(handler({ bucket: 'b', key: 'k' })).rejects.toMatchObject({ name: 'CsvValidation.SchemaInvalid', message: 'csv-validate: CSV_MAX_PROBLEMS must be a positive integer, got "lots"' });
  });

  test('s3-trigger without STATE_MACHINE_ARN says which variable to set', async () => {
    delete process.env['STATE_MACHINE_ARN'];
    const { handler } = await import('../../src/handlers/s3-trigger/index.js');
    await expect(handler({ Records: [] })).rejects.toThrow('s3-trigger: environment variable STATE_MACHINE_ARN is not set; set it in the function configuration');
  });

  test('s3-trigger reads its ARN and prefix from the environment', async () => {
    process.env['STATE_MACHINE_ARN'] = 'arn:aws:states:eu-west-1:1:stateMachine:m';
    process.env['SOURCE_PREFIX'] = 'in/';
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:e', startDate: new Date(0) });
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { handler } = await import('../../src/handlers/s3-trigger/index.js');
    const rec = (key: string) => ({ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key, size: 1, eTag: 'e' } } });
    const report = await handler({ Records: [rec('in/a.csv'), rec('source/b.csv')] } as never);
    expect(report.results.map((r) => r.status)).toStrictEqual(['started', 'refused']);
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.stateMachineArn).toBe('arn:aws:states:eu-west-1:1:stateMachine:m');
    sfn.restore();
  });
});
