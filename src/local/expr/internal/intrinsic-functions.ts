/**
 * The 18 intrinsic functions. Each receives evaluated arguments; bad arguments throw
 * {@link IntrinsicArgumentError}, which the caller turns into AWS's
 * `States.Runtime` / "Invalid arguments in States.X" failure.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 * @internal
 */
import { createHash, randomUUID } from 'node:crypto';
import { isObject, jsonEqual, setOwn, shallowCopy } from './json-value.js';
import { javaToString } from './java-text.js';
import type { TemplatePart } from './intrinsic-parser.js';

/** Raised for arguments AWS rejects at run time. */
export class IntrinsicArgumentError extends Error {
  constructor(readonly functionName: string, readonly reason?: string) {
    super(`Invalid arguments in ${functionName}${reason === undefined ? '' : `: ${reason}`}`);
  }
}

/** One intrinsic: allowed argument counts and the implementation. */
export interface IntrinsicDef {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** `template` is the pre-split first argument of States.Format when it is a literal. */
  readonly call: (args: readonly unknown[], template: readonly TemplatePart[] | undefined) => unknown;
}

const MAX_ARRAY_RANGE = 1000;
const MAX_STRING = 10_000;

function bad(fn: string, reason?: string): never {
  throw new IntrinsicArgumentError(fn, reason);
}

function num(fn: string, v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : bad(fn);
}

function str(fn: string, v: unknown): string {
  return typeof v === 'string' ? v : bad(fn);
}

function arr(fn: string, v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : bad(fn);
}

/**
 * Splits a runtime template string into text and `{}` slots. A backslash escapes a brace
 * or a backslash; any other unescaped brace makes the template malformed (AWS fails).
 */
function splitTemplate(t: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i] as string;
    if (c === '\\' && (t[i + 1] === '{' || t[i + 1] === '}' || t[i + 1] === '\\')) { text += t[i + 1]; i++; continue; }
    if (c === '{' && t[i + 1] === '}') {
      if (text !== '') parts.push({ text });
      parts.push({ slot: true });
      text = '';
      i++;
      continue;
    }
    if (c === '{' || c === '}') return [{ malformed: true }];
    text += c;
  }
  if (text !== '') parts.push({ text });
  return parts;
}

/**
 * A small seeded generator (mulberry32): deterministic for a given seed.
 * differs from AWS: AWS (Java) yields other numbers for the same seed; only determinism is kept.
 */
