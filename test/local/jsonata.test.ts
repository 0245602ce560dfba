import { describe, expect, it } from 'vitest';
import { execute, localMatchers, prepare } from '../../src/local/index.js';
import type { Thread } from '../../src/local/internal/runtime.js';
import { StatesBinding } from '../../src/local/internal/state-io.js';

expect.extend(localMatchers);

const run = (def: unknown, input: unknown = {}) => prepare(def)._unsafeUnwrap().execute(input);

describe('JSONata states', () => {
  it('Map Items and ItemSelector read $states.context.Map.Item', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map', Items: '{% $states.input.xs %}',
          ItemSelector: { v: '{% $states.context.Map.Item.Value %}', i: '{% $states.context.Map.Item.Index %}' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input.v * 10 + $states.input.i %}', End: true } } },
          Output: '{% $sum($states.result) %}',
          End: true,
        },
      },
    };
    expect(await run(def, { xs: [1, 2, 3] })).toSucceedWith(10 + 21 + 32);
  });

  it('Items that are not an array fail with States.QueryEvaluationError and record EvaluationFailed', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Each',
      States: { Each: { Type: 'Map', Items: '{% $states.input.xs %}', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
    };
    const r = await run(def, { xs: 'nope' });
    expect(r).toFailWith('States.QueryEvaluationError', "An error occurred while executing the state 'Each' (entered at the event id #2). The JSONata expression '$states.input.xs' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: \"nope\"");
    expect(r.history.map((e) => e.type)).toEqual(['ExecutionStarted', 'MapStateEntered', 'EvaluationFailed', 'MapStateFailed', 'ExecutionFailed']);
  });

  it('a state may switch to JSONata inside a JSONPath machine', async () => {
    const def = {
      StartAt: 'Path',
      States: {
        Path: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, Next: 'Ata' },
        Ata: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.n + 1 %}', End: true },
      },
    };
    expect(await run(def, { n: 1 })).toSucceedWith(2);
  });

  it('rejects JSONPath fields in a JSONata state, pointing at them', () => {
    const r = prepare({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { a: 1 }, End: true } } });
    expect(r._unsafeUnwrapErr().issues).toEqual([{ pointer: '/States/A/Parameters', message: "'Parameters' is a JSONPath field; this state uses JSONata (use Arguments/Output instead)" }]);
  });

  it('Wait Seconds may be an expression', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'W', States: { W: { Type: 'Wait', Seconds: '{% $states.input.s * 2 %}', End: true } } };
    const r = await run(def, { s: 30 });
    expect(r.stopDate.getTime() - r.startDate.getTime()).toBe(60_000);
  });

  it('distributed Map iterations do not see the outer variables', async () => {
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { secret: 1 }, Next: 'Each' },
        Each: {
          Type: 'Map', Items: [1],
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $secret %}', End: true } } },
          End: true,
        },
      },
    };
    expect((await run(def)).error).toBe('States.QueryEvaluationError');
  });
});

/** Never read: the getter is compared, not called. */
const fakeThread = {} as Thread;

describe('$states.context (read lazily)', () => {
  it('is read by a Pass state through $states.context like any field', async () => {
    const def = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: { name: '{% $states.context.State.Name %}', keys: '{% $keys($states) %}' }, End: true } } };
    expect(await run(def, { a: 1 })).toSucceedWith({ name: 'P', keys: ['input', 'context'] });
  });
  it('every $states binding shares one getter, so bindings share one object shape (memory: see bench/interpreter)', () => {
    const a = new StatesBinding(fakeThread, 'A', { a: 1 });
    const b = new StatesBinding(fakeThread, 'B', { b: 2 });
    const da = Object.getOwnPropertyDescriptor(a, 'context');
    expect(da?.enumerable).toBe(true);
    expect(da?.get).toBeTypeOf('function');
    expect(Object.getOwnPropertyDescriptor(b, 'context')?.get).toBe(da?.get);
  });
});

describe('values leaving the interpreter', () => {
  it('are plain objects, as JSON.parse gives them: toStrictEqual holds on the output and on a task input built by JSONata', async () => {
    // given objects built by JSONata object constructors (no prototype inside the jsonata package)
    const def = {
      QueryLanguage: 'JSONata',
      StartAt: 'Build',
      States: {
        Build: { Type: 'Pass', Output: '{% {"order": {"id": $states.input.id, "lines": [{"sku": "a"}]}} %}', Next: 'Send' },
        Send: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Arguments: { Message: '{% {"id": $states.input.order.id} %}' }, Output: '{% $states.input %}', End: true },
      },
    };
    let sent: unknown;
    const r = await execute(def, { id: 7 }, { resources: [{ pattern: 'arn:aws:states:::sns:publish', handler: (c) => { sent = c.input; return {}; } }] });
    // then
    expect(sent).toStrictEqual({ Message: { id: 7 } });
    expect(r._unsafeUnwrap().output).toStrictEqual({ order: { id: 7, lines: [{ sku: 'a' }] } });
  });
});

