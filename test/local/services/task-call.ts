import type { ResourceRegistration, TaskCall } from '../../../src/local/resources.js';

/** A TaskCall for resource handler tests (virtual time fixed unless given). */
export function taskCall(resource: string, input: unknown, over: Partial<TaskCall> = {}): TaskCall {
  return {
    resource,
    stateName: 'Step',
    input,
    attempt: 0,
    context: {},
    signal: new AbortController().signal,
    now: () => Date.UTC(2026, 0, 1, 0, 0, 0),
    ...over,
  };
}

/** Calls the registration whose pattern is exactly `resource` (the way the runner would after matching). */
export async function callResource(regs: readonly ResourceRegistration[], resource: string, input: unknown, over: Partial<TaskCall> = {}): Promise<unknown> {
  const reg = regs.find((r) => r.pattern === resource);
  if (reg === undefined) throw new Error(`no registration for ${resource}; have ${regs.map((r) => String(r.pattern)).join(', ')}`);
  return reg.handler(taskCall(resource, input, over));
}
