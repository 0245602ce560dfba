/**
 * The `redshift` step: runs one SQL statement through the Redshift Data API
 * (`aws-sdk:redshiftdata:executeStatement`) and polls it to the end with a
 * bounded Wait → DescribeStatement → Choice loop.
 *
 * The loop sits in a one-branch Parallel state. A Fail state would otherwise
 * end the whole execution; inside a branch it fails the Parallel with its
 * error name, so `Redshift.StatementFailed`, `Redshift.StatementAborted` and
 * `Redshift.PollTimeout` can be retried and caught like any task error (a
 * retry runs the statement again).
 *
 * @see https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html
 */
import type { ChoiceRule, JsonValue, ParallelState, QueryLanguage, State } from '../../asl/types.js';
import { lit, record, renderTemplate } from '../expr/index.js';
import type { ContextRef, Ref, Template, TemplateFor, TemplateInput } from '../expr/index.js';
import { integrationArn } from '../naming.js';
import type { IamStatement, RenderContext, Step, TaskFragment } from '../step.js';
import { checkLogicalId } from '../lambda/function.js';
import { checkTarget, redshiftStatements, targetFields } from './target.js';
import type { RedshiftTarget } from './target.js';

/** The errors of a redshift step: the poll loop's typed outcomes and the Data API's exceptions. */
export const REDSHIFT_ERRORS = [
  'Redshift.StatementFailed',
  'Redshift.StatementAborted',
  'Redshift.PollTimeout',
  'RedshiftData.ActiveStatementsExceededException',
  'RedshiftData.DatabaseConnectionException',
  'RedshiftData.ExecuteStatementException',
  'RedshiftData.InternalServerException',
  'RedshiftData.ResourceNotFoundException',
  'RedshiftData.ValidationException',
] as const;

/** An error name of {@link REDSHIFT_ERRORS}. */
export type RedshiftErrorName = (typeof REDSHIFT_ERRORS)[number];

/** The result of a finished statement (from DescribeStatement). */
export interface RedshiftStatement {
  readonly Id: string;
  readonly Status: 'FINISHED';
  /** Rows returned or affected; -1 when not applicable. */
  readonly ResultRows: number;
  readonly HasResultSet: boolean;
}

/** A poll interval: whole seconds or minutes. */
export type PollInterval = `${number}${'s' | 'm'}`;

/** Options of {@link redshift}. */
export interface RedshiftOptions<S> {
  /** Logical id of the step (names its states). @default 'redshift' */
  readonly id?: string;
  /** The cluster or workgroup, database and authentication. */
  readonly target: RedshiftTarget;
  /** Named SQL parameters (`:name` in the SQL), each a string, from the state. @default none */
  readonly parameters?: (state: Ref<S>, context: ContextRef) => { readonly [name: string]: TemplateFor<string> };
  /** Time between DescribeStatement polls. @default '5s' */
  readonly pollEvery?: PollInterval;
  /** Polls before failing with `Redshift.PollTimeout`. @default 120 */
  readonly maxPolls?: number;
  /** ASL `Comment`. */
  readonly comment?: string;
}

const INTERVAL = /^([1-9][0-9]*)(s|m)$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The local names of the loop's states, prefixed with the step's state name (≤ 80 characters). */
function loopNames(stateName: string) {
  const name = (suffix: string) => `${stateName.slice(0, 80 - suffix.length)}${suffix}`;
  return {
    execute: name(': execute'),
    wait: name(': wait'),
    describe: name(': describe'),
    count: name(': count polls'),
    check: name(': check status'),
    done: name(': finished'),
    failed: name(': failed'),
    aborted: name(': aborted'),
    timedOut: name(': poll timeout'),
  };
}

interface LoopSpec {
  readonly sql: Template;
  readonly parameters: readonly (readonly [string, Template])[];
  readonly target: RedshiftTarget;
  readonly intervalSeconds: number;
  readonly maxPolls: number;
}

function renderSqlParameters(parameters: readonly (readonly [string, Template])[], ql: QueryLanguage): JsonValue[] {
  return parameters.map(([name, t]) => {
    const r = renderTemplate(t, ql, `parameters.${name}`);
    return { Name: name, [r.dynamic ? 'Value.$' : 'Value']: r.value };
  });
}

