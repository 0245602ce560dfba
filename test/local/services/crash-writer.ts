/**
 * Child process for the crash test: starts a put of a large object through the
 * local S3, says "writing" once part of it is on disk, and waits to be killed.
 */
import { LocalS3 } from '../../../src/local/services/s3/local-s3.js';

const [root, key] = process.argv.slice(2);
const s3 = new LocalS3({ root: root!, buckets: ['data'] });
async function* body(): AsyncGenerator<string> {
  yield 'x'.repeat(1 << 20);
  process.send?.('writing');
  // never finishes: the parent kills this process mid-write
  await new Promise(() => undefined);
}
await s3.putObject({ Bucket: 'data', Key: key!, Body: body() });
