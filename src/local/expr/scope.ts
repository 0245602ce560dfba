/**
 * What an expression is evaluated against, and the "nothing here" marker.
 */

/** What `$`, `$$` and `$name` refer to. `vars` may be a prototype chain (`Object.create(parent)`): read it with `name in vars` / `vars[name]`. */
export interface Scope {
  /** The value `$` refers to (the state's effective input at this stage). */
  readonly input: unknown;
  /** The context object (`$$`). */
  readonly context: unknown;
  /** Workflow variables (`$name`), visible through the prototype chain. */
  readonly vars: Readonly<Record<string, unknown>>;
}

/** Returned by {@link CompiledPath.get} when a definite path selects nothing. */
export const NOT_FOUND: unique symbol = Symbol('statecraft.expr.NOT_FOUND');

/** The type of {@link NOT_FOUND}. */
export type NotFound = typeof NOT_FOUND;
