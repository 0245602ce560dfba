import type { ChoiceRule, ChoiceRuleExpression, JsonValue, Retrier, State } from '../../asl/types.js';

/** Longest label text drawn on an edge before it is cut with an ellipsis. */
const MAX_LABEL = 48;

const COMPARISON_SYMBOLS: Readonly<Record<string, string>> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
  Matches: 'matches',
};

const TYPE_TESTS: Readonly<Record<string, readonly [string, string]>> = {
  IsNull: ['is null', 'is not null'],
  IsPresent: ['is present', 'is absent'],
  IsNumeric: ['is numeric', 'is not numeric'],
  IsString: ['is a string', 'is not a string'],
  IsBoolean: ['is a boolean', 'is not a boolean'],
  IsTimestamp: ['is a timestamp', 'is not a timestamp'],
};

/** Cuts `text` to at most `max` characters, ending with an ellipsis when cut. */
export function shorten(text: string, max = MAX_LABEL): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

function literal(value: JsonValue | undefined): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short human text of a JSONPath choice expression, e.g. `$.size > 100 && $.kind == "csv"`. */
export function expressionText(expr: ChoiceRuleExpression): string {
  if ('And' in expr) return expr.And.map((e) => wrap(expressionText(e))).join(' && ');
  if ('Or' in expr) return expr.Or.map((e) => wrap(expressionText(e))).join(' || ');
  if ('Not' in expr) return `!${wrap(expressionText(expr.Not))}`;
  const record: Readonly<Record<string, unknown>> = expr;
  const variable = typeof record['Variable'] === 'string' ? record['Variable'] : '?';
  for (const [key, value] of Object.entries(record)) {
    if (key === 'Variable' || key === 'Next' || key === 'Comment' || key === 'Assign') continue;
    const test = TYPE_TESTS[key];
    if (test !== undefined) return `${variable} ${value === false ? test[1] : test[0]}`;
    const match = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/.exec(key);
    if (match !== null) {
      const symbol = COMPARISON_SYMBOLS[match[2] ?? ''] ?? key;
      const rhs = match[3] === 'Path' && typeof value === 'string' ? value : literal(value as JsonValue);
      return `${variable} ${symbol} ${rhs}`;
    }
  }
  return variable;
}

function wrap(text: string): string {
  return /\s(&&|\|\|)\s/.test(text) ? `(${text})` : text;
}

/** Short label of a top-level Choice rule (JSONPath expression or JSONata `Condition`). */
export function choiceRuleText(rule: ChoiceRule): string {
  if ('Condition' in rule) {
    const condition = rule.Condition;
    if (typeof condition === 'boolean') return String(condition);
    return shorten(condition.replace(/^\{%/, '').replace(/%\}$/, ''));
  }
  if (isRecord(rule) && typeof rule['Comment'] === 'string' && rule['Comment'].length > 0 && rule['Comment'].length <= 32) {
    // A short author-written comment names the rule better than its expression.
    return rule['Comment'];
  }
  return shorten(expressionText(rule));
}

/** At most this many error names are listed on an edge; the rest are counted. */
const MAX_ERRORS = 3;

/** The error names of a retrier or catcher, one per line, `+N more` past {@link MAX_ERRORS}. */
function errorLines(errors: readonly string[]): string[] {
  const shown = errors.slice(0, MAX_ERRORS).map((e) => shorten(e, 40));
  return errors.length > MAX_ERRORS ? [...shown, `+${errors.length - MAX_ERRORS} more`] : shown;
}

/** Label of a Catch edge: `catch States.ALL`, or `catch` plus one error name per line. */
export function catchLines(errors: readonly string[]): string[] {
  const names = errorLines(errors);
  return names.length === 1 ? [`catch ${names[0] ?? ''}`] : ['catch', ...names];
}

/**
 * Label of a Retry self-loop, per retrier: `retry Glue.X (5×, 30s, backoff 2, jitter)`,
 * or the policy on the first line and one error name per line.
 */
export function retryLines(retriers: readonly Retrier[]): string[] {
  return retriers.flatMap((r) => {
    const parts = [`${r.MaxAttempts ?? 3}×`, `${r.IntervalSeconds ?? 1}s`];
    const backoff = r.BackoffRate ?? 2;
    if (backoff !== 1) parts.push(`backoff ${backoff}`);
    if (r.MaxDelaySeconds !== undefined) parts.push(`max ${r.MaxDelaySeconds}s`);
    if (r.JitterStrategy === 'FULL') parts.push('jitter');
    const names = errorLines(r.ErrorEquals);
    return names.length === 1 ? [`retry ${names[0] ?? ''} (${parts.join(', ')})`] : [`retry (${parts.join(', ')})`, ...names];
  });
}

/** `90` → `1m 30s`: a Wait's duration for a label. */
function seconds(n: number): string {
  const h = Math.floor(n / 3600);
  const m = Math.floor((n % 3600) / 60);
  const s = n % 60;
  return [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 || n === 0 ? `${s}s` : ''].filter((x) => x !== '').join(' ');
}

/** What a Task calls, shortly: `glue:startJobRun.sync`, `s3:copyObject`, `lambda score`. */
function resourceText(resource: string): string {
  const integration = /^arn:[^:]+:states:::(?:aws-sdk:)?(.+)$/.exec(resource);
  if (integration?.[1] !== undefined) return integration[1];
  const fn = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(resource);
  if (fn?.[1] !== undefined) return `lambda ${fn[1]}`;
  const activity = /^arn:[^:]+:states:[^:]*:[^:]*:activity:(.+)$/.exec(resource);
  if (activity?.[1] !== undefined) return `activity ${activity[1]}`;
  return resource;
}

/** The second line of a state's box: its type, with what it calls or waits for. */
export function stateTypeText(state: State): string {
  switch (state.Type) {
    case 'Task':
      return shorten(`Task: ${resourceText(state.Resource)}`, 40);
    case 'Wait':
      if (typeof state.Seconds === 'number') return `Wait ${seconds(state.Seconds)}`;
      if (state.Timestamp !== undefined) return `Wait until ${state.Timestamp}`;
      if (state.SecondsPath !== undefined) return shorten(`Wait ${state.SecondsPath} s`, 40);
      if (state.TimestampPath !== undefined) return shorten(`Wait until ${state.TimestampPath}`, 40);
      return 'Wait';
    case 'Fail':
      return state.Error === undefined ? 'Fail' : shorten(`Fail: ${state.Error}`, 40);
    default:
      return state.Type;
  }
}
