/**
 * The package works for a consumer as npm installs it (issue 2, item 8): `npm pack` ships
 * dist/ (JavaScript, declarations and their maps), src/ (what the maps point at), bin/ and
 * the README, and nothing of the repository's tests, benchmarks or examples; unpacked into
 * a consumer's node_modules, without its src/ (so nothing can fall back on the sources),
 * - plain `node`, with no TypeScript loader, imports every entry and runs a pipeline;
 * - `tsc` type-checks a consumer file and the README's samples against dist/'s declarations;
 * - the installed `statecraft` command compiles and plans the README pipeline, bundling
 *   the packaged handlers from dist/.
 * dist/ is what `npm ci` built (`prepare`); when missing or older than src/ it is built first.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ENTRIES = ['statecraft', 'statecraft/local', 'statecraft/deploy', 'statecraft/handlers/s3-trigger', 'statecraft/handlers/csv-validate'] as const;

/** The environment of a consumer's process: no loader or condition inherited from the test runner. */
function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env['NODE_OPTIONS'];
  return env;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: plainEnv(), timeout: 60_000 });
}

/** Output of a failed process, for an assertion message. */
const output = (r: SpawnSyncReturns<string>) => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

let tmp = '';
let consumer = '';
let installed = '';
let packed: string[] = [];

