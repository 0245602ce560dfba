import { describe, expect, it } from 'vitest';
import { subflow, SUBFLOW_ERRORS } from '../../src/steps/subflow/index.js';
import { IAM_CTX, expectLeastPrivilege, expectValidAsl, render, run, stepDocument } from './harness.js';

type Parent = { file: { bucket: string; key: string }; rows: number };
type ChildIn = { bucket: string; key: string };
type ChildOut = { loaded: number };
const child = { name: 'load-orders' };
const CHILD_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:demo-dev-load-orders';

describe('subflow step', () => {
  const step = subflow<Parent, ChildIn, ChildOut>(child, { input: (s) => ({ bucket: s.file.bucket, key: s.file.key }) });

  it('renders startExecution.sync:2 with the typed input and keeps Output and ExecutionArn (JSONPath)', () => {
    expect(render(step, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Parameters: { StateMachineArn: CHILD_ARN, Input: { 'bucket.$': '$.file.bucket', 'key.$': '$.file.key' } },
        ResultSelector: { 'Output.$': '$.Output', 'ExecutionArn.$': '$.ExecutionArn' },
      },
    });
  });

  it('renders the same in JSONata', () => {
    expect(render(step, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Arguments: { StateMachineArn: CHILD_ARN, Input: { bucket: '{% $states.input.file.bucket %}', key: '{% $states.input.file.key %}' } },
      },
      resultExpression: "{ 'Output': $states.result.Output, 'ExecutionArn': $states.result.ExecutionArn }",
    });
  });

  it('passes the whole state when it already is the child input', () => {
    const whole = subflow<ChildIn & { extra: boolean }, ChildIn, ChildOut>(child, { id: 'whole' });
    expect(render(whole, 'JSONPath')).toMatchObject({ state: { Parameters: { StateMachineArn: CHILD_ARN, 'Input.$': '$' } } });
    expect(render(whole, 'JSONata')).toMatchObject({ state: { Arguments: { StateMachineArn: CHILD_ARN, Input: '{% $states.input %}' } } });
  });

  it('needs StartExecution on the child, Describe/Stop on its executions and the .sync events rule', () => {
    const iam = step.iam(IAM_CTX);
    expect(iam).toStrictEqual([
      { actions: ['states:StartExecution'], resources: [CHILD_ARN] },
      { actions: ['states:DescribeExecution', 'states:StopExecution'], resources: ['arn:aws:states:us-east-1:000000000000:execution:demo-dev-load-orders:*'] },
      { actions: ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'], resources: ['arn:aws:events:us-east-1:000000000000:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule'] },
    ]);
    expectLeastPrivilege(iam);
    expect(step.deployables).toStrictEqual([]);
    expect(step.errors).toStrictEqual(SUBFLOW_ERRORS);
    expect(step.id).toBe('load-orders');
  });

  it('targets an explicit state machine ARN', () => {
    const other = 'arn:aws:states:eu-west-1:123456789012:stateMachine:shared-load';
    const s = subflow<ChildIn, ChildIn, ChildOut>(child, { stateMachineArn: other });
    expect(render(s, 'JSONPath')).toMatchObject({ state: { Parameters: { StateMachineArn: other } } });
    expect(s.iam(IAM_CTX)[1]).toStrictEqual({ actions: ['states:DescribeExecution', 'states:StopExecution'], resources: ['arn:aws:states:eu-west-1:123456789012:execution:shared-load:*'] });
    expect(() => subflow<ChildIn, ChildIn, ChildOut>(child, { stateMachineArn: 'shared-load' })).toThrow("subflow('load-orders'): stateMachineArn must be a state machine ARN like arn:aws:states:us-east-1:123456789012:stateMachine:name, got \"shared-load\"");
  });

  it('produces valid documents and yields the child output locally', async () => {
    for (const ql of ['JSONPath', 'JSONata'] as const) {
      const doc = stepDocument(step, ql);
      expectValidAsl(doc);
      const started: unknown[] = [];
      const r = await run(doc, { file: { bucket: 'b', key: 'k' }, rows: 2 }, [{
        pattern: 'arn:aws:states:::states:startExecution.sync:2',
        handler: (c) => { started.push(c.input); return { ExecutionArn: 'arn:x', Status: 'SUCCEEDED', Output: { loaded: 2 }, StartDate: 1, StopDate: 2 }; },
      }]);
      expect(r.status).toBe('SUCCEEDED');
      expect(JSON.parse(JSON.stringify(r.output))).toStrictEqual({ Output: { loaded: 2 }, ExecutionArn: 'arn:x' });
      expect(started).toStrictEqual([{ StateMachineArn: CHILD_ARN, Input: { bucket: 'b', key: 'k' } }]);
    }
  });
});
