/**
 * The input/output pipeline of a state, in spec order.
 *
 * JSONPath (https://states-language.net/spec.html#filters and AWS "Processing
 * input and output"): InputPath → Parameters → (work) → ResultSelector →
 * ResultPath → OutputPath; Assign is evaluated on the state's result (after
 * ResultSelector) before ResultPath, against the variables as they were
 * before the state.
 * JSONata (AWS "Transforming data with JSONata"): Arguments over
 * `$states.input` → (work) → Output and Assign over `$states.result`.
 */
import type { QueryLanguage } from '../../asl/types.js';
import { NOT_FOUND } from '../expr/index.js';
import type { CompiledPath, JsonataProgram, Scope } from '../expr/index.js';
import { TaskFailure } from '../resources.js';
import type { CompileContext, ResultPathFn, TemplateFn } from './compile-context.js';
import type { Thread } from './runtime.js';
import { contextObject, isPromise } from './runtime.js';

/** Which pipeline fields a state type has. @internal */
export interface IoFields {
  readonly parameters?: boolean;
  readonly resultSelector?: boolean;
  readonly resultPath?: boolean;
  readonly arguments?: boolean;
  readonly output?: boolean;
  readonly assign?: boolean;
}

/** A compiled pipeline; fields are undefined when absent (identity). @internal */
export interface Io {
  readonly ql: QueryLanguage;
  readonly usesContext: boolean;
  /** undefined: `$`; null: `{}`. */
  readonly inputPath: CompiledPath | null | undefined;
  readonly outputPath: CompiledPath | null | undefined;
  readonly parameters: TemplateFn | undefined;
  readonly resultSelector: TemplateFn | undefined;
  readonly resultPath: ResultPathFn | undefined;
  readonly assignPath: TemplateFn | undefined;
  readonly args: JsonataProgram | undefined;
  readonly output: JsonataProgram | undefined;
  readonly assignData: JsonataProgram | undefined;
}

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/** Compiles a state's pipeline. @internal */
export function compileIo(cc: CompileContext, ptr: string, def: Record<string, unknown>, ql: QueryLanguage, f: IoFields): Io {
  const text = JSON.stringify(def);
  const usesContext = ql === 'JSONPath' ? text.includes('$$') : true;
  let inputPath: CompiledPath | null | undefined;
  let outputPath: CompiledPath | null | undefined;
  let parameters: TemplateFn | undefined;
  let resultSelector: TemplateFn | undefined;
  let resultPath: ResultPathFn | undefined;
  let assignPath: TemplateFn | undefined;
  let args: JsonataProgram | undefined;
  let output: JsonataProgram | undefined;
  let assignData: JsonataProgram | undefined;
  if (ql === 'JSONPath') {
    for (const k of ['Arguments', 'Output'] as const) {
      if (def[k] !== undefined) cc.issue(`${ptr}/${k}`, `'${k}' is a JSONata field; this state uses JSONPath (set "QueryLanguage": "JSONata" to use it)`);
    }
    if (def['InputPath'] === null) inputPath = null;
    else if (def['InputPath'] !== undefined && def['InputPath'] !== '$') inputPath = cc.path(`${ptr}/InputPath`, def['InputPath']);
    if (def['OutputPath'] === null) outputPath = null;
    else if (def['OutputPath'] !== undefined && def['OutputPath'] !== '$') outputPath = cc.path(`${ptr}/OutputPath`, def['OutputPath']);
    for (const k of ['Parameters', 'ResultSelector'] as const) {
      const v = def[k];
      if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) cc.issue(`${ptr}/${k}`, `${k} must be an object (a payload template)`);
    }
    if (f.parameters && def['Parameters'] !== undefined) parameters = cc.template(`${ptr}/Parameters`, def['Parameters']);
    if (f.resultSelector && def['ResultSelector'] !== undefined) resultSelector = cc.template(`${ptr}/ResultSelector`, def['ResultSelector']);
    if (f.resultPath && def['ResultPath'] !== undefined && def['ResultPath'] !== '$') {
      resultPath = cc.resultPath(`${ptr}/ResultPath`, def['ResultPath'] as string | null);
    }
    if (def['Assign'] !== undefined) assignPath = cc.template(`${ptr}/Assign`, def['Assign']);
  } else {
    for (const k of ['InputPath', 'OutputPath', 'Parameters', 'ResultSelector', 'ResultPath'] as const) {
      if (def[k] !== undefined) cc.issue(`${ptr}/${k}`, `'${k}' is a JSONPath field; this state uses JSONata (use Arguments/Output instead)`);
    }
    if (f.arguments && def['Arguments'] !== undefined) args = cc.jsonata(`${ptr}/Arguments`, def['Arguments']);
    if (f.output !== false && def['Output'] !== undefined) output = cc.jsonata(`${ptr}/Output`, def['Output']);
    if (def['Assign'] !== undefined) assignData = cc.jsonata(`${ptr}/Assign`, def['Assign']);
  }
  return { ql, usesContext, inputPath, outputPath, parameters, resultSelector, resultPath, assignPath, args, output, assignData };
}

