/**
 * The `statecraft` command line as a library: `main(argv, io)` runs a command and returns
 * its exit code (bin/statecraft.mjs calls it). Nothing else in statecraft imports this layer.
 *
 * Imports: everything (dsl, compile, local, deploy); it is the top layer.
 */
export { main } from './main.js';
export { processIo, type CliIo } from './io.js';
export { EXIT_BAD_INPUT, formatCliError, type CliError, type IssueLine } from './errors.js';
export { buildRunReport, formatDuration, formatRunReport, type RunReport } from './internal/run-report.js';
