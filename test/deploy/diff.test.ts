import { describe, expect, it } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import { diffDefinitions, diffPolicies, formatDiff } from '../../src/deploy/diff.js';

const before = {
  StartAt: 'Validate',
  States: {
    Validate: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Stage', Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 }] },
    Stage: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', Parameters: { JobName: 'stage' }, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
} satisfies AslDocument;

describe('state-level diff', () => {
  it('reports added, removed and changed states, and retry changes on their own', () => {
    const after = {
      StartAt: 'Validate',
      States: {
        Validate: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Stage', Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 5 }] },
        Stage: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', Parameters: { JobName: 'stage-v2' }, Next: 'Notify' },
        Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true },
      },
    } satisfies AslDocument;
    const diffs = diffDefinitions(before, after);
    expect(diffs).toEqual([
      { kind: 'retry-changed', state: 'Validate', before: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 2 }], after: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 5 }] },
      { kind: 'changed', state: 'Stage', fields: ['Next', 'Parameters'] },
      { kind: 'added', state: 'Notify', type: 'Task' },
      { kind: 'removed', state: 'Done', type: 'Succeed' },
    ]);
    expect(formatDiff(diffs, [])).toEqual([
      '~ retry of Validate: [{"ErrorEquals":["Lambda.ServiceException"],"MaxAttempts":2}] -> [{"ErrorEquals":["Lambda.ServiceException"],"MaxAttempts":5}]',
      '~ state Stage: Next, Parameters',
      '+ state Notify (Task)',
      '- state Done (Succeed)',
    ]);
  });

  it('an identical definition has no diff, whatever its key order', () => {
    const reordered = JSON.parse(JSON.stringify({ States: before.States, StartAt: before.StartAt })) as AslDocument;
    expect(diffDefinitions(before, reordered)).toEqual([]);
  });

  it('states inside Parallel branches are compared too', () => {
    const withBranch = (job: string): AslDocument => ({
      StartAt: 'P',
      States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'J', States: { J: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun', Parameters: { JobName: job }, End: true } } }] } },
    });
    expect(diffDefinitions(withBranch('a'), withBranch('b'))).toEqual([{ kind: 'changed', state: 'J', fields: ['Parameters'] }]);
  });

  it('policy diffs list each action on each resource added or removed', () => {
    const a = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: ['glue:StartJobRun', 'glue:GetJobRun'], Resource: ['arn:j1'] }] };
    const b = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: ['glue:StartJobRun'], Resource: ['arn:j1', 'arn:j2'] }] };
    expect(diffPolicies('sfn', a, b)).toEqual([
      { kind: 'permission-added', role: 'sfn', action: 'glue:StartJobRun', resource: 'arn:j2' },
      { kind: 'permission-removed', role: 'sfn', action: 'glue:GetJobRun', resource: 'arn:j1' },
    ]);
  });
});
