import { describe, expect, it } from 'vitest';
import { DEFAULT_VIRTUAL_START, execute, localMatchers, prepare, virtualClock } from '../../src/local/index.js';

expect.extend(localMatchers);

const def = {
  StartAt: 'Start',
  States: {
    Start: { Type: 'Pass', Result: { n: 1 }, Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 10, Next: 'Call' },
    Call: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', Parameters: { 'n.$': '$.n' }, Next: 'Fn' },
    Fn: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f', End: true },
  },
};
const mocks = { Call: [{ Return: { JobRunState: 'SUCCEEDED' } }], Fn: [{ Return: 'done' }] };

describe('history', () => {
  it('uses AWS event types, consecutive ids, a previousEventId chain and virtual timestamps', async () => {
    const r = await prepare(def)._unsafeUnwrap().execute({ in: true }, { mocks });
    expect(r.history.map((e) => e.type)).toEqual([
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'WaitStateEntered', 'WaitStateExited',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited',
      'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    r.history.forEach((e, i) => {
      expect(e.id).toBe(i + 1);
      expect(e.previousEventId).toBe(i);
    });
    const times = r.history.map((e) => e.timestamp.getTime() - DEFAULT_VIRTUAL_START);
    expect(times.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(times.slice(4)).toEqual(new Array(13).fill(10_000));
  });

  it('records names, inputs, outputs and task details', async () => {
    const r = await prepare(def)._unsafeUnwrap().execute({ in: true }, { mocks });
    const by = (type: string) => r.history.filter((e) => e.type === type);
    expect(by('ExecutionStarted')[0]?.executionStartedEventDetails).toEqual({ input: { in: true }, roleArn: 'arn:aws:iam::123456789012:role/statecraft-local' });
    expect(by('PassStateExited')[0]?.stateExitedEventDetails).toEqual({ name: 'Start', output: { n: 1 } });
    expect(by('TaskScheduled')[0]?.taskScheduledEventDetails).toEqual({ resourceType: 'glue', resource: 'startJobRun.sync', region: 'us-east-1', parameters: { n: 1 } });
    expect(by('LambdaFunctionScheduled')[0]?.lambdaFunctionScheduledEventDetails).toEqual({ resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f', input: { JobRunState: 'SUCCEEDED' } });
    expect(by('ExecutionSucceeded')[0]?.executionSucceededEventDetails).toEqual({ output: 'done' });
  });

  it('chains Map iteration events on their own branch of previousEventId', async () => {
    const map = { StartAt: 'M', States: { M: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } } };
    const r = await prepare(map)._unsafeUnwrap().execute([1, 2]);
    const started = r.history.find((e) => e.type === 'MapStateStarted')!;
    const iterations = r.history.filter((e) => e.type === 'MapIterationStarted');
    expect(iterations.map((e) => [e.previousEventId, e.mapIterationStartedEventDetails])).toEqual([[started.id, { name: 'M', index: 0 }], [started.id, { name: 'M', index: 1 }]]);
  });

  it('history: false runs the same execution without recording events', async () => {
    const r = await prepare(def)._unsafeUnwrap().execute({ in: true }, { mocks, history: false });
    expect(r).toSucceedWith('done');
    expect(r.history).toEqual([]);
    expect(r.transitions).toBe(4);
  });

  it('an injected virtual clock sets the start and moves to the end of the execution', async () => {
    const clock = virtualClock(Date.UTC(2030, 0, 1));
    const r = await prepare(def)._unsafeUnwrap().execute({}, { mocks, clock });
    expect(r.startDate.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(new Date(clock.now()).toISOString()).toBe('2030-01-01T00:00:10.000Z');
  });
});

describe('matchers', () => {
  it('accept the Result of execute() and an ExecutionResult', async () => {
    const res = await execute(def, {}, { mocks });
    expect(res).toSucceedWith('done');
    expect(res._unsafeUnwrap()).toSucceedWith();
    expect(res).toHaveVisited('Pause', 'Fn');
    expect(res).toHaveTakenPath(['Start', 'Pause', 'Call', 'Fn']);
    expect(res).not.toHaveVisited('Elsewhere');
    expect(res).not.toFailWith('Anything');
  });

  it('explain what happened when they fail', async () => {
    const res = await execute(def, {}, { mocks: { ...mocks, Fn: [{ Throw: { Error: 'Oops', Cause: 'c' } }] } });
    expect(() => expect(res).toSucceedWith('done')).toThrow('expected the execution to succeed with "done", but it FAILED with error "Oops" and cause "c"');
    expect(() => expect(res).toHaveRetried('Fn', 1)).toThrow("expected state 'Fn' to be retried 1 time(s), it was retried 0 time(s)");
    expect(() => expect(res).toHaveTakenPath(['Start'])).toThrow('expected the path to be Start, it was Start → Pause → Call → Fn');
  });

  it('toHaveRetried says when the state was never entered (a misspelt name is not a retry problem)', async () => {
    const res = await execute(def, {}, { mocks });
    expect(() => expect(res).toHaveRetried('fn', 1)).toThrow("expected state 'fn' to be retried 1 time(s), it was retried 0 time(s); it was never entered (the execution entered Start → Pause → Call → Fn)");
    expect(res).toHaveRetried('Fn', 0);
  });

  it('say what to do when given a pipeline or the Result of compile() instead of ASL', async () => {
    const { compile, compileOrThrow, pipeline } = await import('../../src/index.js');
    const flow = pipeline<{ n: number }>('flow').pass({ name: 'Hi' });
    const uncompiled = await execute(flow);
    expect(() => expect(uncompiled).toSucceedWith()).toThrow('invalid state machine definition:\n  /: got a pipeline, not its ASL: compile it first, e.g. execute(compileOrThrow(pipeline), input)');
    const result = await execute(compile(flow));
    expect(() => expect(result).toSucceedWith()).toThrow("invalid state machine definition:\n  /: got a Result (what compile() returns), not an ASL document: use compileOrThrow(pipeline), or unwrap the Result's value");
    expect(await execute(compileOrThrow(flow), { n: 1 })).toSucceedWith({ n: 1 });
  });

  it('report an invalid definition instead of a status', async () => {
    const res = await execute({ StartAt: 'X', States: {} });
    expect(() => expect(res).toSucceedWith()).toThrow("invalid state machine definition:\n  /StartAt: no state named 'X' in this state machine");
  });
});
