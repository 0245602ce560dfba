import { describe, expect, it } from 'vitest';
import { existingGlueJob, glue, GLUE_ERRORS, glueJob } from '../../src/steps/glue/index.js';
import { fmt } from '../../src/steps/expr/index.js';
import { IAM_CTX, expectLeastPrivilege, expectValidAsl, render, run, stepDocument } from './harness.js';

type File = { bucket: string; key: string; rows: number };
type StageArgs = '--bucket' | '--key' | '--run';
const stage = glueJob('stage', { script: './jobs/stage.py', arguments: ['--bucket', '--key', '--run'], defaultArguments: { '--table': 'orders_stage' } });
const JOB_ARN = 'arn:aws:glue:us-east-1:000000000000:job/demo-dev-stage';

describe('glue step', () => {
  const step = glue<File, '--bucket' | '--key' | '--run'>(stage, {
    args: (s, ctx) => ({ '--bucket': s.bucket, '--key': s.key, '--run': ctx.execution.name }),
  });

  it('renders glue:startJobRun.sync with typed --arguments in JSONPath', () => {
    expect(render(step, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Parameters: { JobName: 'demo-dev-stage', Arguments: { '--bucket.$': '$.bucket', '--key.$': '$.key', '--run.$': '$$.Execution.Name' } },
      },
    });
  });

  it('renders the same arguments as JSONata expressions', () => {
    expect(render(step, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::glue:startJobRun.sync',
        Arguments: {
          JobName: 'demo-dev-stage',
          Arguments: { '--bucket': '{% $states.input.bucket %}', '--key': '{% $states.input.key %}', '--run': '{% $states.context.Execution.Name %}' },
        },
      },
    });
  });

  it('renders formatted arguments with States.Format / string concatenation', () => {
    const uri = glue<File, '--key'>(glueJob('load', { script: 'l.py', arguments: ['--key'] }), { args: (s) => ({ '--key': fmt`s3://${s.bucket}/${s.key}` }) });
    expect(render(uri, 'JSONPath')).toMatchObject({ state: { Parameters: { Arguments: { '--key.$': "States.Format('s3://{}/{}', $.bucket, $.key)" } } } });
    expect(render(uri, 'JSONata')).toMatchObject({ state: { Arguments: { Arguments: { '--key': '{% "s3://" & $states.input.bucket & "/" & $states.input.key %}' } } } });
  });

  it('omits Arguments when the run sets none', () => {
    expect(render(glue<File, StageArgs>(stage), 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', Parameters: { JobName: 'demo-dev-stage' } },
    });
  });

  it('needs StartJobRun, GetJobRun, GetJobRuns and BatchStopJobRun on the job for .sync', () => {
    const iam = step.iam(IAM_CTX);
    expect(iam).toStrictEqual([{ actions: ['glue:StartJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'], resources: [JOB_ARN] }]);
    expectLeastPrivilege(iam);
  });

  it('fire-and-forget uses startJobRun and needs only glue:StartJobRun', () => {
    const ff = glue<File, StageArgs, 'fire-and-forget'>(stage, { pattern: 'fire-and-forget' });
    expect(render(ff, 'JSONPath')).toMatchObject({ state: { Resource: 'arn:aws:states:::glue:startJobRun' } });
    expect(ff.iam(IAM_CTX)).toStrictEqual([{ actions: ['glue:StartJobRun'], resources: [JOB_ARN] }]);
  });

  it('refuses an unsupported pattern', () => {
    expect(() => glue<File, StageArgs, 'sync'>(stage, { pattern: 'callback' as 'sync' })).toThrow("glue('stage'): pattern must be one of 'sync', 'fire-and-forget', got \"callback\"");
  });

  it('lists the Glue errors and deploys the job with its script and default arguments', () => {
    expect(step.errors).toStrictEqual(GLUE_ERRORS);
    expect(step.errors).toContain('Glue.ConcurrentRunsExceededException');
    expect(step.deployables).toStrictEqual([{ kind: 'glue-job', id: 'stage', scriptPath: './jobs/stage.py', pythonShell: true, defaultArguments: { '--table': 'orders_stage' } }]);
  });

  it('targets an existing job by name and deploys nothing', () => {
    const legacy = glue<File, '--date'>(existingGlueJob('Nightly Load', ['--date']), { id: 'nightly', args: () => ({ '--date': '2024-01-01' }) });
    expect(render(legacy, 'JSONPath')).toMatchObject({ state: { Parameters: { JobName: 'Nightly Load', Arguments: { '--date': '2024-01-01' } } } });
    expect(legacy.iam(IAM_CTX)[0]?.resources).toStrictEqual(['arn:aws:glue:us-east-1:000000000000:job/Nightly Load']);
    expect(legacy.deployables).toStrictEqual([]);
  });

  it('rejects an argument the job does not declare, naming it and the declared ones', () => {
    const loose = glue as unknown as (job: unknown, o: unknown) => unknown;
    expect(() => loose(stage, { args: () => ({ '--other': 'x' }) })).toThrow("glue('stage'): args['--other'] is not an argument of job 'stage' (declared: --bucket, --key, --run); add it to the job's arguments");
    expect(() => glueJob('bad', { script: 'x.py', arguments: ['key' as '--key'] })).toThrow("glueJob('bad'): arguments[0] must look like '--name' (letters, digits, _ . -), got \"key\"");
  });

  it('produces valid documents and runs to the JobRun locally', async () => {
    expectValidAsl(stepDocument(step, 'JSONPath'));
    expectValidAsl(stepDocument(step, 'JSONata'));
    const seen: unknown[] = [];
    for (const ql of ['JSONPath', 'JSONata'] as const) {
      const r = await run(stepDocument(step, ql), { bucket: 'b', key: 'source/a.csv', rows: 3 }, [{
        pattern: 'arn:aws:states:::glue:startJobRun.sync',
        handler: (c) => { seen.push(c.input); return { Id: 'jr_1', JobName: 'demo-dev-stage', JobRunState: 'SUCCEEDED', Attempt: 0, StartedOn: 1 }; },
      }]);
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toMatchObject({ Id: 'jr_1', JobRunState: 'SUCCEEDED' });
    }
    expect(seen[0]).toStrictEqual({ JobName: 'demo-dev-stage', Arguments: { '--bucket': 'b', '--key': 'source/a.csv', '--run': expect.any(String) } });
    expect(seen[1]).toStrictEqual(seen[0] === undefined ? undefined : { ...seen[0], Arguments: { ...(seen[0] as { Arguments: object }).Arguments, '--run': expect.any(String) } });
  });
});
