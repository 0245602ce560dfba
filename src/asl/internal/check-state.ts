/**
 * Checks of one state: its Type, fields per type and query language, transitions and the
 * rules of each state type.
 * @see https://states-language.net/spec.html#state-types
 * @internal
 */
import type { QueryLanguage, StateType } from '../types.js';
import { childPointer } from './json-pointer.js';
import { checkCatch, checkInteger, checkRetry, type PendingTarget } from './check-errors.js';
import { checkChoiceState } from './check-choice.js';
import {
  checkAssignNames, checkJsonataStrings, checkPathField, checkPathOrIntrinsic, checkPayloadTemplate, isJsonataString,
} from './check-expressions.js';
import { JSONATA_ONLY, JSONPATH_ONLY, LANGUAGE_HINT, STATE_FIELDS, STATE_TYPES } from './field-sets.js';
import { isObj, jsonType, type Ctx, type Obj, type StateSite } from './context.js';
import type { FragmentKind } from './check-fragment.js';

/** Checks a nested fragment; passed in to keep the module graph acyclic. @internal */
export type FragmentChecker = (ctx: Ctx, fragment: unknown, pointer: string, kind: FragmentKind) => void;

/** Fields never walked for `{% %}` strings: nested fragments are checked on their own. */
const NOT_EXPRESSIONS = new Set(['Type', 'Comment', 'QueryLanguage', 'Next', 'End', 'Branches', 'ItemProcessor', 'Iterator', 'Choices', 'Catch', 'Retry', 'Default']);
/** JSONPath fields holding payload templates. */
const TEMPLATE_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector', 'Credentials'] as const;
/** JSONPath fields holding a Path (`null` allowed). */
const PATH_FIELDS = ['InputPath', 'OutputPath'] as const;
/** JSONPath fields holding a Reference Path. */
const REFERENCE_PATH_FIELDS = ['ResultPath', 'ItemsPath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'SecondsPath', 'TimestampPath',
  'MaxConcurrencyPath', 'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath'] as const;
const WAIT_FIELDS = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'] as const;
/** ToleratedFailure* are not here: AWS accepts them on an INLINE Map (recorded conformance cases). */
const DISTRIBUTED_ONLY = ['ItemReader', 'ItemBatcher', 'ResultWriter', 'Label'] as const;

/**
 * Checks one state; pushes its transition targets to `targets` and its successors to `edges`.
 * @internal
 */
export function checkState(
  ctx: Ctx, name: string, state: unknown, pointer: string, targets: PendingTarget[], edges: string[], fragment: FragmentChecker,
): void {
  if (!isObj(state)) {
    ctx.add('not-an-object', pointer, `State "${name}" must be an object with a Type, not ${jsonType(state)}`);
    return;
  }
  const type = state['Type'];
  if (type === undefined) {
    ctx.add('missing-field', pointer, `State "${name}" has no Type; use one of Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail`);
    return;
  }
  if (typeof type !== 'string' || !STATE_TYPES.has(type)) {
    ctx.add('unknown-state-type', childPointer(pointer, 'Type'), `State "${name}" has unknown Type ${JSON.stringify(type)}; use one of Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail`);
    return;
  }
  const stateType = type as StateType;
  const site: StateSite = { name, pointer, language: stateLanguage(ctx, name, state, pointer) };

  checkFields(ctx, site, stateType, state);
  checkTransitions(ctx, site, stateType, state, targets, edges);
  if (site.language === 'JSONPath') checkJsonPathFields(ctx, site, state);
  else checkJsonataFields(ctx, site, state);
  if ('Retry' in state && STATE_FIELDS[stateType].has('Retry')) checkRetry(ctx, site, state['Retry']);
  if ('Catch' in state && STATE_FIELDS[stateType].has('Catch')) checkCatch(ctx, site, state['Catch'], targets, edges);

  switch (stateType) {
    case 'Task': checkTask(ctx, site, state); break;
    case 'Wait': checkWait(ctx, site, state); break;
    case 'Fail': checkFail(ctx, site, state); break;
    case 'Choice': checkChoiceState(ctx, site, state, targets, edges); break;
    case 'Parallel': checkParallel(ctx, site, state, fragment); break;
    case 'Map': checkMap(ctx, site, state, fragment); break;
    case 'Pass': case 'Succeed': break;
    default: {
      const never: never = stateType;
      throw new Error(`unhandled state type ${String(never)}`);
    }
  }
}

