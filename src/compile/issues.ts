/**
 * Problems the compiler reports instead of an ASL document.
 */

/**
 * What went wrong:
 * - `render`: a step could not render its options for the query language (e.g. `jsonata()` in JSONPath);
 * - `query-language`: the pipeline is declared for the other query language;
 * - `duplicate-state-name`: two states with the same explicit name;
 * - `duplicate-step-id`: two different steps with resources share a logical id;
 * - `invalid-duration`: a duration that is not a whole number of seconds or is out of range;
 * - `unreachable`: nodes after a choice whose every branch ends;
 * - `invalid-fragment`: a step rendered a fragment the compiler cannot place;
 * - `unsupported-compensation`: `.compensate()` inside a choice branch or catch handler (no saga scope there);
 * - `invalid-asl`: the output failed the ASL validator (a compiler or step bug, reported with its pointer).
 */
export type CompileIssueKind =
  | 'render'
  | 'query-language'
  | 'duplicate-state-name'
  | 'duplicate-step-id'
  | 'invalid-duration'
  | 'unreachable'
  | 'invalid-fragment'
  | 'unsupported-compensation'
  | 'invalid-asl';

/** One compile problem, located by a state name or a builder path. */
export interface CompileIssue {
  readonly kind: CompileIssueKind;
  /** The state name, builder path (e.g. `csv-etl > Glue stage > catch[0]`) or JSON pointer. */
  readonly path: string;
  readonly message: string;
}

/** Thrown by `compileOrThrow`: carries every issue. */
export class CompileError extends Error {
  /** The issues, at least one. */
  readonly issues: readonly [CompileIssue, ...CompileIssue[]];

  constructor(issues: readonly [CompileIssue, ...CompileIssue[]]) {
    super(`pipeline does not compile:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'CompileError';
    this.issues = issues;
  }
}
