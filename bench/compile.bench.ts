/**
 * Compiler benchmark: `npm run bench:compile [-- --runs 30]`.
 *
 * 1. Builds a ~1,000-state pipeline with the DSL (a long chain mixing Pass,
 *    Lambda Task with Retry/Catch, Choice with two branches that rejoin, and
 *    Wait), then compiles it N times in both query languages: median and p95 ms
 *    (goal: median < 50 ms).
 * 2. Writes a 200-step *typed* pipeline file under bench/.out/ (git-ignored),
 *    written against the public API (`statecraft`'s barrel, `.lambda()`), whose
 *    state type grows at every step (`resultAt` intersections read back by
 *    later payloads and choice rules), type-checks it with the project's
 *    tsconfig (`tsc --noEmit -p bench/.out/tsconfig.json`) three times: median
 *    wall time (goal: < 3 s) and whether any "excessively deep" / TS2589 error
 *    appeared. Beside it: an empty user file (node + tsc + lib + @types/node,
 *    the floor of any project with this tsconfig) and a 4-step pipeline (plus
 *    parsing and checking the library's own sources, which `statecraft`
 *    ships as `.ts`), so the fixed part of the time is measured, not guessed.
 *    Last, for comparison only, the same 200-step file against the library's
 *    emitted declarations (`tsc --emitDeclarationOnly` into bench/.out/dts):
 *    what a user would check if the package shipped `.d.ts` files.
 *
 * Figures are printed, never asserted: the 2-core machine is noisy.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AslDocument, QueryLanguage } from '../src/asl/types.js';
import { pipeline } from '../src/dsl/pipeline.js';
import type { Pipeline } from '../src/dsl/pipeline.js';
import { existingLambda, lambda } from '../src/steps/lambda/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(HERE, '.out');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function countStates(fragment: { readonly States: AslDocument['States'] }): number {
  let n = 0;
  for (const state of Object.values(fragment.States)) {
    n++;
    if (state.Type === 'Parallel') for (const b of state.Branches) n += countStates(b);
    if (state.Type === 'Map') {
      const p = state.ItemProcessor ?? state.Iterator;
      if (p !== undefined) n += countStates(p);
    }
  }
  return n;
}

// ---------------------------------------------------------------------------
// 1. Compile time of a generated 1,000-state pipeline

/** State of the generated chain. */
type BenchState = { n: number };
/** The chain as the loop sees it: `resultAt` widens the state at each step, which this runtime benchmark does not track. */
type LoosePipeline = Pipeline<BenchState, BenchState, string, QueryLanguage>;

/** Six states per segment: Pass, Task with Retry and a Catch handler (one Pass), Choice with two Pass branches that rejoin. */
function buildLargePipeline(segments: number) {
  const fn = existingLambda<BenchState, BenchState>('arn:aws:lambda:us-east-1:000000000000:function:bench');
  let p: LoosePipeline = pipeline<BenchState>('bench-1000');
  for (let i = 0; i < segments; i++) {
    p = p.pass({ name: `Mark ${i}`, result: i, resultAt: `m${i % 8}` }) as unknown as LoosePipeline;
    p = p.step(lambda(fn, { id: `call-${i}` }), {
      name: `Call ${i}`,
      retry: [{ on: ['Lambda.TooManyRequestsException'], every: '2s', attempts: 4, backoff: 2, jitter: 'full' }],
      catch: [{ on: ['States.ALL'], then: (b) => b.pass({ name: `Recover ${i}` }) }],
      resultAt: 'last',
    }) as unknown as LoosePipeline;
    p = p.choice(
      (c) => c.when((s) => s.n.gt(i), (b) => b.pass({ name: `Big ${i}` })).otherwise((b) => b.pass({ name: `Small ${i}` })),
      { name: `Size ${i}?` },
    ) as unknown as LoosePipeline;
  }
  return p.succeed({ name: 'Done' });
}

