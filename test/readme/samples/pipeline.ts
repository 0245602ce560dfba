// pipeline.ts
import { glueJob, pipeline, topic } from 'statecraft';
import { orders } from './schema.js';

/** The execution input: the S3 trigger sends the object's bucket and key. */
export interface Upload {
  readonly bucket: string;
  readonly key: string;
}

const stage = glueJob('stage', { script: './jobs/stage.py', arguments: ['--bucket', '--key'] });
const transform = glueJob('transform', { script: './jobs/transform.py' });
const events = topic('etl-events');

export const etl = pipeline<Upload>('etl')
  .validate(orders, { name: 'Validate', resultAt: 'validation' })
  .glue(stage, {
    name: 'Stage',
    args: (s) => ({ '--bucket': s.bucket, '--key': s.key }),
    retry: [{ on: ['Glue.ConcurrentRunsExceededException'], every: '30s', attempts: 5, backoff: 2, jitter: 'full' }],
    discardResult: true,
  })
  .glue(transform, { name: 'Transform', discardResult: true })
  .notify(events, (s) => ({ loaded: s.validation.rows, key: s.key }), { name: 'Notify', discardResult: true });

export default etl;
