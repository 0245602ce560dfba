import { describe, expect, it } from 'vitest';
import { existingTopic, notify, SNS_ERRORS, topic } from '../../src/steps/sns/index.js';
import { IAM_CTX, expectLeastPrivilege, expectValidAsl, render, run, stepDocument } from './harness.js';

type Loaded = { key: string; validation: { rows: number } };
const alerts = topic('alerts');
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:demo-dev-alerts';

describe('notify step', () => {
  const step = notify<Loaded>(alerts, (s, ctx) => ({ status: 'loaded', file: s.key, rows: s.validation.rows, execution: ctx.execution.id }), { subject: 'CSV loaded' });

  it('renders sns:publish with a message object built from the state (JSONPath)', () => {
    expect(render(step, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Parameters: {
          TopicArn: TOPIC,
          Message: { status: 'loaded', 'file.$': '$.key', 'rows.$': '$.validation.rows', 'execution.$': '$$.Execution.Id' },
          Subject: 'CSV loaded',
        },
      },
    });
  });

  it('renders the same message in JSONata', () => {
    expect(render(step, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sns:publish',
        Arguments: {
          TopicArn: TOPIC,
          Message: { status: 'loaded', file: '{% $states.input.key %}', rows: '{% $states.input.validation.rows %}', execution: '{% $states.context.Execution.Id %}' },
          Subject: 'CSV loaded',
        },
      },
    });
  });

  it('takes a text message and a subject from the state', () => {
    const text = notify<Loaded>(alerts, (s) => s.key, { id: 'say', subject: (s) => s.key });
    expect(render(text, 'JSONPath')).toMatchObject({ state: { Parameters: { TopicArn: TOPIC, 'Message.$': '$.key', 'Subject.$': '$.key' } } });
    expect(text.id).toBe('say');
  });

  it('needs sns:Publish on the topic only and deploys the topic', () => {
    const iam = step.iam(IAM_CTX);
    expect(iam).toStrictEqual([{ actions: ['sns:Publish'], resources: [TOPIC] }]);
    expectLeastPrivilege(iam);
    expect(step.deployables).toStrictEqual([{ kind: 'topic', id: 'alerts' }]);
    expect(step.id).toBe('notify-alerts');
    expect(step.errors).toStrictEqual(SNS_ERRORS);
  });

  it('publishes to an existing topic and deploys nothing', () => {
    const ops = notify<Loaded>(existingTopic('arn:aws:sns:eu-west-1:123456789012:ops'), (s) => s.key);
    expect(ops.deployables).toStrictEqual([]);
    expect(ops.iam(IAM_CTX)).toStrictEqual([{ actions: ['sns:Publish'], resources: ['arn:aws:sns:eu-west-1:123456789012:ops'] }]);
  });

  it('produces valid documents and publishes the message locally', async () => {
    expectValidAsl(stepDocument(step, 'JSONPath'));
    expectValidAsl(stepDocument(step, 'JSONata'));
    const published: unknown[] = [];
    for (const ql of ['JSONPath', 'JSONata'] as const) {
      const r = await run(stepDocument(step, ql), { key: 'source/a.csv', validation: { rows: 7 } }, [
        { pattern: 'arn:aws:states:::sns:publish', handler: (c) => { published.push(c.input); return { MessageId: 'm-1' }; } },
      ]);
      expect(r.output).toStrictEqual({ MessageId: 'm-1' });
    }
    expect(published).toHaveLength(2);
    for (const p of published) expect(p).toMatchObject({ TopicArn: TOPIC, Subject: 'CSV loaded', Message: { status: 'loaded', file: 'source/a.csv', rows: 7 } });
  });

  it('rejects bad references with a clear message', () => {
    expect(() => existingTopic('alerts')).toThrow('existingTopic(): expected a topic ARN like arn:aws:sns:us-east-1:123456789012:name, got "alerts"');
    expect(() => notify<Loaded>({ kind: 'bucket' } as never, (s) => s.key)).toThrow('notify(): the first argument must be a topic from topic() or existingTopic()');
  });
});
