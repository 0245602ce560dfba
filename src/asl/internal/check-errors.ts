/**
 * Retry and Catch checks: ErrorEquals lists, `States.ALL` placement, retrier ranges,
 * catcher targets and per-language fields.
 * @see https://states-language.net/spec.html#errors
 * @internal
 */
import { childPointer } from './json-pointer.js';
import { checkAssignNames, checkPathField, checkPayloadTemplate } from './check-expressions.js';
import { isObj, jsonType, type Ctx, type StateSite } from './context.js';

/** A transition to check once every name of the fragment is known. @internal */
export interface PendingTarget {
  readonly target: string;
  readonly pointer: string;
  /** e.g. `Next of state "Load"`. */
  readonly what: string;
}

const RETRIER_FIELDS = new Set(['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment']);
const CATCHER_FIELDS = new Set(['ErrorEquals', 'Next', 'ResultPath', 'Output', 'Assign', 'Comment']);
/** AWS's upper bound for MaxAttempts and IntervalSeconds. */
const MAX_COUNT = 99_999_999;
/** AWS's upper bound for MaxDelaySeconds (one year + 1 day, exclusive). */
const MAX_DELAY = 31_622_400;

/** Checks a state's `Retry` list. @internal */
export function checkRetry(ctx: Ctx, site: StateSite, value: unknown): void {
  const pointer = childPointer(site.pointer, 'Retry');
  const list = checkErrorHandlerList(ctx, site, value, pointer, 'Retry', 'retrier');
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    const p = childPointer(pointer, i);
    if (!isObj(r)) continue;
    const where = `State "${site.name}": Retry[${i}]`;
    for (const key of Object.keys(r)) {
      if (!RETRIER_FIELDS.has(key)) ctx.add('unknown-field', childPointer(p, key), `${where} has unknown field "${key}"; a retrier has ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy and Comment`);
    }
    checkInteger(ctx, r['IntervalSeconds'], childPointer(p, 'IntervalSeconds'), `${where}.IntervalSeconds`, 1, MAX_COUNT);
    checkInteger(ctx, r['MaxAttempts'], childPointer(p, 'MaxAttempts'), `${where}.MaxAttempts`, 0, MAX_COUNT);
    checkInteger(ctx, r['MaxDelaySeconds'], childPointer(p, 'MaxDelaySeconds'), `${where}.MaxDelaySeconds`, 1, MAX_DELAY - 1);
    const backoff = r['BackoffRate'];
    if (backoff !== undefined && (typeof backoff !== 'number' || !Number.isFinite(backoff) || backoff < 1)) {
      ctx.add('invalid-value', childPointer(p, 'BackoffRate'), `${where}.BackoffRate must be a number >= 1.0, got ${JSON.stringify(backoff)}`);
    }
    const jitter = r['JitterStrategy'];
    if (jitter !== undefined && jitter !== 'FULL' && jitter !== 'NONE') {
      ctx.add('invalid-value', childPointer(p, 'JitterStrategy'), `${where}.JitterStrategy must be "FULL" or "NONE", got ${JSON.stringify(jitter)}`);
    }
  }
}

/** Checks a state's `Catch` list and records its targets. @internal */
export function checkCatch(ctx: Ctx, site: StateSite, value: unknown, targets: PendingTarget[], edges: string[]): void {
  const pointer = childPointer(site.pointer, 'Catch');
  const list = checkErrorHandlerList(ctx, site, value, pointer, 'Catch', 'catcher');
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const p = childPointer(pointer, i);
    if (!isObj(c)) continue;
    const where = `State "${site.name}": Catch[${i}]`;
    for (const key of Object.keys(c)) {
      if (!CATCHER_FIELDS.has(key)) {
        ctx.add('unknown-field', childPointer(p, key), `${where} has unknown field "${key}"; a catcher has ErrorEquals, Next, ResultPath (JSONPath), Output (JSONata), Assign and Comment`);
      } else if (key === 'ResultPath' && site.language === 'JSONata') {
        ctx.add('wrong-query-language', childPointer(p, key), `${where}: ResultPath is a JSONPath field but the state uses JSONata; use Output`);
      } else if (key === 'Output' && site.language === 'JSONPath') {
        ctx.add('wrong-query-language', childPointer(p, key), `${where}: Output is a JSONata field but the state uses JSONPath; use ResultPath`);
      }
    }
    const next = c['Next'];
    if (next === undefined) ctx.add('missing-field', p, `${where} has no Next; a catcher must name the state to go to`);
    else if (typeof next !== 'string') ctx.add('invalid-value', childPointer(p, 'Next'), `${where}.Next must be a state name string, not ${jsonType(next)}`);
    else {
      targets.push({ target: next, pointer: childPointer(p, 'Next'), what: `Catch[${i}].Next of state "${site.name}"` });
      edges.push(next);
    }
    if (site.language === 'JSONPath') {
      if ('ResultPath' in c) checkPathField(ctx, c['ResultPath'], childPointer(p, 'ResultPath'), `${where}.ResultPath`, 'reference', true);
      if ('Assign' in c) {
        checkAssignNames(ctx, c['Assign'], childPointer(p, 'Assign'), `${where}.Assign`, true);
        checkPayloadTemplate(ctx, c['Assign'], childPointer(p, 'Assign'), `${where}.Assign`);
      }
    }
  }
}

/** Shared checks of a Retry or Catch list; returns its elements. */
function checkErrorHandlerList(
  ctx: Ctx, site: StateSite, value: unknown, pointer: string, field: string, noun: string,
): readonly unknown[] {
  if (!Array.isArray(value)) {
    ctx.add('invalid-value', pointer, `State "${site.name}": ${field} must be an array of ${noun}s, not ${jsonType(value)}`);
    return [];
  }
  for (let i = 0; i < value.length; i++) {
    const h: unknown = value[i];
    const p = childPointer(pointer, i);
    const where = `State "${site.name}": ${field}[${i}]`;
    if (!isObj(h)) {
      ctx.add('not-an-object', p, `${where} must be a ${noun} object, not ${jsonType(h)}`);
      continue;
    }
    const errors = h['ErrorEquals'];
    const ep = childPointer(p, 'ErrorEquals');
    if (errors === undefined) { ctx.add('missing-field', p, `${where} has no ErrorEquals; list the error names it handles (e.g. ["States.ALL"])`); continue; }
    if (!Array.isArray(errors)) { ctx.add('invalid-value', ep, `${where}.ErrorEquals must be an array of error names, not ${jsonType(errors)}`); continue; }
    if (errors.length === 0) { ctx.add('empty-list', ep, `${where}.ErrorEquals is empty; list at least one error name`); continue; }
    for (let j = 0; j < errors.length; j++) {
      const e: unknown = errors[j];
      if (typeof e !== 'string') ctx.add('invalid-value', childPointer(ep, j), `${where}.ErrorEquals[${j}] must be an error name string, not ${jsonType(e)}`);
    }
    const all = errors.indexOf('States.ALL');
    if (all >= 0) {
      if (errors.length > 1) {
        ctx.add('states-all-not-last', childPointer(ep, all), `${where}: "States.ALL" must appear alone in ErrorEquals; move the other error names to an earlier ${noun}`);
      }
      if (i !== value.length - 1) {
        ctx.add('states-all-not-last', p, `${where} handles "States.ALL" but is not the last ${noun}; move it to the end of ${field}`);
      }
    }
  }
  return value;
}

/** Checks an optional integer field against an inclusive range. @internal */
export function checkInteger(ctx: Ctx, value: unknown, pointer: string, where: string, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    ctx.add('invalid-value', pointer, `${where} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}
