/**
 * `statecraft dev <example-dir | pipeline.ts>`: runs a pipeline on the embedded
 * local services and watches the local S3 bucket's `source/` folder: every file
 * that lands there (copied in with any tool) goes through the real S3 trigger
 * and one execution, with a live status line per file.
 *
 * The example's local wiring comes from the `local.ts` beside the pipeline: it
 * exports `createLocalPipeline({ root, log, onProgress })` (see
 * `examples/csv-etl/local.ts`), which knows the pipeline's jobs and tables.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { watch } from 'chokidar';
import { defineCommand } from 'citty';
import type { ArgsDef } from 'citty';
import type { TriggerRecordResult } from '../handlers/s3-trigger/index.js';
import type { ExecutionResult } from '../local/index.js';
import { S3_TEMP_PREFIX } from '../local/services/index.js';
import { errorMessage } from './errors.js';
import type { CliIo } from './io.js';
import type { CliCommand } from './internal/command.js';
import { CliFailure, flagArg, stringArg } from './internal/command.js';

/** Progress events a local wiring reports (the shape `examples/csv-etl/local.ts` emits). */
export type DevProgress =
  | { readonly kind: 'started'; readonly execution: string; readonly key: string }
  | { readonly kind: 'task'; readonly execution: string; readonly state: string; readonly attempt: number }
  | { readonly kind: 'ended'; readonly execution: string; readonly key: string; readonly result: ExecutionResult };

/** What `dev` needs of a local wiring. */
export interface DevPipeline {
  readonly bucket: string;
  readonly prefix: string;
  readonly services: { readonly s3: { bucketPath(bucket: string): Promise<string> } };
  /** Sends the S3 event of an object already in the bucket to the trigger. */
  notify(key: string): Promise<{ readonly results: readonly TriggerRecordResult[] }>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The export `dev` calls in `local.ts`. */
export type CreateLocalPipeline = (options: { root: string; log?: (line: string) => void; onProgress?: (e: DevProgress) => void }) => Promise<DevPipeline>;

/** Options of {@link runDev}. */
export interface DevOptions {
  /** An example folder (holding `local.ts`) or a pipeline file with `local.ts` beside it. */
  readonly target: string;
  /** The project folder: services under `<root>/.statecraft`. @default io.cwd */
  readonly root?: string;
  /** Process the files already in `source/`, then stop (no watching). @default false */
  readonly once?: boolean;
  /** Stops watching. */
  readonly signal?: AbortSignal;
  /** Called once the watcher is ready, with the watched folder. */
  readonly onReady?: (sourceDir: string) => void;
}

/** Finds `local.ts` for a target: `<dir>/local.ts`, or the one beside a pipeline file. */
export function localWiringFile(target: string, cwd: string): string {
  const abs = resolve(cwd, target);
  if (!existsSync(abs)) throw new CliFailure({ kind: 'file-not-found', file: target });
  const dir = statSync(abs).isDirectory() ? abs : dirname(abs);
  const file = join(dir, 'local.ts');
  if (!existsSync(file)) {
    throw new CliFailure({
      kind: 'usage',
      message: `${relative(cwd, dir) || '.'}: no local.ts here; dev needs one exporting createLocalPipeline({ root, log, onProgress }) that wires the pipeline's jobs to the local services (see examples/csv-etl/local.ts)`,
    });
  }
  return file;
}

async function loadWiring(file: string, shown: string): Promise<CreateLocalPipeline> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new CliFailure({ kind: 'import-failed', file: shown, message: errorMessage(e) });
  }
  const create = mod['createLocalPipeline'];
  if (typeof create !== 'function') throw new CliFailure({ kind: 'usage', message: `${shown}: exports no function createLocalPipeline({ root, log, onProgress })` });
  return create as CreateLocalPipeline;
}

type FileState =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'running'; readonly state?: string; readonly attempt?: number }
  | { readonly kind: 'done'; readonly result: ExecutionResult }
  | { readonly kind: 'skipped'; readonly text: string };

/** One status line per file: rewritten in place on a terminal, printed as plain lines otherwise. */
export class StatusBoard {
  private readonly order: string[] = [];
  private readonly states = new Map<string, FileState>();
  private drawn = 0;
  private frame = 0;
  constructor(private readonly io: CliIo) {}

  /** Sets a file's status and shows it. */
  set(key: string, state: FileState): void {
    if (!this.states.has(key)) this.order.push(key);
    this.states.set(key, state);
    if (this.io.isTty) this.redraw();
    else this.io.stdout(`${this.line(key, state)}\n`);
  }

  /** A log line above the status lines. */
  log(text: string): void {
    if (!this.io.isTty) {
      this.io.stdout(`${text}\n`);
      return;
    }
    this.clear();
    this.io.stdout(`${text}\n`);
    this.drawn = 0;
    this.redraw();
  }

  private clear(): void {
    if (this.drawn > 0) this.io.stdout(`\u001b[${this.drawn}F\u001b[J`);
  }

  private redraw(): void {
    this.clear();
    this.frame++;
    const lines = this.order.map((k) => this.line(k, this.states.get(k) ?? { kind: 'waiting' }));
    this.io.stdout(lines.map((l) => `${l}\n`).join(''));
    this.drawn = lines.length;
  }

