/**
 * The package entries export what a user needs (issue 2, item 3): every step
 * factory and resource, the compiler and renderers (with the execution-path
 * helpers), the CSV schema builders; the interpreter only from
 * `statecraft/local` (layers: the root barrel never pulls in `src/local`).
 * Imported by package name, through package.json `exports`.
 */
import { describe, expect, test } from 'vitest';
import * as statecraft from 'statecraft';
import * as local from 'statecraft/local';
import * as csvValidate from 'statecraft/handlers/csv-validate';
import * as s3Trigger from 'statecraft/handlers/s3-trigger';

/** The runtime names `statecraft` documents (its module comment, the README, the examples). */
const ROOT_VALUES = [
  // builder
  'pipeline', 'Pipeline', 'ChoiceBuilder', 'isDuration', 'durationSeconds',
  // typed proxy and conditions
  'fmt', 'jsonata', 'and', 'or', 'not',
  // step factories
  'lambda', 'validate', 'glue', 'redshift', 'notify', 's3Copy', 's3Move', 's3Delete', 's3Put', 'subflow', 'waitForCallback', 'callbackOutput',
  // resources and their names
  'lambdaFunction', 'existingLambda', 'functionArn', 'glueJob', 'existingGlueJob', 'glueJobName', 'glueJobArn',
  'topic', 'existingTopic', 'topicArn', 'bucket', 'existingBucket', 'bucketName',
  // error lists
  'LAMBDA_ERRORS', 'VALIDATE_ERRORS', 'GLUE_ERRORS', 'REDSHIFT_ERRORS', 'SNS_ERRORS', 'S3_ERRORS', 'SUBFLOW_ERRORS',
  // writing your own step
  'NEXT', 'RenderError', 'defaultEnvironment', 'resourceName', 'resourceArn', 'logicalArn', 'integrationArn',
  'copyStatements', 'deleteStatements', 'putStatements',
  // compiler
  'compile', 'compileOrThrow', 'isPipeline', 'collectIam', 'collectDeployables', 'toAslJson', 'CompileError',
  'compileRetry', 'compileCatch', 'compileParameters',
  // renderers and execution paths
  'renderMermaid', 'renderDot', 'renderSvg', 'buildGraphModel', 'executionPathFromHistory', 'executionStepsFromHistory',
  // ASL validation and CSV schemas
  'validateAsl', 'validateAslOrThrow', 'csvSchema', 'csv',
] as const;

const LOCAL_VALUES = [
  'execute', 'prepare', 'checkOptions', 'parseMockConfig', 'TaskFailure', 'virtualClock', 'realClock', 'visitedStates', 'localMatchers', 'createLocalServices',
] as const;

const CSV_BUILDERS = ['csvSchema', 'string', 'integer', 'decimal', 'boolean', 'date', 'timestamp', 'enumOf'] as const;

describe('package entries', () => {
  test('statecraft exports every documented name', () => {
    const missing = ROOT_VALUES.filter((name) => (statecraft as Record<string, unknown>)[name] === undefined);
    expect(missing).toStrictEqual([]);
  });

  test('statecraft exposes the CSV column builders under csv', () => {
    const missing = CSV_BUILDERS.filter((name) => typeof (statecraft.csv as Record<string, unknown>)[name] !== 'function');
    expect(missing).toStrictEqual([]);
  });

  test('statecraft/local exports the interpreter, its test helpers and the local services', () => {
    const missing = LOCAL_VALUES.filter((name) => (local as Record<string, unknown>)[name] === undefined);
    expect(missing).toStrictEqual([]);
  });

  test('the interpreter stays out of the root entry (statecraft/local is its only door)', () => {
    const leaked = LOCAL_VALUES.filter((name) => name in statecraft);
    expect(leaked).toStrictEqual([]);
  });

  test('the handler entries export their handlers and factories', () => {
    expect([typeof csvValidate.handler, typeof csvValidate.createCsvValidateHandler]).toStrictEqual(['function', 'function']);
    expect([typeof s3Trigger.handler, typeof s3Trigger.createS3TriggerHandler]).toStrictEqual(['function', 'function']);
  });

  test('the execution-path helpers of the root entry draw a local run', async () => {
    // given a pipeline compiled with the root entry and run with statecraft/local
    const doc = statecraft.compileOrThrow(statecraft.pipeline<{ n: number }>('entries').pass({ name: 'One' }).pass({ name: 'Two' }));
    const run = await local.execute(doc, { n: 1 });
    if (run.isErr()) throw new Error(JSON.stringify(run.error));
    // when
    const path = statecraft.executionPathFromHistory(run.value.history);
    // then
    expect(statecraft.executionStepsFromHistory(run.value.history).map((s) => [s.name, s.status])).toStrictEqual([['One', 'succeeded'], ['Two', 'succeeded']]);
    expect(statecraft.renderMermaid(doc, { path })).toContain('One');
  });
});