function stateLanguage(ctx: Ctx, name: string, state: Obj, pointer: string): QueryLanguage {
  const ql = state['QueryLanguage'];
  if (ql === undefined) return ctx.documentLanguage;
  const p = childPointer(pointer, 'QueryLanguage');
  if (ql !== 'JSONPath' && ql !== 'JSONata') {
    ctx.add('invalid-value', p, `State "${name}": QueryLanguage must be "JSONPath" or "JSONata", got ${JSON.stringify(ql)}`);
    return ctx.documentLanguage;
  }
  if (ql === 'JSONPath' && ctx.documentLanguage === 'JSONata') {
    ctx.add('wrong-query-language', p, `State "${name}" uses JSONPath but the state machine's QueryLanguage is JSONata; a JSONata state machine cannot contain JSONPath states (set the top-level QueryLanguage to JSONPath and mark the JSONata states instead)`);
  }
  return ql;
}

function checkFields(ctx: Ctx, site: StateSite, type: StateType, state: Obj): void {
  const allowed = STATE_FIELDS[type];
  for (const key of Object.keys(state)) {
    if (key === 'Next' || key === 'End') continue; // checkTransitions reports these per type
    if (!allowed.has(key)) {
      ctx.add('unknown-field', childPointer(site.pointer, key), `State "${site.name}": field "${key}" does not belong to a ${type} state`);
    } else if (site.language === 'JSONata' && JSONPATH_ONLY.has(key)) {
      ctx.add('wrong-query-language', childPointer(site.pointer, key), `State "${site.name}": ${key} is a JSONPath field but the state uses JSONata${languageHint(key)}`);
    } else if (site.language === 'JSONPath' && JSONATA_ONLY.has(key)) {
      ctx.add('wrong-query-language', childPointer(site.pointer, key), `State "${site.name}": ${key} is a JSONata field but the state uses JSONPath${languageHint(key)}`);
    }
  }
}

function languageHint(key: string): string {
  const h = LANGUAGE_HINT[key];
  return h === undefined ? '' : `; ${h}`;
}

function checkTransitions(ctx: Ctx, site: StateSite, type: StateType, state: Obj, targets: PendingTarget[], edges: string[]): void {
  const hasNext = 'Next' in state;
  const hasEnd = 'End' in state;
  if (type === 'Succeed' || type === 'Fail' || type === 'Choice') {
    const why = type === 'Choice' ? 'a Choice state transitions through its Choices and Default' : `a ${type} state ends the execution`;
    if (hasNext) ctx.add('transition-on-terminal', childPointer(site.pointer, 'Next'), `State "${site.name}" has Next but ${why}; remove Next`);
    if (hasEnd) ctx.add('transition-on-terminal', childPointer(site.pointer, 'End'), `State "${site.name}" has End but ${why}; remove End`);
    return;
  }
  if (hasNext && hasEnd) {
    ctx.add('conflicting-transition', site.pointer, `State "${site.name}" has both Next and End; keep exactly one`);
  } else if (!hasNext && !hasEnd) {
    ctx.add('missing-transition', site.pointer, `State "${site.name}" has neither Next nor End; add "Next": "<state>" or "End": true`);
  }
  if (hasEnd && state['End'] !== true) {
    ctx.add('invalid-value', childPointer(site.pointer, 'End'), `State "${site.name}": End must be true, got ${JSON.stringify(state['End'])}; use Next to continue`);
  }
  if (hasNext) {
    const next = state['Next'];
    if (typeof next !== 'string') ctx.add('invalid-value', childPointer(site.pointer, 'Next'), `State "${site.name}": Next must be a state name string, not ${jsonType(next)}`);
    else {
      targets.push({ target: next, pointer: childPointer(site.pointer, 'Next'), what: `Next of state "${site.name}"` });
      edges.push(next);
    }
  }
}

