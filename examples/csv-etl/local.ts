/**
 * The CSV ETL wired to the embedded local services, so the very ASL that gets
 * deployed runs on one machine with the REAL handlers:
 *
 * - S3 on the filesystem (`<root>/.statecraft/s3/<bucket>/…`); an object that
 *   lands under `source/` (through the local S3, or dropped on disk and
 *   announced with {@link LocalPipeline.notify}) is sent to the real S3-trigger
 *   handler, as an S3 event notification filtered on the prefix would be;
 * - the trigger's StartExecution goes to a local Step Functions face that runs
 *   the interpreter (`execute`) and, like AWS, refuses a second execution of
 *   the same name (`ExecutionAlreadyExists`), so a duplicate event loads nothing twice;
 * - the validate Lambda ARN is served by the real csv-validate handler on the local S3;
 * - the Glue jobs `stage` and `transform` are the TypeScript jobs in `./jobs`
 *   on the local Redshift (DuckDB) and S3; the tables come from `./sql`;
 * - `sns:publish` goes to the outbox, `aws-sdk:s3:*` to the local S3.
 *
 * Executions run one at a time (Glue allows one concurrent run per job here,
 * and virtual time would burn a busy job's retries at once).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartExecutionCommand, StartExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { collectDeployables, compileOrThrow, defaultEnvironment, resourceArn, resourceName } from '../../src/index.js';
import type { AslDocument, Environment, QueryLanguage } from '../../src/index.js';
import { CsvValidationFailure, createCsvValidateHandler } from '../../src/handlers/csv-validate/index.js';
import type { CsvValidateEvent, CsvValidateOutput } from '../../src/handlers/csv-validate/index.js';
import { createS3TriggerHandler } from '../../src/handlers/s3-trigger/index.js';
import type { TriggerReport } from '../../src/handlers/s3-trigger/index.js';
import { TaskFailure, prepare, virtualClock } from '../../src/local/index.js';
import type { Clock, ExecutionResult, ResourceRegistration, TaskCall } from '../../src/local/index.js';
import { createLocalServices } from '../../src/local/services/index.js';
import type { GlueJobFunction, LocalServices, S3ObjectEvent } from '../../src/local/services/index.js';
import type { JobDeps } from './jobs/common.js';
import { splitStatements } from './jobs/common.js';
import { stageJob } from './jobs/stage.js';
import { transformJob } from './jobs/transform.js';
import { csvEtl } from './pipeline.js';
import { orders } from './schema.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The DDL run at start-up (idempotent): the stage table, then the target table. */
export const TABLE_DDL_FILES = [resolve(HERE, 'sql/stage-table.sql'), resolve(HERE, 'sql/target-table.sql')] as const;

