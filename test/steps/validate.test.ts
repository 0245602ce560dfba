import { describe, expect, it } from 'vitest';
import { csvSchema, enumOf, integer, schemaFromJson, string } from '../../src/csv/index.js';
import { LAMBDA_ERRORS } from '../../src/steps/lambda/index.js';
import { validate, VALIDATOR_ENV } from '../../src/steps/validate/index.js';
import { IAM_CTX, expectLeastPrivilege, expectValidAsl, render, run, stepDocument } from './harness.js';

const orders = csvSchema({ table: 'orders', columns: { id: integer({ min: 1 }), status: enumOf(['new', 'paid']), note: string().nullable() } });
type Trigger = { bucket: string; key: string; etag: string };
const FN = 'arn:aws:lambda:us-east-1:000000000000:function:demo-dev-validate';

describe('validate step', () => {
  const step = validate<Trigger, typeof orders.columns>(orders, { maxProblems: 50 });

  it('invokes the validator with the object from the state (JSONPath, payload-only form)', () => {
    expect(render(step, 'JSONPath')).toStrictEqual({
      kind: 'task',
      state: { Type: 'Task', Resource: FN, Parameters: { 'bucket.$': '$.bucket', 'key.$': '$.key' } },
    });
  });

  it('invokes the validator with lambda:invoke in JSONata and selects the Payload', () => {
    expect(render(step, 'JSONata')).toStrictEqual({
      kind: 'task',
      state: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: FN, Payload: { bucket: '{% $states.input.bucket %}', key: '{% $states.input.key %}' } },
      },
      resultExpression: '$states.result.Payload',
    });
  });

  it('deploys the packaged csv-validate handler with the schema in its environment', () => {
    expect(step.deployables).toHaveLength(1);
    const d = step.deployables[0];
    expect(d).toMatchObject({ kind: 'lambda', id: 'validate', handler: { package: 'csv-validate' }, memoryMb: 1024, timeoutSeconds: 300 });
    const env = d !== undefined && d.kind === 'lambda' ? d.environment ?? {} : {};
    expect(env[VALIDATOR_ENV.maxProblems]).toBe('50');
    const schema = schemaFromJson(env[VALIDATOR_ENV.schema] ?? '');
    expect(schema.isOk() ? schema.value.columnNames : schema.error).toStrictEqual(['id', 'status', 'note']);
  });

  it('lists every CsvValidation error and the Lambda errors; needs only lambda:InvokeFunction', () => {
    expect(step.errors).toStrictEqual([
      'CsvValidation.Empty', 'CsvValidation.HeaderOnly', 'CsvValidation.Binary', 'CsvValidation.Encoding', 'CsvValidation.TooLarge', 'CsvValidation.Invalid',
      'CsvValidation.SchemaInvalid', ...LAMBDA_ERRORS,
    ]);
    const iam = step.iam(IAM_CTX);
    expect(iam).toStrictEqual([{ actions: ['lambda:InvokeFunction'], resources: [FN, `${FN}:*`] }]);
    expectLeastPrivilege(iam);
  });

  it('takes the object from elsewhere in the state with source', () => {
    const nested = validate<{ file: { bucket: string; key: string } }, typeof orders.columns>(orders, { id: 'check', source: (s) => ({ bucket: s.file.bucket, key: s.file.key }) });
    expect(render(nested, 'JSONPath')).toMatchObject({ state: { Resource: 'arn:aws:lambda:us-east-1:000000000000:function:demo-dev-check', Parameters: { 'bucket.$': '$.file.bucket', 'key.$': '$.file.key' } } });
  });

  it('produces valid documents; an invalid file fails with CsvValidation.Invalid locally', async () => {
    for (const ql of ['JSONPath', 'JSONata'] as const) {
      const doc = stepDocument(step, ql);
      expectValidAsl(doc);
      const report = { bucket: 'b', key: 'source/o.csv', rows: 2, bytes: 40, columns: {} };
      const ok = await run(doc, { bucket: 'b', key: 'source/o.csv', etag: 'e' }, [
        { pattern: FN, handler: (c) => ({ ...report, ...(c.input as object) }) },
        { pattern: 'arn:aws:states:::lambda:invoke', handler: (c) => ({ StatusCode: 200, Payload: { ...report, ...(c.input as { Payload: object }).Payload } }) },
      ]);
      expect(JSON.parse(JSON.stringify(ok.output))).toStrictEqual(report);
    }
  });

  it('rejects a non-schema and a bad maxProblems', () => {
    expect(() => validate<Trigger, typeof orders.columns>({} as typeof orders)).toThrow('validate(): the first argument must be a schema from csvSchema()');
    expect(() => validate<Trigger, typeof orders.columns>(orders, { maxProblems: 0 })).toThrow("validate('validate'): maxProblems must be a whole number from 1 to 1000, got 0");
  });
});
