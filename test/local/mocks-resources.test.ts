import { describe, expect, it } from 'vitest';
import { localMatchers, parseMockConfig, prepare, TaskFailure } from '../../src/local/index.js';
import type { ExecuteOptions } from '../../src/local/index.js';

expect.extend(localMatchers);

const retried = {
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 5 }], End: true } },
};
const run = (def: unknown, options: ExecuteOptions, input: unknown = {}) => prepare(def)._unsafeUnwrap().execute(input, options);

describe('per-state mocks', () => {
  it('a sequence answers invocation n with response n, repeating the last one', async () => {
    const r = await run(retried, { mocks: { T: [{ Throw: { Error: 'E1' } }, { Throw: { Error: 'E2', Cause: 'c' } }, { Return: 'ok' }] } });
    expect(r).toSucceedWith('ok');
    expect(r).toHaveRetried('T', 2);
  });

  it('invocation ranges ("0", "1-2") work like Step Functions Local', async () => {
    const mocks = parseMockConfig({ T: { '0': { Throw: { Error: 'A' } }, '1-2': { Throw: { Error: 'B' } }, '3': { Return: 3 } } })._unsafeUnwrap();
    const r = await run(retried, { mocks });
    expect(r).toSucceedWith(3);
    expect(r).toHaveRetried('T', 3);
  });

  it('a range mock without a response for an invocation fails with a clear cause', async () => {
    const r = await run(retried, { mocks: { T: { '0': { Throw: { Error: 'A' } } } } });
    expect(r).toFailWith('States.Runtime', "An error occurred while executing the state 'T' (entered at the event id #2). the mock of state 'T' has no response for invocation 1 (keys: 0)");
  });

  it('a function mock gets the effective input; a thrown Error names the ASL error', async () => {
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', InputPath: '$.in', Parameters: { 'x.$': '$.x' }, End: true } } };
    expect(await run(def, { mocks: { T: (input) => input } }, { in: { x: 1 } })).toSucceedWith({ x: 1 });
    const boom = Object.assign(new Error('bad row'), { name: 'CsvValidationError' });
    expect(await run(def, { mocks: { T: () => { throw boom; } } }, { in: { x: 1 } })).toFailWith('CsvValidationError', 'bad row');
  });
});

describe('parseMockConfig', () => {
  it('reads a Step Functions Local MockConfigFile', () => {
    const file = JSON.stringify({
      StateMachines: { Etl: { TestCases: { HappyPath: { Load: 'LoadOk' } } } },
      MockedResponses: { LoadOk: { '0': { Return: { rows: 3 } } } },
    });
    expect(parseMockConfig(file)._unsafeUnwrap()).toEqual({ Load: { '0': { Return: { rows: 3 } } } });
  });

  it('asks to choose when the file has several test cases', () => {
    const file = { StateMachines: { Etl: { TestCases: { A: {}, B: {} } } }, MockedResponses: {} };
    const e = parseMockConfig(file)._unsafeUnwrapErr();
    expect(e).toEqual({ kind: 'invalid-mock-config', pointer: '/StateMachines/Etl/TestCases', message: 'choose a test case (one of A, B)' });
    expect(parseMockConfig(file, { testCase: 'B' })._unsafeUnwrap()).toEqual({});
  });

  it('rejects text that is not JSON and responses without Return or Throw, naming the field', () => {
    expect(parseMockConfig('{oops')._unsafeUnwrapErr().message).toMatch(/^not JSON: /);
    expect(parseMockConfig({ Load: [{ Result: 1 }] })._unsafeUnwrapErr()).toEqual({
      kind: 'invalid-mock-config', pointer: '/Load/0', message: 'expected { "Return": value } or { "Throw": { "Error": "...", "Cause": "..." } }',
    });
    expect(parseMockConfig({ Load: { first: { Return: 1 } } })._unsafeUnwrapErr().pointer).toBe('/Load/first');
  });

  it('a single response without its list says to write the list', () => {
    expect(parseMockConfig({ Load: { Return: 1 } })._unsafeUnwrapErr()).toEqual({
      kind: 'invalid-mock-config', pointer: '/Load', message: 'expected a list of responses: write [{ "Return": … }], not one response alone',
    });
    expect(parseMockConfig({ Load: { Throw: { Error: 'Boom' } } })._unsafeUnwrapErr().message).toBe('expected a list of responses: write [{ "Throw": … }], not one response alone');
  });
});