function checkJsonPathFields(ctx: Ctx, site: StateSite, state: Obj): void {
  const where = (f: string): string => `State "${site.name}": ${f}`;
  for (const f of PATH_FIELDS) if (f in state) checkPathField(ctx, state[f], childPointer(site.pointer, f), where(f), 'path', true);
  for (const f of REFERENCE_PATH_FIELDS) {
    if (f in state) checkPathField(ctx, state[f], childPointer(site.pointer, f), where(f), f === 'ResultPath' ? 'reference' : 'path', f === 'ResultPath');
  }
  for (const f of TEMPLATE_FIELDS) {
    if (!(f in state)) continue;
    const v = state[f];
    const p = childPointer(site.pointer, f);
    if ((f === 'Parameters' || f === 'ResultSelector') && !isObj(v)) {
      ctx.add('not-an-object', p, `${where(f)} must be an object (a payload template), not ${jsonType(v)}`);
    } else {
      checkPayloadTemplate(ctx, v, p, where(f));
    }
  }
  if ('Assign' in state) {
    const p = childPointer(site.pointer, 'Assign');
    checkAssignNames(ctx, state['Assign'], p, where('Assign'), true);
    checkPayloadTemplate(ctx, state['Assign'], p, where('Assign'));
  }
}

function checkJsonataFields(ctx: Ctx, site: StateSite, state: Obj): void {
  for (const key of Object.keys(state)) {
    if (NOT_EXPRESSIONS.has(key)) continue;
    checkJsonataStrings(ctx, state[key], childPointer(site.pointer, key), `State "${site.name}": ${key}`);
  }
  if ('Catch' in state && Array.isArray(state['Catch'])) {
    const list: readonly unknown[] = state['Catch'];
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (!isObj(c)) continue;
      const p = childPointer(childPointer(site.pointer, 'Catch'), i);
      for (const f of ['Output', 'Assign'] as const) {
        if (f in c) checkJsonataStrings(ctx, c[f], childPointer(p, f), `State "${site.name}": Catch[${i}].${f}`);
      }
      if ('Assign' in c) checkAssignNames(ctx, c['Assign'], childPointer(p, 'Assign'), `State "${site.name}": Catch[${i}].Assign`, false);
    }
  }
  if ('Assign' in state) checkAssignNames(ctx, state['Assign'], childPointer(site.pointer, 'Assign'), `State "${site.name}": Assign`, false);
}

/** A numeric field that JSONata states may also give as `{% %}`. */
function checkNumberOrExpression(ctx: Ctx, site: StateSite, state: Obj, field: string, min: number, max: number): void {
  const v = state[field];
  if (v === undefined) return;
  if (typeof v === 'string' && site.language === 'JSONata' && isJsonataString(v)) return;
  checkInteger(ctx, v, childPointer(site.pointer, field), `State "${site.name}": ${field}`, min, max);
}

function checkExclusive(ctx: Ctx, site: StateSite, state: Obj, a: string, b: string): void {
  if (a in state && b in state) {
    ctx.add('exclusive-fields', childPointer(site.pointer, b), `State "${site.name}" has both ${a} and ${b}; keep only one`);
  }
}

function checkTask(ctx: Ctx, site: StateSite, state: Obj): void {
  const resource = state['Resource'];
  if (resource === undefined) ctx.add('missing-field', site.pointer, `State "${site.name}" is a Task without Resource; add the ARN of the service or integration to call`);
  else if (typeof resource !== 'string') ctx.add('invalid-value', childPointer(site.pointer, 'Resource'), `State "${site.name}": Resource must be an ARN string, not ${jsonType(resource)}`);
  checkExclusive(ctx, site, state, 'TimeoutSeconds', 'TimeoutSecondsPath');
  checkExclusive(ctx, site, state, 'HeartbeatSeconds', 'HeartbeatSecondsPath');
  checkNumberOrExpression(ctx, site, state, 'TimeoutSeconds', 1, 99_999_999);
  checkNumberOrExpression(ctx, site, state, 'HeartbeatSeconds', 1, 99_999_999);
  const t = state['TimeoutSeconds'];
  const h = state['HeartbeatSeconds'];
  if (typeof t === 'number' && typeof h === 'number' && h >= t) {
    ctx.add('invalid-value', childPointer(site.pointer, 'HeartbeatSeconds'), `State "${site.name}": HeartbeatSeconds (${h}) must be smaller than TimeoutSeconds (${t})`);
  }
}

