/**
 * The expression layer against real AWS recordings: every case of the shared conformance
 * suite that consists only of Pass, Fail, Choice and Succeed states is run through a
 * tiny test runner built on the expression layer and scored with the suite's compare.mjs.
 */
import { describe, expect, it } from 'vitest';
import { isMiniRunnable, loadGroup, runMini } from './helpers/mini-pass-runner.js';

// compare.mjs is a dependency-free ES module beside the cases.
const { compareCase } = (await import(new URL('../../../../shared/conformance/compare.mjs', import.meta.url).href)) as {
  compareCase: (c: unknown, r: unknown) => { pass: boolean; reasons: string[] };
};

const GROUPS = ['intrinsic_functions', 'base', 'scenarios', 'evaluate_jsonata', 'choice_operators', 'assign', 'query_language', 'outputdecl', 'context_object'];

describe.each(GROUPS)('conformance group %s (Pass/Fail/Choice-only cases)', (group) => {
  const cases = loadGroup(group).filter(isMiniRunnable);
  it.each(cases.map((c) => [c.id, c] as const))('%s matches what AWS recorded', async (_id, c) => {
    const r = await runMini(c);
    const verdict = compareCase(c, r);
    expect({ ...verdict, actual: r }).toMatchObject({ pass: true });
  });
});
