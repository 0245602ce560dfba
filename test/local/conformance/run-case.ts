/**
 * Runs one conformance case on the interpreter the way bench/adapters/statecraft.mjs
 * does (recorded Task calls replayed through the suite's mockQueue).
 */
import { prepare, TaskFailure } from '../../../src/local/index.js';
import type { StateMocks } from '../../../src/local/index.js';

/** A case of ../shared/conformance/cases. */
export interface ConformanceCase {
  readonly id: string;
  readonly group: string;
  readonly definition: unknown;
  readonly input: unknown;
  readonly expect: { status: string; output?: unknown; error?: string; cause?: string };
  readonly events: string[] | null;
  readonly eventOrder?: 'strict' | 'multiset';
  readonly mocks?: Record<string, { output?: unknown; error?: string | null; cause?: string | null; input?: unknown }[]>;
  readonly placeholders?: string[];
}

interface MockQueue {
  readonly mismatches: unknown[];
  take(state: string, input: unknown): { output?: unknown; error?: string | null; cause?: string | null } | undefined;
}

/** What the scorer compares. */
export interface RunnerResult {
  status: string;
  output?: unknown;
  error?: string | undefined;
  cause?: string | undefined;
  events?: string[];
  mockInputMismatches?: unknown[];
}

/** Runs a case; never throws. */
export async function runCase(c: ConformanceCase, mockQueue: (m: unknown, p: unknown) => MockQueue): Promise<RunnerResult> {
  const p = prepare(structuredClone(c.definition));
  if (p.isErr()) return { status: 'INVALID_DEFINITION', error: p.error.message };
  const queue = mockQueue(c.mocks ?? {}, c.placeholders ?? []);
  const mocks: Record<string, StateMocks[string]> = {};
  for (const state of Object.keys(c.mocks ?? {})) {
    mocks[state] = (input: unknown) => {
      const call = queue.take(state, input);
      if (call === undefined) throw new TaskFailure('States.Runtime', `no recorded call left for state '${state}'`);
      if ('error' in call) throw new TaskFailure(call.error as string, call.cause ?? undefined);
      return call.output;
    };
  }
  try {
    // The express group was recorded on EXPRESS state machines (StartSyncExecution):
    // the machine's type is part of the recorded setup, which the case format keeps
    // only in the group name.
    const type = c.id.startsWith('express/') ? 'EXPRESS' : 'STANDARD';
    const r = await p.value.execute(structuredClone(c.input), { mocks, type, virtualIdleMs: 5, virtualTaskIdleMs: 5 });
    return { status: r.status, output: r.output, error: r.error, cause: r.cause, events: r.history.map((e) => e.type), mockInputMismatches: queue.mismatches };
  } catch (e) {
    return { status: 'CRASH', error: String(e) };
  }
}