async function benchCompile(): Promise<void> {
  const { compile } = await import('../src/compile/index.js');
  const runs = arg('runs', 30);
  const built = buildLargePipeline(167);
  for (const queryLanguage of ['JSONPath', 'JSONata'] as const satisfies readonly QueryLanguage[]) {
    const first = compile(built, { queryLanguage });
    if (first.isErr()) {
      console.log(`compile (${queryLanguage}) failed:`, first.error.slice(0, 5));
      process.exitCode = 1;
      return;
    }
    const states = countStates(first.value);
    for (let i = 0; i < 3; i++) compile(built, { queryLanguage }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      compile(built, { queryLanguage });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = quantile(times, 0.5);
    console.log(
      `compile ${states} states (${queryLanguage}), ${runs} runs: median ${median.toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms, ` +
        `min ${times[0]?.toFixed(2)} ms  (goal: median < 50 ms: ${median < 50 ? 'met' : 'NOT met'})`,
    );
  }
}

// ---------------------------------------------------------------------------
// 2. tsc time of a generated 200-step typed pipeline

/**
 * A 200-step chain whose state type grows at each step: Pass results placed at
 * new keys, typed Lambda payloads reading earlier keys, choices on earlier keys.
 */
function typedPipelineSource(steps: number, fromFile: string, entry = join(ROOT, 'src/index.ts')): string {
  const imp = (p: string) => {
    const rel = relative(dirname(fromFile), p).replace(/\\/g, '/').replace(/(\.d)?\.ts$/, '.js');
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const lines = [
    '// Generated by bench/compile.bench.ts: a typed 200-step pipeline (type-check stress test).',
    `import { existingLambda, pipeline } from '${imp(entry)}';`,
    '',
    "const enrich = existingLambda<{ id: string; amount: number }, { score: number; label: string }>('arn:aws:lambda:us-east-1:000000000000:function:enrich');",
    '',
    "export const big = pipeline<{ id: string; amount: number }>('typed-200')",
  ];
  for (let i = 0; i < steps; i++) {
    const kind = i % 4;
    if (kind === 0 || i < 4) {
      lines.push(`  .pass({ result: { n: ${i}, tag: 't${i}' }, resultAt: 'k${i}' })`);
    } else if (kind === 1) {
      const j = i - 1 - ((i - 1) % 4); // an earlier Pass key
      lines.push(`  .lambda(enrich, { id: 'enrich-${i}', payload: (s) => ({ id: s.k${j}.tag, amount: s.k${j}.n }), resultAt: 'e${i}', retry: [{ on: ['Lambda.TooManyRequestsException'], attempts: 3 }] })`);
    } else if (kind === 2) {
      lines.push(`  .choice((c) => c.when((s) => s.e${i - 1}.score.gt(${i}), (b) => b.pass({ name: 'High ${i}' })).otherwise((b) => b.pass({ name: 'Low ${i}' })), { name: 'Check ${i}' })`);
    } else {
      lines.push(`  .pass({ set: (s) => ({ id: s.id, last: s.e${i - 2}.label }), resultAt: 'r${i}' })`);
    }
  }
  lines.push("  .succeed({ name: 'Done' });", '');
  return `${lines.join('\n')}\n`;
}

/**
 * CPU seconds (user + system) of this process's waited-for children, from /proc (Linux):
 * unlike wall time it barely moves when other work loads the machine. `undefined` elsewhere.
 */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Writes a generated typed pipeline of `steps` steps (0: an empty user file), importing the library
 * from `entry` (default: src/index.ts), and type-checks it 3 times; returns the sorted wall times (ms).
 */
function timeTsc(steps: number, entry?: string): { times: number[]; cpu: number[]; deep: boolean; errors: string; file: string; instantiations: string; types: string } {
  mkdirSync(OUT, { recursive: true });
  const name = `${steps === 0 ? 'empty' : `typed-${steps}`}${entry === undefined ? '' : '-dts'}`;
  const file = join(OUT, `${name}.ts`);
  writeFileSync(file, steps === 0 ? 'export {};\n' : typedPipelineSource(steps, file, entry).replace("'typed-200'", `'${name}'`));
  const config = join(OUT, `tsconfig.${name}.json`);
  writeFileSync(config, `${JSON.stringify({ extends: '../../tsconfig.json', include: [`${name}.ts`], compilerOptions: { noEmit: true } }, null, 2)}\n`);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const times: number[] = [];
  const cpu: number[] = [];
  let deep = false;
  let errors = '';
  let instantiations = '?';
  let types = '?';
  for (let i = 0; i < 3; i++) {
    const c0 = childrenCpuSeconds();
    const t0 = performance.now();
    // --extendedDiagnostics adds the type and instantiation counts: a load-independent measure.
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--extendedDiagnostics', '-p', config], { cwd: ROOT, encoding: 'utf8' });
    times.push(performance.now() - t0);
    const c1 = childrenCpuSeconds();
    if (c0 !== undefined && c1 !== undefined) cpu.push(c1 - c0);
    const out = `${r.stdout}${r.stderr}`;
    if (/excessively deep|TS2589/.test(out)) deep = true;
    if (r.status !== 0) errors = out.split('\n').filter((l) => /error TS/.test(l)).join('\n');
    instantiations = /Instantiations:\s+(\d+)/.exec(out)?.[1] ?? instantiations;
    types = /Types:\s+(\d+)/.exec(out)?.[1] ?? types;
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { times, cpu, deep, errors, file, instantiations, types };
}

/** Emits the library's declarations under bench/.out/dts; returns the entry `.d.ts`, or `undefined` (printed) when tsc fails. */
function emitDeclarations(): string | undefined {
  const config = join(OUT, 'tsconfig.dts.json');
  writeFileSync(config, `${JSON.stringify({
    extends: '../../tsconfig.json',
    include: ['../../src/index.ts'],
    compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: '../../src', outDir: 'dts/src' },
  }, null, 2)}\n`);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', config], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`declaration emit failed (no .d.ts comparison):\n${`${r.stdout}${r.stderr}`.split('\n').slice(0, 10).join('\n')}`);
    return undefined;
  }
  return join(OUT, 'dts', 'src', 'index.d.ts');
}

function benchTsc(): void {
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const cpuText = (cpu: readonly number[]) => (cpu.length === 0 ? 'n/a' : `median ${quantile(cpu, 0.5).toFixed(2)} s`);
  const floor = timeTsc(0);
  console.log(
    `tsc --noEmit on an empty user file (node + tsc + lib + @types/node: the floor of this tsconfig), 3 runs: median ${seconds(quantile(floor.times, 0.5))} s ` +
      `(CPU ${cpuText(floor.cpu)})`,
  );
  const base = timeTsc(4);
  console.log(
    `tsc --noEmit baseline (a 4-step pipeline: the library's own types plus node startup), 3 runs: median ${seconds(quantile(base.times, 0.5))} s ` +
      `(CPU ${cpuText(base.cpu)}; ${base.types} types, ${base.instantiations} instantiations)`,
  );
  const big = timeTsc(200);
  const median = quantile(big.times, 0.5);
  console.log(
    `tsc --noEmit on a 200-step typed pipeline (${relative(ROOT, big.file)}), 3 runs: median ${seconds(median)} s ` +
      `(runs: ${big.times.map(seconds).join(', ')} s; CPU ${cpuText(big.cpu)}; goal < 3 s: ${median < 3000 ? 'met' : 'NOT met'}); ` +
      `"excessively deep"/TS2589: ${big.deep ? 'YES' : 'none'}; ${big.types} types, ${big.instantiations} instantiations`,
  );
  const dts = emitDeclarations();
  const viaDts = dts === undefined ? undefined : timeTsc(200, dts);
  if (viaDts !== undefined) {
    console.log(
      `for comparison, the same 200-step file against the library's emitted declarations (bench/.out/dts, skipLibCheck), 3 runs: ` +
        `median ${seconds(quantile(viaDts.times, 0.5))} s (CPU ${cpuText(viaDts.cpu)}; ${viaDts.instantiations} instantiations)`,
    );
  }
  for (const r of [floor, base, big, ...(viaDts === undefined ? [] : [viaDts])]) {
    if (r.errors !== '') {
      console.log(`tsc reported errors in ${relative(ROOT, r.file)} (first lines):\n${r.errors.split('\n').slice(0, 15).join('\n')}`);
      process.exitCode = 1;
    }
  }
  // The project's tsconfig includes bench/: leave no declaration copy of the library behind for it to pick up.
  rmSync(join(OUT, 'dts'), { recursive: true, force: true });
  if (viaDts !== undefined) rmSync(viaDts.file, { force: true });
}

if (!process.argv.includes('--no-compile')) await benchCompile();
if (!process.argv.includes('--no-tsc')) benchTsc();