/** Options of {@link createLocalPipeline}. */
export interface LocalPipelineOptions {
  /** The project folder: the services live under `<root>/.statecraft`. */
  readonly root: string;
  /** @default 'JSONPath' */
  readonly queryLanguage?: QueryLanguage;
  /** Key prefix the trigger accepts. @default 'source/' */
  readonly prefix?: string;
  /** Largest object the trigger accepts, in bytes. @default the schema's maxBytes */
  readonly maxBytes?: number;
  /** One line per SNS message and Glue job log line. */
  readonly log?: (line: string) => void;
  /** Keep the DuckDB database in memory (tests). @default false */
  readonly inMemory?: boolean;
  /** `virtual` (retries and waits take no time) or `real`. @default 'virtual' */
  readonly clock?: 'virtual' | 'real';
  /** Registrations tried before the local ones (tests inject failures here). */
  readonly resources?: readonly ResourceRegistration[];
  /** Lets tests wrap the clients each Glue job gets (e.g. to fail a call). */
  readonly jobDeps?: (job: 'stage' | 'transform', deps: JobDeps) => JobDeps;
  /** Lets tests wrap the validator Lambda. */
  readonly validator?: (real: (event: CsvValidateEvent) => Promise<CsvValidateOutput>) => (event: CsvValidateEvent) => Promise<CsvValidateOutput>;
  /** Told of each execution's progress (the `dev` command's status lines). */
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Progress of the executions, for status lines. */
export type ProgressEvent =
  | { readonly kind: 'started'; readonly execution: string; readonly key: string }
  | { readonly kind: 'task'; readonly execution: string; readonly state: string; readonly attempt: number }
  | { readonly kind: 'ended'; readonly execution: string; readonly key: string; readonly result: ExecutionResult };

/** One local execution. */
export interface LocalExecution {
  readonly name: string;
  readonly executionArn: string;
  readonly input: string;
  /** Resolves when the execution ends (never rejects). */
  readonly result: Promise<ExecutionResult>;
  /** Set once it ended. */
  outcome?: ExecutionResult;
}

/** The Step Functions calls the S3 trigger makes, served locally. */
export interface LocalSfnClient {
  send(command: StartExecutionCommand): Promise<StartExecutionCommandOutput>;
}

/** The CSV ETL running on the local services. */
export interface LocalPipeline {
  /** The compiled ASL that runs (the same JSON that is deployed). */
  readonly definition: AslDocument;
  readonly env: Environment;
  readonly stateMachineArn: string;
  /** The data bucket's physical name. */
  readonly bucket: string;
  readonly prefix: string;
  /** The alerts topic's physical name. */
  readonly topic: string;
  readonly stageTable: 'staging.orders';
  readonly targetTable: 'public.orders';
  readonly services: LocalServices;
  /** The local Step Functions face (StartExecution). */
  readonly sfn: LocalSfnClient;
  /** The real S3-trigger handler, wired to {@link sfn}. */
  readonly trigger: (event: S3Event) => Promise<TriggerReport>;
  /** Executions by name, in start order. */
  readonly executions: ReadonlyMap<string, LocalExecution>;
  /** Puts a file under the prefix; the S3 event it raises runs the trigger. Resolves with the trigger's report. */
  upload(name: string, body: string | Uint8Array): Promise<TriggerReport>;
  /** Sends the S3 event of an object already in the bucket (e.g. dropped on disk) to the trigger. */
  notify(key: string): Promise<TriggerReport>;
  /** Resolves when every trigger call and execution started so far has ended. */
  idle(): Promise<void>;
  /** Waits for idle, then closes the database. */
  close(): Promise<void>;
}

/** The S3 event notification record S3 sends for a created object (key URL-encoded, spaces as `+`). */
export function s3EventRecord(e: { bucket: string; key: string; size: number; eTag?: string; eventName?: string; eventTime?: string; region?: string }): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: e.region ?? 'us-east-1',
    eventTime: e.eventTime ?? new Date(0).toISOString(),
    eventName: e.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'local' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'local', 'x-amz-id-2': 'local' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'statecraft-local',
      bucket: { name: e.bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${e.bucket}` },
      object: { key: encodeURIComponent(e.key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: e.size, eTag: e.eTag ?? '', sequencer: '0' },
    },
  };
}

/** An error shaped as SDK v3 throws it (`name` is the AWS error code). */
function sdkError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/**
 * Step Functions reports a Lambda function error as `{ Error: errorType, Cause: JSON of errorType/errorMessage }`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
function asLambdaFailure(e: unknown): unknown {
  if (e instanceof TaskFailure) return e;
  const name = e instanceof CsvValidationFailure ? e.name : e instanceof Error ? e.name : 'Error';
  const message = e instanceof Error ? e.message : String(e);
  return new TaskFailure(name, JSON.stringify({ errorType: name, errorMessage: message }));
}

function executionNameOf(call: TaskCall): string {
  const ctx = call.context as { Execution?: { Name?: string } } | undefined;
  return ctx?.Execution?.Name ?? '';
}

/** Builds the local CSV ETL: compiles the pipeline, creates the services and tables, and wires the real handlers. */
export async function createLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const env = defaultEnvironment(csvEtl.data.name);
  const definition = compileOrThrow(csvEtl, { queryLanguage: options.queryLanguage ?? 'JSONPath', env });
  const prepared = prepare(definition);
  if (prepared.isErr()) throw new Error(`invariant: the compiled pipeline is valid ASL: ${JSON.stringify(prepared.error)}`);
  const machine = prepared.value;
  const deployables = collectDeployables(csvEtl);
  const name = (kind: 'lambda' | 'glue-job' | 'topic' | 'bucket', id: string): string => resourceName(env, kind, id);
  const bucket = name('bucket', 'data');
  const topic = name('topic', 'alerts');
  const prefix = options.prefix ?? 'source/';
  const maxBytes = options.maxBytes ?? orders.maxBytes;
  const stateMachineName = resourceName(env, 'state-machine', csvEtl.data.name);
  const stateMachineArn = resourceArn(env, 'state-machine', stateMachineName);
  const clock: Clock | 'real' = options.clock === 'real' ? 'real' : virtualClock();
  const now = clock === 'real' ? Date.now : () => clock.now();
  const emit = options.onProgress ?? (() => undefined);

  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };

  let trigger: (event: S3Event) => Promise<TriggerReport> = async () => ({ results: [] });
  /** The trigger call of the latest event of each key (so `upload` can answer with its report). */
  const lastTrigger = new Map<string, Promise<TriggerReport>>();
  const onS3Event = (e: S3ObjectEvent): void => {
    // The S3 notification of the deployed stack: object creations under the prefix only.
    if (e.bucket !== bucket || !e.eventName.startsWith('ObjectCreated:') || !e.key.startsWith(prefix)) return;
    lastTrigger.set(e.key, track(trigger({ Records: [s3EventRecord({ ...e, size: e.size ?? 0, region: env.region })] })));
  };

  const glueDeployables = deployables.flatMap((d) => (d.kind === 'glue-job' ? [d] : []));
  const defaultsOf = (id: string): Readonly<Record<string, string>> => glueDeployables.find((d) => d.id === id)?.defaultArguments ?? {};
  let services: LocalServices | undefined;
  const depsFor = (job: 'stage' | 'transform'): JobDeps => {
    if (services === undefined) throw new Error('invariant: services are created before any job runs');
    const deps: JobDeps = { s3: services.clients.s3, redshiftData: services.clients.redshiftData };
    return options.jobDeps === undefined ? deps : options.jobDeps(job, deps);
  };
  const jobs: Record<string, { run: GlueJobFunction; defaultArguments: Readonly<Record<string, string>> }> = {
    [name('glue-job', 'stage')]: { run: (args, ctx) => stageJob(depsFor('stage'))(args, ctx), defaultArguments: defaultsOf('stage') },
    [name('glue-job', 'transform')]: { run: (args, ctx) => transformJob(depsFor('transform'))(args, ctx), defaultArguments: defaultsOf('transform') },
  };
  services = createLocalServices({
    root: options.root,
    now,
    buckets: [bucket],
    topics: [topic],
    jobs,
    onS3Event,
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.inMemory === true ? { redshift: { inMemory: true } } : {}),
  });
  const svc = services;
  for (const file of TABLE_DDL_FILES) for (const sql of splitStatements(readFileSync(file, 'utf8'))) await svc.redshift.query(sql);

  // The validator Lambda: the real handler on the local S3, errors reported as Step Functions reports Lambda errors.
  const realValidator = createCsvValidateHandler({ s3: svc.clients.s3, schema: orders });
  const validator = options.validator === undefined ? realValidator : options.validator(realValidator);
  const validate = async (payload: unknown): Promise<CsvValidateOutput> => {
    try {
      return await validator(payload as CsvValidateEvent);
    } catch (e) {
      throw asLambdaFailure(e);
    }
  };
  const functionArns = deployables.flatMap((d) => (d.kind === 'lambda' ? [resourceArn(env, 'lambda', name('lambda', d.id))] : []));
  const lambdaRegistrations: ResourceRegistration[] = [
    ...functionArns.map((arn) => ({ pattern: arn, handler: (c: TaskCall) => validate(c.input) })),
    {
      pattern: 'arn:aws:states:::lambda:invoke',
      handler: async (c: TaskCall) => {
        const { FunctionName, Payload } = c.input as { FunctionName?: string; Payload?: unknown };
        if (!functionArns.some((arn) => arn === FunctionName || arn.endsWith(`:function:${String(FunctionName)}`))) {
          throw new TaskFailure('Lambda.ResourceNotFoundException', `Function not found: ${String(FunctionName)}`);
        }
        return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: await validate(Payload) };
      },
    },
  ];
  // Every call is reported as progress (state and attempt), then served by the first matching registration.
  const resources: ResourceRegistration[] = [...(options.resources ?? []), ...lambdaRegistrations, ...svc.resources].map((r) => ({
    pattern: r.pattern,
    handler: (c: TaskCall) => {
      emit({ kind: 'task', execution: executionNameOf(c), state: c.stateName, attempt: c.attempt });
      return r.handler(c);
    },
  }));

  const executions = new Map<string, LocalExecution>();
  let queue: Promise<unknown> = Promise.resolve();
  const sfn: LocalSfnClient = {
    async send(command) {
      const input = command.input;
      if (input.stateMachineArn !== stateMachineArn) throw sdkError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(input.stateMachineArn)}'`);
      const execName = input.name ?? `local-${executions.size + 1}`;
      const inputText = input.input ?? '{}';
      const executionArn = `arn:${env.partition}:states:${env.region}:${env.account}:execution:${stateMachineName}:${execName}`;
      const existing = executions.get(execName);
      if (existing !== undefined) {
        // AWS: the same name and input while the execution is open is idempotent; anything else is refused.
        if (existing.outcome === undefined && existing.input === inputText) return { executionArn, startDate: new Date(now()), $metadata: {} };
        throw sdkError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(inputText);
      } catch {
        throw sdkError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${inputText.slice(0, 200)}'`);
      }
      const key = String((parsed as { key?: unknown }).key ?? '');
      const run = async (): Promise<ExecutionResult> => {
        emit({ kind: 'started', execution: execName, key });
        return machine.execute(parsed, { resources, clock, executionName: execName, stateMachineName, region: env.region, account: env.account });
      };
      const result = queue.then(run);
      queue = result.catch(() => undefined);
      const record: LocalExecution = { name: execName, executionArn, input: inputText, result };
      executions.set(execName, record);
      void track(result.then((r) => {
        record.outcome = r;
        emit({ kind: 'ended', execution: execName, key, result: r });
      }));
      return { executionArn, startDate: new Date(now()), $metadata: {} };
    },
  };
  const handler = createS3TriggerHandler({ sfn, stateMachineArn, prefix, ...(maxBytes === undefined ? {} : { maxBytes }) });
  trigger = (event) => track(handler(event));

  const notify = async (key: string): Promise<TriggerReport> => {
    const head = await svc.s3.headObject({ Bucket: bucket, Key: key });
    return trigger({ Records: [s3EventRecord({ bucket, key, size: head.ContentLength, eTag: head.ETag.replace(/"/g, ''), eventTime: new Date(now()).toISOString(), region: env.region })] });
  };
  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  return {
    definition, env, stateMachineArn, bucket, prefix, topic, stageTable: 'staging.orders', targetTable: 'public.orders',
    services: svc, sfn, trigger, executions,
    async upload(fileName, body) {
      const key = `${prefix}${fileName}`;
      lastTrigger.delete(key);
      await svc.s3.putObject({ Bucket: bucket, Key: key, Body: typeof body === 'string' ? body : Buffer.from(body) });
      // The put raised its S3 event synchronously, which called the trigger.
      return (await lastTrigger.get(key)) ?? { results: [] };
    },
    notify,
    idle,
    async close() {
      await idle();
      await svc.close();
    },
  };
}
