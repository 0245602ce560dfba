/**
 * Compiler behaviour beyond the per-state documents: determinism, issues,
 * environments, IAM and deployables, naming.
 */
import { describe, expect, test } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import {
  collectDeployables, collectIam, compile, compileCatch, compileOrThrow, compileRetry, CompileError, isPipeline, toAslJson,
} from '../../src/compile/index.js';
import { StateNames } from '../../src/compile/names.js';
import { pipeline } from '../../src/dsl/index.js';
import { fmt, jsonata } from '../../src/steps/expr/index.js';
import { expectValidAsl } from '../helpers/asl-judge.js';
import * as sc from './scenarios.js';
import { task } from './test-steps.js';

type Order = sc.Order;

describe('determinism', () => {
  test('the same pipeline compiles to byte-identical JSON, every time and when rebuilt', async () => {
    // given
    const first = toAslJson(compileOrThrow(sc.saga));
    // when
    const again = toAslJson(compileOrThrow(sc.saga));
    const rebuilt = toAslJson(compileOrThrow((await import('./scenarios.js?rebuild' as string) as typeof sc).saga));
    // then
    expect(again).toBe(first);
    expect(rebuilt).toBe(first);
  });

  test('States.ALL is the last Retry and Catch entry and lists hold no duplicates', () => {
    expect(compileRetry({ on: ['A', 'A', 'B'], every: '1m', maxDelay: '1h', backoff: 1.5, attempts: 4, jitter: 'none', comment: 'c' })).toStrictEqual({
      ErrorEquals: ['A', 'B'], IntervalSeconds: 60, MaxAttempts: 4, BackoffRate: 1.5, MaxDelaySeconds: 3600, JitterStrategy: 'NONE', Comment: 'c',
    });
    expect(compileCatch(['States.ALL'], 'Handler', 'JSONPath')).toStrictEqual({ ErrorEquals: ['States.ALL'], Next: 'Handler', ResultPath: '$.error' });
  });

  test('no key of the document is undefined', () => {
    const json = toAslJson(compileOrThrow(sc.choices, { queryLanguage: 'JSONata' }));
    expect(JSON.stringify(JSON.parse(json))).toBe(JSON.stringify(compileOrThrow(sc.choices, { queryLanguage: 'JSONata' })));
  });
});

