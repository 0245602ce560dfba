/**
 * Canonical key order of emitted states, so the JSON is byte-identical for the
 * same pipeline and reads in the order a person expects.
 */
import type { State } from '../../asl/types.js';

const ORDER = [
  'Type', 'Comment', 'QueryLanguage', 'Resource', 'Credentials', 'InputPath',
  'ItemsPath', 'Items', 'ItemReader', 'ItemSelector', 'ItemBatcher',
  'Parameters', 'Arguments', 'Result',
  'Choices', 'Default', 'Branches', 'ItemProcessor',
  'MaxConcurrency', 'MaxConcurrencyPath', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath',
  'ToleratedFailureCount', 'ToleratedFailureCountPath', 'Label', 'ResultWriter',
  'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath',
  'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath',
  'Error', 'ErrorPath', 'Cause', 'CausePath',
  'ResultSelector', 'ResultPath', 'OutputPath', 'Output', 'Assign',
  'Retry', 'Catch', 'Next', 'End',
];
const RANK = new Map(ORDER.map((k, i) => [k, i]));

/** A copy of the state with its keys in canonical order and `undefined` values dropped. */
export function orderState(state: State): State {
  const keys = Object.keys(state).filter((k) => (state as unknown as Record<string, unknown>)[k] !== undefined);
  keys.sort((a, b) => (RANK.get(a) ?? ORDER.length) - (RANK.get(b) ?? ORDER.length) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (state as unknown as Record<string, unknown>)[k];
  return out as unknown as State;
}
