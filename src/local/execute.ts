/**
 * `execute()`: validate, compile and run one execution in one call.
 */
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { ExecuteOptions, ExecutionResult } from './execution.js';
import type { InvalidDefinition } from './prepare.js';
import { prepare } from './prepare.js';

export type { CallbackError, ExecuteOptions, ExecutionHandle, ExecutionResult, ExecutionStatus } from './execution.js';

/**
 * Validates, compiles and runs one execution of an ASL document. An invalid
 * definition is an `Err` listing every problem with its JSON pointer.
 * @example
 * const run = await execute(definition, { n: 1 }, { mocks: { Load: [{ Return: { ok: true } }] } });
 */
export async function execute(definition: unknown, input?: unknown, options: ExecuteOptions = {}): Promise<Result<ExecutionResult, InvalidDefinition>> {
  const p = prepare(definition);
  if (p.isErr()) return err(p.error);
  return ok(await p.value.execute(input === undefined ? {} : input, options));
}
