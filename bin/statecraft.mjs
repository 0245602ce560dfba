#!/usr/bin/env node
// Entry point of the `statecraft` command. The CLI and the user's pipeline files are
// TypeScript; tsx's loader lets them run with no separate build step.
import { register } from 'tsx/esm/api';

register();
// The AWS SDK warns on every run that its releases after January 2027 will need Node 22;
// statecraft supports Node 20, so the deploy commands would print it each time. Set the
// variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
