/**
 * The CSV ETL end to end on the local services (issue 4): a file lands under
 * `source/` → the real S3-trigger handler → an execution of the compiled
 * pipeline → the real validator → the Glue jobs on DuckDB → the SNS outbox.
 * No network, temp folders only.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../../src/local/index.js';
import type { TaskCall } from '../../src/local/index.js';
import { createCsvValidateHandler } from '../../src/handlers/csv-validate/index.js';
import type { CsvValidateEvent, S3GetClient } from '../../src/handlers/csv-validate/index.js';
import { s3EventRecord } from '../../examples/csv-etl/local.js';
import { orders } from '../../examples/csv-etl/schema.js';
import { HEADER, keys, land, notifications, placesOf, reportOf, row, rowCount, runKeys, sample, withPipeline } from './csv-etl-helpers.js';

const GOOD = 'source/orders-good.csv';

describe('a good file', { timeout: 30_000 }, () => {
  it('is validated, staged, transformed and archived, with a success notification (DuckDB on disk)', async () => {
    await withPipeline({ inMemory: false }, async (lp) => {
      // when
      const result = await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      // then
      expect(result.status).toBe('SUCCEEDED');
      expect(await runKeys(lp)).toStrictEqual(['archive/<run>/source/orders-good.csv', 'manifests/<run>.manifest']);
      expect(await rowCount(lp, 'staging.orders', GOOD)).toBe(300);
      expect(await rowCount(lp, 'public.orders', GOOD)).toBe(300);
      expect(await notifications(lp)).toStrictEqual([{
        subject: 'CSV loaded',
        message: { status: 'loaded', bucket: lp.bucket, key: GOOD, rows: 300, bytes: sample('orders-good.csv').length, table: 'public.orders' },
      }]);
    });
  });

  it('loads every value as written in the file (quoted notes, decimals, booleans, dates)', async () => {
    await withPipeline({}, async (lp) => {
      await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      const parsed = Papa.parse<Record<string, string>>(sample('orders-good.csv').toString('utf8'), { header: true, skipEmptyLines: true }).data;
      const loaded = await lp.services.redshift.query(
        "select order_id::varchar as order_id, customer_email, amount::varchar as amount, currency, status, strftime(order_date, '%Y-%m-%d') as order_date, paid::varchar as paid, coalesce(note, '') as note from public.orders order by order_id",
      );
      expect(loaded).toStrictEqual(parsed.map((r) => ({
        order_id: r['order_id'], customer_email: r['customer_email'], amount: r['amount'], currency: r['currency'], status: r['status'],
        order_date: r['order_date'], paid: r['paid'], note: r['note'],
      })));
    });
  });

  it('runs the same way when the pipeline is compiled to JSONata', async () => {
    await withPipeline({ queryLanguage: 'JSONata' }, async (lp) => {
      expect(lp.definition.QueryLanguage).toBe('JSONata');
      const good = await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      const bad = await land(lp, 'orders-bad.csv', sample('orders-bad.csv'));
      expect([good.status, bad.status, bad.error]).toStrictEqual(['SUCCEEDED', 'FAILED', 'CsvEtl.InvalidFile']);
      expect(await runKeys(lp)).toStrictEqual(['archive/<run>/source/orders-good.csv', 'error/<run>/source/orders-bad.csv', 'error/<run>/source/orders-bad.csv.problems.json', 'manifests/<run>.manifest']);
      expect(await rowCount(lp, 'public.orders', GOOD)).toBe(300);
    });
  });
});

/** One bad file per validation rule: its body and what the validator must say. */
const BAD_FILES: readonly { rule: string; body: string | Uint8Array; error: string; problemRule?: string }[] = [
  { rule: 'header', body: `${HEADER.replace('currency', 'curr')}\n${row()}\n`, error: 'CsvValidation.Invalid', problemRule: 'header' },
  { rule: 'type', body: `${HEADER}\n${row({ order_id: 'ABC' })}\n`, error: 'CsvValidation.Invalid', problemRule: 'integer' },
  { rule: 'required', body: `${HEADER}\n${row({ customer_email: '' })}\n`, error: 'CsvValidation.Invalid', problemRule: 'required' },
  { rule: 'enum', body: `${HEADER}\n${row({ currency: 'JPY' })}\n`, error: 'CsvValidation.Invalid', problemRule: 'enum' },
  { rule: 'pattern', body: `${HEADER}\n${row({ customer_email: 'not-an-email' })}\n`, error: 'CsvValidation.Invalid', problemRule: 'pattern' },
  { rule: 'width', body: `${HEADER}\n${row().split(',').slice(0, 6).join(',')}\n`, error: 'CsvValidation.Invalid', problemRule: 'width' },
  { rule: 'encoding', body: sample('orders-latin1.csv'), error: 'CsvValidation.Encoding' },
  { rule: 'empty', body: '', error: 'CsvValidation.Empty' },
  { rule: 'header-only', body: sample('orders-header-only.csv'), error: 'CsvValidation.HeaderOnly' },
  { rule: 'binary', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), error: 'CsvValidation.Binary' },
];

