/**
 * Catch handlers that rejoin (issue 2): `rejoin: true` wires the handler's last
 * state to the state after the protected step. Whole documents in both query
 * languages, both validators, and runs on the local interpreter.
 */
import { describe, expect, test } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import { pipeline } from '../../src/dsl/index.js';
import { visitedStates } from '../../src/local/index.js';
import type { ExecuteOptions, ExecutionResult } from '../../src/local/index.js';
import { expectValidAsl } from '../helpers/asl-judge.js';
import { compileOk, runLocal } from '../helpers/compile-run.js';
import { task } from './test-steps.js';

type Order = { id: string; count: number };

const load = task<Order, { loaded: number }, 'Load.Busy'>('load', { payload: (s) => ({ id: s.id }) });
const report = task<Order & { load: { loaded: number } }, unknown>('report', { payload: (s) => ({ n: s.load.loaded }) });

/** Load (a busy loader counts as nothing loaded and goes on; any other error fails), then report. */
const recovering = pipeline<Order>('rejoin')
  .step(load, {
    resultAt: 'load',
    catch: [
      { on: ['Load.Busy'], rejoin: true, then: (b) => b.pass({ result: { loaded: 0 }, resultAt: 'load', name: 'Nothing loaded' }) },
      { on: ['States.ALL'], then: (b) => b.fail({ error: 'Load.Failed' }) },
    ],
  })
  .step(report, { discardResult: true });



async function run(doc: AslDocument, options: ExecuteOptions): Promise<ExecutionResult> {
  return runLocal(doc, { id: 'o-1', count: 2 }, options);
}

const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:rejoin-dev';

