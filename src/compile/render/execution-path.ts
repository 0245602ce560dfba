import type { ExecutionPath, PathStatus } from './graph-model.js';

/**
 * The part of a Step Functions history event that {@link executionPathFromHistory} reads:
 * AWS's GetExecutionHistory shape, which the local interpreter's history also follows.
 */
export interface PathHistoryEvent {
  readonly id?: number;
  readonly previousEventId?: number;
  readonly type: string;
  readonly timestamp?: Date | string | number;
  readonly stateEnteredEventDetails?: { readonly name: string };
  readonly stateExitedEventDetails?: { readonly name: string };
}

/** One visit of a state in an execution, with virtual timings (ms since the first event). */
export interface ExecutionStep {
  readonly name: string;
  /** The state type from the event type, e.g. `Task` from `TaskStateEntered`. */
  readonly type: string;
  readonly status: PathStatus;
  /** Cancelled because a sibling branch failed (shown as not reached). */
  readonly aborted: boolean;
  readonly enteredMs: number | undefined;
  readonly exitedMs: number | undefined;
  /** Times the state's resource was scheduled (1 + retries) — 0 for states that call nothing. */
  readonly attempts: number;
}

interface Occurrence {
  readonly name: string;
  readonly type: string;
  enteredMs: number | undefined;
  exitedMs: number | undefined;
  attempts: number;
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
  const path: Record<string, PathStatus> = {};
  for (const o of executionStepsFromHistory(events)) {
    if (o.aborted) continue;
    const previous = path[o.name];
    if (previous === undefined || RANK[o.status] > RANK[previous]) path[o.name] = o.status;
  }
  return path;
}

function millis(t: Date | string | number | undefined): number | undefined {
  if (t === undefined) return undefined;
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The visits of states in history order, each with its status (as {@link executionPathFromHistory}
 * decides it), entry and exit times relative to the first event, and number of attempts.
 */
export function executionStepsFromHistory(events: readonly PathHistoryEvent[]): ExecutionStep[] {
  const t0 = millis(events[0]?.timestamp);
  const rel = (e: PathHistoryEvent): number | undefined => {
    const ms = millis(e.timestamp);
    return ms === undefined || t0 === undefined ? undefined : ms - t0;
  };
  const occurrences: Occurrence[] = [];
  const ownerOfEvent = new Map<number, Occurrence>();
  const open: Occurrence[] = [];

  for (const event of events) {
    let owner: Occurrence | undefined;
    if (event.stateEnteredEventDetails !== undefined) {
      owner = {
        name: event.stateEnteredEventDetails.name, type: event.type.replace(/StateEntered$/, ''), enteredMs: rel(event), exitedMs: undefined,
        attempts: 0, failed: false, status: 'running', open: true, aborted: false,
      };
      occurrences.push(owner);
      open.push(owner);
    } else if (event.stateExitedEventDetails !== undefined) {
      const name = event.stateExitedEventDetails.name;
      owner = findOpen(open, (o) => o.name === name, event.previousEventId === undefined ? undefined : ownerOfEvent.get(event.previousEventId));
      if (owner !== undefined) {
        owner.exitedMs = rel(event);
        close(open, owner, owner.failed ? 'caught' : 'succeeded');
      }
    } else if (EXECUTION_END.has(event.type)) {
      for (const o of [...open]) {
        o.exitedMs = rel(event);
        close(open, o, 'failed');
      }
    } else if (/^(Parallel|Map)State(Started|Succeeded|Failed|Aborted)$/.test(event.type)) {
      // Belongs to the innermost open Parallel/Map of that kind, whichever branch event precedes it.
      const kind = event.type.startsWith('Parallel') ? 'Parallel' : 'Map';
      owner = findOpen(open, (o) => o.type === kind, undefined);
      if (owner !== undefined && /(Failed|Aborted)$/.test(event.type)) {
        owner.failed = true;
        // Its branches end with it: a failed one stays failed, the others were cancelled.
        for (const inner of open.slice(open.indexOf(owner) + 1)) {
          inner.exitedMs = rel(event);
          if (inner.failed) close(open, inner, 'failed');
          else {
            inner.aborted = true;
            close(open, inner, 'running');
          }
        }
      }
    } else {
      owner = (event.previousEventId === undefined ? undefined : ownerOfEvent.get(event.previousEventId)) ?? open.at(-1);
      if (owner !== undefined) {
        if (/^(Task|LambdaFunction|Activity)Scheduled$/.test(event.type)) owner.attempts++;
        if (/(Failed|TimedOut)$/.test(event.type)) owner.failed = true;
        else if (/Succeeded$/.test(event.type) && !event.type.startsWith('MapIteration')) owner.failed = false;
        else if (/StateAborted$/.test(event.type)) {
          // AWS aborts the failing state of a Parallel branch too (TaskFailed, then TaskStateAborted): that one stays red.
          owner.exitedMs = rel(event);
          if (owner.failed) close(open, owner, 'failed');
          else {
            owner.aborted = true;
            close(open, owner, 'running');
          }
        }
      }
    }
    if (owner !== undefined && event.id !== undefined) ownerOfEvent.set(event.id, owner);
  }
  return occurrences.map((o) => ({
    name: o.name, type: o.type, status: o.status, aborted: o.aborted, enteredMs: o.enteredMs, exitedMs: o.exitedMs, attempts: o.attempts,
  }));
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
