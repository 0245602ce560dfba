/**
 * Crash-safe file writes: the bytes go to a temporary file in the target's
 * folder, are flushed, and only then renamed over the target. A rename within
 * one folder is atomic on POSIX filesystems, so a reader (or a crash) sees the
 * old file or the new one, never half of either. A failed write removes its
 * temporary file.
 */
import { randomUUID, createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';

/** What an atomic write measured while writing. @internal */
export interface WrittenFile {
  readonly size: number;
  /** MD5 of the bytes, lowercase hex. */
  readonly md5: string;
  /** CRC32 of the bytes, as an unsigned integer. */
  readonly crc32: number;
}

/** Bytes to write: a buffer, a string (UTF-8) or an async iterable of chunks. @internal */
export type WriteSource = Uint8Array | string | AsyncIterable<Uint8Array | string>;

/**
 * Writes `source` to `target` atomically, creating folders as needed.
 * @param tempPrefix name prefix of the temporary file (a name no user file may take)
 */
export async function writeFileAtomic(target: string, source: WriteSource, tempPrefix: string): Promise<WrittenFile> {
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${tempPrefix}${randomUUID()}`);
  const md5 = createHash('md5');
  let crc = 0;
  let size = 0;
  const fh = await open(tmp, 'wx');
  let closed = false;
  try {
    const write = async (chunk: Uint8Array | string): Promise<void> => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (buf.byteLength === 0) return;
      md5.update(buf);
      crc = crc32(buf, crc);
      size += buf.byteLength;
      let off = 0;
      while (off < buf.byteLength) {
        const { bytesWritten } = await fh.write(buf, off, buf.byteLength - off);
        off += bytesWritten;
      }
    };
    if (typeof source === 'string' || source instanceof Uint8Array) await write(source);
    else for await (const chunk of source) await write(chunk);
    await fh.sync();
    await fh.close();
    closed = true;
    await rename(tmp, target);
  } catch (e) {
    if (!closed) await fh.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  return { size, md5: md5.digest('hex'), crc32: crc >>> 0 };
}
