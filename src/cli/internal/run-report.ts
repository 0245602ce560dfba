import type { ExecutionStep } from '../../compile/render/index.js';

/** What `statecraft run` reports about one execution (the `--json` shape). */
export interface RunReport {
  readonly status: string;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** The state where the execution failed (the last one still running when it ended). */
  readonly failedState?: string;
  readonly path: readonly {
    readonly state: string;
    readonly type: string;
    readonly status: string;
    /** Virtual ms since the start of the execution. */
    readonly startMs: number | null;
    readonly durationMs: number | null;
    readonly attempts: number;
  }[];
}

/** Builds the report from an execution's outcome and its visits. */
export function buildRunReport(
  result: { readonly status: string; readonly output?: unknown; readonly error?: string; readonly cause?: string },
  steps: readonly ExecutionStep[],
): RunReport {
  const failed = [...steps].reverse().find((s) => s.status === 'failed' && !s.aborted);
  return {
    status: result.status,
    ...(result.status === 'SUCCEEDED' ? { output: result.output } : {}),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.cause === undefined ? {} : { cause: result.cause }),
    ...(result.status !== 'SUCCEEDED' && failed !== undefined ? { failedState: failed.name } : {}),
    path: steps.map((s) => ({
      state: s.name,
      type: s.type,
      status: s.aborted ? 'aborted' : s.status,
      startMs: s.enteredMs ?? null,
      durationMs: s.enteredMs !== undefined && s.exitedMs !== undefined ? s.exitedMs - s.enteredMs : null,
      attempts: s.attempts,
    })),
  };
}

/** `1h 2m 3.5s`, `250ms`, `0s`: a virtual duration for people. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h}h`);
  if (h > 0 || m > 0) parts.push(`${m}m`);
  parts.push(`${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`);
  return parts.join(' ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The human-readable report: status, the path with virtual timings, then the output or the failure. */
export function formatRunReport(report: RunReport): string {
  const lines = [`status: ${report.status}`, '', 'path (virtual time):'];
  const nameWidth = Math.min(40, Math.max(5, ...report.path.map((p) => p.state.length)));
  const typeWidth = Math.max(4, ...report.path.map((p) => p.type.length));
  for (const p of report.path) {
    const start = p.startMs === null ? '?' : `+${formatDuration(p.startMs)}`;
    const took = p.durationMs === null ? '' : `  took ${formatDuration(p.durationMs)}`;
    const retries = p.attempts > 1 ? `  (${p.attempts} attempts)` : '';
    lines.push(`  ${pad(start, 12)} ${pad(p.state, nameWidth)}  ${pad(p.type, typeWidth)}  ${pad(p.status, 9)}${took}${retries}`.trimEnd());
  }
  if (report.path.length === 0) lines.push('  (no state entered)');
  lines.push('');
  if (report.status === 'SUCCEEDED') {
    lines.push('output:', JSON.stringify(report.output ?? null, null, 2));
  } else {
    if (report.failedState !== undefined) lines.push(`failed state: ${report.failedState}`);
    lines.push(`error: ${report.error ?? '(none)'}`);
    lines.push(`cause: ${report.cause ?? '(none)'}`);
  }
  return `${lines.join('\n')}\n`;
}
