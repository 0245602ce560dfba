/**
 * The local `transform` Glue job, the TypeScript twin of `transform.py`: run
 * `../sql/transform.sql` (the same file) as one Redshift Data API batch.
 */
import { readFileSync } from 'node:fs';
import { quoteQualifiedIdent } from '../../../src/csv/index.js';
import type { JobDeps } from './common.js';
import { JobError, requiredArg, runBatch, runIdLiteral, splitStatements } from './common.js';

/** The transform SQL, shared with the Python job. */
export const TRANSFORM_SQL_FILE = new URL('../sql/transform.sql', import.meta.url);

function table(args: Readonly<Record<string, string>>, name: string): string {
  try {
    return quoteQualifiedIdent(requiredArg(args, name));
  } catch (e) {
    if (e instanceof JobError) throw e;
    throw new JobError(`${name}: ${(e as Error).message}`);
  }
}

/** The transform statements with their placeholders filled (checked identifiers, checked run id). */
export function transformStatements(sql: string, args: Readonly<Record<string, string>>): string[] {
  const values: Readonly<Record<string, string>> = {
    stage_table: table(args, '--stage-table'),
    target_table: table(args, '--target-table'),
    run_id: runIdLiteral(requiredArg(args, '--run-id')),
  };
  const filled = sql.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new JobError(`transform.sql uses an unknown placeholder {{${name}}}`);
    return v;
  });
  return splitStatements(filled);
}

/** Builds the local transform job on injected clients. */
export function transformJob(deps: JobDeps, sql: string = readFileSync(TRANSFORM_SQL_FILE, 'utf8')): (args: Readonly<Record<string, string>>, ctx?: { log(line: string): void }) => Promise<void> {
  return async (args, ctx) => {
    await runBatch(deps, transformStatements(sql, args), `transforming ${args['--stage-table']} into ${args['--target-table']}`);
    ctx?.log(`transformed run ${args['--run-id']} into ${args['--target-table']}`);
  };
}

export default transformJob;