function checkWait(ctx: Ctx, site: StateSite, state: Obj): void {
  const present = WAIT_FIELDS.filter((f) => f in state);
  if (present.length !== 1) {
    const what = present.length === 0 ? 'none of them' : `${present.join(' and ')}`;
    ctx.add('exclusive-fields', site.pointer, `Wait state "${site.name}" needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath; it has ${what}`);
  }
  checkNumberOrExpression(ctx, site, state, 'Seconds', 0, 99_999_999);
  const ts = state['Timestamp'];
  if (ts !== undefined && !(typeof ts === 'string' && (isTimestamp(ts) || (site.language === 'JSONata' && isJsonataString(ts))))) {
    ctx.add('invalid-value', childPointer(site.pointer, 'Timestamp'), `State "${site.name}": Timestamp must be an ISO-8601 date-time string such as "2026-01-31T12:00:00Z", got ${JSON.stringify(ts)}`);
  }
}

function isTimestamp(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s);
}

function checkFail(ctx: Ctx, site: StateSite, state: Obj): void {
  checkExclusive(ctx, site, state, 'Error', 'ErrorPath');
  checkExclusive(ctx, site, state, 'Cause', 'CausePath');
  for (const f of ['Error', 'Cause'] as const) {
    const v = state[f];
    if (v !== undefined && typeof v !== 'string') ctx.add('invalid-value', childPointer(site.pointer, f), `State "${site.name}": ${f} must be a string, not ${jsonType(v)}`);
  }
  if (site.language === 'JSONPath') {
    for (const f of ['ErrorPath', 'CausePath'] as const) {
      const v = state[f];
      if (v === undefined) continue;
      const p = childPointer(site.pointer, f);
      if (typeof v !== 'string') ctx.add('invalid-value', p, `State "${site.name}": ${f} must be a JSONPath or intrinsic call string, not ${jsonType(v)}`);
      else checkPathOrIntrinsic(ctx, v, p, `State "${site.name}": ${f}`);
    }
  }
}

function checkParallel(ctx: Ctx, site: StateSite, state: Obj, fragment: FragmentChecker): void {
  const branches = state['Branches'];
  const p = childPointer(site.pointer, 'Branches');
  if (branches === undefined) ctx.add('missing-field', site.pointer, `Parallel state "${site.name}" has no Branches; add at least one branch { StartAt, States }`);
  else if (!Array.isArray(branches)) ctx.add('invalid-value', p, `Parallel state "${site.name}": Branches must be an array of branches, not ${jsonType(branches)}`);
  else if (branches.length === 0) ctx.add('empty-list', p, `Parallel state "${site.name}": Branches is empty; add at least one branch`);
  else for (let i = 0; i < branches.length; i++) fragment(ctx, branches[i], childPointer(p, i), 'branch');
}

