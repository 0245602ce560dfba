/**
 * The named chain methods are thin wrappers: the factory gets its own options,
 * `.step()` gets the chain options.
 */
import { describe, expect, test } from 'vitest';
import { compileOrThrow } from '../../src/compile/index.js';
import { pipeline } from '../../src/dsl/index.js';
import { existingGlueJob } from '../../src/steps/glue/index.js';
import { existingLambda } from '../../src/steps/lambda/index.js';
import { expectValidAsl } from '../helpers/asl-judge.js';

type File = { bucket: string; key: string; id: string };
const score = existingLambda<{ orderId: string }, { score: number }>('arn:aws:lambda:us-east-1:123456789012:function:score');
const stage = existingGlueJob('stage-job', ['--key']);

describe('named chain methods', () => {
  test('lambda and glue split their options between the factory and the chain', () => {
    // given
    const p = pipeline<File>('wrapped')
      .lambda(score, { payload: (s) => ({ orderId: s.id }), resultAt: 'score', retry: [{ on: ['Lambda.TooManyRequestsException'], every: '2s' }] })
      .glue(stage, { args: (s) => ({ '--key': s.key }), discardResult: true, timeout: '1h' });
    // when
    const doc = compileOrThrow(p);
    // then
    const [first, second] = Object.values(doc.States);
    expect(first).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:score',
      ResultPath: '$.score',
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2 }],
    });
    expect(second).toMatchObject({ Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', TimeoutSeconds: 3600, ResultPath: null, End: true });
    expect(second?.Type === 'Task' && second.Parameters).toMatchObject({ JobName: 'stage-job', Arguments: { '--key.$': '$.key' } });
    expectValidAsl(doc);
  });

  test('the wrappers are the same steps as .step(factory(...))', () => {
    const viaWrapper = pipeline<File>('same').lambda(score, { payload: (s) => ({ orderId: s.id }), resultAt: 'score' });
    expect(viaWrapper.data.nodes[0]?.kind === 'step' && viaWrapper.data.nodes[0].step.kind).toBe('lambda');
    expect(viaWrapper.data.nodes[0]?.kind === 'step' && viaWrapper.data.nodes[0].placement).toStrictEqual({ kind: 'at', key: 'score' });
  });
});
