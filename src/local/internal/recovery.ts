/**
 * Compiles a state's Retry and Catch fields.
 *
 * A matched catcher's output is the error output `{ Error, Cause }` placed by
 * the catcher's ResultPath into the state's raw input (JSONPath; default `$`
 * replaces it), or the catcher's `Output` over `$states.errorOutput`
 * (JSONata; default: the error output). Its Assign sees the error output.
 * @see https://states-language.net/spec.html#fallback-states
 */
import type { Catcher, QueryLanguage, Retrier } from '../../asl/types.js';
import type { HistoryEventType } from '../history.js';
import type { TaskFailure } from '../resources.js';
import type { CompileContext, ResultPathFn, TemplateFn } from './compile-context.js';
import type { JsonataProgram } from '../expr/index.js';
import type { Recovery } from './lifecycle.js';
import { errorOutput, exitState } from './lifecycle.js';
import type { Node } from './node.js';
import type { CompiledCatcher } from './retry.js';
import { compileCatcherMatch, compileRetrier } from './retry.js';
import type { Thread } from './runtime.js';
import { isPromise } from './runtime.js';
import { applyAssign, evalJsonata, pathScope, StatesBinding } from './state-io.js';

interface CatchParts {
  readonly resultPath: ResultPathFn | undefined;
  readonly assignPath: TemplateFn | undefined;
  readonly output: JsonataProgram | undefined;
  readonly assignData: JsonataProgram | undefined;
  target: Node | null;
}

/** Recovery plus linking of catch targets. @internal */
export interface CompiledRecovery extends Recovery {
  link(lookup: (name: string) => Node): void;
}

/** Compiles Retry/Catch of a state. @internal */
export function compileRecovery(
  cc: CompileContext, ptr: string, name: string, def: { readonly Retry?: readonly Retrier[]; readonly Catch?: readonly Catcher[] },
  ql: QueryLanguage, exitType: HistoryEventType,
): CompiledRecovery {
  if (def.Retry !== undefined && !Array.isArray(def.Retry)) cc.issue(`${ptr}/Retry`, 'Retry must be an array of Retriers');
  if (def.Catch !== undefined && !Array.isArray(def.Catch)) cc.issue(`${ptr}/Catch`, 'Catch must be an array of Catchers');
  const objects = <T>(list: readonly T[] | undefined, field: string): T[] => (Array.isArray(list) ? list : []).filter((x, i) => {
    const good = x !== null && typeof x === 'object' && !Array.isArray(x);
    if (!good) cc.issue(`${ptr}/${field}/${i}`, `a ${field === 'Retry' ? 'Retrier' : 'Catcher'} must be an object with ErrorEquals`);
    return good;
  });
  const retriers = objects(def.Retry, 'Retry').map((r, i) => {
    if (!Array.isArray(r.ErrorEquals) || r.ErrorEquals.length === 0) cc.issue(`${ptr}/Retry/${i}/ErrorEquals`, 'ErrorEquals must be a non-empty array of error names');
    if (r.MaxAttempts !== undefined && (!Number.isInteger(r.MaxAttempts) || r.MaxAttempts < 0)) cc.issue(`${ptr}/Retry/${i}/MaxAttempts`, 'MaxAttempts must be a non-negative integer');
    if (r.BackoffRate !== undefined && !(r.BackoffRate >= 1)) cc.issue(`${ptr}/Retry/${i}/BackoffRate`, 'BackoffRate must be a number >= 1.0');
    if (r.IntervalSeconds !== undefined && !(Number.isInteger(r.IntervalSeconds) && r.IntervalSeconds >= 1)) cc.issue(`${ptr}/Retry/${i}/IntervalSeconds`, 'IntervalSeconds must be a positive integer');
    return compileRetrier(r);
  });
  const catchers: CompiledCatcher[] = [];
  const parts = new Map<CompiledCatcher, CatchParts>();
  objects(def.Catch, 'Catch').forEach((c, i) => {
    const p = `${ptr}/Catch/${i}`;
    if (!Array.isArray(c.ErrorEquals) || c.ErrorEquals.length === 0) cc.issue(`${p}/ErrorEquals`, 'ErrorEquals must be a non-empty array of error names');
    if (typeof c.Next !== 'string') cc.issue(`${p}/Next`, 'a Catcher needs a Next state name');
    const m = compileCatcherMatch(c);
    catchers.push(m);
    if (ql === 'JSONPath') {
      parts.set(m, {
        resultPath: c.ResultPath === undefined || c.ResultPath === '$' ? undefined : cc.resultPath(`${p}/ResultPath`, c.ResultPath),
        assignPath: c.Assign === undefined ? undefined : cc.template(`${p}/Assign`, c.Assign),
        output: undefined,
        assignData: undefined,
        target: null,
      });
    } else {
      if (c.ResultPath !== undefined) cc.issue(`${p}/ResultPath`, "'ResultPath' is a JSONPath field; in JSONata use Output");
      parts.set(m, {
        resultPath: undefined,
        assignPath: undefined,
        output: c.Output === undefined ? undefined : cc.jsonata(`${p}/Output`, c.Output),
        assignData: c.Assign === undefined ? undefined : cc.jsonata(`${p}/Assign`, c.Assign),
        target: null,
      });
    }
  });
  return {
    retriers,
    catchers,
    link(lookup) {
      for (const [m, cp] of parts) cp.target = lookup(m.next);
    },
    applyCatch(t: Thread, c: CompiledCatcher, input: unknown, f: TaskFailure): unknown {
      const cp = parts.get(c)!;
      const eo = errorOutput(f);
      const finish = (out: unknown, assigned: unknown): unknown => {
        if (assigned !== undefined) applyAssign(t, assigned);
        exitState(t, name, exitType, out, assigned as Record<string, unknown> | undefined);
        t.next = cp.target;
        return out;
      };
      if (ql === 'JSONPath') {
        const assigned = cp.assignPath?.(pathScope(t, name, eo, true), name);
        const out = cp.resultPath === undefined ? eo : cp.resultPath(input, eo, name);
        return finish(out, assigned);
      }
      const states = new StatesBinding(t, name, input);
      states['errorOutput'] = eo;
      const out = cp.output === undefined ? eo : evalJsonata(cp.output, states, t);
      const asg = cp.assignData === undefined ? undefined : evalJsonata(cp.assignData, states, t);
      if (isPromise(out) || isPromise(asg)) return Promise.all([out, asg]).then(([o, a]) => finish(o, a));
      return finish(out, asg);
    },
  };
}
