/** One small pipeline per integration step, used by the whole-document compile tests. */
import { csvSchema, enumOf, integer } from '../../src/csv/index.js';
import { fmt, glueJob, lambdaFunction, pipeline, topic, bucket } from '../../src/index.js';

type Order = { orderId: string; amount: number };
type Upload = { bucket: string; key: string };

const score = lambdaFunction<(e: { id: string; amount: number }) => Promise<{ score: number }>>('score', { entry: './score.ts' });
const approver = lambdaFunction<(e: { token: string; orderId: string }) => Promise<void>>('approver', { entry: './approver.ts' });
const stage = glueJob('stage', { script: './stage.py', arguments: ['--bucket', '--key', '--uri'] });
const alerts = topic('alerts');
const data = bucket('data');
const schema = csvSchema({ columns: { id: integer(), status: enumOf(['new', 'paid']) } });

/** The pipelines, by integration. */
export const INTEGRATIONS = {
  lambda: pipeline<Order>('lambda-demo').lambda(score, {
    payload: (s) => ({ id: s.orderId, amount: s.amount }),
    resultAt: 'score',
    retry: [{ on: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'], every: '2s', attempts: 4, jitter: 'full' }],
  }),
  validate: pipeline<Upload>('validate-demo').validate(schema, { resultAt: 'report', catch: [{ on: ['CsvValidation.Invalid'], then: (b) => b.fail({ error: 'Rejected' }) }] }),
  glue: pipeline<Upload>('glue-demo').glue(stage, {
    args: (s) => ({ '--bucket': s.bucket, '--key': s.key, '--uri': fmt`s3://${s.bucket}/${s.key}` }),
    resultAt: 'run',
    retry: [{ on: ['Glue.ConcurrentRunsExceededException'], every: '30s', attempts: 5, backoff: 2, maxDelay: '5m', jitter: 'full' }],
  }),
  redshift: pipeline<Upload>('redshift-demo').redshift('call etl.load(:key)', {
    id: 'load',
    target: { cluster: 'main', database: 'dw', dbUser: 'etl' },
    parameters: (s) => ({ key: s.key }),
    pollEvery: '10s',
    maxPolls: 30,
    resultAt: 'load',
  }),
  notify: pipeline<Upload>('notify-demo').notify(alerts, (s) => ({ file: s.key }), { subject: 'Loaded', discardResult: true }),
  s3: pipeline<Upload>('s3-demo')
    .s3.copy({ id: 'backup', from: { bucket: data, prefix: 'source/', key: (s) => s.key }, to: { bucket: data, prefix: 'backup/', key: 'same-name' }, discardResult: true })
    .s3.move({ id: 'archive', from: { bucket: data, prefix: 'source/', key: (s) => s.key }, to: { bucket: data, prefix: 'archive/', key: 'same-name' }, discardResult: true })
    .s3.delete({ id: 'cleanup', bucket: data, prefix: 'backup/', key: (s) => fmt`backup/${s.key}`, discardResult: true }),
  subflow: pipeline<{ order: Order }>('subflow-demo').subflow(pipeline<{ id: string; amount: number }>('scoring').lambda(score), {
    input: (s) => ({ id: s.order.orderId, amount: s.order.amount }),
    resultAt: 'scoring',
  }),
  waitForCallback: pipeline<Order>('callback-demo').waitForCallback<{ approved: boolean }, never, typeof approver, 'approval'>(approver, {
    id: 'approval',
    payload: (s, ctx) => ({ token: ctx.task.token, orderId: s.orderId }),
    heartbeat: '1h',
    resultAt: 'approval',
  }),
} as const;
