/**
 * The flagship pipeline: its committed ASL stays in sync with the code, both
 * validators accept it in both query languages, its IAM and resources are
 * what it needs, and it behaves as DESIGN.md says when run on the local
 * interpreter with the real CSV validator handler and fake S3, Glue and SNS.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectDeployables, collectIam, compileOrThrow, toAslJson } from '../../src/index.js';
import type { QueryLanguage } from '../../src/index.js';
import { CsvValidationFailure, createCsvValidateHandler } from '../../src/handlers/csv-validate/index.js';
import { TaskFailure } from '../../src/local/index.js';
import type { ResourceRegistration } from '../../src/local/index.js';
import csvEtlDefault, { csvEtl } from '../../examples/csv-etl/pipeline.js';
import { orders } from '../../examples/csv-etl/schema.js';
import { expectValidAsl, run } from '../steps/harness.js';

const ASL_FILE = fileURLToPath(new URL('../../examples/csv-etl/pipeline.asl.json', import.meta.url));
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../examples/csv-etl/data/${name}`, import.meta.url))));

const BUCKET = 'csv-etl-dev-data-000000000000';
const VALIDATOR = 'arn:aws:lambda:us-east-1:000000000000:function:csv-etl-dev-validate';

describe('examples/csv-etl/pipeline.ts', () => {
  it('exports the pipeline as default and by name', () => {
    expect(csvEtlDefault).toBe(csvEtl);
    expect(csvEtl.name).toBe('csv-etl');
  });

  it('compiles byte for byte to the committed pipeline.asl.json', () => {
    const committed = readFileSync(ASL_FILE, 'utf8');
    const compiled = toAslJson(compileOrThrow(csvEtl));
    // On a difference: regenerate with `npx statecraft compile examples/csv-etl/pipeline.ts --out examples/csv-etl/pipeline.asl.json`.
    expect(compiled).toBe(committed);
    expect(committed.endsWith('}\n')).toBe(true);
  });

  it('compiles to documents both validators accept, in JSONPath and JSONata', () => {
    expectValidAsl(JSON.parse(readFileSync(ASL_FILE, 'utf8')));
    expectValidAsl(compileOrThrow(csvEtl, { queryLanguage: 'JSONata' }));
  });

  it('retries Glue concurrency and throttling errors with backoff and full jitter', () => {
    const doc = compileOrThrow(csvEtl);
    for (const name of ['Stage', 'Transform']) {
      expect(doc.States[name]).toMatchObject({
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Retry: [{ ErrorEquals: ['Glue.ConcurrentRunsExceededException', 'Glue.ThrottlingException'], IntervalSeconds: 30, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 600, JitterStrategy: 'FULL' }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: `Notify failure (${name.toLowerCase()})`, ResultPath: '$.error' }],
      });
    }
  });

  it('needs only scoped IAM: no wildcard action, S3 scoped to its prefixes', () => {
    const iam = collectIam(csvEtl);
    for (const s of iam) for (const a of s.actions) expect(a).not.toContain('*');
    const actionsOn = (resource: string) => iam.filter((s) => s.resources.includes(resource)).flatMap((s) => s.actions).sort();
    expect(actionsOn(VALIDATOR)).toStrictEqual(['lambda:InvokeFunction']);
    expect(actionsOn('arn:aws:glue:us-east-1:000000000000:job/csv-etl-dev-stage')).toStrictEqual(['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun']);
    expect(actionsOn('arn:aws:sns:us-east-1:000000000000:csv-etl-dev-alerts')).toStrictEqual(['sns:Publish']);
    expect(actionsOn(`arn:aws:s3:::${BUCKET}/source/*`)).toStrictEqual(['s3:DeleteObject', 's3:GetObject', 's3:GetObjectTagging']);
    // DeleteObject under error/: the quarantine deletes its copy again when deleting the source fails.
    expect(actionsOn(`arn:aws:s3:::${BUCKET}/error/*`)).toStrictEqual(['s3:DeleteObject', 's3:PutObject', 's3:PutObjectTagging']);
    expect(iam.flatMap((s) => s.resources).filter((r) => r.startsWith('arn:aws:s3:::')).sort()).toStrictEqual([`arn:aws:s3:::${BUCKET}/error/*`, `arn:aws:s3:::${BUCKET}/source/*`]);
  });

  it('declares the resources to deploy: the validator, two Glue jobs, the topic and the data bucket', () => {
    const ds = collectDeployables(csvEtl).map((d) => `${d.kind}:${d.id}`).sort();
    expect(ds).toStrictEqual(['bucket:data', 'glue-job:stage', 'glue-job:transform', 'lambda:validate', 'topic:alerts']);
  });
});

/** A fake AWS for one execution: S3 objects, Glue runs, an SNS outbox, and the real validator handler. */
function fakeAws(options: { stageErrors?: readonly string[]; transformError?: string; validatorFailure?: TaskFailure } = {}) {
  const objects = new Map<string, Uint8Array>();
  const outbox: { subject: unknown; message: Record<string, unknown> }[] = [];
  const glueRuns: { job: string; args: Record<string, string> }[] = [];
  const stageErrors = [...(options.stageErrors ?? [])];
  const s3 = {
    send: async (cmd: { input: { Bucket?: string; Key?: string } }) => {
      const body = objects.get(`${cmd.input.Bucket}/${cmd.input.Key}`);
      if (body === undefined) throw new Error(`NoSuchKey ${cmd.input.Key}`);
      return { Body: body, ContentLength: body.length, $metadata: {} };
    },
  };
  const validator = createCsvValidateHandler({ s3: s3 as never, schema: orders });
  const validate = async (event: unknown) => {
    if (options.validatorFailure !== undefined) throw options.validatorFailure;
    try {
      return await validator(event as { bucket: string; key: string });
    } catch (e) {
      // Step Functions reports a Lambda function error as { Error: name, Cause: JSON of errorType/errorMessage }.
      if (e instanceof CsvValidationFailure) throw new TaskFailure(e.name, JSON.stringify({ errorType: e.name, errorMessage: e.message }));
      throw e;
    }
  };
  const resources: ResourceRegistration[] = [
    { pattern: VALIDATOR, handler: (c) => validate(c.input) },
    { pattern: 'arn:aws:states:::lambda:invoke', handler: async (c) => ({ StatusCode: 200, Payload: await validate((c.input as { Payload: unknown }).Payload) }) },
    {
      pattern: 'arn:aws:states:::glue:startJobRun.sync',
      handler: (c) => {
        const { JobName, Arguments } = c.input as { JobName: string; Arguments: Record<string, string> };
        glueRuns.push({ job: JobName, args: Arguments });
        if (JobName === 'csv-etl-dev-stage') {
          const next = stageErrors.shift();
          if (next !== undefined) throw new TaskFailure(next, 'busy');
          // The stage job archives the file (its default argument --archive-prefix is archive/).
          const from = `${Arguments['--bucket']}/${Arguments['--key']}`;
          const body = objects.get(from);
          if (body === undefined) throw new TaskFailure('States.TaskFailed', `no ${from}`);
          objects.delete(from);
          objects.set(`${Arguments['--bucket']}/archive/${Arguments['--run-id']}/${Arguments['--key']}`, body);
        }
        if (JobName === 'csv-etl-dev-transform' && options.transformError !== undefined) throw new TaskFailure(options.transformError, '{"JobRunState":"FAILED"}');
        return { Id: `jr_${glueRuns.length}`, JobName, JobRunState: 'SUCCEEDED', Attempt: 0, StartedOn: 0, CompletedOn: 1 };
      },
    },
    {
      pattern: 'arn:aws:states:::sns:publish',
      handler: (c) => {
        const { Subject, Message } = c.input as { Subject: unknown; Message: Record<string, unknown> };
        outbox.push({ subject: Subject, message: Message });
        return { MessageId: `m-${outbox.length}` };
      },
    },
    {
      pattern: 'arn:aws:states:::aws-sdk:s3:copyObject',
      handler: (c) => {
        const { Bucket, CopySource, Key } = c.input as { Bucket: string; CopySource: string; Key: string };
        const body = objects.get(decodeURIComponent(CopySource));
        if (body === undefined) throw new TaskFailure('S3.NoSuchKeyException', CopySource);
        objects.set(`${Bucket}/${Key}`, body);
        return { CopyObjectResult: { ETag: '"x"', LastModified: '2024-01-01T00:00:00Z' } };
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
    {
      pattern: 'arn:aws:states:::aws-sdk:s3:putObject',
      handler: (c) => {
        const { Bucket, Key, Body } = c.input as { Bucket: string; Key: string; Body: unknown };
        // Step Functions writes a JSON Body as JSON text.
        objects.set(`${Bucket}/${Key}`, new TextEncoder().encode(JSON.stringify(Body)));
        return { ETag: '"p"' };
      },
    },
  ];
  return { objects, outbox, glueRuns, resources };
}

/** The execution's name (the run id in archive/ and error/ keys). */
function nameOf(r: { readonly executionArn: string }): string {
  return r.executionArn.slice(r.executionArn.lastIndexOf(':') + 1);
}

async function upload(ql: QueryLanguage, file: string, aws: ReturnType<typeof fakeAws>) {
  const key = `source/${file}`;
  const body = sample(file);
  aws.objects.set(`${BUCKET}/${key}`, body);
  return run(compileOrThrow(csvEtl, { queryLanguage: ql }), { bucket: BUCKET, key, size: body.length }, aws.resources);
}

describe.each(['JSONPath', 'JSONata'] as const)('the CSV ETL run locally (%s)', (ql) => {
  it('loads a valid file: validate → stage (archives) → transform → success notification', async () => {
    const aws = fakeAws();
    const r = await upload(ql, 'orders-good.csv', aws);
    expect(r.status).toBe('SUCCEEDED');
    expect([...aws.objects.keys()]).toStrictEqual([`${BUCKET}/archive/${nameOf(r)}/source/orders-good.csv`]);
    expect(aws.glueRuns.map((g) => g.job)).toStrictEqual(['csv-etl-dev-stage', 'csv-etl-dev-transform']);
    expect(aws.glueRuns[0]?.args).toMatchObject({ '--bucket': BUCKET, '--key': 'source/orders-good.csv', '--stage-table': 'staging.orders' });
    expect(aws.outbox).toStrictEqual([{ subject: 'CSV loaded', message: { status: 'loaded', bucket: BUCKET, key: 'source/orders-good.csv', rows: 300, bytes: sample('orders-good.csv').length, table: 'public.orders' } }]);
    const out = JSON.parse(JSON.stringify(r.output)) as { validation: { rows: number; columns: { order_id: unknown } }; stage: { JobRunState: string } };
    expect(out.validation.rows).toBe(300);
    expect(out.validation.columns.order_id).toStrictEqual({ type: 'integer', nulls: 0, count: 300, min: 100001, max: 100300 });
    expect(out.stage.JobRunState).toBe('SUCCEEDED');
  });

  it.each([
    ['orders-bad.csv', 'CsvValidation.Invalid'],
    ['orders-empty.csv', 'CsvValidation.Empty'],
    ['orders-latin1.csv', 'CsvValidation.Encoding'],
  ])('rejects %s (%s): moves it to error/ with its problem report beside it, notifies, fails', async (file, error) => {
    const aws = fakeAws();
    const r = await upload(ql, file, aws);
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'CsvEtl.InvalidFile']);
    // error/<execution name>/<original key>, the problem report beside it
    const at = `${BUCKET}/error/${nameOf(r)}/source/${file}`;
    expect([...aws.objects.keys()].sort()).toStrictEqual([at, `${at}.problems.json`]);
    const written = JSON.parse(new TextDecoder().decode(aws.objects.get(`${at}.problems.json`))) as { key: string; error: string; report: Record<string, unknown> };
    expect([written.key, written.error]).toStrictEqual([`source/${file}`, error]);
    const report = written.report;
    expect(report).toMatchObject({ error, bucket: BUCKET, key: `source/${file}` });
    expect(aws.glueRuns).toStrictEqual([]);
    expect(aws.outbox).toHaveLength(1);
    expect(aws.outbox[0]?.subject).toBe('CSV file rejected');
    expect(aws.outbox[0]?.message).toMatchObject({ status: 'rejected', key: `source/${file}`, error });
    // The notification carries the report itself (read out of the Lambda error's Cause), not escaped JSON.
    expect(aws.outbox[0]?.message['report']).toStrictEqual(report);
    expect(JSON.stringify(aws.outbox[0]?.message)).not.toContain('errorMessage');
  });

  it('the rejection notification lists the first problems with line and column, and the counts', async () => {
    const aws = fakeAws();
    await upload(ql, 'orders-bad.csv', aws);
    const report = aws.outbox[0]?.message['report'] as { message: string; problemCount: number; rows: number; problems: { line: number; column: number; field: string; rule: string }[] };
    expect(report.problemCount).toBeGreaterThan(1);
    expect(report.rows).toBeGreaterThan(0);
    expect(report.problems.length).toBeGreaterThan(1);
    expect(report.problems[0]).toMatchObject({ line: expect.any(Number), column: expect.any(Number), field: expect.any(String), rule: expect.any(String) });
    expect(report.message).toMatch(/problem/);
  });

  // A Cause that is not the validator's report (a mock, another service, a cut text) must not break the error path:
  // in JSONPath a States.StringToJson of non-JSON fails the execution with States.Runtime, which nothing can catch.
  it.each([
    ['plain text', 'the file has 3 problems'],
    ['no cause', undefined],
    ['text opening like JSON but cut', '{"errorType":"CsvValidation.Invalid","errorMessage":"{\\"error\\":'],
    ['JSON without errorMessage', '{"JobRunState":"FAILED"}'],
    ['an envelope whose message is not a report', '{"errorType":"CsvValidation.Invalid","errorMessage":"3 bad rows"}'],
    ['an envelope whose message is not a string', '{"errorType":"CsvValidation.Invalid","errorMessage":{"rows":3}}'],
  ])('a rejection whose Cause is %s still moves the file, notifies with the Cause as it is, and fails', async (_what, cause) => {
    const aws = fakeAws({ validatorFailure: new TaskFailure('CsvValidation.Invalid', cause) });
    const r = await upload(ql, 'orders-bad.csv', aws);
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'CsvEtl.InvalidFile']);
    const at = `${BUCKET}/error/${nameOf(r)}/source/orders-bad.csv`;
    expect([...aws.objects.keys()].sort()).toStrictEqual([at, `${at}.problems.json`]);
    const expected = { error: 'CsvValidation.Invalid', message: cause ?? null };
    expect(aws.outbox).toStrictEqual([{ subject: 'CSV file rejected', message: { status: 'rejected', bucket: BUCKET, key: 'source/orders-bad.csv', error: 'CsvValidation.Invalid', report: expected } }]);
    const written = JSON.parse(new TextDecoder().decode(aws.objects.get(`${at}.problems.json`))) as { report: unknown };
    expect(written.report).toStrictEqual(expected);
  });

  it.each([
    ['Lambda.Unknown', 'The cause could not be determined because Lambda did not return an error type.'],
    ['Sandbox.Timedout', '{"errorMessage":"2026-11-29T05:00:00.000Z 0f1e Task timed out after 300.00 seconds"}'],
  ])('a validator failure (%s) leaves the file in source/ and notifies with the cause as it is', async (error, cause) => {
    const aws = fakeAws({ validatorFailure: new TaskFailure(error, cause) });
    const r = await upload(ql, 'orders-good.csv', aws);
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'CsvEtl.Failed', cause]);
    expect([...aws.objects.keys()]).toStrictEqual([`${BUCKET}/source/orders-good.csv`]);
    expect(aws.outbox).toStrictEqual([{
      subject: 'CSV load failed',
      message: { status: 'failed', step: 'validate', bucket: BUCKET, key: 'source/orders-good.csv', error, cause, report: { error, message: cause } },
    }]);
  });

  it('retries the stage job while Glue reports concurrent runs, then loads the file', async () => {
    const aws = fakeAws({ stageErrors: ['Glue.ConcurrentRunsExceededException', 'Glue.ThrottlingException'] });
    const r = await upload(ql, 'orders-good.csv', aws);
    expect(r.status).toBe('SUCCEEDED');
    expect(aws.glueRuns.map((g) => g.job)).toStrictEqual(['csv-etl-dev-stage', 'csv-etl-dev-stage', 'csv-etl-dev-stage', 'csv-etl-dev-transform']);
  });

  it('on any other error sends an error notification naming the step, error and cause, then fails', async () => {
    const aws = fakeAws({ transformError: 'States.TaskFailed' });
    const r = await upload(ql, 'orders-good.csv', aws);
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'CsvEtl.Failed', '{"JobRunState":"FAILED"}']);
    expect(aws.outbox).toStrictEqual([{
      subject: 'CSV load failed',
      message: { status: 'failed', step: 'transform', bucket: BUCKET, key: 'source/orders-good.csv', error: 'States.TaskFailed', cause: '{"JobRunState":"FAILED"}' },
    }]);
    // The stage job had archived the file: it is under exactly one prefix.
    expect([...aws.objects.keys()]).toStrictEqual([`${BUCKET}/archive/${nameOf(r)}/source/orders-good.csv`]);
  });
});

