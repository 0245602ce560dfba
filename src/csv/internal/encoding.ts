/** Encoding sniffing: byte-order marks, binary content, and locating invalid UTF-8. */
import { isUtf8 } from 'node:buffer';

/** How many leading bytes are sniffed for BOMs and binary content. */
export const HEAD_BYTES = 8192;

/** What the head of a file says about its encoding. */
export type HeadVerdict =
  | { readonly kind: 'utf8'; readonly bomLength: number }
  | { readonly kind: 'other-encoding'; readonly encoding: 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be'; readonly bom: boolean }
  | { readonly kind: 'binary'; readonly offset: number; readonly reason: string };

/** Length of `b` without a UTF-8 sequence cut off at its end. */
export function completeUtf8Length(b: Uint8Array): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back] as number;
    if ((c & 0xc0) === 0x80) continue; // continuation: keep looking for the lead byte
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Classifies the first bytes of a file (up to {@link HEAD_BYTES}). */
export function sniffHead(head: Uint8Array): HeadVerdict {
  const [b0, b1, b2, b3] = [head[0], head[1], head[2], head[3]];
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { kind: 'other-encoding', encoding: 'utf-32le', bom: true };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { kind: 'other-encoding', encoding: 'utf-32be', bom: true };
  if (b0 === 0xff && b1 === 0xfe) return { kind: 'other-encoding', encoding: 'utf-16le', bom: true };
  if (b0 === 0xfe && b1 === 0xff) return { kind: 'other-encoding', encoding: 'utf-16be', bom: true };
  const bomLength = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  const buf = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a BOM: ASCII text with every other byte zero.
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i + 1 < buf.length; i += 2) {
      if (buf[i] === 0) evenZero++;
      if (buf[i + 1] === 0) oddZero++;
    }
    const pairs = Math.floor(buf.length / 2);
    if (pairs >= 2 && oddZero >= pairs * 0.9 && evenZero === 0) return { kind: 'other-encoding', encoding: 'utf-16le', bom: false };
    if (pairs >= 2 && evenZero >= pairs * 0.9 && oddZero === 0) return { kind: 'other-encoding', encoding: 'utf-16be', bom: false };
    return { kind: 'binary', offset: nul, reason: `it contains a NUL byte at offset ${nul}` };
  }
  let control = 0;
  let high = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i] as number;
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
    else if (c >= 0x80) high++;
  }
  if (control > buf.length * 0.02) return { kind: 'binary', offset: 0, reason: `${control} of its first ${buf.length} bytes are control characters` };
  if (high > buf.length * 0.3 && !isUtf8(buf.subarray(0, completeUtf8Length(buf)))) {
    return { kind: 'binary', offset: 0, reason: `${high} of its first ${buf.length} bytes are not valid UTF-8 text` };
  }
  return { kind: 'utf8', bomLength };
}

/**
 * Offset of the first byte of `b[from..to)` that starts an invalid UTF-8
 * sequence (overlong forms, surrogates and values above U+10FFFF included), or -1.
 */
export function findInvalidUtf8(b: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= to) return i;
    const c1 = b[i + 1] as number;
    if (c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= need; k++) {
      const ck = b[i + k] as number;
      if (ck < 0x80 || ck > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** A best guess at the encoding of an invalid byte: Latin-1 when it is a lone high byte amid ASCII. */
export function guessLegacyEncoding(b: Uint8Array, offset: number): 'latin-1' | 'unknown' {
  const c = b[offset] as number;
  const next = b[offset + 1];
  return c >= 0x80 && (next === undefined || next < 0x80 || next > 0xbf) ? 'latin-1' : 'unknown';
}
