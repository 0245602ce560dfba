/**
 * Benchmark (not a test): 1M-row CSV put into the local S3, then COPY into
 * the local Redshift through the Data API, on a file database. Prints the
 * median of 3 runs of each phase and the peak RSS.
 *
 * Run: npx tsx test/local/services/copy-throughput.bench.ts [rows]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createLocalServices } from '../../../src/local/services/index.js';

const rows = Number(process.argv[2] ?? 1_000_000);

function* csv(): Generator<string> {
  yield 'id,region,amount,day,note\n';
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += `${i},${i % 2 === 0 ? 'eu' : 'us'},${(i % 1000) / 10},2026-01-${String((i % 28) + 1).padStart(2, '0')},"note ${i}, quoted"\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

async function* asyncCsv(): AsyncGenerator<string> {
  yield* csv();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const put: number[] = [];
const copy: number[] = [];
let peak = 0;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
for (let run = 0; run < 3; run++) {
  const root = await mkdtemp(path.join(tmpdir(), 'statecraft-bench-'));
  const services = createLocalServices({ root, buckets: ['landing'] });
  let t = performance.now();
  const out = await services.s3.putObject({ Bucket: 'landing', Key: 'source/big.csv', Body: asyncCsv() });
  put.push(performance.now() - t);
  await services.redshift.query('create table stage (id int, region varchar(10), amount decimal(10,2), day date, note varchar(100))');
  t = performance.now();
  const { Id } = services.redshift.executeStatement({ Sql: "copy stage from 's3://landing/source/big.csv' iam_role default csv ignoreheader 1" });
  const d = await services.redshift.waitForStatement(Id);
  copy.push(performance.now() - t);
  if (d.Status !== 'FINISHED' || d.ResultRows !== rows) throw new Error(`COPY ended ${d.Status}: ${d.Error ?? `${d.ResultRows} rows`}`);
  if (run === 0) console.log(`object: ${out.ETag}, ${(await services.s3.headObject({ Bucket: 'landing', Key: 'source/big.csv' })).ContentLength} bytes`);
  await services.close();
  await rm(root, { recursive: true, force: true });
}
clearInterval(timer);
console.log(`rows: ${rows}`);
console.log(`putObject (atomic, MD5+CRC32, fsync) median: ${median(put).toFixed(0)} ms`);
console.log(`COPY into DuckDB median: ${median(copy).toFixed(0)} ms`);
console.log(`peak RSS: ${(peak / 2 ** 20).toFixed(0)} MB`);
