/**
 * A compiled state: a closure over its compiled expressions. `run` returns the
 * state's output synchronously whenever nothing asynchronous happens (so a
 * chain of Pass/Choice states never awaits), or a Promise otherwise, and sets
 * `thread.next` to the following node (null: the fragment ends here).
 */
import type { StateType } from '../../asl/types.js';
import type { Thread } from './runtime.js';
import { isPromise } from './runtime.js';

/** A compiled state. @internal */
export interface Node {
  readonly name: string;
  readonly type: StateType;
  run(t: Thread, input: unknown): unknown;
  /** Resolves state names (Next, Default, Catch targets) once every node exists. */
  link(lookup: (name: string) => Node): void;
}

/** A compiled state machine or fragment (Parallel branch, Map processor). @internal */
export interface Fragment {
  readonly start: Node;
  readonly nodes: ReadonlyMap<string, Node>;
}

/**
 * Runs a fragment from `node` until a terminal state; stays synchronous until
 * a state returns a Promise. Throws (or rejects with) the TaskFailure that ends
 * the fragment. @internal
 */
export function runFrom(t: Thread, node: Node, input: unknown): unknown {
  let current: Node | null = node;
  let value = input;
  while (current !== null) {
    const r = current.run(t, value);
    if (isPromise(r)) {
      return r.then((v) => {
        const next = t.next as Node | null;
        return next === null ? v : runFrom(t, next, v);
      });
    }
    value = r;
    current = t.next as Node | null;
  }
  return value;
}
