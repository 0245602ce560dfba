import { describe, expect, it } from 'vitest';
import { bucket, existingBucket, s3Copy, s3Delete, s3Move, s3Put, S3_ERRORS } from '../../src/steps/s3/index.js';
import { fmt } from '../../src/steps/expr/index.js';
import { NEXT } from '../../src/steps/step.js';
import { IAM_CTX, expectLeastPrivilege, expectValidAsl, render, run, stepDocument } from './harness.js';

type File = { bucket: string; key: string };
const data = bucket('data');
const NAME = 'demo-dev-data-000000000000';
const SPLIT = "States.StringSplit($.key, '/')";
const SAME_NAME_JSONPATH = `States.Format('error/{}', States.ArrayGetItem(${SPLIT}, States.MathAdd(States.ArrayLength(${SPLIT}), -1)))`;

describe('s3Move', () => {
  const move = s3Move<File>({ id: 'quarantine', from: { bucket: data, prefix: 'source/', key: (s) => s.key }, to: { bucket: data, prefix: 'error/', key: 'same-name' } });

  it('expands to a copy that keeps the state, then a delete (JSONPath)', () => {
    expect(render(move, 'JSONPath')).toStrictEqual({
      kind: 'expanded',
      startAt: 'Copy',
      states: {
        Copy: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:copyObject',
          Parameters: { Bucket: NAME, 'CopySource.$': `States.Format('${NAME}/{}', $.key)`, 'Key.$': SAME_NAME_JSONPATH },
          ResultPath: null,
          Next: 'Delete',
        },
        Delete: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:deleteObject', Parameters: { Bucket: NAME, 'Key.$': '$.key' }, Next: NEXT },
      },
    });
  });

  it('expands the same way in JSONata, URL-encoding the copy source', () => {
    expect(render(move, 'JSONata')).toStrictEqual({
      kind: 'expanded',
      startAt: 'Copy',
      states: {
        Copy: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:copyObject',
          Arguments: {
            Bucket: NAME,
            CopySource: `{% "${NAME}/" & $join($map($split($states.input.key, "/"), $encodeUrlComponent), "/") %}`,
            Key: '{% "error/" & $split($states.input.key, "/")[-1] %}',
          },
          Output: '{% $states.input %}',
          Next: 'Delete',
        },
        Delete: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:deleteObject', Arguments: { Bucket: NAME, Key: '{% $states.input.key %}' }, Next: NEXT },
      },
    });
  });

  it('needs read+tags under the source prefix, write+tags under the destination prefix, and delete under the source prefix', () => {
    const iam = move.iam(IAM_CTX);
    expect(iam).toStrictEqual([
      { actions: ['s3:GetObject', 's3:GetObjectTagging'], resources: [`arn:aws:s3:::${NAME}/source/*`] },
      { actions: ['s3:PutObject', 's3:PutObjectTagging'], resources: [`arn:aws:s3:::${NAME}/error/*`] },
      { actions: ['s3:DeleteObject'], resources: [`arn:aws:s3:::${NAME}/source/*`] },
    ]);
    expectLeastPrivilege(iam);
    expect(move.deployables).toStrictEqual([{ kind: 'bucket', id: 'data' }]);
    expect(move.errors).toStrictEqual(S3_ERRORS);
  });

  it('moves the object locally in both query languages: copy to error/<name>, then delete the source', async () => {
    for (const ql of ['JSONPath', 'JSONata'] as const) {
      const doc = stepDocument(move, ql);
      expectValidAsl(doc);
      const objects = new Map<string, string>([[`${NAME}/source/2024/orders.csv`, 'a,b']]);
      const r = await run(doc, { bucket: NAME, key: 'source/2024/orders.csv' }, [
        {
          pattern: 'arn:aws:states:::aws-sdk:s3:copyObject',
          handler: (c) => {
            const { Bucket, CopySource, Key } = c.input as { Bucket: string; CopySource: string; Key: string };
            const body = objects.get(decodeURIComponent(CopySource));
            if (body === undefined) throw new Error(`no ${CopySource}`);
            objects.set(`${Bucket}/${Key}`, body);
            return { CopyObjectResult: { ETag: '"e"', LastModified: '2024-01-01T00:00:00Z' } };
          },
        },
        {
          pattern: 'arn:aws:states:::aws-sdk:s3:deleteObject',
          handler: (c) => {
            const { Bucket, Key } = c.input as { Bucket: string; Key: string };
            objects.delete(`${Bucket}/${Key}`);
            return {};
          },
        },
      ]);
      expect(r.status).toBe('SUCCEEDED');
      expect([...objects.keys()]).toStrictEqual([`${NAME}/error/orders.csv`]);
    }
  });
});

