import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { watch } from 'chokidar';
import { defineCommand } from 'citty';
import type { ArgsDef } from 'citty';
import { executionStepsFromHistory } from '../../compile/render/index.js';
import type { ExecutionResult } from '../../local/index.js';
import { S3_TEMP_PREFIX } from '../../local/services/index.js';
import { errorMessage } from '../errors.js';
import type { CliIo } from '../io.js';
import type { CliCommand, CliDeps } from '../internal/command.js';
import { CliFailure, flagArg, stringArg } from '../internal/command.js';
import { importModule, resolveFile } from '../internal/load.js';
import { formatDuration } from '../internal/run-report.js';
import { StatusBoard } from '../internal/status-board.js';

/** Progress a local pipeline reports (see `examples/csv-etl/local.ts`). */
type DevProgress =
  | { readonly kind: 'started'; readonly execution: string; readonly key: string }
  | { readonly kind: 'task'; readonly execution: string; readonly state: string; readonly attempt: number }
  | { readonly kind: 'ended'; readonly execution: string; readonly key: string; readonly result: ExecutionResult };

/** What the S3 trigger answered for one record. */
type TriggerResult =
  | { readonly status: 'started' | 'duplicate'; readonly key: string; readonly executionName: string }
  | { readonly status: 'ignored' | 'refused'; readonly key: string; readonly reason: string }
  | { readonly status: 'failed'; readonly key: string; readonly error: string; readonly message: string };

/**
 * The contract of a `local.ts` module that `statecraft dev` runs: `createLocalPipeline(options)`
 * wires the pipeline to the embedded local services and its trigger (the CSV ETL example's shape).
 */
