/**
 * Type tests of the integration steps: payloads, arguments and inputs are
 * checked against the handler, job and child types; outputs and error unions
 * are inferred from them.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Handler } from 'aws-lambda';
import { csvSchema, enumOf, integer, string } from '../../src/csv/index.js';
import { bucket, fmt, glue, glueJob, lambda, lambdaFunction, notify, pipeline, redshift, s3Move, subflow, topic, validate, waitForCallback } from '../../src/index.js';
import type { ErrorOf, GlueJobRun, GlueJobStarted, InputOf, LambdaErrorName, OutputOf, PublishResult, RedshiftStatement, S3DeleteResult, Step, SubflowResult } from '../../src/steps/index.js';

type Order = { orderId: string; amount: number; customer: { email: string } };
type ScoreIn = { id: string; amount: number };
type ScoreOut = { score: number; tier: 'gold' | 'silver' };

const score = lambdaFunction<Handler<ScoreIn, ScoreOut>>('score', { entry: './score.ts' });
const asyncScore = lambdaFunction<(event: ScoreIn) => Promise<ScoreOut>>('score2', { entry: './score2.ts' });

describe('lambda', () => {
  it('types the function from the handler (aws-lambda Handler or an async function)', () => {
    expectTypeOf(score.types).toEqualTypeOf<{ readonly input: (event: ScoreIn) => void; readonly output: ScoreOut } | undefined>();
    expectTypeOf(asyncScore.types).toEqualTypeOf<{ readonly input: (event: ScoreIn) => void; readonly output: ScoreOut } | undefined>();
  });

  it('outputs the handler result and adds the user errors to the service errors', () => {
    const step = lambda<Order, ScoreIn, ScoreOut, 'Score.Rejected'>(score, { payload: (s) => ({ id: s.orderId, amount: s.amount }), errors: ['Score.Rejected'] });
    expectTypeOf(step).toEqualTypeOf<Step<Order, ScoreOut, LambdaErrorName | 'Score.Rejected'>>();
    expectTypeOf<ErrorOf<typeof step>>().toEqualTypeOf<LambdaErrorName | 'Score.Rejected'>();
  });

  it('needs no payload when the state already is a valid event', () => {
    const step = lambda<ScoreIn & { extra: boolean }, ScoreIn, ScoreOut>(score);
    expectTypeOf<OutputOf<typeof step>>().toEqualTypeOf<ScoreOut>();
  });

  it('refuses misuse', () => {
    // @ts-expect-error the state is not a valid event: a payload is required
    lambda<Order, ScoreIn, ScoreOut>(score);
    // @ts-expect-error the payload reads a field the state does not have
    lambda<Order, ScoreIn, ScoreOut>(score, { payload: (s) => ({ id: s.orderIdentifier, amount: s.amount }) });
    // @ts-expect-error the payload gives a number where the handler wants a string id
    lambda<Order, ScoreIn, ScoreOut>(score, { payload: (s) => ({ id: s.amount, amount: s.amount }) });
    // @ts-expect-error the payload misses a field of the handler's event
    lambda<Order, ScoreIn, ScoreOut>(score, { payload: (s) => ({ id: s.orderId }) });
  });

  it('checks the payload and infers the output through the chain method', () => {
    const p = pipeline<Order>('p').lambda(score, { payload: (s) => ({ id: s.orderId, amount: s.amount }), resultAt: 'score' });
    expectTypeOf(p).toHaveProperty('data');
    pipeline<Order>('p').lambda(score, {
      payload: (s) => ({ id: s.orderId, amount: s.amount }),
      // @ts-expect-error a retry may only name the step's errors and States.*
      retry: [{ on: ['Glue.ThrottlingException'] }],
    });
  });
});

describe('glue', () => {
  const job = glueJob('stage', { script: 's.py', arguments: ['--bucket', '--key'] });

  it('types the job by its declared argument names', () => {
    expectTypeOf(job.arguments).toEqualTypeOf<readonly ('--bucket' | '--key')[]>();
  });

  it('outputs the JobRun for .sync and the run id for fire-and-forget', () => {
    expectTypeOf<OutputOf<ReturnType<typeof glue<Order, '--bucket' | '--key'>>>>().toEqualTypeOf<GlueJobRun>();
    const ff = glue<Order, '--bucket' | '--key', 'fire-and-forget'>(job, { pattern: 'fire-and-forget' });
    expectTypeOf<OutputOf<typeof ff>>().toEqualTypeOf<GlueJobStarted>();
  });

  it('accepts string arguments from the state, literals and fmt', () => {
    glue<Order, '--bucket' | '--key'>(job, { args: (s) => ({ '--bucket': 'b', '--key': fmt`orders/${s.orderId}` }) });
  });

  it('refuses misuse', () => {
    // @ts-expect-error '--table' is not an argument the job declares
    glue<Order, '--bucket' | '--key'>(job, { args: () => ({ '--table': 'x' }) });
    // @ts-expect-error Glue arguments are strings: a number reference is refused
    glue<Order, '--bucket' | '--key'>(job, { args: (s) => ({ '--key': s.amount }) });
    // @ts-expect-error an argument name must start with --
    glueJob('bad', { script: 's.py', arguments: ['key'] });
  });
});

describe('validate', () => {
  const orders = csvSchema({ columns: { id: integer(), status: enumOf(['new', 'paid']), note: string().nullable() } });

  it('types the report from the schema: stats per column by the column type', () => {
    const step = validate<{ bucket: string; key: string }, typeof orders.columns>(orders);
    type Report = OutputOf<typeof step>;
    expectTypeOf<Report['rows']>().toEqualTypeOf<number>();
    expectTypeOf<Report['key']>().toEqualTypeOf<string>();
    expectTypeOf<Report['columns']['id']['type']>().toEqualTypeOf<'integer' | 'decimal'>();
    expectTypeOf<Report['columns']['status']['type']>().toEqualTypeOf<'enum'>();
    expectTypeOf<Report['columns']['note']['type']>().toEqualTypeOf<'string' | 'date' | 'timestamp'>();
    expectTypeOf<ErrorOf<typeof step>>().toMatchTypeOf<'CsvValidation.Invalid' | 'CsvValidation.Empty' | LambdaErrorName | string>();
  });

  it('refuses misuse', () => {
    // @ts-expect-error the state has no bucket and key: a source is required
    validate<{ file: string }, typeof orders.columns>(orders);
    const step = validate<{ bucket: string; key: string }, typeof orders.columns>(orders);
    type Report = OutputOf<typeof step>;
    // @ts-expect-error the schema has no column 'amount'
    type _Missing = Report['columns']['amount'];
  });
});

describe('notify, s3, redshift', () => {
  it('outputs the publish result, the delete result and the statement', () => {
    expectTypeOf<OutputOf<ReturnType<typeof notify<Order>>>>().toEqualTypeOf<PublishResult>();
    const move = s3Move<Order>({ id: 'm', from: { bucket: bucket('d'), key: (s) => s.orderId }, to: { bucket: bucket('d'), prefix: 'x/', key: 'same-name' } });
    expectTypeOf<OutputOf<typeof move>>().toEqualTypeOf<S3DeleteResult>();
    const q = redshift<Order>('select 1', { target: { workgroup: 'etl', database: 'dev' } });
    expectTypeOf<OutputOf<typeof q>>().toEqualTypeOf<RedshiftStatement>();
    expectTypeOf<ErrorOf<typeof q>>().toMatchTypeOf<'Redshift.StatementFailed' | 'Redshift.StatementAborted' | 'Redshift.PollTimeout' | `RedshiftData.${string}`>();
  });

  it('refuses misuse', () => {
    // @ts-expect-error a message reads a field the state does not have
    notify<Order>(topic('t'), (s) => ({ who: s.customer.name }));
    // @ts-expect-error an S3 key must be a string, not a number reference
    s3Move<Order>({ id: 'm', from: { bucket: bucket('d'), key: (s) => s.amount }, to: { bucket: bucket('d'), key: 'same-name' } });
    // @ts-expect-error a SQL parameter is a string, not a number reference
    redshift<Order>('select :a', { target: { workgroup: 'etl', database: 'dev' }, parameters: (s) => ({ a: s.amount }) });
    // @ts-expect-error a poll interval is whole seconds or minutes
    redshift<Order>('select 1', { target: { workgroup: 'etl', database: 'dev' }, pollEvery: '1h' });
  });
});

describe('subflow and waitForCallback', () => {
  type ChildIn = { id: string; amount: number };
  const child = pipeline<ChildIn>('child').lambda(score);

  it('checks the child input and wraps its output', () => {
    const step = subflow<Order, ChildIn, ScoreOut>(child, { input: (s) => ({ id: s.orderId, amount: s.amount }) });
    expectTypeOf<OutputOf<typeof step>>().toEqualTypeOf<SubflowResult<ScoreOut>>();
    expectTypeOf<InputOf<typeof step>>().toEqualTypeOf<Order>();
    const p = pipeline<Order>('parent').subflow(child, { input: (s) => ({ id: s.orderId, amount: s.amount }), resultAt: 'scored' });
    expectTypeOf(p).toHaveProperty('data');
  });

  it('refuses misuse', () => {
    // @ts-expect-error the child wants { id, amount }: the parent state is not a valid input
    pipeline<Order>('parent').subflow(child);
    // @ts-expect-error the input misses the child's amount
    pipeline<Order>('parent').subflow(child, { input: (s) => ({ id: s.orderId }) });
  });

  it('types the callback output by its type parameter and adds the callback errors', () => {
    const approver = lambdaFunction<(e: { token: string }) => Promise<void>>('approver', { entry: './a.ts' });
    const step = waitForCallback<Order, { approved: boolean }, 'Review.Rejected', typeof approver>(approver, { id: 'a', payload: (_s, ctx) => ({ token: ctx.task.token }), errors: ['Review.Rejected'] });
    expectTypeOf<OutputOf<typeof step>>().toEqualTypeOf<{ approved: boolean }>();
    expectTypeOf<ErrorOf<typeof step>>().toEqualTypeOf<LambdaErrorName | 'Review.Rejected'>();
    // @ts-expect-error the payload reads a field the state does not have
    waitForCallback<Order, unknown>(approver, { id: 'b', payload: (s, ctx) => ({ token: ctx.task.token, x: s.nothing }) });
  });
});
