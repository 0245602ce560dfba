/**
 * Runtime checks of catch options (what the types cannot check for untyped callers).
 */
import { describe, expect, test } from 'vitest';
import { pipeline } from '../../src/dsl/index.js';
import type { Step } from '../../src/steps/step.js';
import { passStep } from '../../src/steps/flow/index.js';

const step = passStep('work', { kind: 'identity' }) as unknown as Step<{ id: string }, { id: string }, 'Work.Failed'>;
const base = pipeline<{ id: string }>('p');
type Untyped = (s: unknown, o: unknown) => unknown;

describe('catch options', () => {
  test('a rejoining handler is recorded with rejoin: true, others with false', () => {
    const p = base.step(step, {
      catch: [
        { on: ['Work.Failed'], rejoin: true, then: (b) => b.pass() },
        { on: ['States.ALL'], then: (b) => b.fail({ error: 'Broken' }) },
      ],
    });
    const node = p.data.nodes[0];
    expect(node?.kind === 'step' ? node.catch.map((c) => [c.on, c.rejoin]) : undefined).toStrictEqual([[['Work.Failed'], true], [['States.ALL'], false]]);
  });

  test('a rejoining handler that ends in fail() is refused, naming the entry', () => {
    const untyped = base.step.bind(base) as unknown as Untyped;
    expect(() => untyped(step, { catch: [{ on: ['States.ALL'], rejoin: true, then: (b: typeof base) => b.fail({ error: 'X' }) }] }))
      .toThrow(new TypeError('catch[0]: rejoin: true, but the handler ends in fail(), so it can never rejoin; drop rejoin or the final fail()'));
  });

  test('rejoin must be a boolean', () => {
    const untyped = base.step.bind(base) as unknown as Untyped;
    expect(() => untyped(step, { catch: [{ on: ['States.ALL'], rejoin: 'yes', then: (b: typeof base) => b.pass() }] }))
      .toThrow(new TypeError('catch[0].rejoin must be true or false, got "yes"'));
  });
});
