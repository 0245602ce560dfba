/**
 * Fail: stops the (sub-)machine with an error and a cause, from `Error`/`Cause`
 * or `ErrorPath`/`CausePath` (a path or an intrinsic function), or JSONata
 * expressions. @see https://states-language.net/spec.html#fail-state
 */
import type { FailState, QueryLanguage } from '../../asl/types.js';
import type { JsonataProgram, Scope } from '../expr/index.js';
import { NOT_FOUND } from '../expr/index.js';
import type { CompileContext } from '../internal/compile-context.js';
import { enterState, stateFailure } from '../internal/lifecycle.js';
import type { Node } from '../internal/node.js';
import type { Thread } from '../internal/runtime.js';
import { isPromise } from '../internal/runtime.js';
import { evalJsonata, pathScope, StatesBinding } from '../internal/state-io.js';
import { TaskFailure } from '../resources.js';

type Getter = (scope: Scope, stateName: string, enteredEventId?: number) => unknown;

function compileRef(cc: CompileContext, ptr: string, src: string, field: string): Getter | undefined {
  return cc.valueExpression(ptr, src, field);
}

/** Compiles a Fail state. @internal */
export function compileFail(cc: CompileContext, ptr: string, name: string, def: FailState, ql: QueryLanguage): Node {
  let errorGet: Getter | undefined;
  let causeGet: Getter | undefined;
  let errorProg: JsonataProgram | undefined;
  let causeProg: JsonataProgram | undefined;
  if (ql === 'JSONPath') {
    if (def.ErrorPath !== undefined) errorGet = compileRef(cc, `${ptr}/ErrorPath`, def.ErrorPath, 'ErrorPath');
    if (def.CausePath !== undefined) causeGet = compileRef(cc, `${ptr}/CausePath`, def.CausePath, 'CausePath');
  } else {
    if (def.Error !== undefined) errorProg = cc.jsonata(`${ptr}/Error`, def.Error);
    if (def.Cause !== undefined) causeProg = cc.jsonata(`${ptr}/Cause`, def.Cause);
  }
  const usesContext = JSON.stringify(def).includes('$$');
  const read = (g: Getter, t: Thread, input: unknown): string | undefined => {
    const v = g(pathScope(t, name, input, usesContext), name, t.enteredId);
    if (v === NOT_FOUND || v === undefined) return undefined;
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  return {
    name,
    type: 'Fail',
    link() {},
    run(t: Thread, input: unknown): unknown {
      enterState(t, name, 'FailStateEntered', input);
      try {
        if (ql === 'JSONPath') {
          const error = errorGet !== undefined ? read(errorGet, t, input) : def.Error;
          const cause = causeGet !== undefined ? read(causeGet, t, input) : def.Cause;
          throw new TaskFailure(error ?? '', cause);
        }
        const states = new StatesBinding(t, name, input);
        const e = errorProg === undefined ? def.Error : evalJsonata(errorProg, states, t);
        const c = causeProg === undefined ? def.Cause : evalJsonata(causeProg, states, t);
        const fail = (ev: unknown, cv: unknown): never => {
          throw new TaskFailure(ev === undefined ? '' : String(ev), cv === undefined ? undefined : String(cv));
        };
        if (isPromise(e) || isPromise(c)) {
          return Promise.all([e, c]).then(([ev, cv]) => fail(ev, cv)).catch((x: unknown) => { throw x instanceof TaskFailure && x.error !== 'States.QueryEvaluationError' ? x : stateFailure(t, name, x); });
        }
        return fail(e, c);
      } catch (e) {
        if (e instanceof TaskFailure && e.error !== 'States.Runtime' && e.error !== 'States.QueryEvaluationError' && e.error !== 'States.IntrinsicFailure') throw e;
        throw stateFailure(t, name, e);
      }
    },
  };
}