/** AWS's rendering of a path in "No results for path: $['a']['b']". @internal */
export function normalizedPath(src: string): string {
  let out = '$';
  const re = /\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(-?\d+)\s*\]/g;
  let m: RegExpExecArray | null;
  const body = src.startsWith('$') ? src.slice(1) : src;
  while ((m = re.exec(body)) !== null) {
    if (m[4] !== undefined) out += `[${m[4]}]`;
    else out += `['${m[1] ?? m[2] ?? m[3]}']`;
  }
  return out;
}

/**
 * AWS's (Jayway's) words when a path selects nothing: a missing leaf is "No
 * results for path: $['a']['b']", a missing intermediate property is "Missing
 * property in path $['a']". @internal
 */
export function pathMissMessage(src: string, value: unknown): string {
  const segs: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\s*(-?\d+)\s*\]/g;
  const body = src.startsWith('$') ? src.slice(1) : src;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) segs.push(m[4] !== undefined ? Number(m[4]) : (m[1] ?? m[2] ?? m[3] ?? ''));
  let cur: unknown = value;
  let shown = '$';
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    shown += typeof seg === 'number' ? `[${seg}]` : `['${seg}']`;
    const has = cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, seg);
    if (!has) {
      if (i < segs.length - 1 && typeof seg === 'string') return `Invalid path '${src}' : Missing property in path ${shown}`;
      return `Invalid path '${src}' : No results for path: ${normalizedPath(src)}`;
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return `Invalid path '${src}' : No results for path: ${normalizedPath(src)}`;
}

/** Reads InputPath/OutputPath (runtime: States.Runtime "Invalid path …" when nothing matches). @internal */
export function selectPath(p: CompiledPath | null | undefined, value: unknown, t: Thread, stateName: string, usesContext: boolean): unknown {
  if (p === undefined) return value;
  if (p === null) return EMPTY;
  const scope: Scope = { input: value, context: usesContext ? contextObject(t, stateName) : undefined, vars: t.vars };
  const r = p.get(scope);
  if (r === NOT_FOUND) throw new TaskFailure('States.Runtime', pathMissMessage(p.source, value));
  return r;
}

/** Builds the scope for templates and paths. @internal */
export function pathScope(t: Thread, stateName: string, input: unknown, usesContext: boolean): Scope {
  return { input, context: usesContext ? contextObject(t, stateName) : undefined, vars: t.vars };
}

/**
 * `context` of a {@link StatesBinding}, built when read: an own enumerable property (JSONata
 * reads own properties only) whose getter is one shared function. A getter closure per
 * binding made every binding's object shape distinct; V8 keeps such shapes (and through
 * their getters the execution: input, variables…) alive until a full GC, so each JSONata
 * execution's data was promoted to the old generation (+25 MB peak RSS on
 * jsonata-transform).
 */
