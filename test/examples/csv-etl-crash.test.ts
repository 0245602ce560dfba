/**
 * A crash injected at each step of the CSV ETL (issue 4, part 6): afterwards
 * the file is under exactly one of `source/`, `archive/` or `error/`, and
 * nothing is half-loaded (a table holds all of the file's rows or none). When
 * the file is still in `source/`, running it again (a redrive) loads a good
 * file whole, once, and quarantines a bad one with its report.
 */
import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../../src/local/index.js';
import type { ResourceRegistration, TaskCall } from '../../src/local/index.js';
import type { LocalPipelineOptions } from '../../examples/csv-etl/local.js';
import type { JobDeps } from '../../examples/csv-etl/jobs/common.js';
import { keys, land, notifications, placesOf, rowCount, sample, withPipeline } from './csv-etl-helpers.js';

/** A crash as a dying process or a failing dependency shows it: an exception. */
const crash = (what: string): Error => Object.assign(new Error(`injected crash: ${what}`), { name: 'InjectedCrash' });

interface Injection {
  /** Turned off before the redrive. */
  armed: boolean;
}

type Command = { constructor: { name: string }; input: Record<string, unknown> };

/** Wraps the S3 client a job gets: `fails` decides which commands crash while armed. */
function s3Failing(inj: Injection, fails: (name: string, input: Record<string, unknown>) => boolean) {
  return (deps: JobDeps): JobDeps => ({
    ...deps,
    s3: {
      send: ((c: Command) => {
        if (inj.armed && fails(c.constructor.name, c.input)) return Promise.reject(crash(c.constructor.name));
        return deps.s3.send(c as never);
      }) as unknown as JobDeps['s3']['send'],
    },
  });
}

/** Wraps the Redshift client a job gets: crash before the batch, or make the batch's last statement fail (inside the transaction). */
function redshiftFailing(inj: Injection, how: 'before-batch' | 'inside-transaction') {
  return (deps: JobDeps): JobDeps => ({
    ...deps,
    redshiftData: {
      send: ((c: Command) => {
        if (inj.armed && c.constructor.name === 'BatchExecuteStatementCommand') {
          if (how === 'before-batch') return Promise.reject(crash('BatchExecuteStatement'));
          const Sqls = [...(c.input['Sqls'] as string[]), 'SELECT * FROM injected_crash_no_such_table'];
          return deps.redshiftData.send(Object.assign(Object.create(Object.getPrototypeOf(c) as object) as object, c, { input: { ...c.input, Sqls } }) as never);
        }
        return deps.redshiftData.send(c as never);
      }) as unknown as JobDeps['redshiftData']['send'],
    },
  });
}

/** A Task resource that fails while armed, for the given state. */
function taskFailing(inj: Injection, pattern: string, state: (c: TaskCall) => boolean, error = 'States.TaskFailed'): ResourceRegistration {
  return {
    pattern,
    handler: (c) => {
      if (inj.armed && state(c)) throw new TaskFailure(error, `injected crash in ${c.stateName}`);
      return realHandler(pattern, c);
    },
  };
}
let registry: readonly ResourceRegistration[] = [];
function realHandler(pattern: string, c: TaskCall): unknown {
  const r = registry.find((x) => x.pattern === pattern);
  if (r === undefined) throw new Error(`no local registration ${pattern}`);
  return r.handler(c);
}

interface CrashCase {
  readonly step: string;
  readonly file: 'orders-good.csv' | 'orders-bad.csv';
  readonly inject: (inj: Injection) => Omit<LocalPipelineOptions, 'root'>;
  /** Where the file must be afterwards. */
  readonly place: 'source/' | 'archive/' | 'error/';
  /** Rows of the file in the stage and target tables afterwards (all or nothing). */
  readonly staged: 0 | 300;
  readonly loaded: 0 | 300;
  /** The `step` field of the failure notification. */
  readonly notified: string;
}

