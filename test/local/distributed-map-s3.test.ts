import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localMatchers, prepare } from '../../src/local/index.js';
import { LocalS3 } from '../../src/local/services/s3/local-s3.js';
import { s3Resources } from '../../src/local/services/s3/s3-resources.js';

expect.extend(localMatchers);

const csvMap = {
  StartAt: 'Rows',
  States: {
    Rows: {
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: 'landing', 'Key.$': '$.key' },
      },
      ItemSelector: { 'id.$': '$$.Map.Item.Value.id', 'qty.$': 'States.StringToJson($$.Map.Item.Value.qty)' },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Double',
        States: { Double: { Type: 'Pass', Parameters: { 'id.$': '$.id', 'twice.$': 'States.MathAdd($.qty, $.qty)' }, End: true } },
      },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', Prefix: 'runs' } },
      End: true,
    },
  },
};

describe('distributed Map on the local S3', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'statecraft-map-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads CSV rows with a header row as items and writes the results with ResultWriter', async () => {
    // given
    const s3 = new LocalS3({ root, buckets: ['landing', 'results'] });
    await s3.putObject({ Bucket: 'landing', Key: 'in/orders.csv', Body: 'id,qty\na,1\nb,5\n' });
    // when
    const r = await prepare(csvMap)._unsafeUnwrap().execute({ key: 'in/orders.csv' }, { resources: s3Resources(s3), executionName: 'e1' });
    // then
    expect(r.status).toBe('SUCCEEDED');
    const out = r.output as { ResultWriterDetails: { Bucket: string; Key: string } };
    expect(out.ResultWriterDetails.Bucket).toBe('results');
    const manifest = JSON.parse(await text(s3, 'results', out.ResultWriterDetails.Key)) as { ResultFiles: { SUCCEEDED: { Key: string }[] } };
    const results = JSON.parse(await text(s3, 'results', manifest.ResultFiles.SUCCEEDED[0]!.Key)) as unknown;
    expect(results).toEqual([{ id: 'a', twice: 2 }, { id: 'b', twice: 10 }]);
  });

  it('fails with the local S3 error when the object does not exist', async () => {
    const s3 = new LocalS3({ root, buckets: ['landing', 'results'] });
    const r = await prepare(csvMap)._unsafeUnwrap().execute({ key: 'missing.csv' }, { resources: s3Resources(s3) });
    expect(r.status).toBe('FAILED');
    expect(r.error).toMatch(/NoSuchKey|ItemReaderFailed/);
  });
});

async function text(s3: LocalS3, bucket: string, key: string): Promise<string> {
  const out = await s3.getObject({ Bucket: bucket, Key: key });
  const chunks: Buffer[] = [];
  for await (const c of out.Body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
