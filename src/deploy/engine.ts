import { ResultAsync, errAsync } from 'neverthrow';
import { arnOf } from './arns.js';
import { driverFor } from './drivers/index.js';
import type { DeployError } from './errors.js';
import { DeployFailure, type DeployClients, type DriverContext } from './internal/context.js';
import { CREATE_ORDER, type Change, type DeployTarget, type Plan, type Resource } from './model.js';

/** Options shared by plan, apply and destroy. */
export interface EngineOptions {
  readonly clients: DeployClients;
  /** Waits between polls; tests pass one that takes no time. @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told of each resource as it is handled (the CLI shows progress with it). */
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Progress of an apply or destroy, one resource at a time. */
export type ProgressEvent =
  | { readonly kind: 'start'; readonly change: Change }
  | { readonly kind: 'done'; readonly change: Change }
  | { readonly kind: 'failed'; readonly change: Change; readonly error: DeployError };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function context(target: DeployTarget, opts: EngineOptions): DriverContext {
  return { clients: opts.clients, target, sleep: opts.sleep ?? realSleep };
}

/** Resources in creation order (stable within a kind). */
export function inCreateOrder(resources: readonly Resource[]): Resource[] {
  return [...resources].sort((a, b) => CREATE_ORDER.indexOf(a.kind) - CREATE_ORDER.indexOf(b.kind));
}

function caught<T>(p: () => Promise<T>): ResultAsync<T, DeployError> {
  return ResultAsync.fromPromise(p(), (e) => {
    if (e instanceof DeployFailure) return e.error;
    // Anything else is a bug of ours, not bad input: let it surface as one.
    throw e;
  });
}

/**
 * Reads the current state of every resource (Get/Describe/List calls only) and returns
 * what apply would change. Makes no write call.
 */
export function planResources(resources: readonly Resource[], target: DeployTarget, opts: EngineOptions): ResultAsync<Plan, DeployError> {
  const ctx = context(target, opts);
  return caught(async () => {
    const changes: Change[] = [];
    for (const resource of inCreateOrder(resources)) {
      const seen = await driverFor(resource).observe(resource, ctx);
      changes.push({ action: seen.action, resource, arn: arnOf(resource, target), reasons: seen.reasons });
    }
    return { target, changes };
  });
}

/**
 * Makes the planned changes in dependency order. Stops at the first failure; running
 * plan and apply again converges, since every driver re-reads what exists.
 */
export function applyPlan(plan: Plan, opts: EngineOptions): ResultAsync<Plan, DeployError> {
  const ctx = context(plan.target, opts);
  return caught(async () => {
    for (const change of plan.changes) {
      if (change.action === 'noop' || change.action === 'delete') continue;
      opts.onProgress?.({ kind: 'start', change });
      try {
        await driverFor(change.resource).apply(change.resource, ctx, { action: change.action, reasons: change.reasons });
      } catch (e) {
        if (e instanceof DeployFailure) opts.onProgress?.({ kind: 'failed', change, error: e.error });
        throw e;
      }
      opts.onProgress?.({ kind: 'done', change });
    }
    return plan;
  });
}

/** Deletes the resources in reverse dependency order; resources already gone are skipped. */
export function destroyResources(resources: readonly Resource[], target: DeployTarget, opts: EngineOptions): ResultAsync<Change[], DeployError> {
  if (resources.length === 0) return errAsync({ kind: 'invalid-options', field: 'pipeline', message: 'nothing to destroy' });
  const ctx = context(target, opts);
  return caught(async () => {
    const done: Change[] = [];
    for (const resource of inCreateOrder(resources).reverse()) {
      const change: Change = { action: 'delete', resource, arn: arnOf(resource, target), reasons: [] };
      opts.onProgress?.({ kind: 'start', change });
      const outcome = await driverFor(resource).destroy(resource, ctx);
      done.push({ ...change, reasons: [outcome === 'deleted' ? 'deleted' : 'already absent'] });
      opts.onProgress?.({ kind: 'done', change });
    }
    return done;
  });
}
