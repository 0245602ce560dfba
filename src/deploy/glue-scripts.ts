/**
 * Glue job scripts as the deployer ships them: the script, the files it declares with a
 * `# statecraft:file --argument path` line (uploaded beside it, the argument set to their
 * S3 URI), and the job arguments that name the Redshift target.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import type { RedshiftTarget } from '../steps/redshift/index.js';
import type { Deployable } from '../steps/step.js';

/** A file a Glue script declares, uploaded next to it. */
export interface GlueFile {
  /** The job argument that receives the file's `s3://` URI, e.g. `--transform-sql`. */
  readonly argument: string;
  /** The file's name (its key under the job's folder in the assets bucket). */
  readonly name: string;
  readonly body: Uint8Array;
}

/** A Glue job's script and the files it declares. */
export interface GlueScript {
  readonly body: Uint8Array;
  readonly files: readonly GlueFile[];
}

/**
 * `# statecraft:file --transform-sql ../sql/transform.sql`: a file the script reads, by a
 * path relative to the script. The deployer uploads it and passes its URI in the argument.
 */
const FILE_DIRECTIVE = /^#\s*statecraft:file\b(.*)$/;
const DIRECTIVE_ARGS = /^\s+(--[A-Za-z0-9_.-]+)\s+(\S+)\s*$/;

/**
 * The job arguments naming the Redshift target, as the csv-etl scripts read them
 * (`--redshift-database`, then `--redshift-workgroup`, or `--redshift-cluster` with
 * `--redshift-secret-arn` or `--redshift-db-user`; neither: the job's IAM identity).
 */
export function redshiftArguments(target: RedshiftTarget): Record<string, string> {
  const out: Record<string, string> = { '--redshift-database': target.database };
  if ('cluster' in target) {
    out['--redshift-cluster'] = target.cluster;
    if (target.dbUser !== undefined) out['--redshift-db-user'] = target.dbUser;
  } else {
    out['--redshift-workgroup'] = target.workgroup;
  }
  if (target.secretArn !== undefined) out['--redshift-secret-arn'] = target.secretArn;
  return out;
}

async function readDeclaredFiles(scriptPath: string, text: string): Promise<GlueFile[]> {
  const files: GlueFile[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const directive = FILE_DIRECTIVE.exec(line.trimEnd());
    if (directive === null) continue;
    const where = `${scriptPath}:${i + 1}`;
    const args = DIRECTIVE_ARGS.exec(directive[1] ?? '');
    if (args === null) throw new Error(`${where}: write the file directive as '# statecraft:file --argument relative/path'`);
    const [, argument, path] = args as unknown as [string, string, string];
    const name = basename(path);
    if (files.some((f) => f.argument === argument || f.name === name)) throw new Error(`${where}: ${argument} or a file named ${name} is declared twice`);
    const abs = resolvePath(dirname(scriptPath), path);
    let body: Uint8Array;
    try {
      body = new Uint8Array(await readFile(abs));
    } catch (e) {
      throw new Error(`${where}: the declared file ${path} cannot be read (${abs}): ${e instanceof Error ? e.message : String(e)}`);
    }
    files.push({ argument, name, body });
  }
  return files;
}

/**
 * Reads the Glue scripts the deployables name (paths resolved with `resolve`) and the
 * files each declares. Throws an `Error` whose message names the file and line.
 */
export async function readGlueScripts(deployables: readonly Deployable[], resolve: (path: string) => string): Promise<Map<string, GlueScript>> {
  const scripts = new Map<string, GlueScript>();
  for (const d of deployables) {
    if (d.kind !== 'glue-job') continue;
    const path = resolve(d.scriptPath);
    let body: Uint8Array;
    try {
      body = new Uint8Array(await readFile(path));
    } catch (e) {
      const missing = (e as { code?: unknown }).code === 'ENOENT';
      throw new Error(`glueJob('${d.id}') script ${d.scriptPath}: ${missing ? 'no such file' : `cannot be read (${e instanceof Error ? e.message : String(e)})`} at ${path} (a relative path starts from the folder of the pipeline file: the deploy option baseDir)`);
    }
    scripts.set(d.id, { body, files: await readDeclaredFiles(path, new TextDecoder().decode(body)) });
  }
  return scripts;
}

/**
 * The CloudWatch log groups a Glue job writes to: Python shell jobs to
 * `/aws-glue/python-jobs/{output,error}`, Spark jobs to `/aws-glue/jobs/{output,error,logs-v2}`.
 * @see https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html
 */
export function glueLogGroups(command: 'pythonshell' | 'glueetl'): readonly string[] {
  return command === 'pythonshell'
    ? ['/aws-glue/python-jobs/output', '/aws-glue/python-jobs/error']
    : ['/aws-glue/jobs/output', '/aws-glue/jobs/error', '/aws-glue/jobs/logs-v2'];
}
