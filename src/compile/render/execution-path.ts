import type { ExecutionPath, PathStatus } from './graph-model.js';

/**
 * The part of a Step Functions history event that {@link executionPathFromHistory} reads:
 * AWS's GetExecutionHistory shape, which the local interpreter's history also follows.
 */
export interface PathHistoryEvent {
  readonly id?: number;
  readonly previousEventId?: number;
  readonly type: string;
  readonly stateEnteredEventDetails?: { readonly name: string };
  readonly stateExitedEventDetails?: { readonly name: string };
}

interface Occurrence {
  readonly name: string;
  failed: boolean;
  status: PathStatus;
  open: boolean;
  /** Cancelled because a sibling branch failed: drawn as not reached, as the console greys it. */
  aborted: boolean;
}

/** When a state is visited several times (loops, Map iterations), the most telling status wins. */
const RANK: Readonly<Record<PathStatus, number>> = { succeeded: 0, running: 1, caught: 2, failed: 3 };

const EXECUTION_END = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/**
 * Derives the console colours of an execution from its history: a state that exited after
 * its last attempt failed was `caught`, one that exited otherwise `succeeded`, one still open
 * when the execution failed `failed`, one still open otherwise `running`.
 * Events are attributed to states through `previousEventId` (so Parallel branches and Map
 * iterations interleave correctly), falling back to the latest open state.
 */
export function executionPathFromHistory(events: readonly PathHistoryEvent[]): ExecutionPath {
  const occurrences: Occurrence[] = [];
  const ownerOfEvent = new Map<number, Occurrence>();
  const open: Occurrence[] = [];

  for (const event of events) {
    let owner: Occurrence | undefined;
    if (event.stateEnteredEventDetails !== undefined) {
      owner = { name: event.stateEnteredEventDetails.name, failed: false, status: 'running', open: true, aborted: false };
      occurrences.push(owner);
      open.push(owner);
    } else if (event.stateExitedEventDetails !== undefined) {
      const name = event.stateExitedEventDetails.name;
      owner = findOpen(open, (o) => o.name === name, event.previousEventId === undefined ? undefined : ownerOfEvent.get(event.previousEventId));
      if (owner !== undefined) close(open, owner, owner.failed ? 'caught' : 'succeeded');
    } else if (EXECUTION_END.has(event.type)) {
      for (const o of [...open]) close(open, o, 'failed');
    } else {
      owner = (event.previousEventId === undefined ? undefined : ownerOfEvent.get(event.previousEventId)) ?? open.at(-1);
      if (owner !== undefined) {
        if (/(Failed|TimedOut)$/.test(event.type)) owner.failed = true;
        else if (/Succeeded$/.test(event.type) && !event.type.startsWith('MapIteration')) owner.failed = false;
        else if (/StateAborted$/.test(event.type)) {
          owner.aborted = true;
          close(open, owner, 'running');
        }
      }
    }
    if (owner !== undefined && event.id !== undefined) ownerOfEvent.set(event.id, owner);
  }

  const path: Record<string, PathStatus> = {};
  for (const o of occurrences) {
    if (o.aborted) continue;
    const previous = path[o.name];
    if (previous === undefined || RANK[o.status] > RANK[previous]) path[o.name] = o.status;
  }
  return path;
}

function findOpen(open: readonly Occurrence[], match: (o: Occurrence) => boolean, hint: Occurrence | undefined): Occurrence | undefined {
  if (hint !== undefined && hint.open && match(hint)) return hint;
  for (let i = open.length - 1; i >= 0; i--) {
    const o = open[i];
    if (o !== undefined && match(o)) return o;
  }
  return undefined;
}

function close(open: Occurrence[], o: Occurrence, status: PathStatus): void {
  o.status = status;
  o.open = false;
  const i = open.indexOf(o);
  if (i >= 0) open.splice(i, 1);
}
