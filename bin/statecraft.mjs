#!/usr/bin/env node
// Entry point of the `statecraft` command. The CLI and the user's pipeline files are
// TypeScript; tsx's loader lets them run with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