const LAZY_CONTEXT: PropertyDescriptor = Object.freeze({
  get(this: StatesBinding): unknown {
    return contextObject(this.threadOf(), this.stateNameOf());
  },
  enumerable: true,
  configurable: true,
});

/** The `$states` binding of JSONata; `context` is built only when read. @internal */
export class StatesBinding {
  [key: string]: unknown;
  readonly #t: Thread;
  readonly #name: string;
  /** `context`: a fixed context object (when it must be captured now, e.g. `$$.Map.Item`), else built lazily. */
  constructor(t: Thread, stateName: string, input: unknown, context?: unknown) {
    this.#t = t;
    this.#name = stateName;
    this['input'] = input;
    if (context !== undefined) this['context'] = context;
    else Object.defineProperty(this, 'context', LAZY_CONTEXT);
  }
  /** The state's name. */
  stateNameOf(): string {
    return this.#name;
  }
  /** The thread. */
  threadOf(): Thread {
    return this.#t;
  }
}

/** Evaluates a JSONata program (sync when it can be). @internal */
export function evalJsonata(p: JsonataProgram, states: StatesBinding, t: Thread): unknown {
  return p.evaluate({ states: states as unknown as Record<string, unknown>, vars: t.vars }, states.stateNameOf(), t.enteredId);
}

/** Writes assigned variables into the thread's scope (after every value was evaluated). @internal */
export function applyAssign(t: Thread, values: unknown): void {
  if (values === null || typeof values !== 'object') return;
  if (!t.ownsVars) {
    // First assignment in a Parallel branch / Map iteration: shadow the outer scope.
    t.vars = Object.create(t.vars) as Record<string, unknown>;
    t.ownsVars = true;
  }
  const vars = t.vars;
  for (const k of Object.keys(values)) vars[k] = (values as Record<string, unknown>)[k];
}

/** Evaluates the JSONPath Assign template on the state's result. @internal */
export function assignJsonPath(io: Io, t: Thread, stateName: string, value: unknown): Record<string, unknown> | undefined {
  if (io.assignPath === undefined) return undefined;
  return io.assignPath(pathScope(t, stateName, value, io.usesContext), stateName) as Record<string, unknown>;
}

let assignedByLast: Record<string, unknown> | undefined;

/** The variables assigned by the last finishJsonPath call (for the `…StateExited` event). @internal */
export function lastAssigned(): Record<string, unknown> | undefined {
  return assignedByLast;
}

/**
 * Completes a JSONPath state from its result: ResultSelector, Assign, ResultPath,
 * OutputPath. Returns the output; `lastAssigned()` tells what was assigned. @internal
 */
export function finishJsonPath(io: Io, t: Thread, stateName: string, rawInput: unknown, result: unknown, withResultSelector: boolean): unknown {
  let r = result;
  if (withResultSelector && io.resultSelector !== undefined) r = io.resultSelector(pathScope(t, stateName, r, io.usesContext), stateName);
  const assigned = assignJsonPath(io, t, stateName, r);
  let out = io.resultPath === undefined ? r : io.resultPath(rawInput, r, stateName);
  out = selectPath(io.outputPath, out, t, stateName, io.usesContext);
  if (assigned !== undefined) applyAssign(t, assigned);
  assignedByLast = assigned;
  return out;
}

/**
 * Completes a JSONata state: Output (default `dflt`) and Assign, both evaluated
 * before any variable changes. @internal
 */
export function finishJsonata(io: Io, t: Thread, states: StatesBinding, dflt: unknown): unknown {
  const out = io.output === undefined ? dflt : evalJsonata(io.output, states, t);
  const asg = io.assignData === undefined ? undefined : evalJsonata(io.assignData, states, t);
  if (!isPromise(out) && !isPromise(asg)) {
    if (asg !== undefined) applyAssign(t, asg);
    return out;
  }
  return Promise.all([out, asg]).then(([o, a]) => {
    if (a !== undefined) applyAssign(t, a);
    return o;
  });
}
