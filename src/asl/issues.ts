/**
 * Problems the ASL validator reports, each located by a JSON pointer into the document.
 */

/**
 * What kind of rule an {@link AslIssue} breaks.
 *
 * - `not-an-object`: the document, a state, a fragment or a field that must be an object isn't one.
 * - `missing-field`: a required field (StartAt, States, Type, Resource, Choices, Branches, ErrorEquals, …) is absent.
 * - `invalid-value`: a field has the wrong JSON type, an unknown enum value or a value out of range.
 * - `unknown-start`: `StartAt` names no state of its fragment.
 * - `unknown-target`: `Next`, `Default` or a Catch `Next` names no state of its fragment.
 * - `unreachable-state`: no path leads from `StartAt` to the state.
 * - `missing-transition`: a state that must have `Next` or `End` has neither.
 * - `conflicting-transition`: a state has both `Next` and `End`.
 * - `transition-on-terminal`: `Next`/`End` on a Succeed, Fail or Choice state.
 * - `unknown-state-type`: `Type` is not one of the eight state types.
 * - `unknown-field`: a field that does not belong to the state type (or object).
 * - `wrong-query-language`: a field of the other query language, or a JSONPath state in a JSONata document.
 * - `states-all-not-last`: `States.ALL` is not alone in its ErrorEquals, or its retrier/catcher is not the last.
 * - `exclusive-fields`: fields that exclude each other are both present, or none of a required set is.
 * - `empty-list`: a list that needs at least one element is empty.
 * - `invalid-choice-rule`: a Choice rule with zero or several comparison operators, or a malformed boolean rule.
 * - `invalid-path`: a malformed JSONPath (or a Path where a Reference Path is required).
 * - `invalid-intrinsic`: a malformed intrinsic function call.
 * - `invalid-jsonata`: a `{% %}` expression that JSONata cannot parse.
 * - `duplicate-state-name`: the same state name twice in the document (names are unique across nested fragments).
 * - `distributed-only`: a Map field that only a DISTRIBUTED Map may have.
 */
export type AslIssueKind =
  | 'not-an-object'
  | 'missing-field'
  | 'invalid-value'
  | 'unknown-start'
  | 'unknown-target'
  | 'unreachable-state'
  | 'missing-transition'
  | 'conflicting-transition'
  | 'transition-on-terminal'
  | 'unknown-state-type'
  | 'unknown-field'
  | 'wrong-query-language'
  | 'states-all-not-last'
  | 'exclusive-fields'
  | 'empty-list'
  | 'invalid-choice-rule'
  | 'invalid-path'
  | 'invalid-intrinsic'
  | 'invalid-jsonata'
  | 'duplicate-state-name'
  | 'distributed-only';

/** One problem found in an ASL document. */
export interface AslIssue {
  readonly kind: AslIssueKind;
  /**
   * JSON pointer (RFC 6901) to the offending value, e.g. `/States/Load/Next`; for a missing
   * field or a rule about the state as a whole, the object concerned (e.g. `/States/Load`).
   * `''` is the whole document.
   */
  readonly pointer: string;
  /** What is wrong and what to do, naming the state and field. */
  readonly message: string;
}

/** Thrown by `validateAslOrThrow`: carries every issue found. */
export class AslValidationError extends Error {
  override readonly name = 'AslValidationError';
  /** Every issue, in document order. */
  readonly issues: readonly [AslIssue, ...AslIssue[]];

  constructor(issues: readonly [AslIssue, ...AslIssue[]]) {
    const shown = issues.slice(0, 10).map((i) => `  ${i.pointer || '/'}: ${i.message}`);
    const more = issues.length > 10 ? [`  … and ${issues.length - 10} more`] : [];
    super([`Invalid ASL document (${issues.length} issue${issues.length === 1 ? '' : 's'}):`, ...shown, ...more].join('\n'));
    this.issues = issues;
  }
}
