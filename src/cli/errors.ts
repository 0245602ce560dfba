/** A compile problem as the CLI prints it (the shape of `CompileIssue`). */
export interface IssueLine {
  readonly path: string;
  readonly message: string;
}

/**
 * Everything the CLI reports as bad input: one clear message, exit code 2, no stack trace.
 * `file` is the path as the user typed it.
 */
export type CliError =
  | { readonly kind: 'usage'; readonly message: string }
  | { readonly kind: 'file-not-found'; readonly file: string }
  | { readonly kind: 'file-unreadable'; readonly file: string; readonly message: string }
  | { readonly kind: 'unsupported-file'; readonly file: string; readonly expected: string }
  | { readonly kind: 'import-failed'; readonly file: string; readonly message: string }
  | { readonly kind: 'no-pipeline'; readonly file: string; readonly exports: readonly string[] }
  | { readonly kind: 'ambiguous-pipeline'; readonly file: string; readonly pipelines: readonly string[] }
  | { readonly kind: 'unknown-export'; readonly file: string; readonly name: string; readonly pipelines: readonly string[] }
  | { readonly kind: 'compile-failed'; readonly file: string; readonly issues: readonly IssueLine[] }
  | { readonly kind: 'invalid-json'; readonly source: string; readonly message: string }
  | { readonly kind: 'invalid-definition'; readonly file: string; readonly problems: readonly string[] }
  | { readonly kind: 'invalid-mocks'; readonly file: string; readonly pointer: string; readonly message: string }
  | { readonly kind: 'write-failed'; readonly file: string; readonly message: string };

/** Exit code of bad input (usage, files, pipelines, JSON). */
export const EXIT_BAD_INPUT = 2;

const list = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

/** The message printed for a CLI error (without the `statecraft <command>:` prefix). */
export function formatCliError(e: CliError): string {
  switch (e.kind) {
    case 'usage':
      return e.message;
    case 'file-not-found':
      return `${e.file}: no such file`;
    case 'file-unreadable':
      return `${e.file}: cannot read the file: ${e.message}`;
    case 'unsupported-file':
      return `${e.file}: expected ${e.expected}`;
    case 'import-failed':
      return `${e.file}: the module threw while loading: ${e.message}`;
    case 'no-pipeline':
      return e.exports.length === 0
        ? `${e.file}: exports no pipeline (the module has no exports); export one, e.g. \`export default pipeline('name')…\``
        : `${e.file}: exports no pipeline (exports found: ${list(e.exports)}); export the result of \`pipeline('name')…\``;
    case 'ambiguous-pipeline':
      return `${e.file}: exports several pipelines (${list(e.pipelines)}); choose one with --export <name>`;
    case 'unknown-export':
      return e.pipelines.length === 0
        ? `${e.file}: has no pipeline export named '${e.name}' (it exports no pipeline)`
        : `${e.file}: has no pipeline export named '${e.name}' (pipelines exported: ${list(e.pipelines)})`;
    case 'compile-failed':
      return [`${e.file}: the pipeline does not compile (${e.issues.length} problem${e.issues.length === 1 ? '' : 's'}):`, ...e.issues.map((i) => `  - ${i.path === '' ? '' : `${i.path}: `}${i.message}`)].join('\n');
    case 'invalid-json':
      return `${e.source}: not valid JSON: ${e.message}`;
    case 'invalid-definition':
      return [`${e.file}: not a valid state machine definition:`, ...e.problems.map((p) => `  - ${p}`)].join('\n');
    case 'invalid-mocks':
      return `${e.file}: invalid mocks${e.pointer === '' ? '' : ` at ${e.pointer}`}: ${e.message}`;
    case 'write-failed':
      return `${e.file}: cannot write the file: ${e.message}`;
  }
}

/** First line of an error's message, without the stack (bad input never shows a stack trace). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const text = e.message.trim();
    return text === '' ? e.name : text.split('\n').slice(0, 6).join('\n');
  }
  return String(e);
}
