import type { Result } from 'neverthrow';
import { describe, expectTypeOf, it } from 'vitest';
import { execute, parseMockConfig, prepare } from '../../src/local/index.js';
import type { ExecutionResult, ExecutionStatus, InvalidDefinition, InvalidOptions, MockConfigError, PreparedMachine, StateMocks } from '../../src/local/index.js';

describe('statecraft/local types', () => {
  it('execute returns a Result of the execution or the definition problems', () => {
    expectTypeOf(execute).returns.toEqualTypeOf<Promise<Result<ExecutionResult, InvalidDefinition | InvalidOptions>>>();
    expectTypeOf(prepare).returns.toEqualTypeOf<Result<PreparedMachine, InvalidDefinition>>();
    expectTypeOf(parseMockConfig).returns.toEqualTypeOf<Result<StateMocks, MockConfigError>>();
  });

  it('the status is one of the four AWS final statuses', () => {
    expectTypeOf<ExecutionStatus>().toEqualTypeOf<'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED'>();
  });

  it('the matchers are on vitest assertions', () => {
    // only compile-time: the augmentation adds the matchers to expect()
    expectTypeOf<ReturnType<typeof import('vitest').expect<ExecutionResult>>['toSucceedWith']>().toBeFunction();
    expectTypeOf<ReturnType<typeof import('vitest').expect<ExecutionResult>>['toHaveRetried']>().parameters.toEqualTypeOf<[state: string, n: number]>();
  });
});