function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const HASHES: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** Every intrinsic function by name. */
export const INTRINSICS: Readonly<Record<string, IntrinsicDef>> = {
  'States.Format': {
    minArgs: 1,
    maxArgs: Infinity,
    call: (args, literal) => {
      const fn = 'States.Format';
      const parts = literal ?? splitTemplate(str(fn, args[0]));
      let slots = 0;
      for (const p of parts) {
        if ('malformed' in p) bad(fn, "the template has a '{' or '}' that is neither escaped nor part of '{}'");
        if ('slot' in p) slots++;
      }
      if (slots !== args.length - 1) bad(fn, 'number of arguments do not match the occurrences of {}');
      let out = '';
      let i = 1;
      for (const p of parts) out += 'slot' in p ? javaToString(args[i++]) : 'text' in p ? p.text : '';
      return out;
    },
  },
  'States.StringToJson': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s]) => {
      if (s === null) return null;
      const text = str('States.StringToJson', s);
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return bad('States.StringToJson');
      }
    },
  },
  // differs from AWS: doubles outside [1e-3, 1e7) print as JavaScript does (1e-7), not as Java (1.0E-7).
  'States.JsonToString': { minArgs: 1, maxArgs: 1, call: ([v]) => JSON.stringify(v) ?? 'null' },
  'States.Array': { minArgs: 0, maxArgs: Infinity, call: (args) => args.slice() },
  'States.ArrayPartition': {
    minArgs: 2,
    maxArgs: 2,
    call: ([a, n]) => {
      const fn = 'States.ArrayPartition';
      const items = arr(fn, a);
      const size = Math.trunc(num(fn, n));
      if (size <= 0) bad(fn);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      return out;
    },
  },
  'States.ArrayContains': {
    minArgs: 2,
    maxArgs: 2,
    // AWS compares the Java text of the values: true matches "true", 5 matches "5", and
    // objects match only with the same key order (observed on AWS; see the intrinsic tests).
    call: ([a, v]) => {
      const items = arr('States.ArrayContains', a);
      const target = javaToString(v);
      return items.some((x) => javaToString(x) === target);
    },
  },
  'States.ArrayRange': {
    minArgs: 3,
    maxArgs: 3,
    call: ([a, b, c]) => {
      const fn = 'States.ArrayRange';
      // AWS truncates fractional arguments (ArrayRange(1.6, 1.4, 1) is [1]).
      const start = Math.trunc(num(fn, a));
      const end = Math.trunc(num(fn, b));
      const step = Math.trunc(num(fn, c));
      if (step === 0) bad(fn);
      const out: number[] = [];
      for (let x = start; step > 0 ? x <= end : x >= end; x += step) {
        out.push(x);
        if (out.length > MAX_ARRAY_RANGE) bad(fn, `the array may hold at most ${MAX_ARRAY_RANGE} items`);
      }
      return out;
    },
  },
  'States.ArrayGetItem': {
    minArgs: 2,
    maxArgs: 2,
    call: ([a, i]) => {
      const fn = 'States.ArrayGetItem';
      const items = arr(fn, a);
      // AWS truncates a fractional index, and returns null for any index into an empty array.
      const index = Math.trunc(num(fn, i));
      if (index >= 0 && items.length === 0) return null;
      if (index < 0 || index >= items.length) bad(fn);
      return items[index];
    },
  },
  'States.ArrayLength': { minArgs: 1, maxArgs: 1, call: ([a]) => arr('States.ArrayLength', a).length },
  'States.ArrayUnique': {
    minArgs: 1,
    maxArgs: 1,
    call: ([a]) => {
      const out: unknown[] = [];
      for (const x of arr('States.ArrayUnique', a)) if (!out.some((y) => jsonEqual(x, y))) out.push(x);
      return out;
    },
  },
  'States.Base64Encode': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s]) => {
      const text = str('States.Base64Encode', s);
      if (text.length > MAX_STRING) bad('States.Base64Encode');
      return Buffer.from(text, 'utf8').toString('base64');
    },
  },
  'States.Base64Decode': {
    minArgs: 1,
    maxArgs: 1,
    call: ([s]) => {
      const text = str('States.Base64Decode', s);
      // Like AWS, the decoder is lenient: characters outside the alphabet and stray padding are skipped.
      if (text.length > MAX_STRING) bad('States.Base64Decode');
      return Buffer.from(text, 'base64').toString('utf8');
    },
  },
  'States.Hash': {
    minArgs: 2,
    maxArgs: 2,
    call: ([d, a]) => {
      const fn = 'States.Hash';
      // AWS hashes other JSON values as their JSON text.
      const data = typeof d === 'string' ? d : (JSON.stringify(d) ?? 'null');
      const algo = HASHES[str(fn, a)];
      if (algo === undefined || data.length > MAX_STRING) bad(fn);
      return createHash(algo).update(data, 'utf8').digest('hex');
    },
  },
  'States.JsonMerge': {
    minArgs: 3,
    maxArgs: 3,
    call: ([a, b, deep]) => {
      const fn = 'States.JsonMerge';
      if (!isObject(a) || !isObject(b) || typeof deep !== 'boolean') bad(fn);
      // AWS supports only shallow merging: the flag must be false.
      if (deep) bad(fn, 'Step Functions only supports the shallow merging mode; the third argument must be false');
      const merged = shallowCopy(a);
      for (const k of Object.keys(b)) setOwn(merged, k, b[k]);
      return merged;
    },
  },
  'States.MathRandom': {
    minArgs: 2,
    maxArgs: 3,
    call: ([a, b, seed]) => {
      const fn = 'States.MathRandom';
      const start = Math.trunc(num(fn, a));
      const end = Math.trunc(num(fn, b));
      if (start >= end) bad(fn);
      const r = seed === undefined ? Math.random() : seededRandom(Math.trunc(num(fn, seed)));
      return start + Math.floor(r * (end - start));
    },
  },
  'States.MathAdd': {
    minArgs: 2,
    maxArgs: 2,
    // AWS rounds each operand half up (Java Math.round) before adding.
    call: ([a, b]) => Math.round(num('States.MathAdd', a)) + Math.round(num('States.MathAdd', b)) + 0,
  },
  'States.StringSplit': {
    minArgs: 2,
    maxArgs: 2,
    call: ([s, d]) => {
      const fn = 'States.StringSplit';
      const text = str(fn, s);
      const delims = str(fn, d);
      const out: string[] = [];
      let cur = '';
      for (const c of text) {
        if (delims.includes(c)) { if (cur !== '') out.push(cur); cur = ''; }
        else cur += c;
      }
      if (cur !== '') out.push(cur);
      return out;
    },
  },
  'States.UUID': { minArgs: 0, maxArgs: 0, call: () => randomUUID() },
};
