import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

/** The folder of the CLI test fixtures. */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** What one in-process `statecraft` call printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `statecraft <argv>` in-process with captured output, relative paths resolved against `cwd`. */
export async function runCli(argv: readonly string[], cwd: string = FIXTURES): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd,
    isTty: false,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}
