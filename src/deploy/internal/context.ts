import type { GlueClient } from '@aws-sdk/client-glue';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SNSClient } from '@aws-sdk/client-sns';
import { toDeployError, type DeployError } from '../errors.js';
import type { DeployTarget } from '../model.js';

/** The SDK v3 clients the deployer uses; injected so tests use aws-sdk-client-mock. */
export interface DeployClients {
  readonly iam: IAMClient;
  readonly lambda: LambdaClient;
  readonly glue: GlueClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly sfn: SFNClient;
}

/** Everything a driver needs. */
export interface DriverContext {
  readonly clients: DeployClients;
  readonly target: DeployTarget;
  /** Waits between polls and propagation retries; tests pass one that takes no time. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** An SDK failure carried up to the deploy boundary, where it becomes a Result error. */
export class DeployFailure extends Error {
  override readonly name = 'DeployFailure';
  constructor(readonly error: DeployError) {
    super(error.message);
  }
}

/**
 * Sends one SDK call, turning a failure into a {@link DeployFailure} that names the
 * action and resource. `missing` lists error names that mean "does not exist": the
 * call then returns `undefined` instead of failing.
 */
export async function call<T>(
  action: string,
  resource: string,
  send: () => Promise<T>,
  missing: readonly string[] = [],
): Promise<T | undefined> {
  try {
    return await send();
  } catch (e) {
    if (e instanceof Error && (missing.includes(e.name) || (missing.includes('404') && httpStatus(e) === 404))) {
      return undefined;
    }
    throw new DeployFailure(toDeployError(e, action, resource));
  }
}

/** Like {@link call}, for writes, whose result must exist. */
export async function write<T>(action: string, resource: string, send: () => Promise<T>): Promise<T> {
  const out = await call(action, resource, send);
  return out as T;
}

function httpStatus(e: Error): number | undefined {
  const meta = (e as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return meta?.httpStatusCode;
}

/** Stable JSON for comparing documents: object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** Differences between two string maps, as reasons (`tag app changed`). */
export function mapDiff(label: string, want: Readonly<Record<string, string>>, have: Readonly<Record<string, string>> | undefined): string[] {
  const reasons: string[] = [];
  const got = have ?? {};
  for (const k of Object.keys(want).sort()) {
    if (got[k] !== want[k]) reasons.push(`${label} ${k} ${k in got ? 'changed' : 'added'}`);
  }
  for (const k of Object.keys(got).sort()) if (!(k in want)) reasons.push(`${label} ${k} removed`);
  return reasons;
}

/** How many times a call refused because a new IAM role has not propagated yet is retried. */
const ROLE_PROPAGATION_ATTEMPTS = 10;
/** Messages with which Lambda and Step Functions refuse a role IAM has not propagated yet. */
const ROLE_NOT_PROPAGATED = /cannot be assumed|assume the provided role|not authorized to assume/i;

/**
 * IAM is eventually consistent: a role created a moment ago may still be refused by the
 * service that is to assume it. Retries only that refusal, with capped exponential backoff.
 */
export async function withRolePropagation<T>(ctx: DriverContext, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      const propagating = e instanceof DeployFailure && ROLE_NOT_PROPAGATED.test(e.error.message);
      if (!propagating || attempt >= ROLE_PROPAGATION_ATTEMPTS) throw e;
      await ctx.sleep(Math.min(1000 * 2 ** (attempt - 1), 10_000));
    }
  }
}
