// pipeline.test.ts
import { describe, expect, it } from 'vitest';
import { compileOrThrow } from 'statecraft';
import { execute, localMatchers } from 'statecraft/local';
import { etl } from './pipeline.js';

expect.extend(localMatchers);

describe('etl', () => {
  it('retries the stage job while Glue is busy, then loads the file', async () => {
    const report = { bucket: 'b', key: 'source/a.csv', rows: 2, bytes: 90, columns: {} };
    const run = await execute(compileOrThrow(etl), { bucket: 'b', key: 'source/a.csv' }, {
      mocks: {
        Validate: [{ Return: report }],
        Stage: [{ Throw: { Error: 'Glue.ConcurrentRunsExceededException', Cause: 'busy' } }, { Return: {} }],
        Transform: [{ Return: {} }],
        Notify: [{ Return: { MessageId: 'm-1' } }],
      },
    });
    expect(run).toSucceedWith({ bucket: 'b', key: 'source/a.csv', validation: report });
    expect(run).toHaveRetried('Stage', 1);
    expect(run).toHaveTakenPath(['Validate', 'Stage', 'Transform', 'Notify']);
  });
});
