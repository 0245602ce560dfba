import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAsl } from '../../src/asl/index.js';

// Real definitions that AWS accepted (the recorded conformance suite) and the benchmark
// workloads: the validator must find no issue in any of them.
const shared = resolve(import.meta.dirname, '../../../shared');
const casesDir = join(shared, 'conformance/cases');
const workloadsDir = join(shared, 'bench/workloads');

/**
 * Cases the validator may reject, with the reason. Empty: every AWS-accepted definition
 * passes. (Two rules were loosened because of recorded cases: ToleratedFailure* on an
 * INLINE Map, and ProcessorConfig inside a legacy Iterator, are both accepted by AWS.)
 */
const EXPECTED_REJECTIONS: Readonly<Record<string, string>> = {};

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('the validator accepts real definitions', () => {
  it('every AWS-accepted conformance definition validates with zero issues', () => {
    const rejected: string[] = [];
    let count = 0;
    for (const group of readdirSync(casesDir)) {
      for (const file of readdirSync(join(casesDir, group))) {
        const c = readJson(join(casesDir, group, file)) as { id: string; definition: unknown };
        count++;
        const result = validateAsl(c.definition);
        if (result.isErr() && !(c.id in EXPECTED_REJECTIONS)) {
          rejected.push(`${c.id}: ${result.error.map((i) => `${i.pointer} ${i.message}`).join('; ')}`);
        }
      }
    }
    expect(count).toBe(1069);
    expect(rejected).toStrictEqual([]);
  });

  it('every benchmark workload definition validates with zero issues', () => {
    const workloads = readdirSync(workloadsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(workloads.length).toBe(7);
    for (const w of workloads) {
      const result = validateAsl(readJson(join(workloadsDir, w, 'definition.json')));
      expect(result.isOk() ? [] : result.error, w).toStrictEqual([]);
    }
  });
});
