/**
 * Parallel: runs every branch on the state's effective input; the result is
 * the array of branch outputs in branch order. If any branch fails the state
 * fails with that branch's error (after its own Retry/Catch). Branches read
 * the outer variables; what they assign stays inside the branch.
 * @see https://states-language.net/spec.html#parallel-state
 */
import type { ParallelState, QueryLanguage } from '../../asl/types.js';
import type { CompileContext } from '../internal/compile-context.js';
import { enterState, exitState, pendingStateFailed, stateFailure, withRecovery } from '../internal/lifecycle.js';
import type { Fragment, Node } from '../internal/node.js';
import { runFrom } from '../internal/node.js';
import { compileRecovery } from '../internal/recovery.js';
import type { Thread } from '../internal/runtime.js';
import { childThread, emit, isPromise } from '../internal/runtime.js';
import { compileIo, evalJsonata, finishJsonata, finishJsonPath, lastAssigned, pathScope, selectPath, StatesBinding } from '../internal/state-io.js';
import type { TaskFailure } from '../resources.js';

/** Compiles a fragment (supplied by the machine compiler). @internal */
export type FragmentCompiler = (ptr: string, frag: unknown, ql: QueryLanguage) => Fragment | undefined;

/** Compiles a Parallel state. @internal */
export function compileParallel(cc: CompileContext, ptr: string, name: string, def: ParallelState, ql: QueryLanguage, fragment: FragmentCompiler): Node {
  const io = compileIo(cc, ptr, def as unknown as Record<string, unknown>, ql, { parameters: true, resultSelector: true, resultPath: true, arguments: true });
  const rec = compileRecovery(cc, ptr, name, def, ql, 'ParallelStateExited');
  if (!Array.isArray(def.Branches) || def.Branches.length === 0) cc.issue(`${ptr}/Branches`, 'a Parallel state needs a non-empty Branches array');
  const branches: Fragment[] = [];
  (def.Branches ?? []).forEach((b, i) => {
    const f = fragment(`${ptr}/Branches/${i}`, b, ql);
    if (f !== undefined) branches.push(f);
  });
  let next: Node | null = null;

  /** A Task left running by a failing branch is recorded as TaskStateAborted (as AWS does). */
  const aborted = (c: Thread): void => {
    if (c.open === 'TaskStateEntered') emit(c, 'TaskStateAborted', null, null);
    c.open = undefined;
  };

  // differs from AWS: synchronous branches run one after the other (each on its
  // own virtual time cursor from the same start), so their history events do
  // not interleave as AWS's concurrent branches' do; outputs are the same.
  const runBranches = (t: Thread, eff: unknown): unknown => {
    emit(t, 'ParallelStateStarted', null, null);
    const start = t.time;
    const results = new Array<unknown>(branches.length);
    const threads: Thread[] = [];
    const pending: Promise<unknown>[] = [];
    let failure: TaskFailure | undefined;
    const settleTime = (): void => {
      for (const c of threads) if (c.time > t.time) t.time = c.time;
      t.prev = t.exec.eventCounter;
    };
    for (let i = 0; i < branches.length; i++) {
      const c = childThread(t, t.vars, start);
      threads.push(c);
      try {
        const r = runFrom(c, branches[i]!.start, eff);
        if (isPromise(r)) {
          pending.push(r.then((v) => {
            results[i] = v;
          }, (e: unknown) => {
            aborted(c);
            failure ??= e as TaskFailure;
          }));
        } else results[i] = r;
      } catch (e) {
        aborted(c);
        failure = e as TaskFailure;
        break;
      }
    }
    const done = (): unknown[] => {
      settleTime();
      if (failure !== undefined) {
        const f = failure;
        pendingStateFailed.set(f, () => emit(t, 'ParallelStateFailed', null, null));
        throw f;
      }
      // AWS records no ParallelStateSucceeded: the branches' events are followed by ParallelStateExited.
      return results;
    };
    // When a branch fails, the Parallel state fails at once and the other
    // branches are cancelled: they stop when they next enter a state.
    const cancelOthers = (): void => {
      for (const c of threads) c.cancelled = true;
    };
    if (pending.length === 0 || failure !== undefined) {
      if (failure !== undefined) cancelOthers();
      return done();
    }
    return new Promise<unknown[]>((resolve, reject) => {
      let left = pending.length;
      let settled = false;
      const one = (): void => {
        left--;
        if (settled || (left > 0 && failure === undefined)) return;
        settled = true;
        if (failure !== undefined) cancelOthers();
        try {
          resolve(done());
        } catch (e) {
          reject(e);
        }
      };
      for (const p of pending) void p.then(one);
    });
  };

  const attempt = (t: Thread, input: unknown): unknown => {
    if (ql === 'JSONPath') {
      const eff0 = selectPath(io.inputPath, input, t, name, io.usesContext);
      const eff = io.parameters === undefined ? eff0 : io.parameters(pathScope(t, name, eff0, io.usesContext), name);
      const r = runBranches(t, eff);
      const fin = (res: unknown): unknown => {
        const output = finishJsonPath(io, t, name, input, res, true);
        exitState(t, name, 'ParallelStateExited', output, lastAssigned());
        t.next = next;
        return output;
      };
      return isPromise(r) ? r.then(fin) : fin(r);
    }
    const states = new StatesBinding(t, name, input);
    const args = io.args === undefined ? input : evalJsonata(io.args, states, t);
    const go = (a: unknown): unknown => {
      const r = runBranches(t, a);
      const fin = (res: unknown): unknown => {
        states['result'] = res;
        const out = finishJsonata(io, t, states, res);
        const done = (o: unknown): unknown => {
          exitState(t, name, 'ParallelStateExited', o);
          t.next = next;
          return o;
        };
        return isPromise(out) ? out.then(done) : done(out);
      };
      return isPromise(r) ? r.then(fin) : fin(r);
    };
    return isPromise(args) ? args.then(go) : go(args);
  };

  return {
    name,
    type: 'Parallel',
    link(lookup) {
      if (def.Next !== undefined) next = lookup(def.Next);
      rec.link(lookup);
    },
    run(t: Thread, input: unknown): unknown {
      enterState(t, name, 'ParallelStateEntered', input);
      return withRecovery(t, name, rec, input, () => {
        try {
          const r = attempt(t, input);
          return isPromise(r) ? r.catch((e: unknown) => { throw stateFailure(t, name, e); }) : r;
        } catch (e) {
          throw stateFailure(t, name, e);
        }
      });
    },
  };
}