const CASES: readonly CrashCase[] = [
  {
    step: 'validate: the Lambda dies', file: 'orders-good.csv', place: 'source/', staged: 0, loaded: 0, notified: 'validate',
    inject: (inj) => ({ validator: (real) => (e) => (inj.armed ? Promise.reject(Object.assign(new Error('exited'), { name: 'Runtime.ExitError' })) : real(e)) }),
  },
  {
    step: 'stage: reading the header fails', file: 'orders-good.csv', place: 'source/', staged: 0, loaded: 0, notified: 'stage',
    inject: (inj) => ({ jobDeps: (job, deps) => (job === 'stage' ? s3Failing(inj, (n) => n === 'GetObjectCommand')(deps) : deps) }),
  },
  {
    step: 'stage: the job dies before its transaction', file: 'orders-good.csv', place: 'source/', staged: 0, loaded: 0, notified: 'stage',
    inject: (inj) => ({ jobDeps: (job, deps) => (job === 'stage' ? redshiftFailing(inj, 'before-batch')(deps) : deps) }),
  },
  {
    step: 'stage: the transaction fails after the COPY', file: 'orders-good.csv', place: 'source/', staged: 0, loaded: 0, notified: 'stage',
    inject: (inj) => ({ jobDeps: (job, deps) => (job === 'stage' ? redshiftFailing(inj, 'inside-transaction')(deps) : deps) }),
  },
  {
    step: 'stage: archiving fails at the copy', file: 'orders-good.csv', place: 'source/', staged: 300, loaded: 0, notified: 'stage',
    inject: (inj) => ({ jobDeps: (job, deps) => (job === 'stage' ? s3Failing(inj, (n) => n === 'CopyObjectCommand')(deps) : deps) }),
  },
  {
    step: 'stage: archiving fails at the delete of the source', file: 'orders-good.csv', place: 'source/', staged: 300, loaded: 0, notified: 'stage',
    inject: (inj) => ({ jobDeps: (job, deps) => (job === 'stage' ? s3Failing(inj, (n, i) => n === 'DeleteObjectCommand' && String(i['Key']).startsWith('source/'))(deps) : deps) }),
  },
  {
    step: 'transform: the job dies before its transaction', file: 'orders-good.csv', place: 'archive/', staged: 300, loaded: 0, notified: 'transform',
    inject: (inj) => ({ jobDeps: (job, deps) => (job === 'transform' ? redshiftFailing(inj, 'before-batch')(deps) : deps) }),
  },
  {
    step: 'transform: the transaction fails after the INSERT', file: 'orders-good.csv', place: 'archive/', staged: 300, loaded: 0, notified: 'transform',
    inject: (inj) => ({ jobDeps: (job, deps) => (job === 'transform' ? redshiftFailing(inj, 'inside-transaction')(deps) : deps) }),
  },
  {
    step: 'notify: publishing the success fails', file: 'orders-good.csv', place: 'archive/', staged: 300, loaded: 300, notified: 'notify-loaded',
    inject: (inj) => ({ resources: [taskFailing(inj, 'arn:aws:states:::sns:publish', (c) => c.stateName === 'Notify loaded', 'SNS.InternalErrorException')] }),
  },
  {
    step: 'quarantine: copying to error/ fails', file: 'orders-bad.csv', place: 'source/', staged: 0, loaded: 0, notified: 'quarantine',
    inject: (inj) => ({ resources: [taskFailing(inj, 'arn:aws:states:::aws-sdk:s3:copyObject', () => true, 'S3.S3Exception')] }),
  },
  {
    step: 'quarantine: deleting the source fails (the error/ copy is deleted again)', file: 'orders-bad.csv', place: 'source/', staged: 0, loaded: 0, notified: 'quarantine',
    inject: (inj) => ({ resources: [taskFailing(inj, 'arn:aws:states:::aws-sdk:s3:deleteObject', (c) => c.stateName === 'Delete from source/', 'S3.S3Exception')] }),
  },
  {
    step: 'problem report: writing it fails', file: 'orders-bad.csv', place: 'error/', staged: 0, loaded: 0, notified: 'problem-report',
    inject: (inj) => ({ resources: [taskFailing(inj, 'arn:aws:states:::aws-sdk:s3:putObject', () => true, 'S3.S3Exception')] }),
  },
];