function executeArguments(spec: LoopSpec, ctx: RenderContext): { [k: string]: JsonValue } {
  const ql = ctx.queryLanguage;
  const out: { [k: string]: JsonValue } = { ...targetFields(spec.target) };
  const sql = renderTemplate(spec.sql, ql, 'sql');
  out[sql.dynamic ? 'Sql.$' : 'Sql'] = sql.value;
  if (spec.parameters.length > 0) out['Parameters'] = renderSqlParameters(spec.parameters, ql);
  return out;
}

function branchStates(spec: LoopSpec, ctx: RenderContext): { readonly [name: string]: State } {
  const n = loopNames(ctx.stateName);
  const execute = integrationArn(ctx.env, 'aws-sdk:redshiftdata:executeStatement');
  const describe = integrationArn(ctx.env, 'aws-sdk:redshiftdata:describeStatement');
  const timeoutCause = `The statement did not finish within ${spec.maxPolls} polls ${spec.intervalSeconds}s apart`;
  const abortedCause = 'The statement was cancelled (ABORTED) before it finished';
  if (ctx.queryLanguage === 'JSONPath') {
    const status = (value: string, next: string): ChoiceRule => ({ Variable: '$.Statement.Status', StringEquals: value, Next: next });
    return {
      [n.execute]: { Type: 'Task', Resource: execute, Parameters: executeArguments(spec, ctx), ResultSelector: { 'Id.$': '$.Id', Polls: 0 }, Next: n.wait },
      [n.wait]: { Type: 'Wait', Seconds: spec.intervalSeconds, Next: n.describe },
      [n.describe]: { Type: 'Task', Resource: describe, Parameters: { 'Id.$': '$.Id' }, ResultPath: '$.Statement', Next: n.count },
      [n.count]: { Type: 'Pass', Parameters: { 'Id.$': '$.Id', 'Polls.$': 'States.MathAdd($.Polls, 1)', 'Statement.$': '$.Statement' }, Next: n.check },
      [n.check]: {
        Type: 'Choice',
        Choices: [
          status('FINISHED', n.done),
          status('FAILED', n.failed),
          status('ABORTED', n.aborted),
          { Variable: '$.Polls', NumericGreaterThanEquals: spec.maxPolls, Next: n.timedOut },
        ],
        Default: n.wait,
      },
      [n.done]: { Type: 'Succeed', OutputPath: '$.Statement' },
      [n.failed]: { Type: 'Fail', Error: 'Redshift.StatementFailed', CausePath: '$.Statement.Error' },
      [n.aborted]: { Type: 'Fail', Error: 'Redshift.StatementAborted', Cause: abortedCause },
      [n.timedOut]: { Type: 'Fail', Error: 'Redshift.PollTimeout', Cause: timeoutCause },
    };
  }
  const status = (value: string, next: string): ChoiceRule => ({ Condition: `{% $states.input.Statement.Status = '${value}' %}`, Next: next });
  return {
    [n.execute]: { Type: 'Task', Resource: execute, Arguments: executeArguments(spec, ctx), Output: "{% { 'Id': $states.result.Id, 'Polls': 0 } %}", Next: n.wait },
    [n.wait]: { Type: 'Wait', Seconds: spec.intervalSeconds, Next: n.describe },
    [n.describe]: {
      Type: 'Task',
      Resource: describe,
      Arguments: { Id: '{% $states.input.Id %}' },
      Output: "{% { 'Id': $states.input.Id, 'Polls': $states.input.Polls + 1, 'Statement': $states.result } %}",
      Next: n.check,
    },
    [n.check]: {
      Type: 'Choice',
      Choices: [
        status('FINISHED', n.done),
        status('FAILED', n.failed),
        status('ABORTED', n.aborted),
        { Condition: `{% $states.input.Polls >= ${spec.maxPolls} %}`, Next: n.timedOut },
      ],
      Default: n.wait,
    },
    [n.done]: { Type: 'Succeed', Output: '{% $states.input.Statement %}' },
    [n.failed]: {
      Type: 'Fail',
      Error: 'Redshift.StatementFailed',
      Cause: "{% $exists($states.input.Statement.Error) ? $string($states.input.Statement.Error) : 'The statement failed' %}",
    },
    [n.aborted]: { Type: 'Fail', Error: 'Redshift.StatementAborted', Cause: abortedCause },
    [n.timedOut]: { Type: 'Fail', Error: 'Redshift.PollTimeout', Cause: timeoutCause },
  };
}