describe('environments and options', () => {
  test('ARNs follow the environment', () => {
    const doc = compileOrThrow(sc.maps, { env: { partition: 'aws-cn', region: 'cn-north-1', account: '123456789012', stage: 'prod' } });
    const map = doc.States['Map'];
    const task0 = map?.Type === 'Map' ? map.ItemProcessor?.States['Task price'] : undefined;
    expect(task0?.Type === 'Task' && task0.Parameters?.['FunctionName']).toBe('arn:aws-cn:lambda:cn-north-1:123456789012:function:maps-prod-price');
  });

  test('a pipeline declared for JSONata compiles to JSONata by default and refuses JSONPath', () => {
    const p = pipeline.jsonata<Order>('jsonata-only').pass({ set: () => ({ n: jsonata<number>('$count($states.input.items)') }) });
    expect(compileOrThrow(p).QueryLanguage).toBe('JSONata');
    expect(compile(p, { queryLanguage: 'JSONPath' })._unsafeUnwrapErr()).toStrictEqual([{
      kind: 'query-language',
      path: 'jsonata-only',
      message: "pipeline 'jsonata-only' is declared for JSONata (pipeline.jsonata()); compile it with queryLanguage: 'JSONata'",
    }]);
  });

  test('raw JSONata conditions, waits and values compile in a JSONata pipeline', () => {
    // given
    const p = pipeline.jsonata<Order>('raw')
      .choice((c) => c.when(jsonata<boolean>('$count($states.input.items) > 2'), (b) => b.wait({ secondsExpr: jsonata<number>('$states.input.delay * 2'), name: 'Back off' })))
      .pass({ set: (s) => ({ id: s.id, n: jsonata<number>('$count($states.input.items)') }), name: 'Count' });
    // when
    const doc = compileOrThrow(p);
    // then
    expect(doc).toStrictEqual({
      QueryLanguage: 'JSONata',
      StartAt: 'Choice',
      States: {
        Choice: { Type: 'Choice', Choices: [{ Condition: '{% $count($states.input.items) > 2 %}', Next: 'Back off' }], Default: 'Count' },
        'Back off': { Type: 'Wait', Seconds: '{% $states.input.delay * 2 %}', Next: 'Count' },
        Count: { Type: 'Pass', Output: '{% {"id": $states.input.id, "n": ($count($states.input.items))} %}', End: true },
      },
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a document comment and execution timeout are written', () => {
    const p = pipeline<Order>('timed', { comment: 'nightly load', timeout: '2h' }).pass();
    const doc = compileOrThrow(p);
    expect(doc).toStrictEqual({
      Comment: 'nightly load', QueryLanguage: 'JSONPath', StartAt: 'Pass', States: { Pass: { Type: 'Pass', End: true } }, TimeoutSeconds: 7200,
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('an empty pipeline compiles to a single Pass', () => {
    expect(compileOrThrow(pipeline<Order>('empty'))).toStrictEqual({
      QueryLanguage: 'JSONPath', StartAt: 'Start.Done', States: { 'Start.Done': { Type: 'Pass', End: true } },
    } satisfies AslDocument);
  });

  test('the saga can end in Succeed instead of Fail', () => {
    const p = pipeline<Order>('soft-saga', { onCompensated: 'succeed' })
      .step(task<Order, unknown>('a'), { discardResult: true })
      .compensate(task<Order, unknown>('undo-a'))
      .step(task<Order, unknown>('b'));
    const doc = compileOrThrow(p);
    expect(doc.States['Saga compensated']).toStrictEqual({ Type: 'Succeed' });
    expect(doc.States['Saga failed']).toBeUndefined();
    expectValidAsl(doc);
  });
});

describe('issues', () => {
  test('a JSONata-only value in a JSONPath compile is reported with the state and field', () => {
    const p = pipeline<Order>('mixed').step(task<Order, unknown>('t', { payload: () => ({ n: jsonata('1') }) }));
    expect(compile(p)._unsafeUnwrapErr()).toStrictEqual([{
      kind: 'render', path: 'Task t', message: 'Payload.n: a jsonata(…) expression cannot be used in a JSONPath state machine',
    }]);
  });

  test('two states with the same explicit name are reported, every one of them', () => {
    const p = pipeline<Order>('dupes').pass({ name: 'Same' }).pass({ name: 'Same' }).pass({ name: 'Same' });
    const issues = compile(p)._unsafeUnwrapErr();
    expect(issues.map((i) => [i.kind, i.path])).toStrictEqual([['duplicate-state-name', 'Same'], ['duplicate-state-name', 'Same']]);
    expect(issues[0]?.message).toBe("the state name 'Same' is used twice; state names must be unique in the whole state machine");
  });

  test('nodes after a choice whose every branch ends are unreachable', () => {
    const p = pipeline<Order>('dead')
      .choice((c) => c.when((s) => s.paid.eq(true), (b) => b.succeed()).otherwise((b) => b.fail({ error: 'No' })))
      .pass({ name: 'Never' });
    expect(compile(p)._unsafeUnwrapErr()).toContainEqual({
      kind: 'unreachable', path: 'Never', message: "every branch of 'Choice' ends in Succeed or Fail, so 'Never' can never run",
    });
  });

  test('two steps declaring the same resource id differently are reported', () => {
    const a = task<Order, unknown>('dup');
    const b = { ...task<Order, unknown>('dup'), deployables: [{ kind: 'lambda' as const, id: 'dup', handler: { entry: 'other.ts' } }] };
    const issues = compile(pipeline<Order>('ids').step(a, { discardResult: true }).step(b))._unsafeUnwrapErr();
    expect(issues).toStrictEqual([{
      kind: 'duplicate-step-id', path: "ids > lambda 'dup'", message: "two steps declare a lambda 'dup' with different settings; give one of them another id",
    }]);
  });

  test('compileOrThrow throws a CompileError listing every issue', () => {
    const p = pipeline<Order>('bad').pass({ name: 'X' }).pass({ name: 'X' });
    expect(() => compileOrThrow(p)).toThrow(CompileError);
    expect(() => compileOrThrow(p)).toThrow("pipeline does not compile:\n  - X: the state name 'X' is used twice; state names must be unique in the whole state machine");
  });

  test('compile refuses what is not a pipeline', () => {
    expect(isPipeline({})).toBe(false);
    expect(isPipeline(sc.maps)).toBe(true);
    expect(compile({} as never)._unsafeUnwrapErr()[0]?.message).toBe('compile() expects a pipeline built with pipeline(...)');
  });
});

describe('state names', () => {
  test('repeated names are numbered in traversal order and truncated to 80 characters', () => {
    const names = new StateNames();
    expect([names.fresh('Pass'), names.fresh('Pass'), names.fresh('Pass')]).toStrictEqual(['Pass', 'Pass 2', 'Pass 3']);
    const long = 'x'.repeat(100);
    expect(names.fresh(long)).toHaveLength(80);
    expect(names.fresh(long)).toBe(`${'x'.repeat(78)} 2`);
  });

  test('a step is named after its kind and id', () => {
    const doc = compileOrThrow(pipeline<Order>('n').step(task<Order, unknown>('load-orders')));
    expect(Object.keys(doc.States)).toStrictEqual(['Task load-orders']);
  });
});

describe('IAM and deployables', () => {
  test('collectIam merges the steps’ statements and adds what a distributed map needs, sorted', () => {
    const p = pipeline<Order>('iam')
      .step(task<Order, unknown>('b'), { discardResult: true })
      .step(task<Order, unknown>('a'), { discardResult: true })
      .step(task<Order, unknown>('a'), { discardResult: true })
      .distributedMap({ bucket: 'data', key: (s) => fmt`in/${s.key}`, columns: ['x'] }, (row) => row.pass());
    expect(collectIam(p, { account: '123456789012' })).toStrictEqual([
      { actions: ['lambda:InvokeFunction'], resources: ['arn:aws:lambda:us-east-1:123456789012:function:iam-dev-a'] },
      { actions: ['lambda:InvokeFunction'], resources: ['arn:aws:lambda:us-east-1:123456789012:function:iam-dev-b'] },
      { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::data/*'] },
      { actions: ['states:DescribeExecution', 'states:StopExecution'], resources: ['arn:aws:states:us-east-1:123456789012:execution:iam-dev-iam/*'] },
      { actions: ['states:StartExecution'], resources: ['arn:aws:states:us-east-1:123456789012:stateMachine:iam-dev-iam'] },
    ]);
  });

  test('collectDeployables lists each resource once, sorted, including compensations', () => {
    expect(collectDeployables(sc.saga)).toStrictEqual([
      { kind: 'lambda', id: 'charge', handler: { entry: 'handlers/charge.ts' } },
      { kind: 'lambda', id: 'refund', handler: { entry: 'handlers/refund.ts' } },
      { kind: 'lambda', id: 'release', handler: { entry: 'handlers/release.ts' } },
      { kind: 'lambda', id: 'reserve', handler: { entry: 'handlers/reserve.ts' } },
      { kind: 'lambda', id: 'ship', handler: { entry: 'handlers/ship.ts' } },
    ]);
  });
});
