/**
 * Glue as local jobs: a registry from job name to a TypeScript function that
 * receives the run's `--arguments`. Runs are tracked as Glue JobRuns
 * (`JobRunState`, `StartedOn`, `CompletedOn`, `ErrorMessage`, …) and a job's
 * `MaxConcurrentRuns` is enforced, so a second concurrent start fails with
 * `ConcurrentRunsExceededException` exactly as it would in AWS.
 * @see https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-runs.html
 */
import { createHash } from 'node:crypto';
import { LocalServiceError } from '../internal/service-error.js';

/** What a local Glue job is given besides its arguments. */
export interface GlueJobContext {
  readonly jobName: string;
  readonly jobRunId: string;
  /** Aborted when the run is stopped (e.g. the Task state timed out). */
  readonly signal: AbortSignal;
  /** The service clock (epoch ms), e.g. the interpreter's virtual clock. */
  now(): number;
  /** Writes one line to the services' logger, prefixed with the job name. */
  log(line: string): void;
}

/** A local Glue job: gets the run's arguments (`--name` keys, as Glue passes them). Throw to fail the run. */
export type GlueJobFunction = (args: Readonly<Record<string, string>>, ctx: GlueJobContext) => Promise<void>;

/** A local Glue job definition. */
export interface GlueJobDefinition {
  readonly run: GlueJobFunction;
  /** Concurrent runs allowed; one more fails with `ConcurrentRunsExceededException`. @default 1 */
  readonly maxConcurrentRuns?: number;
  /** Merged under each run's `Arguments`, as the job's `DefaultArguments`. @default {} */
  readonly defaultArguments?: Readonly<Record<string, string>>;
}

/** Glue's job run states. */
export type JobRunState = 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED' | 'TIMEOUT' | 'ERROR' | 'WAITING' | 'EXPIRED';

/** A Glue JobRun (the GetJobRun shape, dates as `Date`). */
export interface JobRun {
  readonly Id: string;
  readonly Attempt: number;
  readonly JobName: string;
  readonly JobMode: 'SCRIPT';
  readonly StartedOn: Date;
  readonly LastModifiedOn: Date;
  readonly CompletedOn?: Date;
  readonly JobRunState: JobRunState;
  readonly Arguments: Readonly<Record<string, string>>;
  readonly ErrorMessage?: string;
  readonly PredecessorRuns: readonly [];
  /** Seconds the run took. */
  readonly ExecutionTime: number;
  readonly Timeout: number;
  readonly MaxCapacity: number;
  readonly GlueVersion: string;
  readonly LogGroupName: string;
}

/** Options of {@link LocalGlue}. */
export interface LocalGlueOptions {
  /** Jobs by name: a function, or a definition with limits. */
  readonly jobs?: Readonly<Record<string, GlueJobFunction | GlueJobDefinition>>;
  /** Clock (epoch ms). @default Date.now */
  readonly now?: () => number;
  /** Receives the jobs' `ctx.log` lines. */
  readonly log?: (line: string) => void;
}

interface RunRecord {
  readonly box: { run: JobRun };
  readonly done: Promise<JobRun>;
  readonly abort: AbortController;
}

const TERMINAL: ReadonlySet<JobRunState> = new Set(['STOPPED', 'SUCCEEDED', 'FAILED', 'TIMEOUT', 'ERROR', 'EXPIRED']);

/** Glue jobs as local TypeScript functions. */
export class LocalGlue {
  private readonly jobs = new Map<string, GlueJobDefinition>();
  private readonly runs = new Map<string, RunRecord>();
  private readonly running = new Map<string, number>();
  private readonly now: () => number;
  private readonly log: ((line: string) => void) | undefined;
  private counter = 0;

  constructor(options: LocalGlueOptions = {}) {
    this.now = options.now ?? Date.now;
    this.log = options.log;
    for (const [name, job] of Object.entries(options.jobs ?? {})) this.registerJob(name, job);
  }