describe('a bad file', { timeout: 30_000 }, () => {
  it.each(BAD_FILES)('breaking the $rule rule moves to error/, loads nothing and sends an error notification', async ({ body, error, problemRule }) => {
    await withPipeline({}, async (lp) => {
      const result = await land(lp, 'bad.csv', body);
      expect([result.status, result.error]).toStrictEqual(['FAILED', 'CsvEtl.InvalidFile']);
      const report = reportOf(result.cause);
      expect(report.error).toBe(error);
      if (problemRule !== undefined) expect(report.problems?.map((p) => p.rule)).toContain(problemRule);
      // The file, and its problem report beside it.
      const run = [...lp.executions.keys()][0];
      expect(await keys(lp)).toStrictEqual([`error/${run}/source/bad.csv`, `error/${run}/source/bad.csv.problems.json`]);
      const written = JSON.parse((await lp.services.s3.getObjectBytes({ Bucket: lp.bucket, Key: `error/${run}/source/bad.csv.problems.json` })).toString('utf8')) as Record<string, unknown>;
      expect(written).toMatchObject({ bucket: lp.bucket, key: 'source/bad.csv', error });
      // The report itself, read out of the Cause, not the Cause string.
      expect(written['report']).toStrictEqual(report);
      expect(written['cause']).toBeUndefined();
      expect(await rowCount(lp, 'staging.orders', 'source/bad.csv')).toBe(0);
      expect(await rowCount(lp, 'public.orders', 'source/bad.csv')).toBe(0);
      const sent = await notifications(lp);
      expect(sent.map((n) => [n.subject, n.message['status'], n.message['error'], n.message['key']])).toStrictEqual([['CSV file rejected', 'rejected', error, 'source/bad.csv']]);
      expect(sent[0]?.message['report']).toStrictEqual(report);
    });
  });
});

