/**
 * The AWS-recorded conformance suite (../shared/conformance, 1,069 cases from
 * LocalStack's AWS-validated snapshots). Every case must pass unless it is
 * listed in known-failures.json with a reason; a listed case that passes must
 * be removed from the list, so the score only goes up.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceCase, RunnerResult } from './run-case.js';
import { runCase } from './run-case.js';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, '../../../../shared/conformance');
const known = JSON.parse(readFileSync(resolve(here, 'known-failures.json'), 'utf8')) as Record<string, string>;

interface Scored { id: string; group: string; pass: boolean; reasons: string[]; history: boolean | null }

describe('AWS conformance suite', () => {
  it(`is present beside the project (${shared})`, () => {
    expect(existsSync(resolve(shared, 'score.mjs')), 'place the shared/ folder beside the clone').toBe(true);
  });

  const scored: Scored[] = [];

  beforeAll(async () => {
    const score = (await import(pathToFileURL(resolve(shared, 'score.mjs')).href)) as { loadCases(dir?: string): ConformanceCase[] };
    const compare = (await import(pathToFileURL(resolve(shared, 'compare.mjs')).href)) as {
      compareCase(c: ConformanceCase, r: RunnerResult): { pass: boolean; reasons: string[]; history: boolean | null };
      mockQueue: Parameters<typeof runCase>[1];
    };
    for (const c of score.loadCases()) {
      const r = await runCase(c, compare.mockQueue);
      const cmp = compare.compareCase(c, r);
      scored.push({ id: c.id, group: c.group, pass: cmp.pass, reasons: cmp.reasons, history: cmp.history });
    }
    const passed = scored.filter((s) => s.pass).length;
    const hist = scored.filter((s) => s.history !== null);
    console.log(`conformance: ${passed}/${scored.length} passed; event-type history equal: ${hist.filter((s) => s.history).length}/${hist.length}`);
  }, 300_000);

  it('every case passes unless known-failures.json lists it with a reason', () => {
    const unexpected = scored.filter((s) => !s.pass && known[s.id] === undefined).map((s) => `${s.id}: ${s.reasons.join('; ')}`);
    expect(unexpected).toEqual([]);
  });

  it('every case listed in known-failures.json still fails (remove the ones that pass now)', () => {
    const nowPassing = scored.filter((s) => s.pass && known[s.id] !== undefined).map((s) => s.id);
    expect(nowPassing).toEqual([]);
  });

  it('every known failure names a case of the suite and gives a reason', () => {
    const ids = new Set(scored.map((s) => s.id));
    for (const [id, reason] of Object.entries(known)) {
      expect(ids.has(id), id).toBe(true);
      expect(reason.length).toBeGreaterThan(20);
    }
  });

  it('scores at least 95% of the replayable cases in every group of more than 5 cases', () => {
    // "not replayable": the recording lacks the Task results the case needs.
    const groups = new Map<string, { pass: number; total: number }>();
    for (const s of scored) {
      if (known[s.id]?.startsWith('not replayable:') === true) continue;
      const g = groups.get(s.group) ?? { pass: 0, total: 0 };
      g.total++;
      if (s.pass) g.pass++;
      groups.set(s.group, g);
    }
    const low = [...groups].filter(([, g]) => g.total > 5 && g.pass / g.total < 0.95).map(([name, g]) => `${name} ${g.pass}/${g.total}`);
    expect(low).toEqual([]);
  });

  it('runs the express group as EXPRESS: the runtime-memory case fails only on the role ARN the recording lacks a placeholder for', async () => {
    const score = (await import(pathToFileURL(resolve(shared, 'score.mjs')).href)) as { loadCases(dir?: string): ConformanceCase[] };
    const compare = (await import(pathToFileURL(resolve(shared, 'compare.mjs')).href)) as {
      compareCase(c: ConformanceCase, r: RunnerResult): { pass: boolean };
      mockQueue: Parameters<typeof runCase>[1];
    };
    const c = score.loadCases().find((x) => x.id === 'express/test_express_sync.test_query_runtime_memory');
    expect(c).toBeDefined();
    const withRole = { ...c!, placeholders: [...(c!.placeholders ?? []), 'sfn_role_arn'] };
    expect(compare.compareCase(withRole, await runCase(withRole, compare.mockQueue)).pass).toBe(true);
    // The same recording run as a Standard execution does not match: its Id is an execution ARN.
    const asStandard = { ...withRole, id: 'scenarios/express-as-standard' };
    expect(compare.compareCase(withRole, await runCase(asStandard, compare.mockQueue)).pass).toBe(false);
  });
});