describe('the CSV ETL on the local services (S3 on disk, SNS outbox, Glue jobs)', () => {
  it.each(['JSONPath', 'JSONata'] as const)('%s: loads a good file to archive/ and quarantines a bad one in error/', async (ql) => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createLocalServices } = await import('../../src/local/services/index.js');
    const root = await mkdtemp(join(tmpdir(), 'csv-etl-'));
    const services = createLocalServices({
      root,
      buckets: [BUCKET],
      topics: ['csv-etl-dev-alerts'],
      jobs: {
        // The stage job archives the file (after loading it, in the real job); --archive-prefix is a default argument.
        'csv-etl-dev-stage': {
          defaultArguments: { '--archive-prefix': 'archive/' },
          run: async (args) => {
            await services.s3.copyObject({ Bucket: String(args['--bucket']), Key: `${args['--archive-prefix']}${args['--run-id']}/${args['--key']}`, CopySource: `${args['--bucket']}/${args['--key']}` });
            await services.s3.deleteObject({ Bucket: String(args['--bucket']), Key: String(args['--key']) });
          },
        },
        'csv-etl-dev-transform': async () => {},
      },
    });
    try {
      const validator = createCsvValidateHandler({ s3: services.clients.s3 as never, schema: orders });
      const validate = async (event: unknown) => {
        try {
          return await validator(event as { bucket: string; key: string });
        } catch (e) {
          if (e instanceof CsvValidationFailure) throw new TaskFailure(e.name, JSON.stringify({ errorType: e.name, errorMessage: e.message }));
          throw e;
        }
      };
      const resources: ResourceRegistration[] = [
        { pattern: VALIDATOR, handler: (c) => validate(c.input) },
        { pattern: 'arn:aws:states:::lambda:invoke', handler: async (c) => ({ StatusCode: 200, Payload: await validate((c.input as { Payload: unknown }).Payload) }) },
        ...services.resources,
      ];
      const definition = compileOrThrow(csvEtl, { queryLanguage: ql });
      const outcomes: unknown[] = [];
      for (const file of ['orders-good.csv', 'orders-bad.csv']) {
        await services.s3.putObject({ Bucket: BUCKET, Key: `source/${file}`, Body: Buffer.from(sample(file)) });
        const r = await run(definition, { bucket: BUCKET, key: `source/${file}`, size: 0 }, resources);
        outcomes.push([r.status, r.error]);
      }
      expect(outcomes).toStrictEqual([['SUCCEEDED', undefined], ['FAILED', 'CsvEtl.InvalidFile']]);
      const listed = await services.s3.listObjectsV2({ Bucket: BUCKET });
      // archive/ and error/ keys: <prefix><execution name>/<original key>; the two executions have two names.
      const listedKeys = listed.Contents.map((o) => o.Key).sort();
      const runs = new Set(listedKeys.map((k) => k.split('/')[1]));
      expect(runs.size).toBe(2);
      expect(listedKeys.map((k) => k.replace(/^(archive|error)\/[A-Za-z0-9_-]+\//, '$1/<run>/'))).toStrictEqual(['archive/<run>/source/orders-good.csv', 'error/<run>/source/orders-bad.csv', 'error/<run>/source/orders-bad.csv.problems.json']);
      const messages = await services.sns.messages('csv-etl-dev-alerts');
      expect(messages.map((m) => [m.Subject, (JSON.parse(m.Message) as { status: string }).status])).toStrictEqual([['CSV loaded', 'loaded'], ['CSV file rejected', 'rejected']]);
    } finally {
      await services.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});
