/**
 * `prepare(definition)`: validates an ASL document and compiles every path,
 * template, intrinsic call, Choice rule and JSONata expression once, so each
 * execution does no parsing.
 */
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { QueryLanguage } from '../asl/types.js';
import { CompileContext } from './internal/compile-context.js';
import type { DefinitionIssue } from './internal/compile-context.js';
import { compileFragment } from './internal/compile-machine.js';
import type { Fragment } from './internal/node.js';
import type { ExecuteOptions, ExecutionHandle, ExecutionResult } from './execution.js';
import { startExecution } from './execution.js';

export type { DefinitionIssue } from './internal/compile-context.js';

/** The definition cannot run: every problem found, each with a JSON pointer. */
export interface InvalidDefinition {
  readonly kind: 'invalid-definition';
  readonly issues: readonly DefinitionIssue[];
  /** One readable paragraph listing the issues. */
  readonly message: string;
}

/** A compiled state machine, ready to run many times. */
export interface PreparedMachine {
  /** The ASL document it was compiled from. */
  readonly definition: unknown;
  /** Every state name, nested states included. */
  readonly stateNames: ReadonlySet<string>;
  /** Runs one execution to its end. */
  execute(input?: unknown, options?: ExecuteOptions): Promise<ExecutionResult>;
  /** Starts one execution and returns a handle (callbacks, stop) and its result promise. */
  start(input?: unknown, options?: ExecuteOptions): ExecutionHandle;
}

/** Internal view of a prepared machine. @internal */
export interface CompiledMachine {
  readonly root: Fragment;
  readonly timeoutSeconds: number | undefined;
  readonly comment: string | undefined;
  /** Some state evaluates JSONata, whose objects have no prototype: the output is made plain (see plain-json.ts). */
  readonly usesJsonata: boolean;
}

/**
 * What was passed instead of an ASL document, for the two easy mistakes: a
 * pipeline (not compiled yet) and the `Result` of `compile()`. Duck-typed:
 * this layer never imports the DSL or neverthrow's classes by identity.
 */
function notAnAslDocument(def: object): string | undefined {
  if ('StartAt' in def || 'States' in def) return undefined;
  const d = def as { kind?: unknown; data?: unknown; isOk?: unknown; isErr?: unknown };
  if (d.kind === 'chain' && typeof d.data === 'object' && d.data !== null) {
    return 'got a pipeline, not its ASL: compile it first, e.g. execute(compileOrThrow(pipeline), input)';
  }
  if (typeof d.isOk === 'function' && typeof d.isErr === 'function') {
    return "got a Result (what compile() returns), not an ASL document: use compileOrThrow(pipeline), or unwrap the Result's value";
  }
  return undefined;
}

/**
 * Validates and compiles an ASL document (object or JSON text).
 * @see https://states-language.net/spec.html
 */
export function prepare(definition: unknown): Result<PreparedMachine, InvalidDefinition> {
  let def = definition;
  if (typeof def === 'string') {
    try {
      def = JSON.parse(def) as unknown;
    } catch (e) {
      return invalid([{ pointer: '', message: `the definition is not JSON: ${(e as Error).message}` }]);
    }
  }
  const cc = new CompileContext();
  if (def === null || typeof def !== 'object' || Array.isArray(def)) return invalid([{ pointer: '', message: 'the definition must be an ASL object with StartAt and States' }]);
  const mistaken = notAnAslDocument(def);
  if (mistaken !== undefined) return invalid([{ pointer: '', message: mistaken }]);
  const d = def as { QueryLanguage?: unknown; TimeoutSeconds?: unknown; Comment?: unknown };
  let ql: QueryLanguage = 'JSONPath';
  if (d.QueryLanguage !== undefined) {
    if (d.QueryLanguage !== 'JSONPath' && d.QueryLanguage !== 'JSONata') cc.issue('/QueryLanguage', 'QueryLanguage must be "JSONPath" or "JSONata"');
    else ql = d.QueryLanguage;
  }
  if (d.TimeoutSeconds !== undefined && !(typeof d.TimeoutSeconds === 'number' && Number.isInteger(d.TimeoutSeconds) && d.TimeoutSeconds > 0)) {
    cc.issue('/TimeoutSeconds', 'TimeoutSeconds must be a positive integer');
  }
  let root: Fragment | undefined;
  try {
    root = compileFragment(cc, '', def, ql);
  } catch (e) {
    cc.issue('', `the definition could not be compiled: ${(e as Error).message}`);
  }
  if (cc.issues.length > 0 || root === undefined) return invalid(cc.issues.length > 0 ? cc.issues : [{ pointer: '/StartAt', message: 'no start state' }]);
  const machine: CompiledMachine = {
    root,
    timeoutSeconds: typeof d.TimeoutSeconds === 'number' ? d.TimeoutSeconds : undefined,
    comment: typeof d.Comment === 'string' ? d.Comment : undefined,
    usesJsonata: cc.usesJsonata,
  };
  return ok({
    definition: def,
    stateNames: cc.stateNames,
    start: (input, options) => startExecution(machine, input, options ?? {}),
    execute: (input, options) => startExecution(machine, input, options ?? {}).result,
  });
}

function invalid(issues: readonly DefinitionIssue[]): Result<never, InvalidDefinition> {
  const message = `invalid state machine definition:\n${issues.map((i) => `  ${i.pointer === '' ? '/' : i.pointer}: ${i.message}`).join('\n')}`;
  return err({ kind: 'invalid-definition', issues, message });
}
