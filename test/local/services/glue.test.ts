import { GetJobRunCommand, StartJobRunCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../../../src/local/resources.js';
import { LocalGlue } from '../../../src/local/services/glue/local-glue.js';
import { localGlueClient } from '../../../src/local/services/glue/glue-client.js';
import { glueResources } from '../../../src/local/services/glue/glue-resources.js';
import { callResource } from './task-call.js';

const SYNC = 'arn:aws:states:::glue:startJobRun.sync';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('LocalGlue jobs through glue:startJobRun.sync', () => {
  it('runs the job with its --arguments (defaults merged under the run’s) and returns the SUCCEEDED JobRun', async () => {
    // given
    const seen: Record<string, string>[] = [];
    let t = Date.UTC(2026, 0, 1, 0, 0, 0);
    const glue = new LocalGlue({
      now: () => t,
      jobs: {
        stage: {
          defaultArguments: { '--table': 'stage', '--mode': 'append' },
          run: async (args) => {
            seen.push({ ...args });
            t += 42_000; // the job takes 42 virtual seconds
          },
        },
      },
    });
    // when
    const out = (await callResource(glueResources(glue), SYNC, { JobName: 'stage', Arguments: { '--key': 'source/a.csv', '--mode': 'replace' } })) as Record<string, unknown>;
    // then
    expect(seen).toEqual([{ '--table': 'stage', '--mode': 'replace', '--key': 'source/a.csv' }]);
    expect(out).toMatchObject({
      JobName: 'stage',
      JobRunState: 'SUCCEEDED',
      StartedOn: Date.UTC(2026, 0, 1, 0, 0, 0),
      CompletedOn: Date.UTC(2026, 0, 1, 0, 0, 42),
      ExecutionTime: 42,
      Arguments: { '--table': 'stage', '--mode': 'replace', '--key': 'source/a.csv' },
      Attempt: 0,
    });
    expect(out.Id).toMatch(/^jr_[0-9a-f]{64}$/);
    expect(out.ErrorMessage).toBeUndefined();
  });

  it('a job that throws fails the task with States.TaskFailed and the FAILED JobRun as JSON cause', async () => {
    const glue = new LocalGlue({ now: () => 0, jobs: { transform: async () => Promise.reject(new TypeError('column "amount" missing')) } });
    const err = await callResource(glueResources(glue), SYNC, { JobName: 'transform' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailure);
    expect((err as TaskFailure).error).toBe('States.TaskFailed');
    const cause = JSON.parse((err as TaskFailure).cause!) as Record<string, unknown>;
    expect(cause).toMatchObject({ JobName: 'transform', JobRunState: 'FAILED', ErrorMessage: 'TypeError: column "amount" missing', StartedOn: 0, CompletedOn: 0 });
  });

  it('a second concurrent run beyond MaxConcurrentRuns fails with Glue.ConcurrentRunsExceededException', async () => {
    // given a job (MaxConcurrentRuns 1 by default) whose first run is still going
    const gate = deferred();
    const glue = new LocalGlue({ jobs: { stage: async () => gate.promise } });
    const regs = glueResources(glue);
    const first = callResource(regs, SYNC, { JobName: 'stage' });
    // when a second run starts
    const second = await callResource(regs, SYNC, { JobName: 'stage' }).catch((e: unknown) => e);
    // then it is refused, and once the first ends a new run is allowed
    expect(second).toBeInstanceOf(TaskFailure);
    expect((second as TaskFailure).error).toBe('Glue.ConcurrentRunsExceededException');
    expect((second as TaskFailure).cause).toMatch(/^Concurrent runs exceeded for stage \(Service: AWSGlue; Status Code: 400; Error Code: ConcurrentRunsExceededException; Request ID: [\w-]+; Proxy: null\)$/);
    gate.resolve();
    await expect(first).resolves.toMatchObject({ JobRunState: 'SUCCEEDED' });
    await expect(callResource(regs, SYNC, { JobName: 'stage' })).resolves.toMatchObject({ JobRunState: 'SUCCEEDED' });
  });

  it('allows as many concurrent runs as maxConcurrentRuns', async () => {
    const gate = deferred();
    const glue = new LocalGlue({ jobs: { stage: { maxConcurrentRuns: 2, run: async () => gate.promise } } });
    const regs = glueResources(glue);
    const a = callResource(regs, SYNC, { JobName: 'stage' });
    const b = callResource(regs, SYNC, { JobName: 'stage' });
    await expect(callResource(regs, SYNC, { JobName: 'stage' })).rejects.toMatchObject({ error: 'Glue.ConcurrentRunsExceededException' });
    gate.resolve();
    await Promise.all([a, b]);
  });

  it('an unknown job fails with Glue.EntityNotFoundException naming the registered jobs', async () => {
    const glue = new LocalGlue({ jobs: { stage: async () => undefined } });
    const err = (await callResource(glueResources(glue), SYNC, { JobName: 'stgae' }).catch((e: unknown) => e)) as TaskFailure;
    expect(err.error).toBe('Glue.EntityNotFoundException');
    expect(err.cause).toContain("Failed to start job run due to missing metadata: no local job 'stgae' (registered: stage).");
  });

  it('a Task timeout aborts the job’s signal and the run ends STOPPED', async () => {
    let aborted = false;
    const glue = new LocalGlue({
      jobs: {
        slow: async (_args, ctx) =>
          new Promise<void>((resolve) => {
            if (ctx.signal.aborted) {
              aborted = true;
              resolve();
            }
            ctx.signal.addEventListener('abort', () => {
              aborted = true;
              resolve();
            });
          }),
      },
    });
    const ac = new AbortController();
    const run = callResource(glueResources(glue), SYNC, { JobName: 'slow' }, { signal: ac.signal });
    ac.abort(new Error('States.Timeout'));
    await expect(run).resolves.toMatchObject({ JobRunState: 'STOPPED' });
    expect(aborted).toBe(true);
  });
});

describe('LocalGlue async start and client face', () => {
  it('glue:startJobRun returns JobName and JobRunId at once; GetJobRun shows the run end', async () => {
    const gate = deferred();
    const glue = new LocalGlue({ jobs: { stage: async () => gate.promise } });
    const out = (await callResource(glueResources(glue), 'arn:aws:states:::glue:startJobRun', { JobName: 'stage' })) as { JobName: string; JobRunId: string };
    expect(out.JobName).toBe('stage');
    const client = localGlueClient(glue);
    expect((await client.send(new GetJobRunCommand({ JobName: 'stage', RunId: out.JobRunId }))).JobRun?.JobRunState).toBe('RUNNING');
    gate.resolve();
    await glue.waitForJobRun(out.JobRunId);
    expect((await client.send(new GetJobRunCommand({ JobName: 'stage', RunId: out.JobRunId }))).JobRun?.JobRunState).toBe('SUCCEEDED');
  });

  it('the client face starts runs with a real StartJobRunCommand and reports job log lines to the logger', async () => {
    const lines: string[] = [];
    const glue = new LocalGlue({ log: (l) => lines.push(l), jobs: { stage: async (args, ctx) => ctx.log(`loading ${args['--key']}`) } });
    const { JobRunId } = await localGlueClient(glue).send(new StartJobRunCommand({ JobName: 'stage', Arguments: { '--key': 'k.csv' } }));
    await glue.waitForJobRun(JobRunId!);
    expect(lines).toEqual(['[glue stage] loading k.csv']);
  });
});
