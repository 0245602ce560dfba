import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../../src/local/index.js';
import { existingLambda, lambda, lambdaFunction, LAMBDA_ERRORS } from '../../src/steps/lambda/index.js';
import { fmt } from '../../src/steps/expr/index.js';
import { ENV, IAM_CTX, expectLeastPrivilege, expectValidAsl, render, run, stepDocument } from './harness.js';

type Order = { orderId: string; amount: number };
type ScoreHandler = (event: { id: string; amount: number }) => Promise<{ score: number }>;
const score = lambdaFunction<ScoreHandler>('score', { entry: './handlers/score.ts', memoryMb: 256 });
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:demo-dev-score';

describe('lambda step', () => {
  const step = lambda<Order, { id: string; amount: number }, { score: number }, 'Score.Rejected'>(score, {
    payload: (s) => ({ id: s.orderId, amount: s.amount }),
    errors: ['Score.Rejected'],
  });

  it('renders the payload as Parameters of a function-ARN task in JSONPath, so the result is the payload itself', () => {
    expect(render(step, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: { Type: 'Task', Resource: ARN, Parameters: { 'id.$': '$.orderId', 'amount.$': '$.amount' } },
    });
  });

  it('renders lambda:invoke with Arguments and selects Payload in JSONata', () => {
    expect(render(step, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: ARN, Payload: { id: '{% $states.input.orderId %}', amount: '{% $states.input.amount %}' } },
      },
      resultExpression: '$states.result.Payload',
    });
  });

  it('passes the whole state when no payload is given', () => {
    const whole = lambda<{ id: string; amount: number }, { id: string; amount: number }, { score: number }>(score);
    expect(render(whole, 'JSONPath')).toStrictEqual({ kind: 'task', state: { Type: 'Task', Resource: ARN } });
    expect(render(whole, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: ARN, Payload: '{% $states.input %}' } },
      resultExpression: '$states.result.Payload',
    });
  });

  it('uses InputPath in JSONPath when the payload is one field of the state', () => {
    const nested = lambda<{ order: { id: string; amount: number } }, { id: string; amount: number }, { score: number }>(score, { payload: (s) => s.order });
    expect(render(nested, 'JSONPath')).toStrictEqual({ kind: 'task', state: { Type: 'Task', Resource: ARN, InputPath: '$.order' } });
  });

  it('refuses a JSONPath payload that is neither an object nor a field', () => {
    const text = lambda<{ a: string }, string, number>(existingLambda<string, number>('arn:aws:lambda:us-east-1:000000000000:function:echo'), { payload: (s) => fmt`x-${s.a}` });
    expect(() => render(text, 'JSONPath')).toThrow('payload: in JSONPath a Lambda payload must be an object or one field of the state (use JSONata for other values)');
    expect(render(text, 'JSONata')).toMatchObject({ state: { Arguments: { Payload: '{% "x-" & $states.input.a %}' } } });
  });

  it('lists the Lambda service errors first, then the handler errors', () => {
    expect(step.errors).toStrictEqual([...LAMBDA_ERRORS, 'Score.Rejected']);
    expect(step.kind).toBe('lambda');
    expect(step.id).toBe('score');
  });

  it('needs lambda:InvokeFunction on the function and its versions and aliases only', () => {
    const iam = step.iam(IAM_CTX);
    expect(iam).toStrictEqual([{ actions: ['lambda:InvokeFunction'], resources: [ARN, `${ARN}:*`] }]);
    expectLeastPrivilege(iam);
  });

  it('deploys the user function with its options, and nothing for an existing one', () => {
    expect(step.deployables).toStrictEqual([{ kind: 'lambda', id: 'score', handler: { entry: './handlers/score.ts' }, memoryMb: 256 }]);
    const existing = lambda<{ id: string }, { id: string }, number>(existingLambda('arn:aws:lambda:eu-west-1:123456789012:function:other'));
    expect(existing.deployables).toStrictEqual([]);
    expect(existing.iam({ ...IAM_CTX, env: ENV })).toStrictEqual([{
      actions: ['lambda:InvokeFunction'],
      resources: ['arn:aws:lambda:eu-west-1:123456789012:function:other', 'arn:aws:lambda:eu-west-1:123456789012:function:other:*'],
    }]);
  });

  it('produces documents both validators accept, in both query languages', () => {
    expectValidAsl(stepDocument(step, 'JSONPath'));
    expectValidAsl(stepDocument(step, 'JSONata'));
  });

  it('gives the handler result as the state in both query languages when run locally', async () => {
    const calls: unknown[] = [];
    const handler = (event: { id: string; amount: number }) => ({ score: event.amount * 2 });
    const resources = [
      { pattern: ARN, handler: (c: { input: unknown }) => { calls.push(c.input); return handler(c.input as { id: string; amount: number }); } },
      {
        pattern: 'arn:aws:states:::lambda:invoke',
        handler: (c: { input: unknown }) => {
          const { Payload } = c.input as { FunctionName: string; Payload: { id: string; amount: number } };
          calls.push(Payload);
          return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: handler(Payload) };
        },
      },
    ];
    for (const ql of ['JSONPath', 'JSONata'] as const) {
      const r = await run(stepDocument(step, ql), { orderId: 'o-1', amount: 21 }, resources);
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toStrictEqual({ score: 42 });
    }
    expect(calls).toStrictEqual([{ id: 'o-1', amount: 21 }, { id: 'o-1', amount: 21 }]);
  });

  it('surfaces a handler error under its own name', async () => {
    const r = await run(stepDocument(step, 'JSONPath'), { orderId: 'o-1', amount: 1 }, [
      { pattern: ARN, handler: () => { throw new TaskFailure('Score.Rejected', 'too small'); } },
    ]);
    expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'Score.Rejected', 'too small']);
  });

  it('derives a valid step id from an existing function whose name has underscores or starts with a digit', () => {
    const odd = lambda<{ id: string }, { id: string }, number>(existingLambda('arn:aws:lambda:us-east-1:000000000000:function:9_score_v2'));
    expect(odd.id).toBe('x-9-score-v2');
    expect(render(odd, 'JSONPath')).toStrictEqual({ kind: 'task', state: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:9_score_v2' } });
  });

  it('rejects bad options with a message naming the field', () => {
    expect(() => lambdaFunction('1bad', { entry: 'x.ts' })).toThrow("lambdaFunction(): id must start with a letter and hold only letters, digits and '-' (at most 48), got \"1bad\"");
    expect(() => lambdaFunction('ok', { entry: '' })).toThrow("lambdaFunction('ok'): entry must be the path of the handler's source file");
    expect(() => lambdaFunction('ok', { entry: 'x.ts', memoryMb: 64 })).toThrow("lambdaFunction('ok'): memoryMb must be a whole number from 128 to 10240, got 64");
    expect(() => existingLambda('my-fn')).toThrow('existingLambda(): expected an unqualified function ARN like arn:aws:lambda:us-east-1:123456789012:function:name, got "my-fn"');
    expect(() => lambda<{ id: string }, { id: string }, number, string>(existingLambda('arn:aws:lambda:us-east-1:000000000000:function:f'), { errors: ['States.Custom'] }))
      .toThrow("lambda('f'): errors[0] must be a non-empty error name not starting with 'States.', got \"States.Custom\"");
  });
});
