import type { ArgsDef, CommandDef, ParsedArgs } from 'citty';
import type { DeployClients } from '../../deploy/index.js';
import type { CliIo } from '../io.js';
import type { CliError } from '../errors.js';

/** What tests inject into commands that talk to AWS (the CLI builds real clients otherwise). */
export interface CliDeps {
  /** SDK v3 clients for plan/diff/deploy/destroy. */
  readonly deployClients?: DeployClients;
  /** Waits between deploy polls. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops long-running commands (`dev`); the CLI stops them on SIGINT/SIGTERM otherwise. */
  readonly signal?: AbortSignal;
}

/** One `statecraft <name>` command: citty's definition (args, usage text) and a runner returning the exit code. */
export interface CliCommand {
  readonly def: CommandDef<ArgsDef>;
  run(args: ParsedArgs<ArgsDef>, io: CliIo, deps: CliDeps): Promise<number>;
}

/** Thrown inside a command to stop with a bad-input error; `main` prints it and returns 2. */
export class CliFailure extends Error {
  constructor(readonly error: CliError) {
    super(error.kind);
    this.name = 'CliFailure';
  }
}

/** A string option's value, or undefined when absent (citty yields `true` for a bare `--flag`). */
export function stringArg(args: ParsedArgs<ArgsDef>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === false) return undefined;
  if (typeof value !== 'string' || value === '') throw new CliFailure({ kind: 'usage', message: `--${name} needs a value` });
  return value;
}

/** A boolean flag's value. */
export function flagArg(args: ParsedArgs<ArgsDef>, name: string): boolean {
  return args[name] === true;
}

/** Checks an option's value against its allowed values (case-insensitive); returns the canonical spelling. */
export function choiceArg<T extends string>(value: string, option: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw new CliFailure({ kind: 'usage', message: `--${option} must be one of ${allowed.join(', ')} (got '${value}')` });
  return found;
}
