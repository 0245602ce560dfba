import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { CliError } from '../errors.js';
import { errorMessage } from '../errors.js';

/**
 * Writes `content` to `absPath` through a temporary file in the same folder and a rename,
 * so a failure never leaves half a file behind (rename is atomic within a filesystem).
 */
export async function writeFileAtomic(absPath: string, content: string, shownAs: string): Promise<Result<void, CliError>> {
  const dir = dirname(absPath);
  const temp = join(dir, `.${basename(absPath)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content);
    await rename(temp, absPath);
    return ok(undefined);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    return err({ kind: 'write-failed', file: shownAs, message: errorMessage(e) });
  }
}
