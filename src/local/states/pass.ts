/**
 * Pass: passes its input (or `Result`, or the Parameters payload) to its
 * output. @see https://states-language.net/spec.html#pass-state
 */
import type { PassState, QueryLanguage } from '../../asl/types.js';
import type { CompileContext } from '../internal/compile-context.js';
import { enterState, exitState, stateFailure } from '../internal/lifecycle.js';
import type { Node } from '../internal/node.js';
import type { Thread } from '../internal/runtime.js';
import { isPromise } from '../internal/runtime.js';
import { compileIo, finishJsonata, finishJsonPath, lastAssigned, pathScope, selectPath, StatesBinding } from '../internal/state-io.js';

/** Compiles a Pass state. @internal */
export function compilePass(cc: CompileContext, ptr: string, name: string, def: PassState, ql: QueryLanguage): Node {
  const io = compileIo(cc, ptr, def as unknown as Record<string, unknown>, ql, { parameters: true, resultPath: true });
  const hasResult = def.Result !== undefined;
  const result = def.Result;
  let next: Node | null = null;
  const node: Node = {
    name,
    type: 'Pass',
    link(lookup) {
      if (def.Next !== undefined) next = lookup(def.Next);
    },
    run: ql === 'JSONPath'
      ? (t: Thread, input: unknown): unknown => {
        enterState(t, name, 'PassStateEntered', input);
        let out: unknown;
        let assigned: Record<string, unknown> | undefined;
        try {
          const eff = selectPath(io.inputPath, input, t, name, io.usesContext);
          const r = hasResult ? result : io.parameters !== undefined ? io.parameters(pathScope(t, name, eff, io.usesContext), name) : eff;
          out = finishJsonPath(io, t, name, input, r, false);
          assigned = lastAssigned();
        } catch (e) {
          throw stateFailure(t, name, e);
        }
        exitState(t, name, 'PassStateExited', out, assigned);
        t.next = next;
        return out;
      }
      : (t: Thread, input: unknown): unknown => {
        enterState(t, name, 'PassStateEntered', input);
        const done = (out: unknown): unknown => {
          exitState(t, name, 'PassStateExited', out);
          t.next = next;
          return out;
        };
        let out: unknown;
        try {
          out = finishJsonata(io, t, new StatesBinding(t, name, input), input);
        } catch (e) {
          throw stateFailure(t, name, e);
        }
        if (isPromise(out)) return out.then(done, (e: unknown) => { throw stateFailure(t, name, e); });
        return done(out);
      },
  };
  return node;
}
