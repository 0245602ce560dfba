/**
 * Compiler benchmark: `npm run bench:compile [-- --runs 30 --tsc-runs 3]`.
 *
 * 1. Builds a ~1,000-state pipeline with the DSL (a long chain mixing Pass,
 *    Lambda Task with Retry/Catch, Choice with two branches that rejoin, and
 *    Wait), then compiles it N times in both query languages: median and p95 ms
 *    (goal: median < 50 ms).
 * 2. Writes a 200-step *typed* pipeline file under bench/.out/ (git-ignored),
 *    written against the public API (`import … from 'statecraft'`, `.lambda()`),
 *    whose state type grows at every step (`resultAt` intersections read back by
 *    later payloads and choice rules), and type-checks it with the project's
 *    tsconfig (`tsc --noEmit -p bench/.out/tsconfig.<name>.json`) `--tsc-runs` times (3):
 *    median wall time and whether any "excessively deep" / TS2589 error
 *    appeared. `statecraft` resolves as a consumer of the package sees it:
 *    through package.json `exports` without the `statecraft-source` condition,
 *    to the declarations in dist/ (built first by `scripts/build.mjs --if-stale`
 *    when missing or older than src/). Goal: < 3 s. Beside it: an empty user
 *    file (node + tsc + lib + @types/node, the floor of any project with this
 *    tsconfig), a 4-step pipeline (the floor plus the library's declarations),
 *    and, for comparison, the 4- and 200-step files resolved with the
 *    `statecraft-source` condition to the library's .ts sources (what this
 *    repository's own tests and examples check).
 *
 * Figures are printed, never asserted: the 2-core machine is noisy.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
function typedPipelineSource(steps: number): string {
  const lines = [
    '// Generated by bench/compile.bench.ts: a typed 200-step pipeline (type-check stress test).',
    "import { existingLambda, pipeline } from 'statecraft';",
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

/** Where `import … from 'statecraft'` leads: the package's declarations in dist/, or (`statecraft-source` condition) its .ts sources. */
type Resolution = 'package' | 'source';

/**
 * Writes a generated typed pipeline of `steps` steps (0: an empty user file) that imports
 * `statecraft` resolved as `resolution` says, and type-checks it `--tsc-runs` times (default 3);
 * returns the sorted wall times (ms).
 */
function timeTsc(steps: number, resolution: Resolution = 'package'): { times: number[]; cpu: number[]; deep: boolean; errors: string; file: string; config: string; instantiations: string; types: string } {
  mkdirSync(OUT, { recursive: true });
  const name = steps === 0 ? 'empty' : `typed-${steps}-${resolution}`;
  const file = join(OUT, `${name}.ts`);
  writeFileSync(file, steps === 0 ? 'export {};\n' : typedPipelineSource(steps).replace("'typed-200'", `'${name}'`));
  const config = join(OUT, `tsconfig.${name}.json`);
  // `files` (and no `include`, which `extends` would otherwise inherit): the project's tsconfig
  // excludes bench/.out, and an `include` here would inherit that exclusion.
  const customConditions = resolution === 'package' ? [] : ['statecraft-source'];
  const tsconfig = { extends: '../../tsconfig.json', files: [`${name}.ts`], include: [], compilerOptions: { noEmit: true, customConditions } };
  writeFileSync(config, `${JSON.stringify(tsconfig, null, 2)}\n`);
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const times: number[] = [];
  const cpu: number[] = [];
  let deep = false;
  let errors = '';
  let instantiations = '?';
  let types = '?';
  for (let i = 0; i < arg('tsc-runs', 3); i++) {
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
  return { times, cpu, deep, errors, file, config, instantiations, types };
}

/** Builds dist/ when it is missing or older than src/ (scripts/build.mjs --if-stale); false (printed) when the build fails. */
function ensureDist(): boolean {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale', '--noCheck'], { cwd: ROOT, encoding: 'utf8' });
  console.log(`${r.stdout}${r.stderr}`.trim());
  return r.status === 0;
}

/** Which of the library's files a type-check loads: from dist/ and from src/ (the check that `package` means dist/). */
function libraryFiles(config: string): { dist: number; src: number } {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '--listFilesOnly', '-p', config], { cwd: ROOT, encoding: 'utf8' });
  const files = r.stdout.split('\n').map((l) => relative(ROOT, l.trim()).replace(/\\/g, '/'));
  return { dist: files.filter((f) => f.startsWith('dist/')).length, src: files.filter((f) => f.startsWith('src/')).length };
}

function benchTsc(): void {
  if (!ensureDist()) {
    process.exitCode = 1;
    return;
  }
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const cpuText = (cpu: readonly number[]) => (cpu.length === 0 ? 'n/a' : `median ${quantile(cpu, 0.5).toFixed(2)} s`);
  const floor = timeTsc(0);
  console.log(
    `tsc --noEmit on an empty user file (node + tsc + lib + @types/node: the floor of this tsconfig), ${floor.times.length} runs: median ${seconds(quantile(floor.times, 0.5))} s ` +
      `(CPU ${cpuText(floor.cpu)})`,
  );
  const base = timeTsc(4);
  const baseFiles = libraryFiles(base.config);
  console.log(
    `tsc --noEmit on a 4-step pipeline (the floor plus the package's declarations: ${baseFiles.dist} files from dist/, ${baseFiles.src} from src/), ` +
      `${base.times.length} runs: median ${seconds(quantile(base.times, 0.5))} s (CPU ${cpuText(base.cpu)}; ${base.types} types, ${base.instantiations} instantiations)`,
  );
  const big = timeTsc(200);
  const median = quantile(big.times, 0.5);
  console.log(
    `tsc --noEmit on a 200-step typed pipeline against the package (${relative(ROOT, big.file)}), ${big.times.length} runs: median ${seconds(median)} s ` +
      `(runs: ${big.times.map(seconds).join(', ')} s; CPU ${cpuText(big.cpu)}; goal < 3 s: ${median < 3000 ? 'met' : 'NOT met'}); ` +
      `"excessively deep"/TS2589: ${big.deep ? 'YES' : 'none'}; ${big.types} types, ${big.instantiations} instantiations`,
  );
  const baseSrc = timeTsc(4, 'source');
  const bigSrc = timeTsc(200, 'source');
  const srcFiles = libraryFiles(bigSrc.config);
  console.log(
    `for comparison, from the .ts sources (statecraft-source condition: ${srcFiles.src} files from src/, ${srcFiles.dist} from dist/), ${bigSrc.times.length} runs each: ` +
      `4-step median ${seconds(quantile(baseSrc.times, 0.5))} s (CPU ${cpuText(baseSrc.cpu)}), ` +
      `200-step median ${seconds(quantile(bigSrc.times, 0.5))} s (CPU ${cpuText(bigSrc.cpu)}; ${bigSrc.instantiations} instantiations)`,
  );
  if (baseFiles.src !== 0 || baseFiles.dist === 0) {
    console.log(`the package check did not resolve statecraft to dist/ alone (${baseFiles.dist} files from dist/, ${baseFiles.src} from src/)`);
    process.exitCode = 1;
  }
  for (const r of [floor, base, big, baseSrc, bigSrc]) {
    if (r.errors !== '') {
      console.log(`tsc reported errors in ${relative(ROOT, r.file)} (first lines):\n${r.errors.split('\n').slice(0, 15).join('\n')}`);
      process.exitCode = 1;
    }
  }
}

if (!process.argv.includes('--no-compile')) await benchCompile();
if (!process.argv.includes('--no-tsc')) benchTsc();
