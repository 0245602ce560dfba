/**
 * A step of this example: reads the validator's problem report back out of a
 * caught error, so the rejection notification and the problem report file
 * carry the report itself (message, counts, the first problems with line and
 * column) instead of the Cause string, which is JSON (Lambda's error envelope)
 * around JSON (the report) and so arrives escaped twice.
 *
 * A Cause that is not such an envelope (plain text from a mock or another
 * service, no cause, JSON of another shape) gives `readable: false` and a
 * report made of the error name and the Cause as it is: the error path never
 * fails because of the parse. That takes guards, because in JSONPath a
 * `States.StringToJson` of text that is not JSON fails the execution with
 * `States.Runtime`, which no Catch can catch, and a JSONata `$parse` fails the
 * state: only text shaped like JSON (`{…}`, and a message shaped like the
 * report, `{"error":"CsvValidation.…}`) is parsed. The validator keeps its
 * report short enough that Step Functions never cuts the Cause (see
 * `MAX_REPORT_CHARS` of the csv-validate handler).
 *
 * Written against the public step contract (`Step`), as an expansion of a few
 * Choice and Pass states; no Task, so no IAM and no cost beyond transitions.
 */
import { NEXT } from '../../src/index.js';
import type { csv, Step } from '../../src/index.js';

/** The validator's problem report, as the rejection notification and the problem report file carry it. */
export interface ProblemReport {
  /** The error name (`CsvValidation.Invalid`, …). */
  readonly error: string;
  /** One line: what is wrong; for a Cause that is not a report, the Cause as it is. */
  readonly message: string | null;
  readonly kind?: string;
  readonly bucket?: string;
  readonly key?: string;
  /** Problems found in the whole file (`Invalid` only). */
  readonly problemCount?: number;
  /** Data rows read (`Invalid` only). */
  readonly rows?: number;
  /** The first problems, with line and column. */
  readonly problems?: readonly csv.CsvProblem[];
}

/** What {@link readReport} gives. */
export interface ReadReport {
  /** Whether the Cause held the validator's report; if not, `report.message` is the Cause as it is. */
  readonly readable: boolean;
  readonly report: ProblemReport;
}

/** The state of a catch handler: the caught error at `error`. */
interface Caught {
  readonly error: { readonly Error: string; readonly Cause: string };
}

// The report's JSON opens with its `error` field (see validationReport in the csv-validate handler).
const REPORT_GLOB = '{"error":"CsvValidation.*}';

/**
 * Reads the validator's report out of `$.error.Cause` (Lambda's envelope
 * `{"errorType", "errorMessage": "<report JSON>", …}`).
 * @example .step(readReport({ id: 'read-report' }), { name: 'Read problem report', resultAt: 'rejection' })
 */
export function readReport<S extends Caught>(options: { readonly id: string }): Step<S, ReadReport, never> {
  return {
    kind: 'pass',
    id: options.id,
    errors: [],
    render: (ctx) => {
      if (ctx.queryLanguage === 'JSONata') {
        const expression = [
          '( $c := $states.input.error.Cause;',
          "$e := $type($c) = 'string' and $contains($c, /^\\{[\\s\\S]*\\}$/) ? $parse($c);",
          '$m := $e.errorMessage;',
          `$r := $type($m) = 'string' and $contains($m, /^\\{"error":"CsvValidation\\.[\\s\\S]*\\}$/) ? $parse($m);`,
          "$r ? { 'readable': true, 'report': $r } : { 'readable': false, 'report': { 'error': $states.input.error.Error, 'message': $c } } )",
        ].join(' ');
        return { kind: 'expanded', startAt: 'Read', states: { Read: { Type: 'Pass', Next: NEXT } }, resultExpression: expression };
      }
      const unreadable = { readable: false, report: { 'error.$': '$.error.Error', 'message.$': '$.error.Cause' } };
      return {
        kind: 'expanded',
        startAt: 'Check',
        states: {
          // Catch outputs always carry Cause (a string, or null when the failure had none).
          Check: {
            Type: 'Choice',
            Choices: [
              { Variable: '$.error.Cause', IsString: false, Next: 'Unreadable' },
              { Variable: '$.error.Cause', StringMatches: '{*}', Next: 'Parse envelope' },
            ],
            Default: 'Unreadable',
          },
          'Parse envelope': { Type: 'Pass', Assign: { 'lambdaError.$': 'States.StringToJson($.error.Cause)' }, Next: 'Check message' },
          'Check message': {
            Type: 'Choice',
            Choices: [
              { Variable: '$lambdaError.errorMessage', IsPresent: false, Next: 'Unreadable' },
              { Variable: '$lambdaError.errorMessage', IsString: false, Next: 'Unreadable' },
              { Variable: '$lambdaError.errorMessage', StringMatches: REPORT_GLOB, Next: 'Parse report' },
            ],
            Default: 'Unreadable',
          },
          'Parse report': { Type: 'Pass', Parameters: { readable: true, 'report.$': 'States.StringToJson($lambdaError.errorMessage)' }, Next: NEXT },
          Unreadable: { Type: 'Pass', Parameters: unreadable, Next: NEXT },
        },
      };
    },
    iam: () => [],
    deployables: [],
  };
}
