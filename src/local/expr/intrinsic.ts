/**
 * Intrinsic function calls (`States.Format(…)` etc.), parsed and checked once, then
 * evaluated as closures.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 */
import { err, ok, type Result } from 'neverthrow';
import { TaskFailure } from '../resources.js';
import { stateFailureCause } from './failure.js';
import { compilePath } from './path.js';
import { NOT_FOUND, type Scope } from './scope.js';
import { INTRINSICS, IntrinsicArgumentError } from './internal/intrinsic-functions.js';
import { IntrinsicSyntaxError, parseIntrinsic, type IntrinsicArg, type IntrinsicCall } from './internal/intrinsic-parser.js';

/**
 * An evaluator of an intrinsic call. Fails with `TaskFailure('States.Runtime', …)`:
 * "Invalid arguments in States.X" for arguments AWS rejects, or "The JSONPath '…'
 * specified for the field '…' could not be found in the input '…'" for a path argument
 * that selects nothing. With `stateName` (and the id of the state's entered event) the
 * cause carries AWS's "An error occurred while executing the state …" prefix.
 */
export type IntrinsicEval = (scope: Scope, stateName?: string, enteredEventId?: number) => unknown;

/** Thrown inside evaluation when a path argument finds nothing. @internal */
class PathArgumentMissing extends Error {
  constructor(readonly path: string) {
    super(path);
  }
}

type ArgEval = (scope: Scope) => unknown;

/** True when a `.$` value is an intrinsic call rather than a path. */
export function isIntrinsicText(text: string): boolean {
  return text.trimStart().startsWith('States.');
}

function compileCall(call: IntrinsicCall): Result<ArgEval, string> {
  const def = INTRINSICS[call.name];
  if (def === undefined) return err(`Unknown intrinsic function '${call.name}'`);
  const n = call.args.length;
  if (n < def.minArgs || n > def.maxArgs) {
    // AWS accepts a call with the wrong number of arguments at creation and fails it when
    // it runs (States.Runtime, "Invalid arguments in States.X").
    const expected = def.minArgs === def.maxArgs ? `${def.minArgs}` : def.maxArgs === Infinity ? `at least ${def.minArgs}` : `${def.minArgs} to ${def.maxArgs}`;
    const reason = `it takes ${expected} argument${expected === '1' ? '' : 's'}, but ${n} ${n === 1 ? 'was' : 'were'} given`;
    const name = call.name;
    return ok(() => {
      throw new IntrinsicArgumentError(name, reason);
    });
  }
  const args: ArgEval[] = [];
  for (const a of call.args) {
    const r = compileArg(a);
    if (r.isErr()) return err(r.error);
    args.push(r.value);
  }
  const first = call.args[0];
  const template = call.name === 'States.Format' && first?.kind === 'string' ? first.template : undefined;
  // A template whose '{}' count differs from the values, or with stray braces, is accepted
  // by AWS at creation and fails when it runs: so it is checked at run time.
  const impl = def.call;
  if (args.length === 0) return ok(() => impl([], template));
  return ok((scope) => {
    const values = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) values[i] = (args[i] as ArgEval)(scope);
    return impl(values, template);
  });
}

function compileArg(a: IntrinsicArg): Result<ArgEval, string> {
  switch (a.kind) {
    case 'string': { const v = a.value; return ok(() => v); }
    case 'literal': { const v = a.value; return ok(() => v); }
    case 'call': return compileCall(a.call);
    case 'path': {
      const r = compilePath(a.path);
      if (r.isErr()) return err(r.error);
      const p = r.value;
      const path = a.path;
      return ok((scope) => {
        const v = p.get(scope);
        if (v === NOT_FOUND) throw new PathArgumentMissing(path);
        return v;
      });
    }
  }
}

/**
 * Compiles intrinsic function text, e.g. `States.Format('x{}', $.a)`, once. `field` is the
 * name AWS quotes when a path argument is missing (e.g. `x.$`). The error is a message for
 * the validator (syntax, unknown function); other mistakes fail at run time, as on AWS.
 */
export function compileIntrinsic(expr: string, field = ''): Result<IntrinsicEval, string> {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(expr);
  } catch (e) {
    if (e instanceof IntrinsicSyntaxError) return err(`Invalid intrinsic function call '${expr}': ${e.message} (at position ${e.position})`);
    throw e;
  }
  const compiled = compileCall(call);
  if (compiled.isErr()) return err(`Invalid intrinsic function call '${expr}': ${compiled.error}`);
  const run = compiled.value;
  return ok((scope, stateName, enteredEventId) => {
    try {
      return run(scope);
    } catch (e) {
      let detail: string;
      if (e instanceof IntrinsicArgumentError) detail = e.message;
      else if (e instanceof PathArgumentMissing) {
        detail = `The JSONPath '${e.path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(scope.input) ?? 'null'}'`;
      } else throw e;
      throw new TaskFailure('States.Runtime', stateName === undefined ? detail : stateFailureCause(stateName, enteredEventId, detail));
    }
  });
}
