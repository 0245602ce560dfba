/**
 * `npm run demo`: the CSV ETL end to end on the embedded local services, no
 * AWS and no network. One good and one bad file land under `source/`; the real
 * S3-trigger handler starts an execution of the compiled pipeline for each;
 * the real validator, the local Glue jobs (DuckDB) and the SNS outbox do the
 * rest. Prints what happened and draws each run's path as an SVG.
 *
 * Everything lives under `<repo>/.statecraft/` (reset at start). Exit code 0
 * when the good file is loaded and archived and the bad one is in `error/`.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { executionPathFromHistory, executionStepsFromHistory, renderSvg } from '../../src/compile/render/index.js';
import type { ExecutionResult } from '../../src/local/index.js';
import { createLocalPipeline } from './local.js';
import type { LocalPipeline } from './local.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');

let useColour = false;
/** Real milliseconds per `<execution>/<state>`. */
const wallTimes = new Map<string, number>();
let print: (line: string) => void = (line) => console.log(line);
const paint = (code: string, text: string): string => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);
const green = (t: string): string => paint('32', t);
const red = (t: string): string => paint('31', t);
const yellow = (t: string): string => paint('33', t);
const dim = (t: string): string => paint('2', t);

/** Formats virtual milliseconds: `0 ms`, `1.5 s`, `2 min 3 s`. */
function duration(ms: number | undefined): string {
  if (ms === undefined) return '?';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The first problems of a validator report carried in a failure's cause (Lambda error JSON around the report JSON). */
function problemLines(cause: string | undefined, max = 4): string[] {
  if (cause === undefined) return [];
  try {
    const lambdaError = JSON.parse(cause) as { errorMessage?: string };
    const report = JSON.parse(lambdaError.errorMessage ?? '') as { message?: string; problems?: { line?: number; field?: string; rule?: string; message?: string }[] };
    const problems = (report.problems ?? []).slice(0, max).map((p) => dim(`line ${p.line ?? '?'}${p.field === undefined || p.field === '' ? '' : ` ${p.field}`} [${p.rule ?? '?'}]: ${p.message ?? ''}`));
    return [report.message ?? '', ...problems].filter((l) => l !== '');
  } catch {
    return [cause.slice(0, 200)];
  }
}

interface RunSummary {
  readonly result: ExecutionResult;
  readonly place: readonly string[];
  readonly rows: number;
  /** The execution name, the run id in the archive/error keys. */
  readonly run: string;
}

/** Where the file is now: every key of the bucket ending with its name. */
async function placesOf(lp: LocalPipeline, file: string): Promise<string[]> {
  const listed = await lp.services.s3.listObjectsV2({ Bucket: lp.bucket });
  return listed.Contents.map((o) => o.Key).filter((k) => k === `source/${file}` || k.endsWith(`/${file}`) || k.endsWith(`/${file}.problems.json`));
}

async function runOne(lp: LocalPipeline, label: string, file: string, outDir: string): Promise<RunSummary | undefined> {
  print(`\n${paint('1', `── ${label}: ${file}`)} ${dim(`(lands in s3://${lp.bucket}/${lp.prefix})`)}`);
  const body = await readFile(join(HERE, 'data', file));
  const report = await lp.upload(file, body);
  const first = report.results[0];
  if (first === undefined || first.status !== 'started') {
    print(red(`  the trigger did not start an execution: ${JSON.stringify(first ?? report)}`));
    return undefined;
  }
  print(`  trigger: started execution ${first.executionName}`);
  const execution = lp.executions.get(first.executionName);
  if (execution === undefined) throw new Error('invariant: a started execution is recorded');
  const result = await execution.result;
  await lp.idle();

  const steps = executionStepsFromHistory(result.history);
  // The local services answer in no virtual time: only Wait states, retry back-offs and timeouts move the
  // virtual clock. When none happened every virtual timing is +0 ms, so say so and show the real times instead.
  const virtualTimePassed = steps.some((s) => (s.enteredMs ?? 0) > 0 || (s.exitedMs ?? 0) > (s.enteredMs ?? 0));
  print(virtualTimePassed
    ? `  path taken ${dim('(virtual time, real time in brackets)')}:`
    : `  path taken ${dim('(real time; no virtual time passed: the local services take none, only waits and retry back-offs do)')}:`);
  const width = Math.max(28, ...steps.map((s) => s.name.length));
  for (const s of steps) {
    const mark = s.status === 'succeeded' ? green('✓') : s.status === 'caught' ? yellow('↪') : s.status === 'failed' ? red('✗') : '…';
    const attempts = s.attempts > 1 ? dim(` (${s.attempts} attempts)`) : '';
    const wall = wallTimes.get(`${first.executionName}/${s.name}`);
    const caught = s.status === 'caught' ? yellow(' error caught') : '';
    if (virtualTimePassed) {
      const took = s.enteredMs !== undefined && s.exitedMs !== undefined ? duration(s.exitedMs - s.enteredMs) : '?';
      const real = wall === undefined ? '' : dim(` (real ${wall.toFixed(0)} ms)`);
      print(`    ${mark} ${s.name.padEnd(width)} ${dim(`at +${duration(s.enteredMs)}`.padEnd(10))} took ${took}${real}${attempts}${caught}`);
    } else {
      const real = wall === undefined ? dim('—') : `${wall.toFixed(0)} ms`;
      print(`    ${mark} ${s.name.padEnd(width)} ${real.padStart(7)}${attempts}${caught}`);
    }
  }
  const status = result.status === 'SUCCEEDED' ? green(result.status) : red(`${result.status} ${result.error ?? ''}`);
  print(`  status: ${status}`);
  for (const line of problemLines(result.cause)) print(`    ${line}`);

  const rows = await lp.services.redshift.query(`select count(*)::int as n from ${lp.targetTable} where source_key = :key`, { key: `${lp.prefix}${file}` });
  const loaded = Number(rows[0]?.['n'] ?? 0);
  print(`  rows loaded into ${lp.targetTable}: ${loaded}`);
  const place = await placesOf(lp, file);
  const fileAt = place.filter((k) => !k.endsWith('.problems.json'));
  const reportAt = place.filter((k) => k.endsWith('.problems.json'));
  print(`  the file is now at: ${fileAt.length === 0 ? red('nowhere!') : fileAt.map((k) => `s3://${lp.bucket}/${k}`).join(', ')}`);
  if (reportAt.length > 0) print(`  its problem report: ${reportAt.map((k) => `s3://${lp.bucket}/${k}`).join(', ')}`);

  const svg = await renderSvg(lp.definition, { path: executionPathFromHistory(result.history), title: `${label}: ${file} (${result.status})` });
  const svgFile = join(outDir, `${label}.svg`);
  await writeFile(svgFile, svg);
  print(`  path drawn to ${relative(process.cwd(), svgFile) || svgFile}`);
  return { result, place, rows: loaded, run: result.executionArn.slice(result.executionArn.lastIndexOf(':') + 1) };
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The project folder; everything goes under `<root>/.statecraft/` (reset first). @default the repository */
  readonly root?: string;
  /** Where lines go. @default console.log */
  readonly print?: (line: string) => void;
  /** ANSI colours. @default when stdout is a terminal and NO_COLOR is unset */
  readonly colour?: boolean;
}

/** Runs the demo; resolves with the exit code (0 when both files behaved as expected). */
export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const root = options.root ?? REPO;
  const STATE_DIR = join(root, '.statecraft');
  const OUT_DIR = join(STATE_DIR, 'demo');
  print = options.print ?? ((line) => console.log(line));
  useColour = options.colour ?? (process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined);
  await rm(STATE_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  print(`statecraft demo: the CSV ETL on the embedded local services under ${relative(process.cwd(), STATE_DIR) || STATE_DIR}/`);
  print(dim('  S3 on the filesystem · SNS outbox · Glue jobs in TypeScript · Redshift Data API on DuckDB · virtual time'));
  // Real time spent in each Task state (from one task call to the next), beside the virtual timings.
  wallTimes.clear();
  let last: { key: string; at: number } | undefined;
  const lap = (key: string | undefined): void => {
    const now = performance.now();
    if (last !== undefined) wallTimes.set(last.key, (wallTimes.get(last.key) ?? 0) + now - last.at);
    last = key === undefined ? undefined : { key, at: now };
  };
  const lp = await createLocalPipeline({
    root,
    log: (line) => print(dim(`  ${line}`)),
    onProgress: (e) => lap(e.kind === 'task' ? `${e.execution}/${e.state}` : undefined),
  });
  try {
    const good = await runOne(lp, 'good', 'orders-good.csv', OUT_DIR);
    const bad = await runOne(lp, 'bad', 'orders-bad.csv', OUT_DIR);

    const messages = await lp.services.sns.messages(lp.topic);
    print(`\n${paint('1', '── notifications sent')} ${dim(`(outbox ${relative(process.cwd(), join(STATE_DIR, 'sns')) || 'sns'}/)`)}`);
    for (const m of messages) {
      const body = JSON.parse(m.Message) as { status?: string; key?: string; rows?: number; error?: string; report?: { message?: string | null } };
      const detail = body.status === 'loaded' ? `${body.rows} rows` : [body.error, body.report?.message].filter((t) => typeof t === 'string' && t !== '').join(': ');
      print(`  ${m.Subject ?? '(no subject)'}: ${body.key ?? ''} ${dim(detail)}`);
    }

    const goodOk = good !== undefined && good.result.status === 'SUCCEEDED' && good.rows > 0 && good.place.length === 1 && good.place[0] === `archive/${good.run}/${lp.prefix}orders-good.csv`;
    const badAt = bad === undefined ? '' : `error/${bad.run}/${lp.prefix}orders-bad.csv`;
    const badOk = bad !== undefined && bad.result.status === 'FAILED' && bad.result.error === 'CsvEtl.InvalidFile' && bad.place.includes(badAt) && bad.place.includes(`${badAt}.problems.json`) && !bad.place.includes(`${lp.prefix}orders-bad.csv`);
    print(`\n${goodOk ? green('✓') : red('✗')} good file loaded (${good?.rows ?? 0} rows) and archived`);
    print(`${badOk ? green('✓') : red('✗')} bad file rejected and moved to error/, its problem report beside it`);
    return goodOk && badOk ? 0 : 1;
  } finally {
    await lp.close();
  }
}

// Run when executed (`npm run demo`), not when imported (tests).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runDemo().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`demo: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exitCode = 1;
    },
  );
}