describe('a crash injected at each step', { timeout: 30_000 }, () => {
  it.each(CASES)('$step: the file is under exactly one prefix and nothing is half-loaded', async (c) => {
    const inj: Injection = { armed: true };
    await withPipeline(c.inject(inj), async (lp) => {
      registry = lp.services.resources;
      const key = `source/${c.file}`;
      // when
      const result = await land(lp, c.file, sample(c.file));
      // then
      expect(result.status).toBe('FAILED');
      expect(await placesOf(lp, c.file)).toStrictEqual([c.place]);
      expect(await rowCount(lp, 'staging.orders', key)).toBe(c.staged);
      expect(await rowCount(lp, 'public.orders', key)).toBe(c.loaded);
      const failures = (await notifications(lp)).filter((n) => n.message['status'] === 'failed');
      expect(failures.map((n) => [n.subject, n.message['step'], n.message['key']])).toStrictEqual([['CSV load failed', c.notified, key]]);
      expect(String(failures[0]?.message['cause'])).toMatch(/injected crash|injected_crash|exited/);

      if (c.place === 'source/') {
        // A redrive of the same input under a new name, with the fault gone: a good file loads whole and once,
        // a bad file is quarantined with its report.
        inj.armed = false;
        const { StartExecutionCommand } = await import('@aws-sdk/client-sfn');
        await lp.sfn.send(new StartExecutionCommand({ stateMachineArn: lp.stateMachineArn, name: 'redrive', input: JSON.stringify({ bucket: lp.bucket, key, size: 0 }) }));
        await lp.idle();
        const redrive = lp.executions.get('redrive')?.outcome;
        if (c.file === 'orders-good.csv') {
          expect(redrive?.status).toBe('SUCCEEDED');
          expect(await placesOf(lp, c.file)).toStrictEqual(['archive/']);
          expect(await rowCount(lp, 'staging.orders', key)).toBe(300);
          expect(await rowCount(lp, 'public.orders', key)).toBe(300);
        } else {
          expect([redrive?.status, redrive?.error]).toStrictEqual(['FAILED', 'CsvEtl.InvalidFile']);
          expect(await placesOf(lp, c.file)).toStrictEqual(['error/']);
          expect(await placesOf(lp, `${c.file}.problems.json`)).toStrictEqual(['error/']);
        }
      }
    });
  });
});

describe('the quarantine when S3 refuses every delete', { timeout: 30_000 }, () => {
  it('deleting the source and undoing the copy both fail: the notification says the file is under both prefixes and what to do', async () => {
    // given: every deleteObject of the quarantine fails (the source's and the error/ copy's), after their retries
    const inj: Injection = { armed: true };
    const failing = taskFailing(inj, 'arn:aws:states:::aws-sdk:s3:deleteObject', (c) => ['Delete from source/', 'Delete the error/ copy'].includes(c.stateName), 'S3.S3Exception');
    const calls: string[] = [];
    const counted: ResourceRegistration = { pattern: failing.pattern, handler: (c) => (calls.push(c.stateName), failing.handler(c)) };
    await withPipeline({ resources: [counted] }, async (lp) => {
      registry = lp.services.resources;
      // when
      const result = await land(lp, 'orders-bad.csv', sample('orders-bad.csv'));
      // then: the one case two independent failures leave the file in two places, and it is reported as such
      expect([result.status, result.error]).toStrictEqual(['FAILED', 'CsvEtl.Failed']);
      expect(await placesOf(lp, 'orders-bad.csv')).toStrictEqual(['error/', 'source/']);
      const failures = (await notifications(lp)).filter((n) => n.message['status'] === 'failed');
      expect(failures.map((n) => [n.message['step'], n.message['error'], n.message['action']])).toStrictEqual([
        ['quarantine-undo', 'S3.S3Exception', 'the file is under both source/ and error/: delete the error/ copy by hand, then redrive'],
      ]);
      // each delete was retried per its policy before giving up (MaxAttempts 3 and 5: retries after the first call)
      const attempts = (state: string) => calls.filter((n) => n === state).length;
      expect([attempts('Delete from source/'), attempts('Delete the error/ copy')]).toStrictEqual([1 + 3, 1 + 5]);
    });
  });
});

describe('the quarantine undo in JSONata', { timeout: 30_000 }, () => {
  it('deleting the source fails: the error/ copy (named by a JSONata expression) is deleted again', async () => {
    const inj: Injection = { armed: true };
    const failing = taskFailing(inj, 'arn:aws:states:::aws-sdk:s3:deleteObject', (c) => c.stateName === 'Delete from source/', 'S3.S3Exception');
    await withPipeline({ queryLanguage: 'JSONata', resources: [failing] }, async (lp) => {
      registry = lp.services.resources;
      const result = await land(lp, 'orders-bad.csv', sample('orders-bad.csv'));
      expect([result.status, result.error]).toStrictEqual(['FAILED', 'CsvEtl.Failed']);
      expect(await keys(lp)).toStrictEqual(['source/orders-bad.csv']);
      const failures = (await notifications(lp)).filter((n) => n.message['status'] === 'failed');
      expect(failures.map((n) => [n.message['step'], n.message['error']])).toStrictEqual([['quarantine', 'S3.S3Exception']]);
    });
  });
});
