import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createCsvValidateHandler, CsvValidationFailure } from '../../src/handlers/csv-validate/index.js';
import { LocalS3 } from '../../src/local/services/s3/local-s3.js';
import { localS3Client } from '../../src/local/services/s3/s3-client.js';
import { ordersSchema } from '../csv/fixtures/orders-schema.js';

const sample = (name: string) => readFile(fileURLToPath(new URL(`../../examples/csv-etl/data/${name}`, import.meta.url)));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'statecraft-csv-validate-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('csv-validate on the local S3 (the same code as in Lambda)', () => {
  test('streams a sample file from the filesystem-backed S3', async () => {
    const s3 = localS3Client(new LocalS3({ root, buckets: ['data'] }));
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'source/orders-good.csv', Body: await sample('orders-good.csv') }));
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'source/orders-bad.csv', Body: await sample('orders-bad.csv') }));
    const validate = createCsvValidateHandler({ s3, schema: ordersSchema });

    const good = await validate({ bucket: 'data', key: 'source/orders-good.csv' });
    expect(good).toMatchObject({ bucket: 'data', key: 'source/orders-good.csv', rows: 300 });

    const bad = await validate({ bucket: 'data', key: 'source/orders-bad.csv' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(CsvValidationFailure);
    expect((bad as CsvValidationFailure).name).toBe('CsvValidation.Invalid');
    expect((bad as CsvValidationFailure).report.problemCount).toBe(12);
  });
});