/** @internal Renders the step: a one-branch Parallel state holding the poll loop. */
export function renderRedshift(spec: LoopSpec, ctx: RenderContext): TaskFragment {
  const n = loopNames(ctx.stateName);
  const branch = { StartAt: n.execute, States: branchStates(spec, ctx) };
  if (ctx.queryLanguage === 'JSONPath') {
    const state: ParallelState = {
      Type: 'Parallel',
      Branches: [branch],
      ResultSelector: { 'Id.$': '$[0].Id', 'Status.$': '$[0].Status', 'ResultRows.$': '$[0].ResultRows', 'HasResultSet.$': '$[0].HasResultSet' },
    };
    return { kind: 'task', state };
  }
  return {
    kind: 'task',
    state: { Type: 'Parallel', Branches: [branch] },
    resultExpression: "{ 'Id': $states.result[0].Id, 'Status': $states.result[0].Status, 'ResultRows': $states.result[0].ResultRows, 'HasResultSet': $states.result[0].HasResultSet }",
  };
}

/**
 * Runs a SQL statement on Redshift (provisioned or serverless) and waits for
 * it: executeStatement, then every `pollEvery` a describeStatement, until
 * FINISHED (the step's result), FAILED (`Redshift.StatementFailed`, Cause:
 * Redshift's error text), ABORTED (`Redshift.StatementAborted`), or
 * `maxPolls` polls (`Redshift.PollTimeout`).
 *
 * Errors: {@link REDSHIFT_ERRORS}. IAM: see {@link redshiftStatements}.
 * @example redshift('call etl.load_orders(:key)', { target: { workgroup: 'etl', database: 'dev' }, parameters: (s) => ({ key: s.key }) })
 */
export function redshift<S>(sql: string | ((state: Ref<S>, context: ContextRef) => TemplateFor<string>), options: RedshiftOptions<S>): Step<S, RedshiftStatement, RedshiftErrorName> {
  const id = options?.id ?? 'redshift';
  checkLogicalId('redshift()', id);
  let sqlTemplate: Template;
  if (typeof sql === 'string') {
    if (sql.trim() === '') throw new TypeError(`redshift('${id}'): sql is empty`);
    sqlTemplate = lit(sql);
  } else if (typeof sql === 'function') {
    sqlTemplate = record<S>(sql as (s: Ref<S>, c: ContextRef) => TemplateInput, 'sql');
  } else {
    throw new TypeError(`redshift('${id}'): sql must be a string or a function of the state`);
  }
  const target = options.target;
  checkTarget(`redshift('${id}')`, target);
  const interval = INTERVAL.exec(options.pollEvery ?? '5s');
  if (interval === null) throw new TypeError(`redshift('${id}'): pollEvery must be a duration such as '5s' or '1m', got ${JSON.stringify(options.pollEvery)}`);
  const intervalSeconds = Number(interval[1]) * (interval[2] === 'm' ? 60 : 1);
  const maxPolls = options.maxPolls ?? 120;
  if (!Number.isInteger(maxPolls) || maxPolls < 1 || maxPolls > 10_000) {
    throw new RangeError(`redshift('${id}'): maxPolls must be a whole number from 1 to 10000, got ${String(maxPolls)}`);
  }
  let parameters: readonly (readonly [string, Template])[] = [];
  if (options.parameters !== undefined) {
    const t = record<S>(options.parameters as (s: Ref<S>, c: ContextRef) => TemplateInput, 'parameters');
    if (t.kind === 'object') parameters = t.entries;
    else if (t.kind === 'literal' && typeof t.value === 'object' && t.value !== null && !Array.isArray(t.value)) parameters = Object.entries(t.value).map(([k, v]) => [k, lit(v)] as const);
    else throw new TypeError(`redshift('${id}'): parameters must return an object of named values`);
    for (const [name] of parameters) {
      if (!PARAM_NAME.test(name)) throw new TypeError(`redshift('${id}'): parameter name ${JSON.stringify(name)} must be a SQL identifier (letters, digits, _)`);
    }
  }
  const spec: LoopSpec = { sql: sqlTemplate, parameters, target, intervalSeconds, maxPolls };
  return {
    kind: 'redshift',
    id,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
    errors: REDSHIFT_ERRORS,
    render: (ctx) => renderRedshift(spec, ctx),
    iam: (ctx): readonly IamStatement[] => redshiftStatements(target, ctx.env),
    deployables: [],
  };
}
