/**
 * `output: callbackOutput<Out>()` is type-only: it changes no ASL, and a value
 * that is not a witness is refused at the call site.
 */
import { describe, expect, test } from 'vitest';
import { compileOrThrow } from '../../src/compile/index.js';
import { pipeline } from '../../src/dsl/index.js';
import { callbackOutput, waitForCallback } from '../../src/steps/callback/index.js';
import { existingLambda } from '../../src/steps/lambda/index.js';

const approver = existingLambda<{ token: string }, void>('arn:aws:lambda:us-east-1:123456789012:function:approve');

describe('callbackOutput', () => {
  test('declaring the output changes nothing in the compiled document', () => {
    // given
    const declared = pipeline<{ id: string }>('cb').waitForCallback(approver, { id: 'approve', payload: (_s, ctx) => ({ token: ctx.task.token }), output: callbackOutput<{ ok: boolean }>(), resultAt: 'approval' });
    const undeclared = pipeline<{ id: string }>('cb').waitForCallback(approver, { id: 'approve', payload: (_s, ctx) => ({ token: ctx.task.token }), resultAt: 'approval' });
    // when / then
    expect(compileOrThrow(declared)).toStrictEqual(compileOrThrow(undeclared));
    const doc = compileOrThrow(declared);
    expect(doc.States[doc.StartAt]).toMatchObject({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', ResultPath: '$.approval' });
  });

  test('an output that is not callbackOutput<Out>() is refused, naming the step', () => {
    const call = waitForCallback as unknown as (t: unknown, o: unknown) => unknown;
    expect(() => call(approver, { id: 'approve', payload: (_s: never, ctx: { task: { token: unknown } }) => ({ token: ctx.task.token }), output: { approved: true } }))
      .toThrow(new TypeError("waitForCallback('approve'): output must be callbackOutput<Out>(), which declares the callback's output type"));
  });
});
