/**
 * statecraft/local: the local interpreter. It runs ASL JSON (never DSL
 * objects) with AWS's semantics, a virtual clock, per-state mocks, pluggable
 * resource handlers and an AWS-shaped history.
 *
 * Imports: `src/asl` (types) and its own folders only; resources plug in by
 * ARN pattern (see `resources.ts`).
 */
export { execute, checkOptions, type InvalidOptions, type ExecuteOptions, type ExecutionResult, type ExecutionStatus, type ExecutionHandle, type CallbackError } from './execute.js';
export { prepare, type PreparedMachine, type InvalidDefinition, type DefinitionIssue } from './prepare.js';
export { parseMockConfig, type StateMock, type StateMocks, type MockResponse, type MockConfigError } from './mocks.js';
export { TaskFailure, type TaskCall, type ResourceHandler, type ResourcePattern, type ResourceRegistration } from './resources.js';
export { virtualClock, realClock, DEFAULT_VIRTUAL_START, type Clock } from './clock.js';
export { visitedStates, type HistoryEvent, type HistoryEventType } from './history.js';
export { localMatchers, type LocalMatchers } from './testing/matchers.js';
export * from './services/index.js';