function checkMap(ctx: Ctx, site: StateSite, state: Obj, fragment: FragmentChecker): void {
  const hasProcessor = 'ItemProcessor' in state;
  const hasIterator = 'Iterator' in state;
  let distributed = false;
  if (hasProcessor && hasIterator) {
    ctx.add('exclusive-fields', childPointer(site.pointer, 'Iterator'), `Map state "${site.name}" has both ItemProcessor and Iterator (its legacy name); keep ItemProcessor`);
  } else if (!hasProcessor && !hasIterator) {
    ctx.add('missing-field', site.pointer, `Map state "${site.name}" has no ItemProcessor; add { ProcessorConfig, StartAt, States } for the per-item workflow`);
  }
  if (hasProcessor) {
    const proc = state['ItemProcessor'];
    const pp = childPointer(site.pointer, 'ItemProcessor');
    if (isObj(proc) && 'ProcessorConfig' in proc) distributed = checkProcessorConfig(ctx, site, proc['ProcessorConfig'], childPointer(pp, 'ProcessorConfig'));
    fragment(ctx, proc, pp, 'processor');
  }
  if (hasIterator) {
    const iter = state['Iterator'];
    const ip = childPointer(site.pointer, 'Iterator');
    if (isObj(iter) && 'ProcessorConfig' in iter) distributed = checkProcessorConfig(ctx, site, iter['ProcessorConfig'], childPointer(ip, 'ProcessorConfig'));
    fragment(ctx, iter, ip, 'iterator');
  }
  if (!distributed) {
    for (const f of DISTRIBUTED_ONLY) {
      if (f in state) ctx.add('distributed-only', childPointer(site.pointer, f), `Map state "${site.name}": ${f} is only allowed in a DISTRIBUTED Map; set ItemProcessor.ProcessorConfig.Mode to "DISTRIBUTED" or remove ${f}`);
    }
  }
  checkExclusive(ctx, site, state, 'ItemSelector', 'Parameters');
  checkExclusive(ctx, site, state, 'MaxConcurrency', 'MaxConcurrencyPath');
  checkExclusive(ctx, site, state, 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath');
  checkExclusive(ctx, site, state, 'ToleratedFailureCount', 'ToleratedFailureCountPath');
  checkNumberOrExpression(ctx, site, state, 'MaxConcurrency', 0, 99_999_999);
  checkNumberOrExpression(ctx, site, state, 'ToleratedFailureCount', 0, 99_999_999);
  const pct = state['ToleratedFailurePercentage'];
  if (pct !== undefined && !(typeof pct === 'string' && site.language === 'JSONata' && isJsonataString(pct))
    && (typeof pct !== 'number' || !(pct >= 0 && pct <= 100))) {
    ctx.add('invalid-value', childPointer(site.pointer, 'ToleratedFailurePercentage'), `Map state "${site.name}": ToleratedFailurePercentage must be a number from 0 to 100, got ${JSON.stringify(pct)}`);
  }
  const items = state['Items'];
  if (items !== undefined && site.language === 'JSONata' && !Array.isArray(items) && !(typeof items === 'string' && isJsonataString(items))) {
    ctx.add('invalid-value', childPointer(site.pointer, 'Items'), `Map state "${site.name}": Items must be an array or a JSONata expression "{% … %}", not ${jsonType(items)}`);
  }
  for (const f of ['ItemReader', 'ResultWriter'] as const) {
    if (f in state) checkResourceBlock(ctx, site, state[f], childPointer(site.pointer, f), f);
  }
  if ('ItemBatcher' in state && site.language === 'JSONPath' && isObj(state['ItemBatcher']) && 'BatchInput' in state['ItemBatcher']) {
    checkPayloadTemplate(ctx, state['ItemBatcher']['BatchInput'], childPointer(childPointer(site.pointer, 'ItemBatcher'), 'BatchInput'), `Map state "${site.name}": ItemBatcher.BatchInput`);
  }
}

function checkProcessorConfig(ctx: Ctx, site: StateSite, config: unknown, pointer: string): boolean {
  if (!isObj(config)) {
    ctx.add('not-an-object', pointer, `Map state "${site.name}": ProcessorConfig must be an object, not ${jsonType(config)}`);
    return false;
  }
  const mode = config['Mode'];
  if (mode !== undefined && mode !== 'INLINE' && mode !== 'DISTRIBUTED') {
    ctx.add('invalid-value', childPointer(pointer, 'Mode'), `Map state "${site.name}": ProcessorConfig.Mode must be "INLINE" or "DISTRIBUTED", got ${JSON.stringify(mode)}`);
  }
  const exec = config['ExecutionType'];
  if (exec !== undefined && exec !== 'STANDARD' && exec !== 'EXPRESS') {
    ctx.add('invalid-value', childPointer(pointer, 'ExecutionType'), `Map state "${site.name}": ProcessorConfig.ExecutionType must be "STANDARD" or "EXPRESS", got ${JSON.stringify(exec)}`);
  }
  return mode === 'DISTRIBUTED';
}

function checkResourceBlock(ctx: Ctx, site: StateSite, block: unknown, pointer: string, field: string): void {
  if (!isObj(block)) {
    ctx.add('not-an-object', pointer, `Map state "${site.name}": ${field} must be an object with a Resource, not ${jsonType(block)}`);
    return;
  }
  if (typeof block['Resource'] !== 'string') {
    ctx.add('missing-field', pointer, `Map state "${site.name}": ${field} needs a Resource ARN string (e.g. "arn:aws:states:::s3:getObject")`);
  }
  if (site.language === 'JSONPath') {
    if ('Arguments' in block) ctx.add('wrong-query-language', childPointer(pointer, 'Arguments'), `Map state "${site.name}": ${field}.Arguments is a JSONata field but the state uses JSONPath; use Parameters`);
    if ('Parameters' in block) checkPayloadTemplate(ctx, block['Parameters'], childPointer(pointer, 'Parameters'), `Map state "${site.name}": ${field}.Parameters`);
  } else if ('Parameters' in block) {
    ctx.add('wrong-query-language', childPointer(pointer, 'Parameters'), `Map state "${site.name}": ${field}.Parameters is a JSONPath field but the state uses JSONata; use Arguments`);
  }
}
