/**
 * Wait: delays for `Seconds`/`SecondsPath` or until `Timestamp`/`TimestampPath`
 * (JSONata: `Seconds`/`Timestamp` may be expressions). Virtual time just moves
 * the thread's cursor. @see https://states-language.net/spec.html#wait-state
 */
import type { QueryLanguage, WaitState } from '../../asl/types.js';
import type { CompiledPath, JsonataProgram } from '../expr/index.js';
import { NOT_FOUND } from '../expr/index.js';
import type { CompileContext } from '../internal/compile-context.js';
import { enterState, exitState, sleepOn, stateFailure } from '../internal/lifecycle.js';
import type { Node } from '../internal/node.js';
import type { Thread } from '../internal/runtime.js';
import { isPromise, nowOf } from '../internal/runtime.js';
import { compileIo, evalJsonata, finishJsonata, finishJsonPath, lastAssigned, pathScope, selectPath, StatesBinding } from '../internal/state-io.js';
import { TaskFailure } from '../resources.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO-8601 extended offset date-time; NaN when invalid. @internal */
export function parseTimestamp(v: unknown): number {
  if (typeof v !== 'string' || !ISO.test(v)) return NaN;
  return Date.parse(v);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Compiles a Wait state. @internal */
export function compileWait(cc: CompileContext, ptr: string, name: string, def: WaitState, ql: QueryLanguage): Node {
  const io = compileIo(cc, ptr, def as unknown as Record<string, unknown>, ql, {});
  const forms = (['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'] as const).filter((k) => def[k] !== undefined);
  if (forms.length !== 1) cc.issue(ptr, `a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath (found ${forms.length === 0 ? 'none' : forms.join(', ')})`);
  let secondsPath: CompiledPath | undefined;
  let timestampPath: CompiledPath | undefined;
  let secondsProg: JsonataProgram | undefined;
  let timestampProg: JsonataProgram | undefined;
  if (def.SecondsPath !== undefined) secondsPath = cc.path(`${ptr}/SecondsPath`, def.SecondsPath);
  if (def.TimestampPath !== undefined) timestampPath = cc.path(`${ptr}/TimestampPath`, def.TimestampPath);
  if (ql === 'JSONata') {
    if (typeof def.Seconds === 'string') secondsProg = cc.jsonata(`${ptr}/Seconds`, def.Seconds);
    if (typeof def.Timestamp === 'string' && def.Timestamp.trimStart().startsWith('{%')) timestampProg = cc.jsonata(`${ptr}/Timestamp`, def.Timestamp);
  }
  if (typeof def.Seconds === 'number' && !(Number.isInteger(def.Seconds) && def.Seconds >= 0)) cc.issue(`${ptr}/Seconds`, 'Seconds must be a non-negative integer');
  if (typeof def.Timestamp === 'string' && timestampProg === undefined && Number.isNaN(parseTimestamp(def.Timestamp))) {
    cc.issue(`${ptr}/Timestamp`, `'${def.Timestamp}' is not an ISO-8601 extended offset date-time (e.g. 2016-03-14T01:59:00Z)`);
  }

  /** Milliseconds to wait from now. */
  const delay = (t: Thread, eff: unknown, seconds: unknown, timestamp: unknown): number => {
    const now = nowOf(t);
    if (def.SecondsPath !== undefined) {
      const v = secondsPath!.get(pathScope(t, name, eff, io.usesContext));
      if (v === NOT_FOUND) throw new TaskFailure('States.Runtime', `Invalid path '${def.SecondsPath}' : No results for path: ${def.SecondsPath}`);
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new TaskFailure('States.Runtime', `The SecondsPath parameter cannot be parsed as a long value: ${def.SecondsPath} == ${JSON.stringify(v)}`);
      if (v < 0) throw new TaskFailure('States.Runtime', `The SecondsPath parameter references a negative value: ${def.SecondsPath} == ${v}`);
      return v * 1000;
    }
    if (def.TimestampPath !== undefined) {
      const v = timestampPath!.get(pathScope(t, name, eff, io.usesContext));
      if (v === NOT_FOUND) throw new TaskFailure('States.Runtime', `Invalid path '${def.TimestampPath}' : No results for path: ${def.TimestampPath}`);
      const ts = parseTimestamp(v);
      if (Number.isNaN(ts)) {
        throw new TaskFailure('States.Runtime', `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${def.TimestampPath} == ${typeof v === 'string' ? v : JSON.stringify(v)}`);
      }
      return Math.max(0, ts - now);
    }
    if (def.Seconds !== undefined) {
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw new TaskFailure('States.QueryEvaluationError', `The JSONata expression '${String(def.Seconds).replace(/^\{%\s*|\s*%\}$/g, '')}' specified for the field 'Seconds' returned an unexpected result type. Expected 'integer', but was '${typeName(seconds)}' for value: ${JSON.stringify(seconds)}`);
      }
      return seconds * 1000;
    }
    const ts = parseTimestamp(timestamp);
    if (Number.isNaN(ts)) {
      const err = ql === 'JSONata' ? 'States.QueryEvaluationError' : 'States.Runtime';
      throw new TaskFailure(err, `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof timestamp === 'string' ? timestamp : JSON.stringify(timestamp)}`);
    }
    return Math.max(0, ts - now);
  };

  let next: Node | null = null;
  const finish = (t: Thread, input: unknown, eff: unknown, states: StatesBinding | undefined): unknown => {
    if (ql === 'JSONPath') {
      const output = finishJsonPath(io, t, name, input, eff, false);
      exitState(t, name, 'WaitStateExited', output, lastAssigned());
      t.next = next;
      return output;
    }
    const out = finishJsonata(io, t, states!, input);
    const done = (o: unknown): unknown => {
      exitState(t, name, 'WaitStateExited', o);
      t.next = next;
      return o;
    };
    return isPromise(out) ? out.then(done) : done(out);
  };

  const run = async (t: Thread, input: unknown, eff: unknown, states: StatesBinding | undefined): Promise<unknown> => {
    const seconds = secondsProg !== undefined ? await evalAsync(secondsProg, states!, t) : def.Seconds;
    const timestamp = timestampProg !== undefined ? await evalAsync(timestampProg, states!, t) : def.Timestamp;
    await sleepOn(t, delay(t, eff, seconds, timestamp));
    return finish(t, input, eff, states);
  };

  return {
    name,
    type: 'Wait',
    link(lookup) {
      if (def.Next !== undefined) next = lookup(def.Next);
    },
    run(t: Thread, input: unknown): unknown {
      enterState(t, name, 'WaitStateEntered', input);
      try {
        const eff = ql === 'JSONPath' ? selectPath(io.inputPath, input, t, name, io.usesContext) : input;
        const states = ql === 'JSONata' ? new StatesBinding(t, name, input) : undefined;
        if (secondsProg === undefined && timestampProg === undefined && t.exec.virtual) {
          sleepOn(t, delay(t, eff, def.Seconds, def.Timestamp));
          return finish(t, input, eff, states);
        }
        return run(t, input, eff, states).catch((e: unknown) => { throw stateFailure(t, name, e); });
      } catch (e) {
        throw stateFailure(t, name, e);
      }
    },
  };
}

function evalAsync(p: JsonataProgram, states: StatesBinding, t: Thread): unknown {
  return evalJsonata(p, states, t);
}
