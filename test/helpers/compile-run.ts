/**
 * One-line helpers for compile-and-run tests: compile a pipeline or fail the
 * test with its issues; run a document on the local interpreter or fail the
 * test with the definition/option problem.
 */
import type { AslDocument, QueryLanguage } from '../../src/asl/types.js';
import { compile } from '../../src/compile/index.js';
import type { AnyChain } from '../../src/dsl/chain.js';
import { execute } from '../../src/local/index.js';
import type { ExecuteOptions, ExecutionResult } from '../../src/local/index.js';

/** Compiles `p`, throwing the issues (as JSON) when it does not compile. */
export function compileOk(p: AnyChain, queryLanguage: QueryLanguage = 'JSONPath'): AslDocument {
  const result = compile(p, { queryLanguage });
  if (result.isErr()) throw new Error(JSON.stringify(result.error, null, 2));
  return result.value;
}

/** Runs `doc` locally on `input`, throwing when the definition or the options are refused. */
export async function runLocal(doc: AslDocument, input: unknown, options: ExecuteOptions = {}): Promise<ExecutionResult> {
  const result = await execute(doc, input, options);
  if (result.isErr()) throw new Error(JSON.stringify(result.error));
  return result.value;
}
