/**
 * `execute()`: validate, compile and run one execution in one call.
 */
import { err, ok } from 'neverthrow';
import type { Result } from 'neverthrow';
import type { ExecuteOptions, ExecutionResult } from './execution.js';
import type { InvalidDefinition, PreparedMachine } from './prepare.js';
import { prepare } from './prepare.js';

export type { CallbackError, ExecuteOptions, ExecutionHandle, ExecutionResult, ExecutionStatus } from './execution.js';

/** The options cannot apply to this definition (e.g. a mock for a state it does not have). */
export interface InvalidOptions {
  readonly kind: 'invalid-options';
  /** The option at fault, e.g. `mocks.Lod`. */
  readonly field: string;
  readonly message: string;
}

/** Checks options against a prepared machine: every mocked state must exist. */
export function checkOptions(machine: PreparedMachine, options: ExecuteOptions): Result<void, InvalidOptions> {
  for (const state of Object.keys(options.mocks ?? {})) {
    if (!machine.stateNames.has(state)) {
      const known = [...machine.stateNames].join(', ');
      return err({ kind: 'invalid-options', field: `mocks.${state}`, message: `options.mocks names the state '${state}', which the definition does not have (states: ${known})` });
    }
  }
  return ok(undefined);
}

/**
 * Validates, compiles and runs one execution of an ASL document. An invalid
 * definition is an `Err` listing every problem with its JSON pointer; options
 * that cannot apply (a mock for a state that does not exist) are an `Err` too.
 * @example
 * const run = await execute(definition, { n: 1 }, { mocks: { Load: [{ Return: { ok: true } }] } });
 */
export async function execute(definition: unknown, input?: unknown, options: ExecuteOptions = {}): Promise<Result<ExecutionResult, InvalidDefinition | InvalidOptions>> {
  const p = prepare(definition);
  if (p.isErr()) return err(p.error);
  const checked = checkOptions(p.value, options);
  if (checked.isErr()) return err(checked.error);
  return ok(await p.value.execute(input === undefined ? {} : input, options));
}
