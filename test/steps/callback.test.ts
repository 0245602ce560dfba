import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/local/index.js';
import type { ExecutionHandle } from '../../src/local/index.js';
import { waitForCallback } from '../../src/steps/callback/index.js';
import { lambdaFunction, LAMBDA_ERRORS } from '../../src/steps/lambda/index.js';
import { SNS_ERRORS, topic } from '../../src/steps/sns/index.js';
import { IAM_CTX, expectLeastPrivilege, expectValidAsl, render, stepDocument } from './harness.js';

type File = { key: string };
const approver = lambdaFunction<(e: { token: string; key: string }) => Promise<void>>('approver', { entry: './approver.ts' });
const FN = 'arn:aws:lambda:us-east-1:000000000000:function:demo-dev-approver';

describe('waitForCallback step', () => {
  const step = waitForCallback<File, { approved: boolean }, 'Review.Rejected'>(approver, {
    id: 'approve',
    payload: (s, ctx) => ({ token: ctx.task.token, key: s.key }),
    errors: ['Review.Rejected'],
    heartbeat: '5m',
  });

  it('renders lambda:invoke.waitForTaskToken with the token in the payload and a heartbeat (JSONPath)', () => {
    expect(render(step, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: FN, Payload: { 'token.$': '$$.Task.Token', 'key.$': '$.key' } },
        HeartbeatSeconds: 300,
      },
    });
  });

  it('renders the same in JSONata', () => {
    expect(render(step, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Arguments: { FunctionName: FN, Payload: { token: '{% $states.context.Task.Token %}', key: '{% $states.input.key %}' } },
        HeartbeatSeconds: 300,
      },
    });
  });

  it('publishes the token to an SNS topic with sns:publish.waitForTaskToken', () => {
    const viaSns = waitForCallback<File, { approved: boolean }>(topic('reviews'), { id: 'review', payload: (s, ctx) => ({ token: ctx.task.token, key: s.key }) });
    expect(render(viaSns, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
        Parameters: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:demo-dev-reviews', Message: { 'token.$': '$$.Task.Token', 'key.$': '$.key' } },
      },
    });
    expect(viaSns.iam(IAM_CTX)).toStrictEqual([{ actions: ['sns:Publish'], resources: ['arn:aws:sns:us-east-1:000000000000:demo-dev-reviews'] }]);
    expect(viaSns.errors).toStrictEqual(SNS_ERRORS);
    expect(viaSns.deployables).toStrictEqual([{ kind: 'topic', id: 'reviews' }]);
  });

  it('lists the delivery errors and the callback errors, needs only the invoke permission', () => {
    expect(step.errors).toStrictEqual([...LAMBDA_ERRORS, 'Review.Rejected']);
    const iam = step.iam(IAM_CTX);
    expect(iam).toStrictEqual([{ actions: ['lambda:InvokeFunction'], resources: [FN, `${FN}:*`] }]);
    expectLeastPrivilege(iam);
    expect(step.deployables).toStrictEqual([{ kind: 'lambda', id: 'approver', handler: { entry: './approver.ts' } }]);
  });

  it('produces valid documents in both query languages', () => {
    expectValidAsl(stepDocument(step, 'JSONPath'));
    expectValidAsl(stepDocument(step, 'JSONata'));
  });

  it('refuses a payload without the task token, and a bad heartbeat', () => {
    expect(() => waitForCallback<File, unknown>(approver, { id: 'x', payload: (s) => ({ key: s.key }) }))
      .toThrow("waitForCallback('x'): the payload must carry the task token (ctx.task.token), or nobody can resume the execution");
    expect(() => waitForCallback<File, unknown>(approver, { id: 'x', payload: (_s, ctx) => ctx.task.token, heartbeat: '0s' as '1s' }))
      .toThrow("waitForCallback('x'): heartbeat must be a duration such as '30s', '5m' or '1h', got \"0s\"");
  });

  /** Runs the step: the fake Lambda hands the token it received to `answer`, as a reviewer would. */
  async function runWithCallback(ql: 'JSONPath' | 'JSONata', answer: (h: ExecutionHandle, token: string) => void) {
    const machine = prepare(stepDocument(step, ql));
    if (machine.isErr()) throw new Error(JSON.stringify(machine.error));
    const payloads: unknown[] = [];
    let handle: ExecutionHandle | undefined;
    handle = machine.value.start({ key: 'source/a.csv' }, {
      resources: [{
        pattern: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        handler: (c) => {
          const { Payload } = c.input as { Payload: { token: string; key: string } };
          payloads.push(Payload);
          setTimeout(() => { if (handle !== undefined) answer(handle, Payload.token); }, 0);
          return { StatusCode: 202 };
        },
      }],
    });
    return { result: await handle.result, payloads };
  }

  for (const ql of ['JSONPath', 'JSONata'] as const) {
    it(`${ql}: resumes with what SendTaskSuccess sends, after handing over the token`, async () => {
      const { result, payloads } = await runWithCallback(ql, (h, token) => { h.sendTaskSuccess(token, { approved: true }); });
      expect(result.status).toBe('SUCCEEDED');
      expect(JSON.parse(JSON.stringify(result.output))).toStrictEqual({ approved: true });
      expect(payloads).toStrictEqual([{ token: expect.any(String), key: 'source/a.csv' }]);
    });

    it(`${ql}: fails with the error SendTaskFailure names`, async () => {
      const { result } = await runWithCallback(ql, (h, token) => { h.sendTaskFailure(token, 'Review.Rejected', 'not today'); });
      expect([result.status, result.error, result.cause]).toStrictEqual(['FAILED', 'Review.Rejected', 'not today']);
    });
  }
});
