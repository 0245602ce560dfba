import { describe, expect, it } from 'vitest';
import { localMatchers, prepare, TaskFailure } from '../../src/local/index.js';
import type { ExecuteOptions, HistoryEvent } from '../../src/local/index.js';

expect.extend(localMatchers);

const fails = (error: string, times: number, result: unknown = { ok: true }) => {
  let n = 0;
  return () => {
    n++;
    if (n <= times) throw new TaskFailure(error, `attempt ${n}`);
    return result;
  };
};

const task = (extra: Record<string, unknown>) => ({
  StartAt: 'Work',
  States: {
    Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra },
    Caught: { Type: 'Pass', End: true },
    CaughtAll: { Type: 'Pass', Result: 'all', End: true },
  },
});

async function run(def: unknown, options: ExecuteOptions, input: unknown = {}) {
  return prepare(def)._unsafeUnwrap().execute(input, options);
}

/** Virtual milliseconds between consecutive TaskScheduled events. */
function gaps(history: readonly HistoryEvent[]): number[] {
  const at = history.filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp.getTime());
  return at.slice(1).map((t, i) => t - at[i]!);
}

describe('Retry', () => {
  it('waits IntervalSeconds × BackoffRate^n between attempts, on the virtual clock', async () => {
    const def = task({ Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 }] });
    const r = await run(def, { mocks: { Work: fails('Boom', 3) } });
    expect(r).toSucceedWith({ ok: true });
    expect(gaps(r.history)).toEqual([2000, 6000, 18000]);
    expect(r).toHaveRetried('Work', 3);
  });

  it('caps each delay at MaxDelaySeconds', async () => {
    const def = task({ Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 4, MaxDelaySeconds: 25 }] });
    const r = await run(def, { mocks: { Work: fails('Boom', 4) } });
    expect(gaps(r.history)).toEqual([10_000, 20_000, 25_000, 25_000]);
  });

  it('draws FULL jitter delays from the seeded random source: same seed, same delays, each within [0, delay)', async () => {
    const def = task({ Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 3, JitterStrategy: 'FULL' }] });
    const a = await run(def, { seed: 7, mocks: { Work: fails('Boom', 3) } });
    const b = await run(def, { seed: 7, mocks: { Work: fails('Boom', 3) } });
    const c = await run(def, { seed: 8, mocks: { Work: fails('Boom', 3) } });
    expect(gaps(a.history)).toEqual(gaps(b.history));
    expect(gaps(a.history)).not.toEqual(gaps(c.history));
    gaps(a.history).forEach((g, i) => {
      expect(g).toBeGreaterThanOrEqual(0);
      expect(g).toBeLessThan(10_000 * 2 ** i);
    });
  });

  it('never retries with MaxAttempts 0: the error goes straight to Catch', async () => {
    const def = task({ Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 0 }], Catch: [{ ErrorEquals: ['Boom'], Next: 'Caught' }] });
    const r = await run(def, { mocks: { Work: fails('Boom', 1) } });
    expect(r).toHaveRetried('Work', 0);
    expect(r).toSucceedWith({ Error: 'Boom', Cause: 'attempt 1' });
  });

  it('uses only the first retrier whose ErrorEquals matches, even when it is exhausted', async () => {
    const def = task({
      Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1, IntervalSeconds: 1 }, { ErrorEquals: ['States.ALL'], MaxAttempts: 5 }],
    });
    const r = await run(def, { mocks: { Work: fails('Boom', 5) } });
    expect(r).toFailWith('Boom', 'attempt 2');
    expect(r).toHaveRetried('Work', 1);
  });

  it('a one-hour Wait and three backed-off retries take 3,607 virtual seconds', async () => {
    const def = {
      StartAt: 'Hour',
      States: {
        Hour: { Type: 'Wait', Seconds: 3600, Next: 'Work' },
        Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3 }], End: true },
      },
    };
    const r = await run(def, { mocks: { Work: fails('Flaky', 3) } });
    expect(r).toSucceedWith({ ok: true });
    expect(r.stopDate.getTime() - r.startDate.getTime()).toBe((3600 + 1 + 2 + 4) * 1000);
  });

  it('exposes the attempt number as $$.State.RetryCount', async () => {
    const def = task({ Parameters: { 'try.$': '$$.State.RetryCount' }, Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 2 }] });
    const seen: unknown[] = [];
    const r = await run(def, { mocks: { Work: (input) => { seen.push(input); if (seen.length < 3) throw new TaskFailure('Boom'); return 'done'; } } });
    expect(r).toSucceedWith('done');
    expect(seen).toEqual([{ try: 0 }, { try: 1 }, { try: 2 }]);
  });
});

describe('Catch', () => {
  it('takes the first catcher that matches, in order', async () => {
    const def = task({ Catch: [{ ErrorEquals: ['Other'], Next: 'CaughtAll' }, { ErrorEquals: ['Boom'], Next: 'Caught' }, { ErrorEquals: ['States.ALL'], Next: 'CaughtAll' }] });
    const r = await run(def, { mocks: { Work: fails('Boom', 1) } });
    expect(r).toHaveTakenPath(['Work', 'Caught']);
  });

  it('places the error output with ResultPath into the state input', async () => {
    const def = task({ Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }] });
    const r = await run(def, { mocks: { Work: fails('Boom', 1) } }, { id: 1 });
    expect(r).toSucceedWith({ id: 1, error: { Error: 'Boom', Cause: 'attempt 1' } });
  });

  it('States.TaskFailed matches any task error but States.Timeout', async () => {
    const def = task({ Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] });
    expect(await run(def, { mocks: { Work: fails('Glue.Boom', 1) } })).toHaveTakenPath(['Work', 'Caught']);
    expect(await run(def, { mocks: { Work: fails('States.Timeout', 1) } })).toFailWith('States.Timeout');
  });

  it('never catches States.Runtime, not even by name', async () => {
    const def = task({ OutputPath: '$.missing', Catch: [{ ErrorEquals: ['States.Runtime', 'States.ALL'], Next: 'Caught' }] });
    const r = await run(def, { mocks: { Work: [{ Return: {} }] } });
    expect(r).toFailWith('States.Runtime', "An error occurred while executing the state 'Work' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']");
  });

  it('JSONata catchers set the output with Output over $states.errorOutput and assign variables', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true,
          Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% {"failed": $states.errorOutput.Error, "in": $states.input.id} %}', Assign: { lastError: '{% $states.errorOutput.Cause %}' }, Next: 'After' }],
        },
        After: { Type: 'Pass', Output: '{% $merge([$states.input, {"remembered": $lastError}]) %}', End: true },
      },
    };
    const r = await run(def, { mocks: { Work: fails('Boom', 1) } }, { id: 5 });
    expect(r).toSucceedWith({ failed: 'Boom', in: 5, remembered: 'attempt 1' });
  });
});