  private line(key: string, s: FileState): string {
    const tty = this.io.isTty;
    const c = (code: string, t: string): string => (tty ? `\u001b[${code}m${t}\u001b[0m` : t);
    switch (s.kind) {
      case 'waiting':
        return `${c('2', '·')} ${key}  waiting`;
      case 'running': {
        const spin = tty ? '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[this.frame % 10] ?? '…' : '…';
        const retry = s.attempt !== undefined && s.attempt > 0 ? ` (retry ${s.attempt})` : '';
        return `${c('36', spin)} ${key}  ${s.state === undefined ? 'started' : `${s.state}${retry}`}`;
      }
      case 'done': {
        const r = s.result;
        if (r.status === 'SUCCEEDED') return `${c('32', '✓')} ${key}  SUCCEEDED`;
        return `${c('31', '✗')} ${key}  ${r.status} ${r.error ?? ''}${r.cause === undefined ? '' : c('2', `  ${r.cause.length > 120 ? `${r.cause.slice(0, 117)}...` : r.cause}`)}`;
      }
      case 'skipped':
        return `${c('33', '⊘')} ${key}  ${s.text}`;
    }
  }
}

/**
 * Runs `dev`: loads the wiring, watches `source/` and runs each landed file.
 * Resolves with 0, or 1 when `once` and some run did not succeed, after closing the services.
 */
export async function runDev(options: DevOptions, io: CliIo): Promise<number> {
  const root = resolve(io.cwd, options.root ?? '.');
  const file = localWiringFile(options.target, io.cwd);
  const create = await loadWiring(file, relative(io.cwd, file) || file);
  const board = new StatusBoard(io);
  const keyOf = new Map<string, string>();
  const results: ExecutionResult[] = [];
  const lp = await create({
    root,
    log: (line) => board.log(line),
    onProgress: (e) => {
      if (e.kind === 'started') {
        keyOf.set(e.execution, e.key);
        board.set(e.key, { kind: 'running' });
      } else if (e.kind === 'task') {
        const key = keyOf.get(e.execution);
        if (key !== undefined) board.set(key, { kind: 'running', state: e.state, attempt: e.attempt });
      } else {
        results.push(e.result);
        board.set(e.key, { kind: 'done', result: e.result });
      }
    },
  });
  const sourceDir = join(await lp.services.s3.bucketPath(lp.bucket), ...lp.prefix.split('/').filter((p) => p !== ''));
  const { mkdir } = await import('node:fs/promises');
  await mkdir(sourceDir, { recursive: true });
  const shownDir = relative(io.cwd, sourceDir).startsWith('..') ? sourceDir : relative(io.cwd, sourceDir);
  io.stdout(`statecraft dev: drop CSV files into ${shownDir}${sep} (s3://${lp.bucket}/${lp.prefix}); ${options.once === true ? 'processing what is there' : 'Ctrl+C to stop'}\n`);

  const handle = async (path: string): Promise<void> => {
    if (basename(path).startsWith(S3_TEMP_PREFIX)) return;
    const key = lp.prefix + relative(sourceDir, path).split(sep).join('/');
    board.set(key, { kind: 'waiting' });
    try {
      const report = await lp.notify(key);
      for (const r of report.results) {
        if (r.status === 'duplicate') board.set(key, { kind: 'skipped', text: `already processed (execution ${r.executionName})` });
        else if (r.status === 'refused' || r.status === 'ignored') board.set(key, { kind: 'skipped', text: r.reason });
        else if (r.status === 'failed') board.set(key, { kind: 'skipped', text: `could not start: ${r.error}: ${r.message}` });
      }
    } catch (e) {
      // The file went away before it could be read (e.g. moved by a run): nothing to do.
      board.set(key, { kind: 'skipped', text: `not processed: ${errorMessage(e)}` });
    }
  };

  const watcher = watch(sourceDir, {
    ignoreInitial: false,
    awaitWriteFinish: { stabilityThreshold: 150, pollInterval: 50 },
    ignored: (p) => basename(p).startsWith(S3_TEMP_PREFIX),
  });
  const work = new Set<Promise<void>>();
  watcher.on('add', (path) => {
    const p = handle(path);
    work.add(p);
    void p.finally(() => work.delete(p));
  });
  await new Promise<void>((ready) => watcher.once('ready', () => ready()));
  options.onReady?.(sourceDir);
  try {
    if (options.once !== true) {
      await new Promise<void>((stop) => {
        if (options.signal?.aborted === true) stop();
        options.signal?.addEventListener('abort', () => stop(), { once: true });
      });
    }
    while (work.size > 0) await Promise.allSettled([...work]);
    await lp.idle();
  } finally {
    await watcher.close();
    await lp.close();
  }
  return options.once === true && results.some((r) => r.status !== 'SUCCEEDED') ? 1 : 0;
}

/** `statecraft dev <example-dir | pipeline.ts> [--root dir] [--once]`. */
export const devCommand: CliCommand = {
  def: defineCommand<ArgsDef>({
    meta: { name: 'dev', description: 'Run a pipeline on the local services and process every file that lands in the local S3 source/ folder' },
    args: {
      target: { type: 'positional', description: 'An example folder with local.ts, or a pipeline file with local.ts beside it', required: true },
      root: { type: 'string', description: 'Project folder holding .statecraft/ (default: the current folder)', valueHint: 'dir' },
      once: { type: 'boolean', description: 'Process the files already in source/, then exit (1 if a run did not succeed)' },
    },
  }),
  async run(args, io) {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const root = stringArg(args, 'root');
      return await runDev({ target: String(args['target']), ...(root === undefined ? {} : { root }), once: flagArg(args, 'once'), signal: controller.signal }, io);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
