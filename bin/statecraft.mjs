#!/usr/bin/env node
// Entry point of the `statecraft` command.
//
// An installed copy (under node_modules/) runs the built CLI from dist/. A checkout (this
// repository, or one linked with `npm link`) runs the TypeScript sources, so it is never
// stale: tsx compiles them on the fly, and the `statecraft-source` export condition makes
// a pipeline file's `import … from 'statecraft'` load those same sources, not dist/.
// Either way tsx's loader is registered: users' pipeline files are TypeScript.
import { realpathSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const installed = realpathSync(fileURLToPath(import.meta.url)).split(sep).includes('node_modules');
if (!installed) {
  // Registered after tsx, so it runs first and hands tsx the extra condition.
  registerHooks(
    'data:text/javascript,export function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, "statecraft-source"] }); }',
  );
}
// The AWS SDK warns on every run that its releases after January 2027 will need Node 22;
// statecraft supports Node 20, so the deploy commands would print it each time. Set the
// variable to "false" to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import(installed ? '../dist/cli/main.js' : '../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
