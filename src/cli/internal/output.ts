import { isAbsolute, resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { writeFileAtomic } from './atomic-write.js';
import { CliFailure } from './command.js';

/** Writes a command's result to `--out` (atomically) or to stdout. */
export async function emit(io: CliIo, content: string, out: string | undefined): Promise<void> {
  if (out === undefined) {
    io.stdout(content);
    return;
  }
  const written = await writeFileAtomic(isAbsolute(out) ? out : resolve(io.cwd, out), content, out);
  if (written.isErr()) throw new CliFailure(written.error);
  io.stderr(`wrote ${out}\n`);
}
