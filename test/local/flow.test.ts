import { describe, expect, it } from 'vitest';
import { execute, localMatchers, prepare, TaskFailure } from '../../src/local/index.js';
import type { ExecuteOptions } from '../../src/local/index.js';

expect.extend(localMatchers);

async function run(def: unknown, input: unknown = {}, options: ExecuteOptions = {}) {
  return prepare(def)._unsafeUnwrap().execute(input, options);
}

const mapOf = (extra: Record<string, unknown>, inner: Record<string, unknown>) => ({
  StartAt: 'Each',
  States: {
    Each: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Item', States: { Item: { ...inner, End: true } } }, End: true, ...extra },
  },
});

describe('Map', () => {
  it('returns the item outputs in item order, with ItemSelector reading $$.Map.Item', async () => {
    const def = mapOf({ ItemSelector: { 'v.$': '$$.Map.Item.Value', 'i.$': '$$.Map.Item.Index', 'tag.$': '$.tag' } }, { Type: 'Pass' });
    expect(await run(def, { tag: 't', items: ['a', 'b'] })).toSucceedWith([{ v: 'a', i: 0, tag: 't' }, { v: 'b', i: 1, tag: 't' }]);
  });

  it('fails with the first failing iteration’s error when no failure is tolerated', async () => {
    const def = mapOf({}, { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' });
    const r = await run(def, { items: [1, 2, 3] }, { mocks: { Item: (n) => { if (n === 2) throw new TaskFailure('Bad', `item ${String(n)}`); return n; } } });
    expect(r).toFailWith('Bad', 'item 2');
    expect(r.history.map((e) => e.type)).toContain('MapIterationFailed');
  });

  it('tolerates up to ToleratedFailureCount failed items, whose results are their error outputs', async () => {
    const def = mapOf({ ToleratedFailureCount: 1 }, { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' });
    const mocks = { Item: (n: unknown) => { if (n === 2) throw new TaskFailure('Bad', 'two'); return n; } };
    expect(await run(def, { items: [1, 2, 3] }, { mocks })).toSucceedWith([1, { Error: 'Bad', Cause: 'two' }, 3]);
  });

  it('fails with States.ExceedToleratedFailureThreshold beyond ToleratedFailurePercentage', async () => {
    const def = mapOf({ ToleratedFailurePercentage: 30 }, { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' });
    const mocks = { Item: (n: unknown) => { if ((n as number) % 2 === 0) throw new TaskFailure('Bad'); return n; } };
    expect(await run(def, { items: [1, 2, 3, 4] }, { mocks })).toFailWith('States.ExceedToleratedFailureThreshold');
    expect(await run(def, { items: [1, 2, 3, 5] }, { mocks })).toSucceedWith([1, { Error: 'Bad', Cause: null }, 3, 5]);
  });

  it('groups items with ItemBatcher into { BatchInput, Items }', async () => {
    const def = mapOf({ ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'job.$': '$.job' } } }, { Type: 'Pass' });
    expect(await run(def, { job: 'j', items: [1, 2, 3] })).toSucceedWith([
      { BatchInput: { job: 'j' }, Items: [1, 2] },
      { BatchInput: { job: 'j' }, Items: [3] },
    ]);
  });

  it('runs at most MaxConcurrency iterations at once with asynchronous tasks', async () => {
    let running = 0;
    let peak = 0;
    const def = mapOf({ MaxConcurrency: 2 }, { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' });
    const mocks = {
      Item: async (n: unknown) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
        return n;
      },
    };
    expect(await run(def, { items: [1, 2, 3, 4, 5] }, { mocks })).toSucceedWith([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('fails as soon as an asynchronous iteration fails, without waiting for the others', async () => {
    const def = mapOf({ MaxConcurrency: 2 }, { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke' });
    const mocks = { Item: (n: unknown) => (n === 1 ? new Promise(() => {}) : Promise.reject(new TaskFailure('Bad', `item ${String(n)}`))) };
    expect(await run(def, { items: [1, 2, 3] }, { mocks })).toFailWith('Bad', 'item 2');
  });

  it('reads a CSV object with a header row through a registered ItemReader resource (DISTRIBUTED)', async () => {
    const def = {
      StartAt: 'Rows',
      States: {
        Rows: {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { 'Bucket.$': '$.bucket', Key: 'in.csv' } },
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Row', States: { Row: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const calls: unknown[] = [];
    const r = await run(def, { bucket: 'b' }, {
      resources: [{ pattern: 'arn:aws:states:::s3:getObject', handler: (call) => { calls.push(call.input); return 'id,name\n1,"Smith, J"\n2,Lee\n'; } }],
    });
    expect(r).toSucceedWith([{ id: '1', name: 'Smith, J' }, { id: '2', name: 'Lee' }]);
    expect(calls).toEqual([{ Bucket: 'b', Key: 'in.csv', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' } }]);
    expect(r.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
  });
});

describe('Parallel', () => {
  it('outputs the branch results in branch order', async () => {
    const def = {
      StartAt: 'Both',
      States: { Both: { Type: 'Parallel', End: true, Branches: [
        { StartAt: 'A', States: { A: { Type: 'Pass', Result: 'a', End: true } } },
        { StartAt: 'B', States: { B: { Type: 'Pass', Result: 'b', End: true } } },
      ] } },
    };
    expect(await run(def)).toSucceedWith(['a', 'b']);
  });

  it('fails with the failing branch’s error, which its Catch can handle', async () => {
    const branches = [
      { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
      { StartAt: 'B', States: { B: { Type: 'Fail', Error: 'BranchBoom', Cause: 'b failed' } } },
    ];
    const bare = { StartAt: 'Both', States: { Both: { Type: 'Parallel', End: true, Branches: branches } } };
    expect(await run(bare)).toFailWith('BranchBoom', 'b failed');
    const caught = { StartAt: 'Both', States: {
      Both: { Type: 'Parallel', Branches: branches, Catch: [{ ErrorEquals: ['BranchBoom'], ResultPath: '$.err', Next: 'Done' }], End: true },
      Done: { Type: 'Pass', End: true },
    } };
    expect(await run(caught, { x: 1 })).toSucceedWith({ x: 1, err: { Error: 'BranchBoom', Cause: 'b failed' } });
  });
});

describe('Parallel cancellation', () => {
  it('fails as soon as one branch fails, without waiting for a branch that waits for a callback', async () => {
    const def = { StartAt: 'Both', States: { Both: { Type: 'Parallel', End: true, Branches: [
      { StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { 'token.$': '$$.Task.Token' }, Next: 'After' }, After: { Type: 'Pass', End: true } } },
      { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Boom' }, Boom: { Type: 'Fail', Error: 'Nope' } } },
    ] } } };
    const r = await run(def, {}, { mocks: { Slow: async () => 'ok' } });
    expect(r).toFailWith('Nope');
    expect(r).not.toHaveVisited('After');
  });
});

describe('Variables', () => {
  it('Parallel branches read outer variables; what they assign stays inside the branch', async () => {
    const def = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { x: 1 }, Next: 'Both' },
        Both: { Type: 'Parallel', Next: 'Read', Branches: [
          { StartAt: 'In', States: { In: { Type: 'Pass', Assign: { x: 2, y: 3 }, Next: 'Use' }, Use: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true } } },
          { StartAt: 'Outer', States: { Outer: { Type: 'Pass', Parameters: { 'x.$': '$x' }, End: true } } },
        ] },
        Read: { Type: 'Pass', Parameters: { 'branches.$': '$', 'x.$': '$x' }, End: true },
      },
    };
    expect(await run(def)).toSucceedWith({ branches: [{ x: 2 }, { x: 1 }], x: 1 });
  });

  it('Map iterations read outer variables', async () => {
    const def = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { factor: 10 }, Next: 'Each' },
        Each: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'Mul', States: { Mul: { Type: 'Pass', Parameters: { 'f.$': '$factor', 'v.$': '$' }, End: true } } } },
      },
    };
    expect(await run(def, [1, 2])).toSucceedWith([{ f: 10, v: 1 }, { f: 10, v: 2 }]);
  });

  it('Assign sees the variables as they were before the state (all values evaluated first)', async () => {
    const def = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { a: 1, b: 2 }, Next: 'Swap' },
        Swap: { Type: 'Pass', Assign: { 'a.$': '$b', 'b.$': '$a' }, Next: 'Show' },
        Show: { Type: 'Pass', Parameters: { 'a.$': '$a', 'b.$': '$b' }, End: true },
      },
    };
    expect(await run(def)).toSucceedWith({ a: 2, b: 1 });
  });
});

describe('Wait', () => {
  const waitDef = (w: Record<string, unknown>) => ({ StartAt: 'W', States: { W: { Type: 'Wait', End: true, ...w } } });
  const took = async (w: Record<string, unknown>, input: unknown) => {
    const r = await run(waitDef(w), input);
    return r.stopDate.getTime() - r.startDate.getTime();
  };

  it('waits Seconds, SecondsPath, Timestamp and TimestampPath in virtual time', async () => {
    expect(await took({ Seconds: 90 }, {})).toBe(90_000);
    expect(await took({ SecondsPath: '$.s' }, { s: 5 })).toBe(5_000);
    expect(await took({ Timestamp: '2024-01-01T01:00:00Z' }, {})).toBe(3_600_000);
    expect(await took({ TimestampPath: '$.at' }, { at: '2024-01-01T00:00:30+00:00' })).toBe(30_000);
  });

  it('fails with States.Runtime when SecondsPath is not a non-negative integer', async () => {
    expect(await run(waitDef({ SecondsPath: '$.s' }), { s: -1 })).toFailWith('States.Runtime', "An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter references a negative value: $.s == -1");
  });
});

describe('Fail and Choice', () => {
  it('Fail takes its error and cause from ErrorPath and CausePath', async () => {
    const def = { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('code {}', $.c)" } } };
    expect(await run(def, { e: 'MyError', c: 7 })).toFailWith('MyError', 'code 7');
  });

  it('Choice without a match and without Default fails with States.NoChoiceMatched', async () => {
    const def = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'One' }] }, One: { Type: 'Succeed' } } };
    expect(await run(def, { n: 1 })).toHaveTakenPath(['C', 'One']);
    expect((await run(def, { n: 2 })).error).toBe('States.NoChoiceMatched');
  });
});

describe('execution types', () => {
  const ctx = { StartAt: 'C', States: { C: { Type: 'Pass', Parameters: { 'e.$': '$$.Execution' }, End: true } } };

  it('a Standard execution has an execution ARN and RedriveCount 0 in $$.Execution', async () => {
    const r = await run(ctx, { a: 1 }, { executionName: 'run-1', stateMachineName: 'etl' });
    expect(r).toSucceedWith({ e: {
      Id: 'arn:aws:states:us-east-1:123456789012:execution:etl:run-1', Input: { a: 1 }, Name: 'run-1',
      RoleArn: 'arn:aws:iam::123456789012:role/statecraft-local', StartTime: '2024-01-01T00:00:00.000Z', RedriveCount: 0,
    } });
  });

  it('an Express execution has an express ARN and no RedriveCount', async () => {
    const r = await run(ctx, {}, { executionName: 'run-1', stateMachineName: 'etl', type: 'EXPRESS' });
    const e = (r.output as { e: Record<string, unknown> }).e;
    expect(e['Id']).toMatch(/^arn:aws:states:us-east-1:123456789012:express:etl:run-1:[0-9a-f]{8}$/);
    expect('RedriveCount' in e).toBe(false);
  });
});

describe('definitions', () => {
  it('an invalid definition is an Err listing every problem with its JSON pointer', async () => {
    const r = await execute({ StartAt: 'Nope', States: { A: { Type: 'Pass', Next: 'Missing' }, B: { Type: 'Teleport', End: true }, C: { Type: 'Pass', InputPath: 'not a path', End: true } } });
    const e = r._unsafeUnwrapErr();
    if (e.kind !== 'invalid-definition') throw new Error(`expected invalid-definition, got ${e.kind}`);
    expect(e.issues.map((i) => i.pointer)).toEqual(expect.arrayContaining(['/States/A/Next', '/States/B/Type', '/States/C/InputPath', '/StartAt']));
  });

  it('a mock for a state the definition does not have is an invalid-options Err', async () => {
    const r = await execute({ StartAt: 'Load', States: { Load: { Type: 'Pass', End: true } } }, {}, { mocks: { Lod: [{ Return: 1 }] } });
    expect(r._unsafeUnwrapErr()).toEqual({ kind: 'invalid-options', field: 'mocks.Lod', message: "options.mocks names the state 'Lod', which the definition does not have (states: Load)" });
  });

  it('malformed rules, retriers and templates are issues with pointers, never a crash', () => {
    const r = prepare({ StartAt: 'C', States: {
      C: { Type: 'Choice', Choices: [null], Default: 'T' },
      T: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Retry: [null], Catch: [5], Parameters: 'nope', End: true },
    } });
    expect(r._unsafeUnwrapErr().issues.map((i) => i.pointer)).toEqual(expect.arrayContaining(['/States/C/Choices/0', '/States/T/Retry/0', '/States/T/Catch/0', '/States/T/Parameters']));
  });

  it('a constant Pass Result over 256 KiB fails with States.DataLimitExceeded', async () => {
    const def = { StartAt: 'Big', States: { Big: { Type: 'Pass', Result: 'x'.repeat(300_000), End: true } } };
    expect(await run(def)).toFailWith('States.DataLimitExceeded', "The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit.");
  });

  it('a task result over 256 KiB fails with States.DataLimitExceeded', async () => {
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
    expect(await run(def, {}, { mocks: { T: [{ Return: { big: 'é'.repeat(140_000) } }] } })).toFailWith('States.DataLimitExceeded');
    expect(await run(def, {}, { mocks: { T: [{ Return: { small: 'é'.repeat(100) } }] } })).toSucceedWith({ small: 'é'.repeat(100) });
  });

  it('JSONata states: Arguments, Output, Assign and Condition', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { n: '{% $states.input.n * 2 %}' }, Assign: { got: '{% $states.result %}' }, Output: '{% $states.result + 1 %}', Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Condition: '{% $got > 10 %}', Next: 'Big' }], Default: 'Small' },
        Big: { Type: 'Pass', Output: '{% "big " & $string($states.input) %}', End: true },
        Small: { Type: 'Pass', Output: 'small', End: true },
      },
    };
    const mocks = { Call: (input: unknown) => (input as { n: number }).n * 3 };
    expect(await run(def, { n: 2 }, { mocks })).toSucceedWith('big 13');
    expect(await run(def, { n: 1 }, { mocks })).toSucceedWith('small');
  });
});
