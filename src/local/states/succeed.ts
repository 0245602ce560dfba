/** Succeed: ends the (sub-)machine successfully. @see https://states-language.net/spec.html#succeed-state */
import type { QueryLanguage, SucceedState } from '../../asl/types.js';
import type { CompileContext } from '../internal/compile-context.js';
import { enterState, exitState, stateFailure } from '../internal/lifecycle.js';
import type { Node } from '../internal/node.js';
import type { Thread } from '../internal/runtime.js';
import { isPromise } from '../internal/runtime.js';
import { compileIo, finishJsonata, selectPath, StatesBinding } from '../internal/state-io.js';

/** Compiles a Succeed state. @internal */
export function compileSucceed(cc: CompileContext, ptr: string, name: string, def: SucceedState, ql: QueryLanguage): Node {
  const io = compileIo(cc, ptr, def as unknown as Record<string, unknown>, ql, {});
  return {
    name,
    type: 'Succeed',
    link() {},
    run(t: Thread, input: unknown): unknown {
      enterState(t, name, 'SucceedStateEntered', input);
      const done = (out: unknown): unknown => {
        exitState(t, name, 'SucceedStateExited', out);
        t.next = null;
        return out;
      };
      let out: unknown;
      try {
        if (ql === 'JSONPath') {
          out = selectPath(io.outputPath, selectPath(io.inputPath, input, t, name, io.usesContext), t, name, io.usesContext);
        } else {
          out = finishJsonata(io, t, new StatesBinding(t, name, input), input);
        }
      } catch (e) {
        throw stateFailure(t, name, e);
      }
      if (isPromise(out)) return out.then(done, (e: unknown) => { throw stateFailure(t, name, e); });
      return done(out);
    },
  };
}