beforeAll(() => {
  // given dist/ as prepare built it
  const built = run(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale', '--noCheck'], ROOT);
  expect(built.status, output(built)).toBe(0);
  // and the package as npm packs it (prepare already ran: no scripts)
  tmp = mkdtempSync(join(tmpdir(), 'statecraft-pack-'));
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
  expect(pack.status, output(pack)).toBe(0);
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  packed = info.files.map((f) => f.path).sort();
  // installed in a consumer project: the tarball unpacked under node_modules/statecraft, its
  // dependencies (this repository's node_modules) linked beside it, its sources removed
  consumer = join(tmp, 'consumer');
  installed = join(consumer, 'node_modules', 'statecraft');
  mkdirSync(join(consumer, 'node_modules'), { recursive: true });
  const untar = run('tar', ['-xzf', join(tmp, info.filename), '-C', tmp], tmp);
  expect(untar.status, output(untar)).toBe(0);
  renameSync(join(tmp, 'package'), installed);
  rmSync(join(installed, 'src'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', '@types'), join(consumer, 'node_modules', '@types'), 'dir');
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
}, 120_000);

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('ships dist, its sources, bin and README, and no tests, benchmarks, examples or build stamp', () => {
    for (const file of ['package.json', 'README.md', 'bin/statecraft.mjs', 'dist/index.js', 'dist/index.d.ts', 'dist/index.d.ts.map', 'dist/cli/main.js', 'src/index.ts']) {
      expect(packed, file).toContain(file);
    }
    const stray = packed.filter((p) => /^(test|bench|examples|scripts)\/|\.test(-d)?\.ts$|^tsconfig|\.build-stamp$/.test(p));
    expect(stray).toStrictEqual([]);
  });

  it('holds every file its exports name, under every condition', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>> };
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    const files = targets.flatMap((t) => (t.includes('*') ? ['csv-validate', 's3-trigger'].map((h) => t.replace('*', h)) : [t])).map((t) => t.replace(/^\.\//, ''));
    expect(files.filter((f) => !packed.includes(f))).toStrictEqual([]);
  });
});

describe('a consumer of the installed package', () => {
  it('imports every entry with plain node (no TypeScript loader) from dist, and runs a pipeline', () => {
    // when plain node imports the entries and runs a pipeline on the local interpreter
    writeFileSync(join(consumer, 'run.mjs'), [
      `const entries = ${JSON.stringify(ENTRIES)};`,
      'const resolved = entries.map((e) => import.meta.resolve(e));',
      'const [sc, local, deploy, trigger, validate] = await Promise.all(entries.map((e) => import(e)));',
      "const doc = sc.compileOrThrow(sc.pipeline('consumer').pass({ name: 'Mark', result: { m: 1 }, resultAt: 'mark' }));",
      'const run = await local.execute(doc, { n: 1 });',
      'console.log(JSON.stringify({ resolved, status: run._unsafeUnwrap().status, output: run._unsafeUnwrap().output,',
      '  functions: [typeof deploy.bundleLambda, typeof trigger.handler, typeof validate.handler] }));',
    ].join('\n'));
    const r = run(process.execPath, ['run.mjs'], consumer);
    // then every entry resolves to dist and works
    expect(r.status, output(r)).toBe(0);
    const got = JSON.parse(r.stdout) as { resolved: string[]; status: string; output: unknown; functions: string[] };
    const dist = new URL('node_modules/statecraft/dist/', `file://${consumer}/`).href;
    expect(got.resolved.map((u) => u.replace(dist, 'dist/'))).toStrictEqual([
      'dist/index.js', 'dist/local/index.js', 'dist/deploy/index.js', 'dist/handlers/s3-trigger/index.js', 'dist/handlers/csv-validate/index.js',
    ]);
    expect(got).toMatchObject({ status: 'SUCCEEDED', output: { n: 1, mark: { m: 1 } }, functions: ['function', 'function', 'function'] });
  });

  it('type-checks against the declarations in dist (never the sources), with the types flowing', () => {
    // given a strict consumer project and a file that uses every entry's types
    writeFileSync(join(consumer, 'tsconfig.json'), `${JSON.stringify({
      compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, exactOptionalPropertyTypes: true, skipLibCheck: true, noEmit: true, types: ['node'] },
      include: ['*.ts'],
    })}\n`);
    writeFileSync(join(consumer, 'check.ts'), [
      "import { compileOrThrow, pipeline, type ChainOutput } from 'statecraft';",
      "import { execute, type ExecutionResult } from 'statecraft/local';",
      "import type { LambdaBundle } from 'statecraft/deploy';",
      "import type { TriggerReport } from 'statecraft/handlers/s3-trigger';",
      "import { createCsvValidateHandler } from 'statecraft/handlers/csv-validate';",
      '',
      "export const flow = pipeline<{ n: number }>('consumer').pass({ name: 'Mark', result: { m: 1 }, resultAt: 'mark' });",
      'export const output: ChainOutput<typeof flow> = { n: 1, mark: { m: 1 } };',
      'export const result: Promise<unknown> = execute(compileOrThrow(flow), { n: 1 });',
      'export type Used = [ExecutionResult, LambdaBundle, TriggerReport, typeof createCsvValidateHandler];',
      // The state has no field `missing`: only real types (not `any`) reject this line.
      "// @ts-expect-error the state has no field 'missing'",
      "export const wrong = flow.pass({ name: 'Use', set: (s) => ({ x: s.missing }) });",
      '',
    ].join('\n'));
    // and the README's samples, which import 'statecraft' by name
    for (const sample of ['schema.ts', 'pipeline.ts']) copyFileSync(join(ROOT, 'test', 'readme', 'samples', sample), join(consumer, sample));
    // when tsc checks the project
    const r = run(process.execPath, [TSC, '--listFiles', '-p', consumer], consumer);
    // then it passes, loading the library from dist/ only
    expect(r.status, output(r)).toBe(0);
    const library = r.stdout.split('\n').map((l) => l.trim()).filter((l) => l.includes('/node_modules/statecraft/') || l.startsWith(join(ROOT, 'src')));
    expect(library).toContain(join(installed, 'dist', 'index.d.ts'));
    expect(library.filter((l) => !l.startsWith(join(installed, 'dist')) || !l.endsWith('.d.ts'))).toStrictEqual([]);
  });

  it('runs the installed statecraft command: compiles and plans the README pipeline, bundling the packaged handlers', () => {
    // given the README pipeline (copied by the previous test) and its Glue scripts
    if (!existsSync(join(consumer, 'pipeline.ts'))) for (const s of ['schema.ts', 'pipeline.ts']) copyFileSync(join(ROOT, 'test', 'readme', 'samples', s), join(consumer, s));
    mkdirSync(join(consumer, 'jobs'), { recursive: true });
    for (const job of ['stage', 'transform']) writeFileSync(join(consumer, 'jobs', `${job}.py`), `print("${job}")\n`);
    const bin = join(installed, 'bin', 'statecraft.mjs');
    // when the command compiles it
    const compiled = run(process.execPath, [bin, 'compile', 'pipeline.ts'], consumer);
    // then it prints the ASL
    expect(compiled.status, output(compiled)).toBe(0);
    expect(compiled.stderr).toBe('');
    expect(Object.keys((JSON.parse(compiled.stdout) as { States: object }).States)).toStrictEqual(['Validate', 'Stage', 'Transform', 'Notify']);
    // and when it plans a deploy offline, the packaged validate handler is bundled (from dist/: src/ is gone)
    const plan = run(process.execPath, [bin, 'plan', 'pipeline.ts', '--stage', 'dev', '--offline', '--json'], consumer);
    expect(plan.status, output(plan)).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { resource: { kind: string; id: string; codeSha256?: string } }[] }).changes;
    const functions = changes.map((c) => c.resource).filter((r) => r.kind === 'function');
    expect(functions.map((f) => f.id)).toContain('validate');
    for (const f of functions) expect(f.codeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });
});
