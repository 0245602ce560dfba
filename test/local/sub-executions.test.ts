import { describe, expect, it } from 'vitest';
import { localMatchers, prepare } from '../../src/local/index.js';

expect.extend(localMatchers);

const child = prepare({
  StartAt: 'Check',
  States: {
    Check: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 0, Next: 'Wait' }], Default: 'Reject' },
    Wait: { Type: 'Wait', Seconds: 30, Next: 'Double' },
    Double: { Type: 'Pass', Parameters: { 'twice.$': 'States.MathAdd($.n, $.n)' }, End: true },
    Reject: { Type: 'Fail', Error: 'NotPositive', Cause: 'n must be > 0' },
  },
})._unsafeUnwrap();

const parent = (resource: string, extra: Record<string, unknown> = {}) => prepare({
  StartAt: 'Sub',
  States: {
    Sub: {
      Type: 'Task', Resource: resource, End: true,
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:doubler', 'Input.$': '$', Name: 'sub-1' },
      ...extra,
    },
  },
})._unsafeUnwrap();

describe('states:startExecution with registered state machines', () => {
  it('.sync:2 runs the child to its end and returns its description with Output as JSON', async () => {
    const r = await parent('arn:aws:states:::states:startExecution.sync:2').execute({ n: 4 }, { stateMachines: { doubler: child } });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({
      Name: 'sub-1', Status: 'SUCCEEDED', Output: { twice: 8 }, Input: { n: 4 },
      ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:doubler:sub-1',
    });
    expect(r.stopDate.getTime() - r.startDate.getTime()).toBe(30_000);
  });

  it('.sync returns Input and Output as JSON text', async () => {
    const r = await parent('arn:aws:states:::states:startExecution.sync').execute({ n: 1 }, { stateMachines: { doubler: child } });
    expect(r.output).toMatchObject({ Output: '{"twice":2}', Input: '{"n":1}' });
  });

  it('a failed child fails the task with States.TaskFailed and the execution description as cause', async () => {
    const r = await parent('arn:aws:states:::states:startExecution.sync:2').execute({ n: 0 }, { stateMachines: { doubler: child } });
    expect(r.error).toBe('States.TaskFailed');
    expect(JSON.parse(r.cause!)).toMatchObject({ Error: 'NotPositive', Cause: 'n must be > 0', Status: 'FAILED', Name: 'sub-1' });
  });

  it('request-response only starts the child', async () => {
    const r = await parent('arn:aws:states:::states:startExecution').execute({ n: 2 }, { stateMachines: { doubler: child } });
    expect(r).toSucceedWith({ ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:doubler:sub-1', StartDate: r.startDate.getTime() });
  });
});
