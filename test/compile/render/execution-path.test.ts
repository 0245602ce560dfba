import { describe, expect, it } from 'vitest';
import { executionPathFromHistory, executionStepsFromHistory } from '../../../src/compile/render/index.js';
import type { PathHistoryEvent } from '../../../src/compile/render/index.js';

/** Builds a linear history: each event's previousEventId is the one before it. */
function linear(...events: Omit<PathHistoryEvent, 'id' | 'previousEventId'>[]): PathHistoryEvent[] {
  return events.map((e, i) => ({ ...e, id: i + 1, previousEventId: i }));
}
const entered = (type: string, name: string) => ({ type: `${type}StateEntered`, stateEnteredEventDetails: { name } });
const exited = (type: string, name: string) => ({ type: `${type}StateExited`, stateExitedEventDetails: { name } });

describe('executionPathFromHistory', () => {
  it('marks exited states succeeded, a caught failure caught and the state open at ExecutionFailed failed', () => {
    const path = executionPathFromHistory(linear(
      { type: 'ExecutionStarted' },
      entered('Task', 'Validate'), { type: 'TaskScheduled' }, { type: 'TaskSucceeded' }, exited('Task', 'Validate'),
      entered('Task', 'Stage'), { type: 'TaskScheduled' }, { type: 'TaskFailed' }, exited('Task', 'Stage'),
      entered('Task', 'Notify'), { type: 'TaskScheduled' }, { type: 'TaskFailed' },
      { type: 'ExecutionFailed' },
    ));
    expect(path).toStrictEqual({ Validate: 'succeeded', Stage: 'caught', Notify: 'failed' });
  });

  it('counts a retried task that finally succeeds as succeeded', () => {
    const path = executionPathFromHistory(linear(
      entered('Task', 'Glue'), { type: 'TaskFailed' }, { type: 'TaskScheduled' }, { type: 'TaskSucceeded' }, exited('Task', 'Glue'),
      { type: 'ExecutionSucceeded' },
    ));
    expect(path).toStrictEqual({ Glue: 'succeeded' });
  });

  it('attributes interleaved branch events through previousEventId and greys aborted siblings', () => {
    const events: PathHistoryEvent[] = [
      { id: 1, previousEventId: 0, type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'Fan' } },
      { id: 2, previousEventId: 1, type: 'ParallelStateStarted' },
      { id: 3, previousEventId: 2, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'A' } },
      { id: 4, previousEventId: 2, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'B' } },
      { id: 5, previousEventId: 3, type: 'TaskFailed' },
      { id: 6, previousEventId: 4, type: 'TaskStateAborted' },
      { id: 7, previousEventId: 5, type: 'ParallelStateFailed' },
      { id: 8, previousEventId: 7, type: 'ExecutionFailed' },
    ];
    expect(executionPathFromHistory(events)).toStrictEqual({ Fan: 'failed', A: 'failed' });
  });

  it('keeps the failing state of a Parallel branch red although AWS records it as aborted, and greys its sibling', () => {
    // The event sequence AWS records (conformance case callback/…SQS_PARALLEL_WAIT_FOR_TASK_TOKEN), plus a sibling branch.
    const events: PathHistoryEvent[] = [
      { id: 1, previousEventId: 0, type: 'ExecutionStarted' },
      { id: 2, previousEventId: 1, type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'Fan' } },
      { id: 3, previousEventId: 2, type: 'ParallelStateStarted' },
      { id: 4, previousEventId: 3, type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'A' } },
      { id: 5, previousEventId: 3, type: 'WaitStateEntered', stateEnteredEventDetails: { name: 'W' } },
      { id: 6, previousEventId: 4, type: 'TaskScheduled' },
      { id: 7, previousEventId: 6, type: 'TaskFailed' },
      { id: 8, previousEventId: 7, type: 'TaskStateAborted' },
      { id: 9, previousEventId: 5, type: 'WaitStateAborted' },
      { id: 10, previousEventId: 8, type: 'ParallelStateFailed' },
      { id: 11, previousEventId: 10, type: 'ParallelStateExited', stateExitedEventDetails: { name: 'Fan' } },
      { id: 12, previousEventId: 11, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Recover' } },
      { id: 13, previousEventId: 12, type: 'PassStateExited', stateExitedEventDetails: { name: 'Recover' } },
      { id: 14, previousEventId: 13, type: 'ExecutionSucceeded' },
    ];
    expect(executionPathFromHistory(events)).toStrictEqual({ Fan: 'caught', A: 'failed', Recover: 'succeeded' });
  });

  it('keeps the worst status of a state visited several times', () => {
    const path = executionPathFromHistory(linear(
      entered('Pass', 'Loop'), exited('Pass', 'Loop'),
      entered('Task', 'Work'), { type: 'TaskFailed' }, exited('Task', 'Work'),
      entered('Pass', 'Loop'), exited('Pass', 'Loop'),
      entered('Task', 'Work'), { type: 'TaskSucceeded' }, exited('Task', 'Work'),
    ));
    expect(path).toStrictEqual({ Loop: 'succeeded', Work: 'caught' });
  });
});

describe('executionStepsFromHistory', () => {
  it('gives each visit its virtual timings and attempts, and closes a caught Parallel with its failed branch', () => {
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));
    const steps = executionStepsFromHistory([
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: at(0) },
      { id: 2, previousEventId: 1, type: 'ParallelStateEntered', timestamp: at(0), stateEnteredEventDetails: { name: 'Fan' } },
      { id: 3, previousEventId: 2, type: 'ParallelStateStarted', timestamp: at(0) },
      { id: 4, previousEventId: 3, type: 'TaskStateEntered', timestamp: at(0), stateEnteredEventDetails: { name: 'A' } },
      { id: 5, previousEventId: 4, type: 'TaskScheduled', timestamp: at(0) },
      { id: 6, previousEventId: 5, type: 'TaskFailed', timestamp: at(1) },
      { id: 7, previousEventId: 6, type: 'TaskScheduled', timestamp: at(3) },
      { id: 8, previousEventId: 7, type: 'TaskFailed', timestamp: at(4) },
      { id: 9, previousEventId: 8, type: 'ParallelStateFailed', timestamp: at(4) },
      { id: 10, previousEventId: 9, type: 'ParallelStateExited', timestamp: at(4), stateExitedEventDetails: { name: 'Fan' } },
      { id: 11, previousEventId: 10, type: 'PassStateEntered', timestamp: at(4), stateEnteredEventDetails: { name: 'Recover' } },
      { id: 12, previousEventId: 11, type: 'PassStateExited', timestamp: at(4), stateExitedEventDetails: { name: 'Recover' } },
      { id: 13, previousEventId: 12, type: 'ExecutionSucceeded', timestamp: at(4) },
    ]);
    expect(steps).toStrictEqual([
      { name: 'Fan', type: 'Parallel', status: 'caught', aborted: false, enteredMs: 0, exitedMs: 4000, attempts: 0 },
      { name: 'A', type: 'Task', status: 'failed', aborted: false, enteredMs: 0, exitedMs: 4000, attempts: 2 },
      { name: 'Recover', type: 'Pass', status: 'succeeded', aborted: false, enteredMs: 4000, exitedMs: 4000, attempts: 0 },
    ]);
  });
});
