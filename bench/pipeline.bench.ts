/**
 * The whole local CSV ETL on a generated 1M-row orders CSV (goal: under 10 s).
 * `npx tsx bench/pipeline.bench.ts [--rows N] [--runs N]`
 *
 * Each run gets a fresh project folder (S3 on disk, DuckDB on disk, as the demo
 * uses them). The file is put under `source/` on disk (as `statecraft dev`
 * sees a file land) and announced to the real trigger; the run then goes
 * trigger → execution → validate (real handler, streaming) → stage (COPY into
 * DuckDB in one transaction, then archive) → transform (one batch) → notify.
 * Prints the median of the runs for the total and each stage (wall time, from
 * the interpreter's task calls), and the process's peak RSS.
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createLocalPipeline } from '../examples/csv-etl/local.js';
import type { ProgressEvent } from '../examples/csv-etl/local.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, '.out');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer`);
  return v;
}

const ROWS = arg('rows', 1_000_000);
const RUNS = arg('runs', 3);

/** Deterministic PRNG (mulberry32): every run reads the same bytes. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes a valid orders CSV of `rows` rows (cached under bench/.out). */
async function generate(rows: number): Promise<string> {
  const file = join(OUT, `orders-${rows}.csv`);
  if (existsSync(file)) return file;
  mkdirSync(OUT, { recursive: true });
  const r = rng(42);
  const currencies = ['EUR', 'USD', 'GBP'];
  const statuses = ['new', 'paid', 'shipped', 'cancelled'];
  const notes = ['', '', '', 'leave at the door', '"gift, wrap it"', 'call before delivery', '"said ""urgent"""', 'Grüße aus Köln'];
  const out = createWriteStream(`${file}.tmp`);
  const write = (s: string): Promise<void> => new Promise((res) => (out.write(s) ? res() : out.once('drain', () => res())));
  await write('order_id,customer_email,amount,currency,status,order_date,created_at,paid,note\n');
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const day = 1 + Math.floor(r() * 28);
    const d = `2024-03-${String(day).padStart(2, '0')}`;
    const t = `${d}T${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00Z`;
    chunk += `${i},user${Math.floor(r() * 100000)}@example.com,${(r() * 1000).toFixed(2)},${currencies[i % 3]},${statuses[i % 4]},${d},${t},${i % 2 === 0 ? 'true' : 'false'},${notes[i % notes.length]}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  const { rename } = await import('node:fs/promises');
  await rename(`${file}.tmp`, file);
  return file;
}

interface RunTimes {
  readonly total: number;
  readonly validate: number;
  readonly stage: number;
  /** Inside the stage job: the delete + COPY + tag transaction (BatchExecuteStatement until FINISHED). */
  readonly copy: number;
  readonly transform: number;
  readonly notify: number;
}

async function runOnce(csv: string, n: number): Promise<RunTimes> {
  const root = await mkdtemp(join(tmpdir(), 'pipeline-bench-'));
  const marks: { state: string; at: number }[] = [];
  let ended = 0;
  let status = '';
  const batch = { started: 0, copy: 0 };
  const lp = await createLocalPipeline({
    root,
    jobDeps: (job, deps) => job !== 'stage' ? deps : {
      ...deps,
      redshiftData: {
        send: (async (command: { constructor: { name: string } }) => {
          const kind = command.constructor.name;
          if (kind === 'BatchExecuteStatementCommand') batch.started = performance.now();
          const out = (await deps.redshiftData.send(command as never)) as { Status?: string };
          if (kind === 'DescribeStatementCommand' && out.Status === 'FINISHED') batch.copy = performance.now() - batch.started;
          return out;
        }) as unknown as typeof deps.redshiftData.send,
      },
    },
    onProgress: (e: ProgressEvent) => {
      if (e.kind === 'task' && marks.at(-1)?.state !== e.state) marks.push({ state: e.state, at: performance.now() });
      if (e.kind === 'ended') {
        ended = performance.now();
        status = `${e.result.status}${e.result.error === undefined ? '' : ` ${e.result.error}: ${e.result.cause ?? ''}`}`;
      }
    },
  });
  try {
    const key = `source/orders-run${n}.csv`;
    const dir = join(await lp.services.s3.bucketPath(lp.bucket), 'source');
    await mkdir(dir, { recursive: true });
    await copyFile(csv, join(dir, `orders-run${n}.csv`));
    const t0 = performance.now();
    await lp.notify(key);
    await lp.idle();
    if (status !== 'SUCCEEDED') throw new Error(`run ${n} did not succeed: ${status.slice(0, 500)}`);
    const rows = await lp.services.redshift.query('select count(*)::int as n from public.orders');
    if (Number(rows[0]?.['n']) !== ROWS) throw new Error(`run ${n}: ${String(rows[0]?.['n'])} rows in public.orders, expected ${ROWS}`);
    const at = (state: string): number => marks.find((m) => m.state === state)?.at ?? Number.NaN;
    return {
      total: ended - t0,
      validate: at('Stage') - at('Validate'),
      stage: at('Transform') - at('Stage'),
      copy: batch.copy,
      transform: at('Notify loaded') - at('Transform'),
      notify: ended - at('Notify loaded'),
    };
  } finally {
    await lp.close();
    await rm(root, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const csv = await generate(ROWS);
  const mb = statSync(csv).size / (1024 * 1024);
  console.log(`pipeline bench: ${ROWS.toLocaleString('en')} rows, ${mb.toFixed(1)} MB; ${RUNS} runs (fresh S3 folder and DuckDB file each)`);
  const runs: RunTimes[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const t = await runOnce(csv, i);
    runs.push(t);
    console.log(`  run ${i}: total ${secs(t.total)} (validate ${secs(t.validate)}, stage ${secs(t.stage)} of which COPY transaction ${secs(t.copy)}, transform ${secs(t.transform)}, notify ${secs(t.notify)})`);
  }
  const col = (k: keyof RunTimes): string => secs(median(runs.map((r) => r[k])));
  console.log(`median: total ${col('total')} (goal < 10 s) | validate ${col('validate')} | stage ${col('stage')} (COPY transaction ${col('copy')}, rest: header read + archive copy/delete) | transform ${col('transform')} | notify ${col('notify')}`);
  console.log(`validate throughput: ${(mb / (median(runs.map((r) => r.validate)) / 1000)).toFixed(0)} MB/s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exitCode = 1;
});
