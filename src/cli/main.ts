/**
 * The `statecraft` command line: compile, graph, run, dev, plan, diff, deploy, destroy.
 * It turns every expected failure into one clear message and an exit code; it never calls
 * `process.exit` (bin/statecraft.mjs sets the exit code from `main`'s result).
 *
 * Imports: everything (cli is the top layer); nothing imports cli.
 */
import type { ArgsDef, CommandDef, ParsedArgs } from 'citty';
import { readFile } from 'node:fs/promises';
import { parseArgs, renderUsage } from 'citty';
import { EXIT_BAD_INPUT, formatCliError } from './errors.js';
import type { CliIo } from './io.js';
import { processIo } from './io.js';
import type { CliCommand, CliDeps } from './internal/command.js';
import { CliFailure } from './internal/command.js';

/** A command as `--help` lists it; its module (and what it imports: the SDK, DuckDB…) loads only when it runs. */
interface CommandEntry {
  readonly description: string;
  load(): Promise<CliCommand>;
}

/** The commands by name, in the order `statecraft --help` lists them. */
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  compile: { description: 'Compile a pipeline module to Amazon States Language JSON', load: async () => (await import('./commands/compile.js')).compileCommand },
  graph: { description: 'Draw a pipeline or an ASL definition as Mermaid, DOT or SVG', load: async () => (await import('./commands/graph.js')).graphCommand },
  run: { description: 'Run a pipeline or an ASL definition on the local interpreter (virtual time)', load: async () => (await import('./commands/run.js')).runCommand },
  dev: { description: 'Watch the local source/ folder and run the pipeline for each file that lands', load: async () => (await import('./commands/dev.js')).devCommand },
  plan: { description: 'Show what a deploy would create or change (--offline: no AWS call)', load: async () => (await import('./commands/deploy.js')).planCommand },
  diff: { description: 'Compare the deployed state machine and IAM policies with the pipeline', load: async () => (await import('./commands/deploy.js')).diffCommand },
  deploy: { description: 'Deploy the pipeline to AWS', load: async () => (await import('./commands/deploy.js')).deployCommand },
  destroy: { description: 'Delete the deployed resources of the pipeline', load: async () => (await import('./commands/deploy.js')).destroyCommand },
};

const ROOT: CommandDef<ArgsDef> = {
  meta: { name: 'statecraft', description: 'AWS Step Functions workflows as typed TypeScript' },
  subCommands: Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, { meta: { name, description: c.description } }])),
};

/** The package's version, from its package.json. */
async function version(): Promise<string> {
  const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** citty's usage text, without the Markdown-style backticks it leaves for its own console formatter. */
async function usage(cmd: CommandDef<ArgsDef>, parent?: CommandDef<ArgsDef>): Promise<string> {
  const text = await renderUsage(cmd, parent);
  return `${text.replace(/`/g, '').split('\n').map((line) => line.trimEnd()).join('\n').trimEnd()}\n`;
}

/** Names (and aliases) a command accepts as `--option`. */
async function knownOptions(def: CommandDef<ArgsDef>): Promise<Set<string>> {
  const args = typeof def.args === 'function' ? await def.args() : await def.args;
  const known = new Set<string>(['help', 'h']);
  for (const [name, arg] of Object.entries(args ?? {})) {
    if (arg.type === 'positional') continue;
    known.add(name);
    if ('alias' in arg && arg.alias !== undefined) for (const a of [arg.alias].flat()) known.add(a);
  }
  return known;
}

/** The first `--option` in argv that the command does not define, if any. */
function unknownOption(argv: readonly string[], known: ReadonlySet<string>): string | undefined {
  for (const raw of argv) {
    if (raw === '--') break;
    if (!raw.startsWith('-') || raw === '-') continue;
    const name = raw.replace(/^--?/, '').split('=')[0] ?? '';
    const bare = name.startsWith('no-') ? name.slice(3) : name;
    if (!known.has(name) && !known.has(bare)) return raw.split('=')[0];
  }
  return undefined;
}

/**
 * Runs the `statecraft` command line with `argv` (without `node` and the script) and returns
 * the exit code: 0 on success, 1 when a run did not succeed, 2 on bad input.
 * `io` defaults to the process's streams and working directory; `deps` injects AWS clients (tests).
 */
export async function main(argv: readonly string[], io: CliIo = processIo(), deps: CliDeps = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await usage(ROOT));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${await version()}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr(`statecraft: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')} (see statecraft --help)\n`);
    return EXIT_BAD_INPUT;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(await usage(command.def, ROOT));
    return 0;
  }
  const unknown = unknownOption(rest, await knownOptions(command.def));
  if (unknown !== undefined) {
    io.stderr(`statecraft ${name}: unknown option ${unknown} (see statecraft ${name} --help)\n`);
    return EXIT_BAD_INPUT;
  }
  let args: ParsedArgs<ArgsDef>;
  try {
    const defs = typeof command.def.args === 'function' ? await command.def.args() : await command.def.args;
    args = parseArgs(rest, defs ?? {});
  } catch (e) {
    io.stderr(`statecraft ${name}: ${e instanceof Error ? e.message : String(e)} (see statecraft ${name} --help)\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(args, io, deps);
  } catch (e) {
    if (e instanceof CliFailure) {
      io.stderr(`statecraft ${name}: ${formatCliError(e.error)}\n`);
      return EXIT_BAD_INPUT;
    }
    // Not bad input: a bug in statecraft. The stack helps whoever fixes it.
    io.stderr(`statecraft ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