export interface DevPipeline {
  /** The data bucket's physical name; dropped files are watched under its folder. */
  readonly bucket: string;
  /** The key prefix the trigger accepts, e.g. `source/`. */
  readonly prefix: string;
  /** Sends the S3 event of an object already in the bucket to the trigger. */
  notify(key: string): Promise<{ readonly results: readonly TriggerResult[] }>;
  /** Resolves when every execution started so far has ended. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

type CreateLocalPipeline = (options: {
  readonly root: string;
  readonly log?: (line: string) => void;
  readonly onProgress?: (event: DevProgress) => void;
}) => Promise<DevPipeline>;

/** The folder's `local.ts` (or the file given) and its `createLocalPipeline` export. */
async function loadLocalModule(target: string, cwd: string): Promise<CreateLocalPipeline> {
  const abs = isAbsolute(target) ? target : resolve(cwd, target);
  let file = target;
  try {
    if ((await stat(abs)).isDirectory()) file = join(target, 'local.ts');
  } catch {
    throw new CliFailure({ kind: 'file-not-found', file: target });
  }
  const resolved = await resolveFile(file, cwd);
  if (resolved.isErr()) {
    throw new CliFailure({ kind: 'usage', message: `${target}: no local.ts here; statecraft dev runs a folder whose local.ts exports createLocalPipeline(options) (see examples/csv-etl/local.ts)` });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(resolved.value);
  } catch (e) {
    throw new CliFailure({ kind: 'import-failed', file, message: errorMessage(e) });
  }
  const create = mod['createLocalPipeline'];
  if (typeof create !== 'function') {
    const names = Object.keys(mod).sort();
    throw new CliFailure({ kind: 'usage', message: `${file}: exports no createLocalPipeline function (exports found: ${names.length === 0 ? 'none' : names.map((n) => `'${n}'`).join(', ')})` });
  }
  return create as CreateLocalPipeline;
}

/** Starts the local pipeline; a failure to start (e.g. the database is locked by another process) is one message. */
async function startLocal(folder: string, start: () => Promise<DevPipeline>): Promise<DevPipeline> {
  try {
    return await start();
  } catch (e) {
    throw new CliFailure({ kind: 'usage', message: `${folder}: could not start the local services: ${errorMessage(e)}` });
  }
}

/** Files under a folder, recursively, as keys relative to it (temporary files of atomic writes left out). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      if (entry.name.startsWith(S3_TEMP_PREFIX)) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * `✔ SUCCEEDED in 2m 3s virtual (85 ms real): Validate → Stage → …` or `✖ FAILED CsvEtl.InvalidFile at Rejected after …`.
 * The local services take no virtual time (only waits, retry back-offs and timeouts do): when none passed, the
 * real time is shown instead of a virtual `0s`.
 */
export function outcomeText(result: ExecutionResult, realMs: number): string {
  const steps = executionStepsFromHistory(result.history).filter((s) => !s.aborted);
  const virtualMs = result.stopDate.getTime() - result.startDate.getTime();
  const real = realMs < 1000 ? `${Math.round(realMs)} ms` : formatDuration(Math.round(realMs));
  const took = virtualMs === 0 ? `${real} real, no virtual time passed` : `${formatDuration(virtualMs)} virtual (${real} real)`;
  if (result.status === 'SUCCEEDED') return `✔ SUCCEEDED in ${took}: ${steps.map((s) => s.name).join(' → ')}`;
  const failed = [...steps].reverse().find((s) => s.status === 'failed');
  return `✖ ${result.status} ${result.error ?? ''}${failed === undefined ? '' : ` at ${failed.name}`} after ${took}`;
}

/** Resolves on the abort signal, or on SIGINT/SIGTERM when none is given. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  if (signal !== undefined) {
    return signal.aborted ? Promise.resolve() : new Promise((done) => signal.addEventListener('abort', () => done(), { once: true }));
  }
  return new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `statecraft dev <folder>`: watches the local `source/` folder and runs the pipeline for each file that lands. */
export const devCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'dev', description: 'Watch the local source/ folder and run the pipeline for each file that lands (embedded local services)' },
    args: {
      folder: { type: 'positional', description: 'A folder whose local.ts exports createLocalPipeline(options), e.g. examples/csv-etl', required: true },
      root: { type: 'string', description: 'Project folder holding .statecraft/ (local S3, outbox, database); default: the working directory', valueHint: 'dir' },
      once: { type: 'boolean', description: 'Run the files already in source/, then exit (0 when every run succeeded)' },
    },
  }),
  async run(args, io: CliIo, deps: CliDeps) {
    const folder = String(args['folder']);
    const rootArg = stringArg(args, 'root');
    const root = rootArg === undefined ? io.cwd : isAbsolute(rootArg) ? rootArg : resolve(io.cwd, rootArg);
    const create = await loadLocalModule(folder, io.cwd);

    const board = new StatusBoard(io);
    const keyOfExecution = new Map<string, string>();
    const results = new Map<string, ExecutionResult>();
    /** Real start time of each execution (performance.now()). */
    const startedAt = new Map<string, number>();
    const lp = await startLocal(folder, () => create({
      root,
      log: (line) => board.log(`  ${line}`),
      onProgress: (e) => {
        if (e.kind === 'started') {
          keyOfExecution.set(e.execution, e.key);
          startedAt.set(e.execution, performance.now());
          board.set(e.key, '▶ started');
        } else if (e.kind === 'task') {
          const key = keyOfExecution.get(e.execution);
          if (key !== undefined) board.set(key, `▶ ${e.state}${e.attempt > 0 ? ` (attempt ${e.attempt + 1})` : ''}`);
        } else {
          results.set(e.key, e.result);
          board.set(e.key, outcomeText(e.result, performance.now() - (startedAt.get(e.execution) ?? performance.now())));
        }
      },
    }));
    const dir = join(root, '.statecraft', 's3', lp.bucket, ...lp.prefix.split('/').filter((s) => s !== ''));
    await mkdir(dir, { recursive: true });
    const rel = relative(io.cwd, dir);
    const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? dir : rel;

    const announce = async (rel: string): Promise<void> => {
      const key = `${lp.prefix}${rel}`;
      board.set(key, '… landed');
      try {
        const report = await lp.notify(key);
        for (const r of report.results) {
          if (r.status === 'duplicate') board.set(r.key, `= already processed (execution ${r.executionName})`);
          else if (r.status === 'ignored' || r.status === 'refused') board.set(r.key, `✖ ${r.status}: ${r.reason}`);
          else if (r.status === 'failed') board.set(r.key, `✖ could not start: ${r.error}: ${r.message}`);
        }
      } catch (e) {
        board.set(key, `✖ trigger failed: ${errorMessage(e)}`);
      }
    };

    try {
      if (flagArg(args, 'once')) {
        const files = await filesUnder(dir);
        if (files.length === 0) board.log(`no files under ${shown}/`);
        for (const rel of files) await announce(rel);
        await lp.idle();
        const all = [...results.values()];
        return all.length > 0 && all.every((r) => r.status === 'SUCCEEDED') ? 0 : 1;
      }
      board.log(`watching ${shown}/ — drop files there to run the pipeline (Ctrl-C to stop)`);
      const watcher = watch(dir, {
        ignoreInitial: false,
        awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
        ignored: (path) => basename(path).startsWith(S3_TEMP_PREFIX),
      });
      const pending = new Set<Promise<void>>();
      watcher.on('add', (path) => {
        const p = announce(relative(dir, path).split('\\').join('/'));
        pending.add(p);
        void p.finally(() => pending.delete(p));
      });
      await stopped(deps.signal);
      await watcher.close();
      await Promise.allSettled([...pending]);
      return 0;
    } finally {
      await lp.close();
    }
  },
};
