/**
 * What the pipeline needs deployed: IAM statements of the state machine's role
 * and the AWS resources its steps declare. Pure and deterministic.
 */
import type { AnyChain } from '../dsl/chain.js';
import { resourceArn, resourceName } from '../steps/naming.js';
import type { Environment } from '../steps/naming.js';
import type { Deployable, IamStatement } from '../steps/step.js';
import { environmentOf } from './compile.js';
import { allSteps, distributedMaps } from './internal/walk.js';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted, de-duplicated statements; statements on the same resources merged. */
export function normalizeIam(statements: readonly IamStatement[]): IamStatement[] {
  const byResources = new Map<string, { resources: string[]; actions: Set<string> }>();
  for (const s of statements) {
    const resources = [...new Set(s.resources)].sort(byText);
    const key = JSON.stringify(resources);
    const entry = byResources.get(key) ?? { resources, actions: new Set<string>() };
    for (const a of s.actions) entry.actions.add(a);
    byResources.set(key, entry);
  }
  return [...byResources.values()]
    .map((e) => ({ actions: [...e.actions].sort(byText), resources: e.resources }))
    .sort((a, b) => byText(JSON.stringify(a.resources), JSON.stringify(b.resources)) || byText(JSON.stringify(a.actions), JSON.stringify(b.actions)));
}

/**
 * The IAM statements the state machine's role needs: every step's, plus the
 * state machine's own (a distributed Map starts child executions of itself and
 * reads its CSV object).
 */
export function collectIam(pipeline: AnyChain, env: Partial<Environment> = {}): IamStatement[] {
  const e = environmentOf(pipeline, env);
  const stateMachineName = resourceName(e, 'state-machine', pipeline.data.name);
  const stateMachineArn = resourceArn(e, 'state-machine', stateMachineName);
  const ctx = { env: e, stateMachineName, stateMachineArn };
  const out: IamStatement[] = [];
  for (const step of allSteps(pipeline.data)) out.push(...step.iam(ctx));
  const maps = distributedMaps(pipeline.data);
  if (maps.length > 0) {
    out.push({ actions: ['states:StartExecution'], resources: [stateMachineArn] });
    out.push({
      actions: ['states:DescribeExecution', 'states:StopExecution'],
      resources: [`arn:${e.partition}:states:${e.region}:${e.account}:execution:${stateMachineName}/*`],
    });
    for (const m of maps) {
      if (m.source.kind === 'csv') out.push({ actions: ['s3:GetObject'], resources: [`arn:${e.partition}:s3:::${m.source.csv.bucket}/*`] });
    }
  }
  return normalizeIam(out);
}

/** The resources the pipeline's steps need created, de-duplicated by kind and id, sorted. */
export function collectDeployables(pipeline: AnyChain): Deployable[] {
  const seen = new Map<string, Deployable>();
  for (const step of allSteps(pipeline.data)) {
    for (const d of step.deployables) {
      const key = `${d.kind}:${d.id}`;
      if (!seen.has(key)) seen.set(key, d);
    }
  }
  return [...seen.entries()].sort(([a], [b]) => byText(a, b)).map(([, d]) => d);
}
