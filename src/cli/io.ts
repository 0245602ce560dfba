/** Where a command writes and what it resolves relative paths against; tests pass their own. */
export interface CliIo {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (live status lines, colours). */
  readonly isTty: boolean;
  /** Terminal width, when stdout is a terminal. */
  readonly columns?: number;
}

/** The process's own streams and working directory. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTty: process.stdout.isTTY === true,
    ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
  };
}
