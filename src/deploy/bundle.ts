import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { zipSync, type Zippable } from 'fflate';
import { ResultAsync } from 'neverthrow';

/** A Lambda deployment package: a deterministic zip and its AWS `CodeSha256`. */
export interface LambdaBundle {
  /** The zip bytes. The same sources always give the same bytes. */
  readonly zip: Uint8Array;
  /** Base64 SHA-256 of the zip, the value Lambda reports as `CodeSha256`. */
  readonly codeSha256: string;
  /** The handler setting, e.g. `index.handler`. */
  readonly handler: string;
}

/** Why a bundle could not be built. */
export interface BundleError {
  readonly kind: 'bundle-failed';
  readonly entry: string;
  readonly message: string;
}

interface EsbuildMessage {
  readonly text: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/**
 * esbuild's failure in one line: its messages with their places ("Build failed
 * with 1 error:\nerror: …" is two lines, and the first says nothing).
 */
function buildFailure(e: unknown, entry: string): string {
  const errors = (e as { errors?: readonly EsbuildMessage[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return e instanceof Error ? e.message.replace(/\s*\n\s*/g, ' ') : String(e);
  const one = (m: EsbuildMessage): string => {
    if (m.location === undefined || m.location === null) return m.text;
    // esbuild reports places relative to absWorkingDir, the entry's folder.
    return `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}`;
  };
  // The entry itself missing reads better than esbuild's "Could not resolve <absolute path>".
  if (errors.length === 1 && errors[0]!.location == null && errors[0]!.text === `Could not resolve "${entry}"`) {
    return 'no such file (a relative lambdaFunction entry starts from the folder of the pipeline file: the deploy option baseDir)';
  }
  return errors.slice(0, 3).map(one).join('; ') + (errors.length > 3 ? `; and ${errors.length - 3} more` : '');
}

/**
 * Zip time stamp of every entry: 1980-01-01T00:00:00 local time, the earliest DOS date.
 * Fixed dates and file modes are what make the zip byte-identical across machines,
 * so an unchanged handler is never uploaded again.
 */
const ZIP_EPOCH = new Date(1980, 0, 1, 0, 0, 0);
/** `-rw-r--r--` regular file, in the Unix attribute bits of a zip entry. */
const FILE_MODE = (0o100644 << 16) >>> 0;

/**
 * Builds a deterministic zip from in-memory files (sorted by path, fixed dates and modes).
 */
export function deterministicZip(files: Readonly<Record<string, string | Uint8Array>>): Uint8Array {
  const tree: Zippable = {};
  for (const path of Object.keys(files).sort()) {
    const content = files[path]!;
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    tree[path] = [bytes, { mtime: ZIP_EPOCH, os: 3, attrs: FILE_MODE, level: 9 }];
  }
  return zipSync(tree, { mtime: ZIP_EPOCH });
}

/** Base64 SHA-256, as Lambda's `CodeSha256`. */
export function codeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/**
 * Bundles a Lambda handler with esbuild (ESM, Node 20, the AWS SDK v3 left external since
 * the runtime provides it) into a deterministic zip.
 *
 * @param entry absolute path of the handler module
 * @param exportName the exported handler function
 * @default exportName 'handler'
 */
export function bundleLambda(entry: string, exportName = 'handler'): ResultAsync<LambdaBundle, BundleError> {
  return ResultAsync.fromPromise(
    build({
      entryPoints: [entry],
      // esbuild heads each bundled module with a `// path` comment relative to the working
      // directory; relative to the entry instead, the zip is the same from any directory.
      absWorkingDir: dirname(entry),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      write: false,
      minify: false,
      sourcemap: false,
      legalComments: 'none',
      external: ['@aws-sdk/*'],
      // Bundled CommonJS dependencies may call require(); give ESM output one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    }),
    (e) => ({ kind: 'bundle-failed' as const, entry, message: buildFailure(e, entry) }),
  ).map((result) => {
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const zip = deterministicZip({ 'index.mjs': code });
    return { zip, codeSha256: codeSha256(zip), handler: `index.${exportName}` };
  });
}