describe('a rejoining catch handler', () => {
  test('JSONPath: the handler goes to the state after the protected step; the other handler still ends', () => {
    // given
    const pipelineWithRejoin = recovering;
    // when
    const doc = compileOk(pipelineWithRejoin, 'JSONPath');
    // then
    expect(doc).toStrictEqual({
      QueryLanguage: 'JSONPath',
      StartAt: 'Task load',
      States: {
        'Task load': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: `${FUNCTION}-load`, Payload: { 'id.$': '$.id' } },
          ResultPath: '$.load',
          Catch: [
            { ErrorEquals: ['Load.Busy'], Next: 'Nothing loaded', ResultPath: '$.error' },
            { ErrorEquals: ['States.ALL'], Next: 'Fail', ResultPath: '$.error' },
          ],
          Next: 'Task report',
        },
        'Nothing loaded': { Type: 'Pass', Result: { loaded: 0 }, ResultPath: '$.load', Next: 'Task report' },
        Fail: { Type: 'Fail', Error: 'Load.Failed' },
        'Task report': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: `${FUNCTION}-report`, Payload: { 'n.$': '$.load.loaded' } },
          ResultPath: null,
          End: true,
        },
      },
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('JSONata: the same wiring, the error merged into the state by the catcher Output', () => {
    // given
    const pipelineWithRejoin = recovering;
    // when
    const doc = compileOk(pipelineWithRejoin, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      QueryLanguage: 'JSONata',
      StartAt: 'Task load',
      States: {
        'Task load': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: `${FUNCTION}-load`, Payload: { id: '{% $states.input.id %}' } },
          Output: '{% $merge([$states.input, {"load": $states.result}]) %}',
          Catch: [
            { ErrorEquals: ['Load.Busy'], Next: 'Nothing loaded', Output: '{% $merge([$states.input, {"error": $states.errorOutput}]) %}' },
            { ErrorEquals: ['States.ALL'], Next: 'Fail', Output: '{% $merge([$states.input, {"error": $states.errorOutput}]) %}' },
          ],
          Next: 'Task report',
        },
        'Nothing loaded': { Type: 'Pass', Output: '{% $merge([$states.input, {"load": {"loaded":0}}]) %}', Next: 'Task report' },
        Fail: { Type: 'Fail', Error: 'Load.Failed' },
        'Task report': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: `${FUNCTION}-report`, Payload: { n: '{% $states.input.load.loaded %}' } },
          Output: '{% $states.input %}',
          End: true,
        },
      },
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, a caught error runs the handler and then the rest of the chain', async (ql) => {
    // given
    const doc = compileOk(recovering, ql);
    const reported: unknown[] = [];
    // when
    const result = await run(doc, {
      mocks: {
        'Task load': [{ Throw: { Error: 'Load.Busy', Cause: 'another load is running' } }],
        'Task report': (input) => { reported.push(input); return {}; },
      },
    });
    // then
    expect(result.status).toBe('SUCCEEDED');
    expect(visitedStates(result.history)).toStrictEqual(['Task load', 'Nothing loaded', 'Task report']);
    expect(reported).toStrictEqual([{ FunctionName: `${FUNCTION}-report`, Payload: { n: 0 } }]);
    // (JSON round trip: JSONata builds its objects with its own prototypes)
    expect(JSON.parse(JSON.stringify(result.output))).toStrictEqual({
      id: 'o-1', count: 2, load: { loaded: 0 }, error: { Error: 'Load.Busy', Cause: 'another load is running' },
    });
  });

  test.each(['JSONPath', 'JSONata'] as const)('%s: locally, an error the rejoining handler does not catch still ends the execution', async (ql) => {
    // given
    const doc = compileOk(recovering, ql);
    // when
    const result = await run(doc, { mocks: { 'Task load': [{ Throw: { Error: 'Load.Broken' } }], 'Task report': [{ Return: {} }] } });
    // then
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Load.Failed');
    expect(visitedStates(result.history)).toStrictEqual(['Task load', 'Fail']);
  });

  test('on a compensated step the handler rejoins through the Save state, like a success (its output is what a later compensation restores)', () => {
    // given
    const release = task<Order & { load: { loaded: number } }, unknown>('release', { payload: (s) => ({ n: s.load.loaded }) });
    const p = pipeline<Order>('rejoin')
      .step(load, { resultAt: 'load', catch: [{ on: ['Load.Busy'], rejoin: true, then: (b) => b.pass({ result: { loaded: 0 }, resultAt: 'load', name: 'Nothing loaded' }) }] })
      .compensate(release)
      .step(report, { discardResult: true });
    // when
    const doc = compileOk(p);
    // then
    expect(doc.States['Task load']).toMatchObject({
      Next: 'Save Task load',
      Catch: [{ ErrorEquals: ['Load.Busy'], Next: 'Nothing loaded' }],
    });
    expect(doc.States['Nothing loaded']).toMatchObject({ Type: 'Pass', Next: 'Save Task load' });
    expectValidAsl(doc);
  });

  test('an empty rejoining handler makes the catcher go straight on; on the last step it ends; on a Map it rejoins after the Map', () => {
    // given
    const p = pipeline<{ items: string[] }>('ignore')
      .map((s) => s.items, (item) => item.step(task<string, unknown, 'Item.Bad'>('item')), {
        discardResult: true,
        catch: [{ on: ['Item.Bad'], rejoin: true, then: (b) => b }],
      })
      .pass({ name: 'After' })
      .step(task<{ items: string[] }, unknown, 'Last.Bad'>('last'), { catch: [{ on: ['States.ALL'], rejoin: true, then: (b) => b.pass({ name: 'Recovered' }) }] });
    // when
    const doc = compileOk(p, 'JSONPath');
    // then
    expect(doc).toStrictEqual({
      QueryLanguage: 'JSONPath',
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Task item',
            States: {
              'Task item': {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:ignore-dev-item' },
                End: true,
              },
            },
          },
          ResultPath: null,
          Catch: [{ ErrorEquals: ['Item.Bad'], Next: 'After', ResultPath: '$.error' }],
          Next: 'After',
        },
        After: { Type: 'Pass', Next: 'Task last' },
        'Task last': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:ignore-dev-last' },
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recovered', ResultPath: '$.error' }],
          End: true,
        },
        Recovered: { Type: 'Pass', End: true },
      },
    } satisfies AslDocument);
    expectValidAsl(doc);
  });
});
