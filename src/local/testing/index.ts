/**
 * Test helpers for vitest: `expect.extend(localMatchers)` adds toSucceedWith,
 * toFailWith, toHaveVisited, toHaveRetried and toHaveTakenPath.
 */
export { localMatchers, type LocalMatchers, type ExecutionLike } from './matchers.js';
