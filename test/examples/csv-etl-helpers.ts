/**
 * Shared set-up of the CSV ETL end-to-end tests: a local pipeline on a temp
 * folder (DuckDB in memory unless asked), and questions about where a file is
 * and what was loaded.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalPipeline } from '../../examples/csv-etl/local.js';
import type { LocalPipeline, LocalPipelineOptions } from '../../examples/csv-etl/local.js';

/** A sample file of the example. */
export const sample = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../../examples/csv-etl/data/${name}`, import.meta.url)));

/** The header of the orders schema. */
export const HEADER = 'order_id,customer_email,amount,currency,status,order_date,created_at,paid,note';
/** A valid order row; `row({ amount: 'x' })` changes fields by name. */
export function row(changes: Partial<Record<'order_id' | 'customer_email' | 'amount' | 'currency' | 'status' | 'order_date' | 'created_at' | 'paid' | 'note', string>> = {}): string {
  const base = { order_id: '1', customer_email: 'a@example.com', amount: '10.00', currency: 'EUR', status: 'paid', order_date: '2024-05-01', created_at: '2024-05-01T09:00:00Z', paid: 'true', note: '' };
  return Object.values({ ...base, ...changes }).join(',');
}

/** Runs `fn` on a fresh local pipeline in a temp folder, then closes it and removes the folder. */
export async function withPipeline<T>(options: Omit<LocalPipelineOptions, 'root'>, fn: (lp: LocalPipeline, root: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'csv-etl-e2e-'));
  const lp = await createLocalPipeline({ inMemory: true, ...options, root });
  try {
    return await fn(lp, root);
  } finally {
    await lp.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** Uploads a file under `source/`, waits for everything it started, and returns the one execution's outcome. */
export async function land(lp: LocalPipeline, name: string, body: string | Uint8Array) {
  const report = await lp.upload(name, body);
  await lp.idle();
  const started = report.results[0];
  if (started === undefined || started.status !== 'started') throw new Error(`the trigger started nothing: ${JSON.stringify(report)}`);
  const execution = lp.executions.get(started.executionName);
  if (execution?.outcome === undefined) throw new Error(`execution ${started.executionName} did not end`);
  return execution.outcome;
}

/** Every key of the data bucket (sorted). */
export async function keys(lp: LocalPipeline): Promise<string[]> {
  return (await lp.services.s3.listObjectsV2({ Bucket: lp.bucket })).Contents.map((o) => o.Key).sort();
}

/**
 * The top-level prefixes (`source/`, `archive/`, `error/`) under which a file
 * named `name` is now (`archive/<run id>/source/a.csv` is under `archive/`).
 */
export async function placesOf(lp: LocalPipeline, name: string): Promise<string[]> {
  return (await keys(lp)).filter((k) => k.slice(k.lastIndexOf('/') + 1) === name).map((k) => k.slice(0, k.indexOf('/') + 1));
}

/**
 * Every key of the data bucket (sorted), the run id of an `archive/`,
 * `error/` or `manifests/` key written `<run>` once checked to be the name of an execution
 * of this pipeline (else the key is left as it is, so the test fails).
 */
export async function runKeys(lp: LocalPipeline): Promise<string[]> {
  return (await keys(lp)).map((k) => {
    const m = /^(archive|error)\/([^/]+)\/(.+)$/.exec(k);
    if (m !== null) return lp.executions.has(m[2] ?? '') ? `${m[1]}/<run>/${m[3]}` : k;
    const manifest = /^manifests\/([^/]+)\.manifest$/.exec(k);
    return manifest !== null && lp.executions.has(manifest[1] ?? '') ? 'manifests/<run>.manifest' : k;
  });
}

/** Rows of a table staged or loaded from one object key. */
export async function rowCount(lp: LocalPipeline, table: 'staging.orders' | 'public.orders', key: string): Promise<number> {
  const r = await lp.services.redshift.query(`select count(*)::int as n from ${table} where source_key = :key`, { key });
  return Number(r[0]?.['n']);
}

/** The SNS messages sent, parsed. */
export async function notifications(lp: LocalPipeline): Promise<{ subject: string | undefined; message: Record<string, unknown> }[]> {
  return (await lp.services.sns.messages(lp.topic)).map((m) => ({ subject: m.Subject, message: JSON.parse(m.Message) as Record<string, unknown> }));
}

/** The validator report inside a rejection's cause (Lambda error JSON around the report JSON). */
export function reportOf(cause: unknown): { error: string; problems?: { rule: string; line: number; field: string }[] } {
  const lambdaError = JSON.parse(String(cause)) as { errorMessage: string };
  return JSON.parse(lambdaError.errorMessage) as { error: string; problems?: { rule: string; line: number; field: string }[] };
}
