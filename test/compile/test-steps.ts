/**
 * Minimal steps for compiler tests: a Task step with a typed template and a
 * macro step that expands into a poll loop. They use only the public step
 * contract, like the integration steps do.
 */
import { lit, record, renderParameters } from '../../src/steps/expr/index.js';
import type { ContextRef, Ref, TemplateInput } from '../../src/steps/expr/index.js';
import { integrationArn, logicalArn } from '../../src/steps/naming.js';
import { NEXT } from '../../src/steps/step.js';
import type { Step } from '../../src/steps/step.js';

/** A Lambda-like task: `arn:aws:states:::lambda:invoke` with a payload template. */
export function task<In, Out, E extends string = never>(
  id: string,
  opts: { errors?: readonly E[]; payload?: (s: Ref<In>, ctx: ContextRef) => TemplateInput } = {},
): Step<In, Out, E> {
  const payload = opts.payload === undefined ? undefined : record<In>(opts.payload, 'payload');
  return {
    kind: 'task',
    id,
    errors: opts.errors ?? [],
    deployables: [{ kind: 'lambda', id, handler: { entry: `handlers/${id}.ts` } }],
    iam: (ctx) => [{ actions: ['lambda:InvokeFunction'], resources: [logicalArn(ctx.env, 'lambda', id)] }],
    render: (ctx) => ({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: integrationArn(ctx.env, 'lambda:invoke'),
        ...renderParameters({
          FunctionName: lit(logicalArn(ctx.env, 'lambda', id)),
          ...(payload === undefined ? {} : { Payload: payload }),
        }, ctx.queryLanguage),
      },
    }),
  };
}

/** A macro step: start, then wait/check until FINISHED (→ next) or FAILED (→ Fail). */
export function poll<In>(id: string): Step<In, { status: string }, 'Poll.Failed'> {
  return {
    kind: 'poll',
    id,
    errors: ['Poll.Failed'],
    deployables: [],
    iam: () => [],
    render: (ctx) => {
      const jsonata = ctx.queryLanguage === 'JSONata';
      return {
        kind: 'expanded',
        startAt: 'Start',
        states: {
          Start: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:redshiftdata:executeStatement', Next: 'Wait' },
          Wait: { Type: 'Wait', Seconds: 5, Next: 'Check' },
          Check: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:redshiftdata:describeStatement', Next: 'Done?' },
          'Done?': {
            Type: 'Choice',
            Choices: jsonata
              ? [
                  { Condition: '{% $states.input.Status = "FINISHED" %}', Next: 'Result' },
                  { Condition: '{% $states.input.Status = "FAILED" %}', Next: 'Failed' },
                ]
              : [
                  { Variable: '$.Status', StringEquals: 'FINISHED', Next: 'Result' },
                  { Variable: '$.Status', StringEquals: 'FAILED', Next: 'Failed' },
                ],
            Default: 'Wait',
          },
          Result: { Type: 'Pass', Next: NEXT },
          Failed: { Type: 'Fail', Error: 'Poll.Failed' },
        },
      };
    },
  };
}