describe('s3Copy and s3Delete', () => {
  it('copies with a key built from the state into another bucket', () => {
    const archive = existingBucket('acme-archive');
    const copy = s3Copy<File>({ id: 'backup', from: { bucket: data, prefix: 'source/', key: (s) => s.key }, to: { bucket: archive, prefix: 'raw/', key: (s) => fmt`raw/${s.key}` } });
    expect(render(copy, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:copyObject',
        Parameters: { Bucket: 'acme-archive', 'CopySource.$': `States.Format('${NAME}/{}', $.key)`, 'Key.$': "States.Format('raw/{}', $.key)" },
      },
    });
    expect(copy.iam(IAM_CTX)).toStrictEqual([
      { actions: ['s3:GetObject', 's3:GetObjectTagging'], resources: [`arn:aws:s3:::${NAME}/source/*`] },
      { actions: ['s3:PutObject', 's3:PutObjectTagging'], resources: ['arn:aws:s3:::acme-archive/raw/*'] },
    ]);
    expect(copy.deployables).toStrictEqual([{ kind: 'bucket', id: 'data' }]);
    expectValidAsl(stepDocument(copy, 'JSONPath'));
    expectValidAsl(stepDocument(copy, 'JSONata'));
  });

  it('deletes a key under a prefix', () => {
    const del = s3Delete<File>({ id: 'cleanup', bucket: data, prefix: 'tmp/', key: (s) => s.key });
    expect(render(del, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:deleteObject', Arguments: { Bucket: NAME, Key: '{% $states.input.key %}' } },
    });
    expect(del.iam(IAM_CTX)).toStrictEqual([{ actions: ['s3:DeleteObject'], resources: [`arn:aws:s3:::${NAME}/tmp/*`] }]);
    expectValidAsl(stepDocument(del, 'JSONPath'));
  });

  it('computes a literal same-name key and URL-encodes a literal copy source at compile time', () => {
    const copy = s3Copy<File>({ id: 'fixed', from: { bucket: data, key: () => 'in/my file.csv' }, to: { bucket: data, prefix: 'out/', key: 'same-name' } });
    expect(render(copy, 'JSONPath')).toMatchObject({ state: { Parameters: { Bucket: NAME, CopySource: `${NAME}/in/my%20file.csv`, Key: 'out/my file.csv' } } });
  });

  it('rejects a key outside its prefix, a bad prefix and a misplaced same-name', () => {
    expect(() => s3Delete<File>({ id: 'x', bucket: data, prefix: 'tmp/', key: () => 'other/a.csv' })).toThrow('s3Delete().key "other/a.csv"… is not under prefix "tmp/"');
    expect(() => s3Delete<File>({ id: 'x', bucket: data, prefix: 'tmp', key: (s) => s.key })).toThrow("s3Delete().prefix must be '' or a folder ending in '/' (no leading '/', no * or ?), got \"tmp\"");
    expect(() => s3Copy<File>({ id: 'x', from: { bucket: data, key: 'same-name' as never }, to: { bucket: data, key: (s) => s.key } })).toThrow("s3Copy().from.key: 'same-name' is only for a destination");
    expect(() => existingBucket('Bad_Name')).toThrow("existingBucket(): expected a bucket name (3-63 lowercase letters, digits, '.', '-'), got \"Bad_Name\"");
  });
});

describe('s3Put', () => {
  type Rejected = File & { error: { Error: string; Cause: string } };
  const put = s3Put<Rejected>({
    id: 'report',
    bucket: data,
    prefix: 'error/',
    key: { nameOf: (s) => s.key, suffix: '.problems.json' },
    body: (s) => ({ file: s.key, error: s.error.Error, cause: s.error.Cause }),
    contentType: 'application/json',
  });

  it('writes a JSON body under a key named after another object (JSONPath)', () => {
    expect(render(put, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
        Parameters: {
          Bucket: NAME,
          'Key.$': `States.Format('error/{}.problems.json', States.ArrayGetItem(${SPLIT}, States.MathAdd(States.ArrayLength(${SPLIT}), -1)))`,
          Body: { 'file.$': '$.key', 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' },
          ContentType: 'application/json',
        },
      },
    });
  });

  it('writes the same in JSONata', () => {
    expect(render(put, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
        Arguments: {
          Bucket: NAME,
          Key: '{% "error/" & $split($states.input.key, "/")[-1] & ".problems.json" %}',
          Body: { file: '{% $states.input.key %}', error: '{% $states.input.error.Error %}', cause: '{% $states.input.error.Cause %}' },
          ContentType: 'application/json',
        },
      },
    });
  });

  it('takes a key from the state, needs s3:PutObject under the prefix only', () => {
    const plain = s3Put<File>({ id: 'marker', bucket: data, prefix: 'done/', key: (s) => fmt`done/${s.key}`, body: () => 'ok' });
    expect(render(plain, 'JSONPath')).toMatchObject({ state: { Parameters: { Bucket: NAME, 'Key.$': "States.Format('done/{}', $.key)", Body: 'ok' } } });
    const iam = put.iam(IAM_CTX);
    expect(iam).toStrictEqual([{ actions: ['s3:PutObject'], resources: [`arn:aws:s3:::${NAME}/error/*`] }]);
    expectLeastPrivilege(iam);
    expect(put.deployables).toStrictEqual([{ kind: 'bucket', id: 'data' }]);
  });

  it('writes the object locally', async () => {
    for (const ql of ['JSONPath', 'JSONata'] as const) {
      const doc = stepDocument(put, ql);
      expectValidAsl(doc);
      const written: unknown[] = [];
      const r = await run(doc, { bucket: NAME, key: 'source/a b.csv', error: { Error: 'CsvValidation.Invalid', Cause: '{"problems":[]}' } }, [
        { pattern: 'arn:aws:states:::aws-sdk:s3:putObject', handler: (c) => { written.push(c.input); return { ETag: '"e"' }; } },
      ]);
      expect(r.status).toBe('SUCCEEDED');
      expect(written).toStrictEqual([{ Bucket: NAME, Key: 'error/a b.csv.problems.json', Body: { file: 'source/a b.csv', error: 'CsvValidation.Invalid', cause: '{"problems":[]}' }, ContentType: 'application/json' }]);
    }
  });

  it('rejects a suffix with a slash and a key outside the prefix', () => {
    expect(() => s3Put<File>({ id: 'x', bucket: data, prefix: 'error/', key: { nameOf: (s) => s.key, suffix: '/x' }, body: () => 'b' }))
      .toThrow("s3Put('x').key.suffix must be text without '/', '*' or '?', got \"/x\"");
    expect(() => s3Put<File>({ id: 'x', bucket: data, prefix: 'error/', key: () => 'other/x', body: () => 'b' })).toThrow("s3Put('x').key \"other/x\"… is not under prefix \"error/\"");
  });
});