describe('Glue failures', { timeout: 30_000 }, () => {
  const glueSync = 'arn:aws:states:::glue:startJobRun.sync';

  it('a busy stage job is retried with backoff, then the file loads', async () => {
    let busy = 2;
    const attempts: number[] = [];
    await withPipeline({
      resources: [{
        pattern: glueSync,
        handler: (c: TaskCall) => {
          if (c.stateName === 'Stage') {
            attempts.push(c.attempt);
            if (busy-- > 0) throw new TaskFailure('Glue.ConcurrentRunsExceededException', 'Concurrent runs exceeded for csv-etl-dev-stage');
          }
          return realGlue(c);
        },
      }],
    }, async (lp) => {
      realGlue = (c) => lp.services.resources.find((r) => r.pattern === glueSync)?.handler(c);
      const result = await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      expect(result.status).toBe('SUCCEEDED');
      expect(attempts).toStrictEqual([0, 1, 2]);
      expect(await rowCount(lp, 'public.orders', GOOD)).toBe(300);
    });
  });

  it('a stage job that stays busy is retried per policy, then reported with the failing state, error and cause', async () => {
    const attempts: number[] = [];
    await withPipeline({
      resources: [{
        pattern: glueSync,
        handler: (c: TaskCall) => {
          if (c.stateName !== 'Stage') return realGlue(c);
          attempts.push(c.attempt);
          throw new TaskFailure('Glue.ConcurrentRunsExceededException', 'Concurrent runs exceeded for csv-etl-dev-stage');
        },
      }],
    }, async (lp) => {
      realGlue = (c) => lp.services.resources.find((r) => r.pattern === glueSync)?.handler(c);
      const result = await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      expect([result.status, result.error, result.cause]).toStrictEqual(['FAILED', 'CsvEtl.Failed', 'Concurrent runs exceeded for csv-etl-dev-stage']);
      // 1 + MaxAttempts 6
      expect(attempts).toStrictEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(await notifications(lp)).toStrictEqual([{
        subject: 'CSV load failed',
        message: { status: 'failed', step: 'stage', bucket: lp.bucket, key: GOOD, error: 'Glue.ConcurrentRunsExceededException', cause: 'Concurrent runs exceeded for csv-etl-dev-stage' },
      }]);
      expect(await keys(lp)).toStrictEqual([GOOD]);
      expect(await rowCount(lp, 'staging.orders', GOOD)).toBe(0);
    });
  });
});
let realGlue: (c: TaskCall) => unknown = () => {
  throw new Error('set by the test');
};

describe('Lambda failures', { timeout: 30_000 }, () => {
  it('a throttled validator is retried per policy, then the file loads', async () => {
    const attempts: number[] = [];
    let throttled = 2;
    await withPipeline({
      validator: (real) => async (event) => {
        attempts.push(attempts.length);
        if (throttled-- > 0) throw new TaskFailure('Lambda.TooManyRequestsException', 'Rate exceeded');
        return real(event);
      },
    }, async (lp) => {
      const result = await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      expect(result.status).toBe('SUCCEEDED');
      expect(attempts).toStrictEqual([0, 1, 2]);
      expect(await rowCount(lp, 'public.orders', GOOD)).toBe(300);
    });
  });
});

