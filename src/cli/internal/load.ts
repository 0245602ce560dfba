import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { AslDocument, QueryLanguage } from '../../asl/types.js';
import type { CliError } from '../errors.js';
import { errorMessage } from '../errors.js';

/** File extensions loaded as pipeline modules (through tsx, no build step). */
const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']);

type CompileModule = typeof import('../../compile/index.js');

/**
 * The compiler, loaded on first use: drawing or running a JSON definition never loads the
 * DSL, the steps or the compiler.
 */
function loadCompiler(): Promise<CompileModule> {
  return import('../../compile/index.js');
}

/** A pipeline found in a module, with the export it came from. */
export interface LoadedPipeline {
  readonly exportName: string;
  readonly pipeline: Parameters<CompileModule['compile']>[0];
}

/** Resolves a user-typed path against the working directory and checks that it is a file. */
export async function resolveFile(file: string, cwd: string): Promise<Result<string, CliError>> {
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  try {
    const s = await stat(abs);
    if (!s.isFile()) return err({ kind: 'file-unreadable', file, message: 'it is a directory, not a file' });
    return ok(abs);
  } catch {
    return err({ kind: 'file-not-found', file });
  }
}

/** Whether a path names a pipeline module (`.ts`, `.js`, …) rather than a JSON definition. */
export function isModulePath(file: string): boolean {
  return MODULE_EXTENSIONS.has(extname(file).toLowerCase());
}

/**
 * Imports a module by path. A `.ts` file outside an ESM package (no `"type": "module"`)
 * makes Node 20's require(esm) path fail under tsx's hooks with ERR_REQUIRE_CYCLE_MODULE;
 * tsx's `tsImport` loads such a file anyway.
 */
export async function importModule(abs: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_REQUIRE_CYCLE_MODULE') throw e;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(abs).href, import.meta.url)) as Record<string, unknown>;
  }
}

/** The module's export names, without the `default` that CommonJS interop adds (an object of the other exports). */
function exportNames(mod: Record<string, unknown>): string[] {
  const names = Object.keys(mod).sort();
  const d = mod['default'];
  const interop = d !== null && typeof d === 'object' && !('kind' in d) && names.filter((n) => n !== 'default').every((n) => n in d);
  return interop && names.length > 1 ? names.filter((n) => n !== 'default') : names;
}

/**
 * Imports a pipeline module and picks its pipeline: the `--export` named one, else the
 * default export, else the only exported pipeline.
 */
export async function loadPipeline(file: string, cwd: string, exportName?: string): Promise<Result<LoadedPipeline, CliError>> {
  const resolved = await resolveFile(file, cwd);
  if (resolved.isErr()) return err(resolved.error);
  if (!isModulePath(file)) {
    return err({ kind: 'unsupported-file', file, expected: 'a pipeline module (.ts, .mts, .js, .mjs)' });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(resolved.value);
  } catch (e) {
    return err({ kind: 'import-failed', file, message: errorMessage(e) });
  }
  const { isPipeline } = await loadCompiler();
  const names = exportNames(mod);
  const pipelines = names.filter((n) => isPipeline(mod[n]));
  const pick = (name: string): LoadedPipeline => {
    const value = mod[name];
    if (!isPipeline(value)) throw new Error(`invariant: export '${name}' is not a pipeline`);
    return { exportName: name, pipeline: value };
  };
  if (exportName !== undefined) {
    return pipelines.includes(exportName) ? ok(pick(exportName)) : err({ kind: 'unknown-export', file, name: exportName, pipelines });
  }
  if (pipelines.includes('default')) return ok(pick('default'));
  if (pipelines.length === 1 && pipelines[0] !== undefined) return ok(pick(pipelines[0]));
  if (pipelines.length === 0) return err({ kind: 'no-pipeline', file, exports: names });
  return err({ kind: 'ambiguous-pipeline', file, pipelines });
}

/** Loads a pipeline module and compiles it to ASL; compile issues become one `compile-failed` error. */
export async function compilePipelineFile(
  file: string,
  cwd: string,
  opts: { readonly queryLanguage?: QueryLanguage; readonly exportName?: string } = {},
): Promise<Result<{ readonly doc: AslDocument; readonly loaded: LoadedPipeline }, CliError>> {
  const loaded = await loadPipeline(file, cwd, opts.exportName);
  if (loaded.isErr()) return err(loaded.error);
  const { compile } = await loadCompiler();
  const compiled = compile(loaded.value.pipeline, opts.queryLanguage === undefined ? {} : { queryLanguage: opts.queryLanguage });
  if (compiled.isErr()) {
    return err({ kind: 'compile-failed', file, issues: compiled.error.map((i) => ({ path: i.path, message: i.message })) });
  }
  return ok({ doc: compiled.value, loaded: loaded.value });
}

/** Parses JSON text; `source` names where it came from in the error. */
export function parseJson(text: string, source: string): Result<unknown, CliError> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err({ kind: 'invalid-json', source, message: errorMessage(e) });
  }
}

/** Reads a JSON file (already known to exist or not). */
export async function readJsonFile(file: string, cwd: string): Promise<Result<unknown, CliError>> {
  const resolved = await resolveFile(file, cwd);
  if (resolved.isErr()) return err(resolved.error);
  let text: string;
  try {
    text = await readFile(resolved.value, 'utf8');
  } catch (e) {
    return err({ kind: 'file-unreadable', file, message: errorMessage(e) });
  }
  return parseJson(text, file);
}

/** Checks the outer shape of a JSON state machine definition (deeper checks are the validator's). */
export function checkDefinitionShape(value: unknown, file: string): Result<AslDocument, CliError> {
  const problems: string[] = [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return err({ kind: 'invalid-definition', file, problems: ['the top level must be an object with StartAt and States'] });
  }
  const record = value as Record<string, unknown>;
  if (typeof record['StartAt'] !== 'string') problems.push('/StartAt: missing or not a string');
  const states = record['States'];
  if (states === null || typeof states !== 'object' || Array.isArray(states)) problems.push('/States: missing or not an object');
  else {
    for (const [name, state] of Object.entries(states)) {
      const type = state !== null && typeof state === 'object' ? (state as Record<string, unknown>)['Type'] : undefined;
      if (typeof type !== 'string') problems.push(`/States/${name.replace(/~/g, '~0').replace(/\//g, '~1')}/Type: missing or not a string`);
    }
  }
  if (problems.length > 0) return err({ kind: 'invalid-definition', file, problems });
  return ok(value as AslDocument);
}

/**
 * Loads a state machine definition from either a pipeline module (compiled) or a JSON file.
 */
export async function loadDefinition(
  file: string,
  cwd: string,
  opts: { readonly queryLanguage?: QueryLanguage; readonly exportName?: string } = {},
): Promise<Result<AslDocument, CliError>> {
  if (isModulePath(file)) {
    const compiled = await compilePipelineFile(file, cwd, opts);
    return compiled.map((c) => c.doc);
  }
  if (extname(file).toLowerCase() !== '.json') {
    const exists = await resolveFile(file, cwd);
    if (exists.isErr()) return err(exists.error);
    return err({ kind: 'unsupported-file', file, expected: 'a pipeline module (.ts, .js) or an ASL definition (.json)' });
  }
  const json = await readJsonFile(file, cwd);
  if (json.isErr()) return err(json.error);
  return checkDefinitionShape(json.value, file);
}
