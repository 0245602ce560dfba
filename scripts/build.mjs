#!/usr/bin/env node
// Builds the package: JavaScript, declarations, declaration maps and source maps from src/
// into dist/ (`tsc -p tsconfig.build.json`).
//
//   node scripts/build.mjs [--noCheck] [--if-stale]
//
// `npm run build` type-checks as it emits. `prepare` (run by `npm ci` and `npm install` in
// this repository) passes --noCheck, which emits the same bytes about 2 s sooner: `npm test`
// type-checks src anyway. --if-stale builds only when dist/ is missing or older than its
// inputs (bench:compile and the packaging test run it so).
//
// tsc writes into a fresh sibling folder that then replaces dist/, so a build never mixes
// with the files of an older one (a deleted source leaves no module behind), and a reader
// never sees a half-written dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
/** Written last; its time stamp is when the build started, so an edit made during the build counts as newer. */
const STAMP = join(DIST, '.build-stamp');
/** What dist/ is made from besides src/ (package.json is not: no build setting lives there). */
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time (ms) of the build's inputs: src/ (without tests) and the tsconfig files. */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs); // a deleted or renamed file changes its folder
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, 'src'));
  for (const config of CONFIGS) newest = Math.max(newest, statSync(join(ROOT, config)).mtimeMs);
  return newest;
}

/** Why dist/ needs a build, or `undefined` when it is up to date. */
function distStaleness() {
  if (!existsSync(STAMP)) return 'dist/ has not been built';
  return newestInput() > statSync(STAMP).mtimeMs ? 'src/ or a tsconfig changed since the last build' : undefined;
}

/** Builds dist/ (see the file comment); returns the wall time in ms. Throws with tsc's output when tsc fails. */
function build({ noCheck = false } = {}) {
  const started = Date.now();
  const out = join(ROOT, `.dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out, ...(noCheck ? ['--noCheck'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`tsc -p tsconfig.build.json failed:\n${r.stdout}${r.stderr}`);
  }
  writeFileSync(join(out, '.build-stamp'), '');
  utimesSync(join(out, '.build-stamp'), started / 1000, started / 1000);
  const old = join(ROOT, `.dist-old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(out, DIST);
  rmSync(old, { recursive: true, force: true });
  return Date.now() - started;
}

const noCheck = process.argv.includes('--noCheck');
const why = process.argv.includes('--if-stale') ? distStaleness() : 'build';
if (why === undefined) {
  console.log('statecraft: dist/ is up to date');
} else {
  try {
    const ms = build({ noCheck });
    const reason = why === 'build' ? '' : ` (${why})`;
    console.log(`statecraft: built dist/ in ${(ms / 1000).toFixed(1)} s${noCheck ? ', no type check' : ''}${reason}`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
}