describe('resource registry', () => {
  const one = (resource: string, extra: Record<string, unknown> = {}) => ({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, End: true, ...extra } } });

  it('matches exact ARNs, * globs and RegExps, first match wins', async () => {
    const resources = [
      { pattern: /:sns:publish$/, handler: () => 'regexp' },
      { pattern: 'arn:aws:states:::aws-sdk:s3:*', handler: () => 'glob' },
      { pattern: 'arn:aws:states:::aws-sdk:s3:getObject', handler: () => 'exact (never reached)' },
    ];
    expect(await run(one('arn:aws:states:::sns:publish'), { resources })).toSucceedWith('regexp');
    expect(await run(one('arn:aws:states:::aws-sdk:s3:getObject'), { resources })).toSucceedWith('glob');
  });

  it('serves .sync resources with the base ARN’s handler and records TaskSubmitted', async () => {
    const r = await run(one('arn:aws:states:::glue:startJobRun.sync'), { resources: [{ pattern: 'arn:aws:states:::glue:startJobRun', handler: (c) => ({ JobRunState: 'SUCCEEDED', args: c.input }) }] }, { a: 1 });
    expect(r).toSucceedWith({ JobRunState: 'SUCCEEDED', args: { a: 1 } });
    expect(r.history.map((e) => e.type)).toContain('TaskSubmitted');
  });

  it('wraps a function registered by its Lambda ARN in lambda:invoke’s { Payload, StatusCode } shape', async () => {
    const def = one('arn:aws:states:::lambda:invoke', { Parameters: { FunctionName: 'validate', 'Payload.$': '$' }, ResultSelector: { 'p.$': '$.Payload', 's.$': '$.StatusCode' } });
    const resources = [{ pattern: 'arn:aws:lambda:us-east-1:123456789012:function:validate', handler: (c: { input: unknown }) => ({ echo: c.input }) }];
    expect(await run(def, { resources }, { k: 1 })).toSucceedWith({ p: { echo: { k: 1 } }, s: 200 });
  });

  it('reports Lambda-style errors for a function that throws', async () => {
    const resources = [{ pattern: 'arn:aws:lambda:*:function:f', handler: () => { throw new TypeError('nope'); } }];
    expect(await run(one('arn:aws:lambda:us-east-1:1:function:f'), { resources })).toFailWith('TypeError', '{"errorMessage":"nope","errorType":"TypeError"}');
  });

  it('normalises other handler throws to States.TaskFailed and passes TaskFailure through', async () => {
    expect(await run(one('arn:aws:states:::sns:publish'), { resources: [{ pattern: '*', handler: () => { throw new Error('socket'); } }] })).toFailWith('States.TaskFailed', 'socket');
    expect(await run(one('arn:aws:states:::sns:publish'), { resources: [{ pattern: '*', handler: () => { throw new TaskFailure('SNS.NotFound', 'topic'); } }] })).toFailWith('SNS.NotFound', 'topic');
  });

  it('fails with a message naming the state and the options when nothing serves a resource', async () => {
    expect(await run(one('arn:aws:states:::sns:publish'), {})).toFailWith('States.TaskFailed', "No resource handler is registered for 'arn:aws:states:::sns:publish' (state 'T'): register one with the 'resources' option, or mock the state with the 'mocks' option.");
  });

  it('evaluates Credentials.RoleArn.$ on the effective input', async () => {
    let seen: unknown;
    const def = one('arn:aws:states:::sns:publish', { Credentials: { 'RoleArn.$': '$.role' } });
    await run(def, { resources: [{ pattern: '*', handler: (c) => { seen = c.credentials; return 1; } }] }, { role: 'arn:aws:iam::1:role/target' });
    expect(seen).toEqual({ RoleArn: 'arn:aws:iam::1:role/target' });
  });

  it('gives handlers the attempt number, credentials, virtual time and the context object', async () => {
    const seen: unknown[] = [];
    const def = one('arn:aws:states:::sns:publish', { Credentials: { RoleArn: 'arn:aws:iam::1:role/r' }, Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 5 }] });
    const r = await run(def, { resources: [{ pattern: '*', handler: (c) => {
      seen.push({ attempt: c.attempt, credentials: c.credentials, now: c.now(), state: (c.context as { State: { Name: string } }).State.Name });
      if (c.attempt === 0) throw new TaskFailure('X');
      return 'ok';
    } }] });
    expect(r).toSucceedWith('ok');
    const t0 = r.startDate.getTime();
    expect(seen).toEqual([
      { attempt: 0, credentials: { RoleArn: 'arn:aws:iam::1:role/r' }, now: t0, state: 'T' },
      { attempt: 1, credentials: { RoleArn: 'arn:aws:iam::1:role/r' }, now: t0 + 5000, state: 'T' },
    ]);
  });
});
