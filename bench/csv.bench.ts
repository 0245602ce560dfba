/**
 * CSV validator benchmark: `npm run bench:csv [-- --quick] [-- --runs N] [-- --rss-only] [-- --no-pipeline]`.
 *
 * 1. Generates a 100 MB orders CSV under bench/.out/ (git-ignored) and reads it
 *    three ways in the same run, round-robin, median of `--runs N` (default 3):
 *    plain line counting, papaparse alone (streaming, rows as arrays), our
 *    scanner with trivial checks (all columns plain strings), and our validator.
 * 2. Unless `--quick`: generates a 1 GB file and validates it in a child
 *    process, reporting the child's peak RSS (goal: flat, under 200 MB).
 * 3. Unless `--quick` or `--no-pipeline`: the whole local ETL on a 1M-row CSV
 *    (bench/pipeline.bench.ts in a child process, `--runs N` passed on;
 *    goal: under 10 s). Also on its own: `npm run bench:pipeline`.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { createCsvValidator, csvSchema, string, type CsvSchema } from '../src/csv/index.js';
import { ordersSchema } from '../test/csv/fixtures/orders-schema.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, '.out');
const MB = 1024 * 1024;
const CHUNK = 256 * 1024;

/** Small deterministic PRNG (mulberry32), so every run reads the same bytes. */
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

const HEADER = 'order_id,customer_email,amount,currency,status,order_date,created_at,paid,note\n';
const CURRENCIES = ['EUR', 'USD', 'GBP'];
const STATUSES = ['new', 'paid', 'shipped', 'cancelled'];
const NOTES = ['', '', '', 'leave at the door', '"gift, wrap it"', 'call before delivery', '"said ""urgent"""', 'Grüße aus Köln'];

function row(id: number, r: () => number): string {
  const day = 1 + Math.floor(r() * 28);
  const month = 1 + Math.floor(r() * 12);
  const dd = String(day).padStart(2, '0');
  const mm = String(month).padStart(2, '0');
  const hh = String(Math.floor(r() * 24)).padStart(2, '0');
  const mi = String(Math.floor(r() * 60)).padStart(2, '0');
  const amount = (r() * 5000).toFixed(2);
  const email = `customer${Math.floor(r() * 100000)}@example${Math.floor(r() * 50)}.com`;
  return `${id},${email},${amount},${CURRENCIES[id % 3]},${STATUSES[id % 4]},2024-${mm}-${dd},2024-${mm}-${dd}T${hh}:${mi}:00Z,${r() < 0.5 ? 'true' : 'false'},${NOTES[id % NOTES.length]}\n`;
}

async function generate(path: string, bytes: number): Promise<void> {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const r = rng(42);
  let written = 0;
  let id = 1;
  const write = (s: string): Promise<void> | void => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) return new Promise((res) => out.once('drain', () => res()));
  };
  await write(HEADER);
  while (written < bytes) {
    let block = '';
    for (let k = 0; k < 2000; k++) block += row(id++, r);
    await write(block);
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

function papaparse(path: string): Promise<number> {
  // `step` (one row array per callback) measured faster here than `chunk` mode
  // or the NODE_STREAM_INPUT duplex, so the baseline is papaparse at its best.
  return new Promise((resolve, reject) => {
    let rows = 0;
    Papa.parse(createReadStream(path, { highWaterMark: CHUNK, encoding: 'utf8' }) as unknown as File, {
      step: () => {
        rows++;
      },
      complete: () => resolve(rows),
      error: (e: Error) => reject(e),
    });
  });
}

/** Same header, every column a nullable unconstrained string: measures our scanner with near-free checks. */
const scanOnlySchema = csvSchema({
  columns: Object.fromEntries(ordersSchema.columnNames.map((n) => [n, string().nullable()])),
});

async function validate(path: string, schema: CsvSchema = ordersSchema): Promise<number> {
  // The schema caps files at 5M rows; the 1 GB file has about 10M.
  const v = createCsvValidator(schema, { maxRows: Number.MAX_SAFE_INTEGER });
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    if (!v.push(chunk)) break;
  }
  const r = v.finish();
  if (r.isErr()) throw new Error(`benchmark file did not validate: ${r.error.kind}: ${r.error.message}`);
  return r.value.rows;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

interface Contender {
  readonly name: string;
  readonly run: () => Promise<number>;
  readonly rates: number[];
  count: number;
}

/** Runs the contenders round-robin, so load from other processes hits them alike; prints medians. */
async function measureRounds(sizeMb: number, runs: number, contenders: Contender[]): Promise<void> {
  for (let k = 0; k < runs; k++) {
    for (const c of contenders) {
      const t0 = performance.now();
      c.count = await c.run();
      c.rates.push(sizeMb / ((performance.now() - t0) / 1000));
    }
  }
  for (const c of contenders) {
    console.log(
      `${c.name.padEnd(22)} median ${median(c.rates).toFixed(1).padStart(6)} MB/s  (runs: ${c.rates.map((x) => x.toFixed(1)).join(', ')}; ${c.count} rows/lines)`,
    );
  }
}

async function rssChild(path: string): Promise<void> {
  const rows = await validate(path);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ rows, peakMb }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childAt = args.indexOf('--rss-child');
  if (childAt >= 0) return rssChild(args[childAt + 1] as string);
  const quick = args.includes('--quick');
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(3, Number(args[runsAt + 1])) : 3;

  const file100 = join(OUT, 'orders-100mb.csv');
  await generate(file100, 100 * MB);
  const sizeMb = statSync(file100).size / MB;
  if (!args.includes('--rss-only')) {
  console.log(`validator throughput on ${file100} (${sizeMb.toFixed(1)} MB, ${CHUNK / 1024} KiB chunks, median of ${runs} round-robin runs)`);
  await measureRounds(sizeMb, runs, [
    { name: 'plain line counting', run: () => countLines(file100), rates: [], count: 0 },
    { name: 'papaparse alone', run: () => papaparse(file100), rates: [], count: 0 },
    { name: 'statecraft scanner', run: () => validate(file100, scanOnlySchema), rates: [], count: 0 },
    { name: 'statecraft validator', run: () => validate(file100), rates: [], count: 0 },
  ]);
  }

  if (quick) {
    console.log('--quick: skipped the 1 GB peak-RSS run');
    return;
  }
  const file1g = join(OUT, 'orders-1gb.csv');
  await generate(file1g, 1024 * MB);
  // Flat means: the peak on a 1 GB file is the peak on a 100 MB file.
  for (const file of [file100, file1g]) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss-child', file], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`);
    const { rows, peakMb } = JSON.parse(child.stdout) as { rows: number; peakMb: number };
    const secs = (performance.now() - t0) / 1000;
    const fileMb = statSync(file).size / MB;
    console.log(`peak RSS of a child validating ${fileMb.toFixed(0)} MB (${rows} rows): ${peakMb.toFixed(0)} MB; ${secs.toFixed(1)} s incl. startup (${(fileMb / secs).toFixed(1)} MB/s)`);
  }
  if (args.includes('--no-pipeline')) return;
  console.log('');
  const pipelineBench = join(HERE, 'pipeline.bench.ts');
  const child = spawnSync(process.execPath, ['--import', 'tsx', pipelineBench, '--runs', String(runs)], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`${pipelineBench} exited with ${child.status ?? child.signal}`);
}

await main();