describe('duplicate events', { timeout: 30_000 }, () => {
  it('the same S3 event delivered twice starts one execution and loads the file once', async () => {
    await withPipeline({}, async (lp) => {
      await lp.services.s3.putObject({ Bucket: lp.bucket, Key: 'incoming.csv', Body: sample('orders-good.csv') });
      const head = await lp.services.s3.headObject({ Bucket: lp.bucket, Key: 'incoming.csv' });
      // The object lands under source/ through a copy (one S3 event), and the notification is delivered again.
      await lp.services.s3.copyObject({ Bucket: lp.bucket, Key: GOOD, CopySource: `${lp.bucket}/incoming.csv` });
      await lp.services.s3.deleteObject({ Bucket: lp.bucket, Key: 'incoming.csv' });
      const event = { Records: [s3EventRecord({ bucket: lp.bucket, key: GOOD, size: head.ContentLength, eTag: head.ETag.replace(/"/g, '') })] };
      const [first, second] = await Promise.all([lp.trigger(event), lp.trigger(event)]);
      await lp.idle();
      const third = await lp.trigger(event);
      await lp.idle();
      // An open execution with the same name and input is StartExecution's idempotent case; a closed one is ExecutionAlreadyExists.
      expect(first.results[0]?.status).toBe('started');
      expect(['started', 'duplicate']).toContain(second.results[0]?.status);
      expect(third.results[0]?.status).toBe('duplicate');
      expect([...lp.executions.values()].filter((e) => e.input.includes(GOOD))).toHaveLength(1);
      expect(await rowCount(lp, 'staging.orders', GOOD)).toBe(300);
      expect(await rowCount(lp, 'public.orders', GOOD)).toBe(300);
      expect((await notifications(lp)).map((n) => n.subject)).toStrictEqual(['CSV loaded']);
    });
  });

  it('StartExecution with a used name is refused with ExecutionAlreadyExists once the first run ended', async () => {
    await withPipeline({}, async (lp) => {
      await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      const [name] = [...lp.executions.keys()];
      const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
      await expect(lp.sfn.send(new StartExecutionCommand({ stateMachineArn: lp.stateMachineArn, name, input: '{}' }))).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    });
  });
});

describe('COPY loads exactly the one object', { timeout: 30_000 }, () => {
  it('a.csv with a.csv.bak beside it loads only a.csv’s rows (COPY reads a manifest; a plain URL is a prefix)', async () => {
    await withPipeline({ maxBytes: 1000 }, async (lp) => {
      // given a backup left in source/ (over the trigger's size limit, so refused and moved nowhere) whose key
      // starts with the new file's key
      const bak = `${HEADER}\n${Array.from({ length: 20 }, (_, i) => row({ order_id: String(900001 + i) })).join('\n')}\n`;
      expect(bak.length).toBeGreaterThan(1000);
      await lp.services.s3.putObject({ Bucket: lp.bucket, Key: 'source/a.csv.bak', Body: bak });
      await lp.idle();
      expect(lp.executions.size).toBe(0);
      // when a.csv lands
      const result = await land(lp, 'a.csv', `${HEADER}\n${row({ order_id: '100001' })}\n`);
      // then only a.csv's row is staged and loaded
      expect(result.status).toBe('SUCCEEDED');
      expect(await lp.services.redshift.query('select order_id::int as id, source_key from staging.orders order by 1')).toStrictEqual([{ id: 100001, source_key: 'source/a.csv' }]);
      expect(await rowCount(lp, 'public.orders', 'source/a.csv')).toBe(1);
      // the manifest COPY read names that one object; the backup stays where it was
      const run = [...lp.executions.keys()][0];
      const manifest = JSON.parse((await lp.services.s3.getObjectBytes({ Bucket: lp.bucket, Key: `manifests/${run}.manifest` })).toString('utf8')) as unknown;
      expect(manifest).toStrictEqual({ entries: [{ url: `s3://${lp.bucket}/source/a.csv`, mandatory: true }] });
      expect(await keys(lp)).toStrictEqual([`archive/${run}/source/a.csv`, `manifests/${run}.manifest`, 'source/a.csv.bak']);
    });
  });
});

describe('staging is idempotent', { timeout: 30_000 }, () => {
  it('landing a new version of a file replaces its staged rows, never doubles them', async () => {
    await withPipeline({}, async (lp) => {
      const lines = sample('orders-good.csv').toString('utf8');
      await land(lp, 'orders.csv', lines);
      expect(await rowCount(lp, 'staging.orders', 'source/orders.csv')).toBe(300);
      // A corrected file with the first three orders only, one amount changed.
      const corrected = `${HEADER}\n${row({ order_id: '100001', amount: '1.00' })}\n${row({ order_id: '100002' })}\n${row({ order_id: '100003' })}\n`;
      const result = await land(lp, 'orders.csv', corrected);
      expect(result.status).toBe('SUCCEEDED');
      expect(await rowCount(lp, 'staging.orders', 'source/orders.csv')).toBe(3);
      expect(await rowCount(lp, 'public.orders', 'source/orders.csv')).toBe(300);
      expect(await lp.services.redshift.query('select amount::varchar as amount from public.orders where order_id = 100001')).toStrictEqual([{ amount: '1.00' }]);
      // Each version keeps its own archive key (the run id is one per object version): the first is not overwritten.
      const runs = [...lp.executions.keys()];
      expect(runs).toHaveLength(2);
      expect((await keys(lp)).filter((k) => !k.startsWith('manifests/'))).toStrictEqual(runs.map((r) => `archive/${r}/source/orders.csv`).sort());
      const archived = await lp.services.s3.getObjectBytes({ Bucket: lp.bucket, Key: `archive/${runs[0]}/source/orders.csv` });
      expect(archived.toString('utf8')).toBe(lines);
    });
  });

  it('the same file name landing twice, or in two sub-folders, is archived and quarantined under distinct keys: nothing is overwritten', async () => {
    await withPipeline({}, async (lp) => {
      const first = `${HEADER}\n${row({ order_id: '100001' })}\n`;
      const second = `${HEADER}\n${row({ order_id: '100002' })}\n`;
      await land(lp, 'a/orders.csv', first);
      await land(lp, 'b/orders.csv', second);
      await land(lp, 'orders.csv', first);
      await land(lp, 'orders.csv', second);
      await land(lp, 'a/bad.csv', `${HEADER}\n${row({ currency: 'JPY' })}\n`);
      await land(lp, 'b/bad.csv', `${HEADER}\n${row({ currency: 'XXX' })}\n`);
      const all = await keys(lp);
      expect(all.filter((k) => k.startsWith('archive/'))).toHaveLength(4);
      expect(all.filter((k) => k.startsWith('error/') && !k.endsWith('.problems.json'))).toHaveLength(2);
      expect(all.filter((k) => k.endsWith('.problems.json'))).toHaveLength(2);
      expect(all.filter((k) => k.startsWith('source/'))).toStrictEqual([]);
      // Each key keeps the original key after its run id, so the path under source/ is not lost.
      expect((await runKeys(lp)).sort()).toStrictEqual([
        'archive/<run>/source/a/orders.csv', 'archive/<run>/source/b/orders.csv', 'archive/<run>/source/orders.csv', 'archive/<run>/source/orders.csv',
        'error/<run>/source/a/bad.csv', 'error/<run>/source/a/bad.csv.problems.json', 'error/<run>/source/b/bad.csv', 'error/<run>/source/b/bad.csv.problems.json',
        ...Array.from({ length: 4 }, () => 'manifests/<run>.manifest'),
      ].sort());
      // The two archived orders.csv hold the two versions.
      const bodies = await Promise.all(all.filter((k) => /^archive\/[^/]+\/source\/orders\.csv$/.test(k)).map(async (k) => (await lp.services.s3.getObjectBytes({ Bucket: lp.bucket, Key: k })).toString('utf8')));
      expect(bodies.sort()).toStrictEqual([first, second].sort());
    });
  });

  it('running the same execution input again under a new name (a redrive) leaves the same rows', async () => {
    await withPipeline({}, async (lp) => {
      const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
      await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      // Put the same file back and redrive with a new name: stage replaces the file's rows.
      const archived = `archive/${[...lp.executions.keys()][0]}/${GOOD}`;
      await lp.services.s3.copyObject({ Bucket: lp.bucket, Key: 'parked/orders-good.csv', CopySource: `${lp.bucket}/${archived}` });
      await lp.services.s3.deleteObject({ Bucket: lp.bucket, Key: archived });
      await lp.services.s3.copyObject({ Bucket: lp.bucket, Key: GOOD, CopySource: `${lp.bucket}/parked/orders-good.csv` });
      await lp.services.s3.deleteObject({ Bucket: lp.bucket, Key: 'parked/orders-good.csv' });
      await lp.idle();
      await lp.sfn.send(new StartExecutionCommand({ stateMachineArn: lp.stateMachineArn, name: 'redrive-1', input: JSON.stringify({ bucket: lp.bucket, key: GOOD, size: 1 }) }));
      await lp.idle();
      expect(lp.executions.get('redrive-1')?.outcome?.status).toBe('SUCCEEDED');
      expect(await rowCount(lp, 'staging.orders', GOOD)).toBe(300);
      expect(await rowCount(lp, 'public.orders', GOOD)).toBe(300);
    });
  });
});

describe('safety', { timeout: 30_000 }, () => {
  it('an object outside the configured prefix is refused with a clear reason and moved nowhere', async () => {
    await withPipeline({}, async (lp) => {
      await lp.services.s3.putObject({ Bucket: lp.bucket, Key: 'elsewhere/orders.csv', Body: sample('orders-good.csv') });
      const report = await lp.notify('elsewhere/orders.csv');
      await lp.idle();
      expect(report.results).toStrictEqual([{
        status: 'refused', bucket: lp.bucket, key: 'elsewhere/orders.csv',
        reason: 'key "elsewhere/orders.csv" is outside the prefix "source/"; it was not processed and not moved',
      }]);
      expect(lp.executions.size).toBe(0);
      expect(await keys(lp)).toStrictEqual(['elsewhere/orders.csv']);
    });
  });

  it('a file over the configured size is refused with a clear reason and stays where it landed', async () => {
    await withPipeline({ maxBytes: 1000 }, async (lp) => {
      const report = await lp.upload('big.csv', sample('orders-good.csv'));
      await lp.idle();
      expect(report.results[0]).toMatchObject({ status: 'refused', key: 'source/big.csv' });
      expect(report.results[0]?.status === 'refused' && report.results[0].reason).toBe(
        `s3://${lp.bucket}/source/big.csv is ${sample('orders-good.csv').length} bytes, over the limit of 1000; it was not processed and not moved (split the file or raise the limit)`,
      );
      expect(lp.executions.size).toBe(0);
      expect(await placesOf(lp, 'big.csv')).toStrictEqual(['source/']);
    });
  });

  it('a file over the validator\'s size limit (the trigger let it through) is refused, reported and stays in source/', async () => {
    // given: a trigger without a limit and a validator whose limit is 1000 bytes
    let s3: S3GetClient | undefined;
    const validator = () => (e: CsvValidateEvent) => {
      if (s3 === undefined) throw new Error('the pipeline is not created yet');
      return createCsvValidateHandler({ s3, schema: orders, validator: { maxBytes: 1000 } })(e);
    };
    await withPipeline({ maxBytes: 10 ** 9, validator }, async (lp) => {
      s3 = lp.services.clients.s3;
      // when
      const result = await land(lp, 'big.csv', sample('orders-good.csv'));
      // then
      expect([result.status, result.error]).toStrictEqual(['FAILED', 'CsvEtl.Failed']);
      expect(await placesOf(lp, 'big.csv')).toStrictEqual(['source/']);
      expect(await keys(lp)).toStrictEqual(['source/big.csv']);
      const sent = await notifications(lp);
      expect(sent.map((n) => [n.subject, n.message['step'], n.message['error']])).toStrictEqual([['CSV load failed', 'validate', 'CsvValidation.TooLarge']]);
      expect(reportOf(sent[0]?.message['cause']).error).toBe('CsvValidation.TooLarge');
      expect(String(sent[0]?.message['cause'])).toContain(`the file is ${sample('orders-good.csv').length} bytes, larger than the limit of 1000 bytes; split it or raise maxBytes`);
      // The report itself too, read out of the Cause.
      expect(sent[0]?.message['report']).toStrictEqual(reportOf(sent[0]?.message['cause']));
    });
  });

  it('no data value of the file reaches SQL text: the statements name only tables, columns, the object and the run', async () => {
    const sqls: string[] = [];
    await withPipeline({
      jobDeps: (_job, deps) => ({
        ...deps,
        redshiftData: {
          send: ((command: { input: { Sqls?: string[]; Sql?: string } }) => {
            sqls.push(...(command.input.Sqls ?? []), ...(command.input.Sql === undefined ? [] : [command.input.Sql]));
            return deps.redshiftData.send(command as never);
          }) as typeof deps.redshiftData.send,
        },
      }),
    }, async (lp) => {
      const result = await land(lp, 'orders-good.csv', sample('orders-good.csv'));
      expect(result.status).toBe('SUCCEEDED');
      expect(sqls.length).toBeGreaterThan(0);
      const values = Papa.parse<string[]>(sample('orders-good.csv').toString('utf8'), { skipEmptyLines: true }).data.slice(1).flat()
        // Values that are also column names or COPY keywords (the status "paid", the boolean "true") cannot tell anything.
        .filter((v) => v.length >= 4 && !/^(true|false|paid|auto)$/.test(v));
      for (const sql of sqls) for (const v of values) expect(sql.includes(v), `${JSON.stringify(v)} in ${sql}`).toBe(false);
      expect(sqls.some((s) => s.startsWith('COPY "staging"."orders" ("order_id", "customer_email", "amount", "currency", "status", "order_date", "created_at", "paid", "note") FROM'))).toBe(true);
    });
  });
});
