/**
 * Payload templates (Parameters, ResultSelector, ItemSelector, JSONPath Assign,
 * ItemBatcher.BatchInput, Credentials): keys ending in `.$` take a path or an intrinsic
 * call; everything else is literal.
 * @see https://states-language.net/spec.html#payload-template
 */
import { err, ok, type Result } from 'neverthrow';
import { TaskFailure } from '../resources.js';
import { stateFailureCause } from './failure.js';
import { compileIntrinsic, isIntrinsicText } from './intrinsic.js';
import { compilePath } from './path.js';
import { NOT_FOUND, type Scope } from './scope.js';
import { frozenCopy, setOwn } from './internal/json-value.js';
import { generateObjectBuilder } from './internal/codegen.js';

/**
 * Evaluates a compiled template. Returned values may share constant sub-trees with the
 * template (they are frozen): treat results as immutable.
 */
export type PayloadEval = (scope: Scope, stateName: string, enteredEventId?: number) => unknown;

interface Compiled {
  readonly constant: boolean;
  /** Set when constant. */
  readonly value?: unknown;
  readonly run: PayloadEval;
}

function constant(v: unknown): Compiled {
  const value = frozenCopy(v);
  return { constant: true, value, run: () => value };
}

function compileDynamic(key: string, text: unknown, where: string): Result<Compiled, string> {
  if (typeof text !== 'string') return err(`The value of '${key}' at ${where || '/'} must be a JSONPath or an intrinsic function call (a string), got ${JSON.stringify(text)}`);
  if (isIntrinsicText(text)) {
    const r = compileIntrinsic(text, key);
    if (r.isErr()) return err(`${r.error} (in '${key}' at ${where || '/'})`);
    const run = r.value;
    return ok({ constant: false, run });
  }
  const r = compilePath(text);
  if (r.isErr()) return err(`${r.error} (in '${key}' at ${where || '/'})`);
  const path = r.value;
  const src = text;
  return ok({
    constant: false,
    run: (scope, stateName, enteredEventId) => {
      const v = path.get(scope);
      if (v !== NOT_FOUND) return v;
      const detail = `The JSONPath '${src}' specified for the field '${key}' could not be found in the input '${JSON.stringify(scope.input) ?? 'null'}'`;
      throw new TaskFailure('States.Runtime', stateFailureCause(stateName, enteredEventId, detail));
    },
  });
}

function compileNode(node: unknown, where: string): Result<Compiled, string> {
  if (Array.isArray(node)) {
    const items: Compiled[] = [];
    for (let i = 0; i < node.length; i++) {
      const r = compileNode(node[i], `${where}/${i}`);
      if (r.isErr()) return r;
      items.push(r.value);
    }
    if (items.every((c) => c.constant)) return ok(constant(node));
    const runs = items.map((c) => c.run);
    return ok({
      constant: false,
      run: (scope, name, id) => {
        const out = new Array<unknown>(runs.length);
        for (let i = 0; i < runs.length; i++) out[i] = (runs[i] as PayloadEval)(scope, name, id);
        return out;
      },
    });
  }
  if (typeof node !== 'object' || node === null) return ok(constant(node));
  const keys: string[] = [];
  const parts: Compiled[] = [];
  const seen = new Set<string>();
  for (const [k, v] of Object.entries(node)) {
    const dynamic = k.endsWith('.$');
    const outKey = dynamic ? k.slice(0, -2) : k;
    if (seen.has(outKey)) return err(`Duplicate field '${outKey}' at ${where || '/'} once '.$' suffixes are removed`);
    seen.add(outKey);
    const r = dynamic ? compileDynamic(k, v, where) : compileNode(v, `${where}/${k}`);
    if (r.isErr()) return r;
    keys.push(outKey);
    parts.push(r.value);
  }
  if (parts.every((c) => c.constant)) return ok(constant(node));
  const n = keys.length;
  const runs = parts.map((c) => c.run);
  const built = generateObjectBuilder(keys, runs);
  if (built !== undefined) return ok({ constant: false, run: built });
  if (keys.includes('__proto__')) {
    return ok({
      constant: false,
      run: (scope, name, id) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) setOwn(out, keys[i] as string, (runs[i] as PayloadEval)(scope, name, id));
        return out;
      },
    });
  }
  return ok({
    constant: false,
    run: (scope, name, id) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) out[keys[i] as string] = (runs[i] as PayloadEval)(scope, name, id);
      return out;
    },
  });
}

/**
 * Compiles one `.$`-style value: a path (`$…`, `$$…`, `$var…`) or an intrinsic call, for
 * fields such as a Fail state's ErrorPath/CausePath. `field` is the name AWS quotes when
 * the path selects nothing (`States.Runtime`, "The JSONPath '…' specified for the field
 * '<field>' could not be found in the input '…'").
 */
export function compileValueExpression(text: string, field: string): Result<PayloadEval, string> {
  return compileDynamic(field, text, field).map((c) => c.run);
}

/**
 * Compiles a payload template once. At run time a path that selects nothing fails with
 * `TaskFailure('States.Runtime', "… The JSONPath '$.x' specified for the field 'x.$'
 * could not be found in the input '…'")`; a failing intrinsic fails with `States.Runtime`
 * and "Invalid arguments in States.X". The error is a message for the validator.
 */
export function compilePayloadTemplate(template: unknown): Result<PayloadEval, string> {
  return compileNode(template, '').map((c) => c.run);
}
