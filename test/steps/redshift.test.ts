import { describe, expect, it } from 'vitest';
import type { ParallelState } from '../../src/asl/types.js';
import { TaskFailure } from '../../src/local/index.js';
import type { ResourceRegistration } from '../../src/local/index.js';
import { redshift, REDSHIFT_ERRORS } from '../../src/steps/redshift/index.js';
import { IAM_CTX, expectLeastPrivilege, expectValidAsl, render, run, stepDocument } from './harness.js';

type File = { key: string; table: string };
const target = { workgroup: 'etl', database: 'dev' } as const;

describe('redshift step', () => {
  const step = redshift<File>('call etl.load(:key)', { id: 'load', target, parameters: (s) => ({ key: s.key }), pollEvery: '10s', maxPolls: 3 });

  it('renders a one-branch Parallel holding execute → wait → describe → count → check, with typed Fail states (JSONPath)', () => {
    expect(render(step, 'JSONPath', 'Load')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Parallel',
        Branches: [{
          StartAt: 'Load: execute',
          States: {
            'Load: execute': {
              Type: 'Task',
              Resource: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement',
              Parameters: { WorkgroupName: 'etl', Database: 'dev', Sql: 'call etl.load(:key)', Parameters: [{ Name: 'key', 'Value.$': '$.key' }] },
              ResultSelector: { 'Id.$': '$.Id', Polls: 0 },
              Next: 'Load: wait',
            },
            'Load: wait': { Type: 'Wait', Seconds: 10, Next: 'Load: describe' },
            'Load: describe': {
              Type: 'Task',
              Resource: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement',
              Parameters: { 'Id.$': '$.Id' },
              ResultPath: '$.Statement',
              Next: 'Load: count polls',
            },
            'Load: count polls': {
              Type: 'Pass',
              Parameters: { 'Id.$': '$.Id', 'Polls.$': 'States.MathAdd($.Polls, 1)', 'Statement.$': '$.Statement' },
              Next: 'Load: check status',
            },
            'Load: check status': {
              Type: 'Choice',
              Choices: [
                { Variable: '$.Statement.Status', StringEquals: 'FINISHED', Next: 'Load: finished' },
                { Variable: '$.Statement.Status', StringEquals: 'FAILED', Next: 'Load: failed' },
                { Variable: '$.Statement.Status', StringEquals: 'ABORTED', Next: 'Load: aborted' },
                { Variable: '$.Polls', NumericGreaterThanEquals: 3, Next: 'Load: poll timeout' },
              ],
              Default: 'Load: wait',
            },
            'Load: finished': { Type: 'Succeed', OutputPath: '$.Statement' },
            'Load: failed': { Type: 'Fail', Error: 'Redshift.StatementFailed', CausePath: '$.Statement.Error' },
            'Load: aborted': { Type: 'Fail', Error: 'Redshift.StatementAborted', Cause: 'The statement was cancelled (ABORTED) before it finished' },
            'Load: poll timeout': { Type: 'Fail', Error: 'Redshift.PollTimeout', Cause: 'The statement did not finish within 3 polls 10s apart' },
          },
        }],
        ResultSelector: { 'Id.$': '$[0].Id', 'Status.$': '$[0].Status', 'ResultRows.$': '$[0].ResultRows', 'HasResultSet.$': '$[0].HasResultSet' },
      },
    });
  });

  it('renders the same loop in JSONata, counting polls in Output', () => {
    const f = render(step, 'JSONata', 'Load');
    expect(f.kind).toBe('task');
    if (f.kind !== 'task') return;
    expect(f.resultExpression).toBe("{ 'Id': $states.result[0].Id, 'Status': $states.result[0].Status, 'ResultRows': $states.result[0].ResultRows, 'HasResultSet': $states.result[0].HasResultSet }");
    const states = (f.state as ParallelState).Branches[0]?.States ?? {};
    expect(Object.keys(states)).toStrictEqual(['Load: execute', 'Load: wait', 'Load: describe', 'Load: check status', 'Load: finished', 'Load: failed', 'Load: aborted', 'Load: poll timeout']);
    expect(states['Load: execute']).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement',
      Arguments: { WorkgroupName: 'etl', Database: 'dev', Sql: 'call etl.load(:key)', Parameters: [{ Name: 'key', Value: '{% $states.input.key %}' }] },
      Output: "{% { 'Id': $states.result.Id, 'Polls': 0 } %}",
      Next: 'Load: wait',
    });
    expect(states['Load: describe']).toStrictEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement',
      Arguments: { Id: '{% $states.input.Id %}' },
      Output: "{% { 'Id': $states.input.Id, 'Polls': $states.input.Polls + 1, 'Statement': $states.result } %}",
      Next: 'Load: check status',
    });
    expect(states['Load: check status']).toMatchObject({ Choices: [{ Condition: "{% $states.input.Statement.Status = 'FINISHED' %}" }, {}, {}, { Condition: '{% $states.input.Polls >= 3 %}', Next: 'Load: poll timeout' }], Default: 'Load: wait' });
  });

  it('produces documents both validators accept, in both query languages', () => {
    expectValidAsl(stepDocument(step, 'JSONPath', 'Load'));
    expectValidAsl(stepDocument(step, 'JSONata', 'Load'));
  });

  /** A fake Data API: the statement reports `statuses` in turn on each describe. */
  function dataApi(statuses: readonly string[], calls: unknown[]): ResourceRegistration[] {
    let polls = 0;
    return [
      { pattern: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement', handler: (c) => { calls.push(c.input); return { Id: 'st-1' }; } },
      {
        pattern: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement',
        handler: (c) => {
          const status = statuses[Math.min(polls++, statuses.length - 1)];
          const base = { Id: (c.input as { Id: string }).Id, Status: status, HasResultSet: false, ResultRows: 12 };
          return status === 'FAILED' ? { ...base, Error: 'ERROR: relation "etl.stage" does not exist' } : base;
        },
      },
    ];
  }

  for (const ql of ['JSONPath', 'JSONata'] as const) {
    it(`${ql}: polls until FINISHED and yields the statement`, async () => {
      const calls: unknown[] = [];
      const r = await run(stepDocument(step, ql, 'Load'), { key: 'source/a.csv', table: 't' }, dataApi(['SUBMITTED', 'STARTED', 'FINISHED'], calls));
      expect(r.status).toBe('SUCCEEDED');
      // JSON round trip: JSONata builds objects with its own prototype.
      expect(JSON.parse(JSON.stringify(r.output))).toStrictEqual({ Id: 'st-1', Status: 'FINISHED', ResultRows: 12, HasResultSet: false });
      expect(calls).toStrictEqual([{ WorkgroupName: 'etl', Database: 'dev', Sql: 'call etl.load(:key)', Parameters: [{ Name: 'key', Value: 'source/a.csv' }] }]);
    });

    it(`${ql}: FAILED becomes Redshift.StatementFailed with Redshift's error as the cause`, async () => {
      const r = await run(stepDocument(step, ql, 'Load'), { key: 'k', table: 't' }, dataApi(['STARTED', 'FAILED'], []));
      expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'Redshift.StatementFailed', 'ERROR: relation "etl.stage" does not exist']);
    });

    it(`${ql}: ABORTED becomes Redshift.StatementAborted`, async () => {
      const r = await run(stepDocument(step, ql, 'Load'), { key: 'k', table: 't' }, dataApi(['ABORTED'], []));
      expect([r.status, r.error]).toStrictEqual(['FAILED', 'Redshift.StatementAborted']);
    });

    it(`${ql}: gives up after maxPolls with Redshift.PollTimeout`, async () => {
      const r = await run(stepDocument(step, ql, 'Load'), { key: 'k', table: 't' }, dataApi(['STARTED'], []));
      expect([r.status, r.error, r.cause]).toStrictEqual(['FAILED', 'Redshift.PollTimeout', 'The statement did not finish within 3 polls 10s apart']);
    });
  }

  it('makes the typed failures catchable: a Catch on the step state sees Redshift.StatementFailed', async () => {
    const doc = stepDocument(step, 'JSONPath', 'Load');
    const load = doc.States['Load'] as ParallelState;
    const caught = {
      ...doc,
      States: {
        Load: { ...load, End: undefined, Next: 'Done', Catch: [{ ErrorEquals: ['Redshift.StatementFailed'], ResultPath: '$.error', Next: 'Handled' }] },
        Done: { Type: 'Succeed' as const },
        Handled: { Type: 'Pass' as const, End: true as const },
      },
    };
    const { End: _e, ...loadWithoutEnd } = caught.States.Load;
    const r = await run({ ...caught, States: { ...caught.States, Load: loadWithoutEnd } }, { key: 'k', table: 't' }, dataApi(['FAILED'], []));
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toStrictEqual({ key: 'k', table: 't', error: { Error: 'Redshift.StatementFailed', Cause: 'ERROR: relation "etl.stage" does not exist' } });
  });

  it('lets a Data API error through under its SDK name', async () => {
    const r = await run(stepDocument(step, 'JSONPath', 'Load'), { key: 'k', table: 't' }, [
      { pattern: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement', handler: () => { throw new TaskFailure('RedshiftData.ValidationException', 'bad sql'); } },
    ]);
    expect([r.status, r.error]).toStrictEqual(['FAILED', 'RedshiftData.ValidationException']);
    expect(step.errors).toStrictEqual(REDSHIFT_ERRORS);
  });

  it('renders SQL from the state and a cluster target with a db user', () => {
    const s = redshift<File>((st) => st.table, { target: { cluster: 'main', database: 'dw', dbUser: 'etl' } });
    expect(render(s, 'JSONPath', 'Q')).toMatchObject({
      state: { Branches: [{ States: { 'Q: execute': { Parameters: { ClusterIdentifier: 'main', Database: 'dw', DbUser: 'etl', 'Sql.$': '$.table' } } } }] },
    });
    expect(s.id).toBe('redshift');
  });

  describe('IAM per authentication', () => {
    const base = 'arn:aws:redshift:us-east-1:000000000000';
    it('serverless by name: ExecuteStatement and GetCredentials on the account\'s workgroups, DescribeStatement on *', () => {
      const iam = step.iam(IAM_CTX);
      expect(iam).toStrictEqual([
        { actions: ['redshift-data:ExecuteStatement'], resources: ['arn:aws:redshift-serverless:us-east-1:000000000000:workgroup/*'] },
        { actions: ['redshift-serverless:GetCredentials'], resources: ['arn:aws:redshift-serverless:us-east-1:000000000000:workgroup/*'] },
        { actions: ['redshift-data:DescribeStatement'], resources: ['*'] },
      ]);
      expectLeastPrivilege(iam, ['redshift-data:DescribeStatement']);
    });

    it('serverless by ARN with a secret: scoped to that workgroup and secret', () => {
      const wg = 'arn:aws:redshift-serverless:us-east-1:000000000000:workgroup/1b2c3d';
      const secret = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:etl-AbCdEf';
      const iam = redshift<File>('select 1', { target: { workgroup: wg, database: 'dev', secretArn: secret } }).iam(IAM_CTX);
      expect(iam.slice(0, 2)).toStrictEqual([
        { actions: ['redshift-data:ExecuteStatement'], resources: [wg] },
        { actions: ['secretsmanager:GetSecretValue'], resources: [secret] },
      ]);
    });

    it('cluster with a db user: GetClusterCredentials on that user and database', () => {
      const iam = redshift<File>('select 1', { target: { cluster: 'main', database: 'dw', dbUser: 'etl' } }).iam(IAM_CTX);
      expect(iam.slice(0, 2)).toStrictEqual([
        { actions: ['redshift-data:ExecuteStatement'], resources: [`${base}:cluster:main`] },
        { actions: ['redshift:GetClusterCredentials'], resources: [`${base}:dbuser:main/etl`, `${base}:dbname:main/dw`] },
      ]);
    });

    it('cluster with the IAM identity: GetClusterCredentialsWithIAM on the database', () => {
      const iam = redshift<File>('select 1', { target: { cluster: 'main', database: 'dw' } }).iam(IAM_CTX);
      expect(iam[1]).toStrictEqual({ actions: ['redshift:GetClusterCredentialsWithIAM'], resources: [`${base}:dbname:main/dw`] });
    });
  });

  it('rejects bad options naming the field', () => {
    expect(() => redshift<File>('', { target })).toThrow("redshift('redshift'): sql is empty");
    expect(() => redshift<File>('x', { target, pollEvery: '5 s' as '5s' })).toThrow("redshift('redshift'): pollEvery must be a duration such as '5s' or '1m', got \"5 s\"");
    expect(() => redshift<File>('x', { target, maxPolls: 0 })).toThrow("redshift('redshift'): maxPolls must be a whole number from 1 to 10000, got 0");
    expect(() => redshift<File>('x', { target: { cluster: 'main', database: 'dw', dbUser: 'u', secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:s' } }))
      .toThrow("redshift('redshift'): target has both dbUser and secretArn; give one (or neither, to use the IAM identity)");
    expect(() => redshift<File>('x', { target, parameters: () => ({ 'bad name': 'v' }) })).toThrow("redshift('redshift'): parameter name \"bad name\" must be a SQL identifier (letters, digits, _)");
  });
});
