import type { ChoiceRule, ChoiceRuleExpression, JsonValue, Retrier } from '../../asl/types.js';

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