  /** Registers (or replaces) a job. */
  registerJob(name: string, job: GlueJobFunction | GlueJobDefinition): void {
    const def = typeof job === 'function' ? { run: job } : job;
    const max = def.maxConcurrentRuns ?? 1;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`Glue job '${name}': maxConcurrentRuns must be an integer of at least 1, got ${String(def.maxConcurrentRuns)}.`);
    this.jobs.set(name, def);
  }

  /** The registered job names. */
  jobNames(): string[] {
    return [...this.jobs.keys()].sort();
  }

  /** Starts a run and returns its id at once; the job runs in the background. */
  startJobRun(input: { readonly JobName: string; readonly Arguments?: Readonly<Record<string, string>> }): { JobRunId: string } {
    return { JobRunId: this.start(input).box.run.Id };
  }

  /** Starts a run and waits for it to end (the `.sync` pattern); resolves with the final JobRun whatever its state. */
  async runJob(input: { readonly JobName: string; readonly Arguments?: Readonly<Record<string, string>> }, signal?: AbortSignal): Promise<JobRun> {
    const rec = this.start(input);
    const onAbort = (): void => rec.abort.abort(signal?.reason);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await rec.done;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The current state of a run (GetJobRun). */
  getJobRun(input: { readonly JobName: string; readonly RunId: string }): { JobRun: JobRun } {
    const rec = this.runs.get(input.RunId);
    if (rec === undefined || rec.box.run.JobName !== input.JobName) {
      throw new LocalServiceError('Glue', 'EntityNotFoundException', `Job run ${input.RunId} of job ${input.JobName} not found`, 400);
    }
    return { JobRun: rec.box.run };
  }

  /** Waits for a started run to end. */
  async waitForJobRun(runId: string): Promise<JobRun> {
    const rec = this.runs.get(runId);
    if (rec === undefined) throw new LocalServiceError('Glue', 'EntityNotFoundException', `Job run ${runId} not found`, 400);
    return rec.done;
  }

  /** Stops a running run: its job's `ctx.signal` is aborted and the run ends STOPPED. */
  stopJobRun(runId: string): void {
    this.runs.get(runId)?.abort.abort(new Error('Job run stopped'));
  }

  private start(input: { readonly JobName: string; readonly Arguments?: Readonly<Record<string, string>> }): RunRecord {
    const name = input.JobName;
    const def = this.jobs.get(name);
    if (def === undefined) {
      const known = this.jobNames();
      throw new LocalServiceError('Glue', 'EntityNotFoundException', `Failed to start job run due to missing metadata: no local job '${name}' (registered: ${known.length === 0 ? 'none' : known.join(', ')}).`, 400);
    }
    const active = this.running.get(name) ?? 0;
    const max = def.maxConcurrentRuns ?? 1;
    if (active >= max) throw new LocalServiceError('Glue', 'ConcurrentRunsExceededException', `Concurrent runs exceeded for ${name}`, 400);
    this.running.set(name, active + 1);

    this.counter += 1;
    const id = `jr_${createHash('sha256').update(`${name}\0${this.counter}`).digest('hex')}`;
    const args: Record<string, string> = { ...(def.defaultArguments ?? {}), ...(input.Arguments ?? {}) };
    const started = this.now();
    const abort = new AbortController();
    const base: JobRun = {
      Id: id, Attempt: 0, JobName: name, JobMode: 'SCRIPT',
      StartedOn: new Date(started), LastModifiedOn: new Date(started),
      JobRunState: 'RUNNING', Arguments: args, PredecessorRuns: [],
      ExecutionTime: 0, Timeout: 2880, MaxCapacity: 0.0625, GlueVersion: '3.0', LogGroupName: '/aws-glue/python-jobs',
    };
    const ctx: GlueJobContext = {
      jobName: name,
      jobRunId: id,
      signal: abort.signal,
      now: this.now,
      log: (line) => this.log?.(`[glue ${name}] ${line}`),
    };
    const finish = (state: JobRunState, error?: string): JobRun => {
      const end = this.now();
      const run: JobRun = {
        ...base, JobRunState: state, CompletedOn: new Date(end), LastModifiedOn: new Date(end),
        ExecutionTime: Math.max(0, Math.round((end - started) / 1000)),
        ...(error === undefined ? {} : { ErrorMessage: error }),
      };
      this.running.set(name, (this.running.get(name) ?? 1) - 1);
      return run;
    };
    const box = { run: base };
    const record: RunRecord = {
      box,
      abort,
      done: (async () => {
        // Run the job on a later tick, so startJobRun returns before any job code runs.
        await Promise.resolve();
        let final: JobRun;
        try {
          await def.run(args, ctx);
          final = abort.signal.aborted ? finish('STOPPED') : finish('SUCCEEDED');
        } catch (e) {
          final = abort.signal.aborted ? finish('STOPPED') : finish('FAILED', errorMessage(e));
        }
        box.run = final;
        return final;
      })(),
    };
    this.runs.set(id, record);
    return record;
  }
}

/** Whether a run state is final. */
export function isTerminalJobRunState(state: JobRunState): boolean {
  return TERMINAL.has(state);
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
