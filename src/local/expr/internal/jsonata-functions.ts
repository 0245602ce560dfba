/**
 * The JSONata functions Step Functions adds: $partition, $range, $hash, $random (with an
 * optional seed), $uuid and $parse. They reuse the intrinsic implementations, and raise
 * plain errors whose message AWS-style causes quote.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions
 * @internal
 */
import { INTRINSICS, IntrinsicArgumentError } from './intrinsic-functions.js';

function jsonataError(message: string): Error {
  return new Error(message);
}

function call(name: string, fn: string, args: unknown[]): unknown {
  const def = INTRINSICS[name];
  if (def === undefined) throw new Error(`missing intrinsic ${name}`);
  try {
    return def.call(args, undefined);
  } catch (e) {
    if (e instanceof IntrinsicArgumentError) throw jsonataError(`Invalid arguments in ${fn}${e.reason === undefined ? '' : `: ${e.reason}`}`);
    throw e;
  }
}

/** Marks an array as a JSONata sequence so a single item is unwrapped (AWS returns `$range(1, 9, 9)` as `1`). */
function sequence(v: unknown): unknown {
  if (Array.isArray(v)) Object.defineProperty(v, 'sequence', { value: true, enumerable: false });
  return v;
}

/** Seeded or unseeded random number in [0, 1). */
function random(seed?: unknown): number {
  if (seed === undefined) return Math.random();
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw jsonataError('Invalid arguments in $random: the seed must be an integer');
  const r = call('States.MathRandom', '$random', [0, 2 ** 31 - 1, seed]) as number;
  return r / (2 ** 31 - 1);
}

/** Functions bound into every JSONata evaluation (own enumerable properties: jsonata binds `Object.keys`). */
export const JSONATA_FUNCTIONS: Readonly<Record<string, (...args: unknown[]) => unknown>> = {
  partition: (array, size) => call('States.ArrayPartition', '$partition', [array, size]),
  range: (start, end, step) => sequence(call('States.ArrayRange', '$range', [start, end, step])),
  hash: (data, algorithm) => call('States.Hash', '$hash', [data, algorithm]),
  random: (seed) => random(seed),
  uuid: () => call('States.UUID', '$uuid', []),
  parse: (text) => call('States.StringToJson', '$parse', [text]),
};
