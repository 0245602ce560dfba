import { describe, expect, it } from 'vitest';
import { localMatchers, prepare } from '../../src/local/index.js';
import type { ExecuteOptions } from '../../src/local/index.js';

expect.extend(localMatchers);

const callback = (extra: Record<string, unknown> = {}) => ({
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } }, End: true, ...extra,
    },
    Caught: { Type: 'Pass', End: true },
  },
});

const machine = (def: unknown) => prepare(def)._unsafeUnwrap();

describe('.waitForTaskToken', () => {
  it('waits for sendTaskSuccess with the token the handler received', async () => {
    const sent: unknown[] = [];
    const options: ExecuteOptions = { resources: [{ pattern: 'arn:aws:states:::sqs:sendMessage*', handler: (call) => { sent.push(call.input); return { MessageId: 'm1' }; } }] };
    const h = machine(callback()).start({}, options);
    await new Promise((r) => setTimeout(r, 1));
    const [token] = h.taskTokens();
    expect(sent).toEqual([{ QueueUrl: 'q', MessageBody: { token } }]);
    expect(h.sendTaskSuccess(token!, { approved: true }).isOk()).toBe(true);
    const r = await h.result;
    expect(r).toSucceedWith({ approved: true });
    expect(r.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  });

  it('sendTaskFailure fails the task with that error, which Catch handles', async () => {
    const def = callback({ Catch: [{ ErrorEquals: ['Rejected'], Next: 'Caught' }] });
    const h = machine(def).start({}, { onTaskToken: (token) => { queueMicrotask(() => h.sendTaskFailure(token, 'Rejected', 'no')); } });
    expect(await h.result).toSucceedWith({ Error: 'Rejected', Cause: 'no' });
  });

  it('refuses an unknown token with an Err', async () => {
    const h = machine(callback()).start({}, { onTaskToken: (token) => setTimeout(() => h.sendTaskSuccess(token, 1), 0) });
    const bad = h.sendTaskSuccess('nope', {});
    expect(bad._unsafeUnwrapErr().kind).toBe('unknown-task-token');
    expect(await h.result).toSucceedWith(1);
  });

  it('times out after TimeoutSeconds of virtual time when nobody calls back', async () => {
    const r = await machine(callback({ TimeoutSeconds: 300 })).execute({}, { virtualIdleMs: 1 });
    expect(r).toFailWith('States.Timeout');
    expect(r.stopDate.getTime() - r.startDate.getTime()).toBe(300_000);
    expect(r.history.at(-2)?.type).toBe('TaskTimedOut');
  });

  it('fails with States.HeartbeatTimeout when no heartbeat arrives within HeartbeatSeconds', async () => {
    const r = await machine(callback({ TimeoutSeconds: 600, HeartbeatSecondsPath: '$.hb' })).execute({ hb: 60 }, { virtualIdleMs: 1 });
    expect(r).toFailWith('States.HeartbeatTimeout');
    expect(r.stopDate.getTime() - r.startDate.getTime()).toBe(60_000);
  });

  it('stop() ends the execution as ABORTED', async () => {
    const h = machine(callback()).start({}, { onTaskToken: () => setTimeout(() => h.stop('Cancelled', 'by test'), 0) });
    const r = await h.result;
    expect(r.status).toBe('ABORTED');
    expect(r.error).toBe('Cancelled');
  });
});

describe('task timeouts', () => {
  const slow = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', TimeoutSeconds: 30, End: true } } };

  it('an asynchronous handler that outlives TimeoutSeconds fails with States.Timeout and sees its signal aborted', async () => {
    let aborted = false;
    const r = await machine(slow).execute({}, {
      virtualTaskIdleMs: 1,
      resources: [{ pattern: 'arn:aws:states:::glue:startJobRun', handler: (call) => new Promise(() => { call.signal.addEventListener('abort', () => { aborted = true; }); }) }],
    });
    expect(r).toFailWith('States.Timeout');
    expect(aborted).toBe(true);
  });

  it('TimeoutSecondsPath that selects nothing fails with States.Runtime', async () => {
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSecondsPath: '$.t', End: true } } };
    const r = await machine(def).execute({}, { mocks: { T: [{ Return: 1 }] } });
    expect(r).toFailWith('States.Runtime', "An error occurred while executing the state 'T' (entered at the event id #2). Invalid path '$.t' : No results for path: $['t']");
  });

  it('the execution TimeoutSeconds ends a long wait as TIMED_OUT', async () => {
    const def = { TimeoutSeconds: 10, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } };
    const r = await machine(def).execute({});
    expect(r.status).toBe('TIMED_OUT');
    expect(r.history.at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('the real clock really waits', async () => {
    const def = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 0, Next: 'P' }, P: { Type: 'Pass', End: true } } };
    const r = await machine(def).execute({ a: 1 }, { clock: 'real' });
    expect(r).toSucceedWith({ a: 1 });
    expect(Math.abs(r.startDate.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe('sendTaskHeartbeat', () => {
  it('accepts a heartbeat for a waiting token and refuses one after completion', async () => {
    const def = callback({ HeartbeatSeconds: 60 });
    let token = '';
    const h = machine(def).start({}, { onTaskToken: (t) => { token = t; } });
    expect(h.sendTaskHeartbeat(token).isOk()).toBe(true);
    expect(h.sendTaskSuccess(token, 'ok').isOk()).toBe(true);
    expect(await h.result).toSucceedWith('ok');
    expect(h.sendTaskHeartbeat(token)._unsafeUnwrapErr().kind).toBe('unknown-task-token');
  });
});
