import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ByteHasher } from '../core/csv/readCsv.ts';
import type { RandomAccessBytes } from '../core/csv/readCsvParallel.ts';
import { InputError } from '../core/errors.ts';

export const READ_CHUNK = 8 << 20;

/** Node's native SHA-256, streaming. */
export function nodeSha256(): ByteHasher {
  const hash = createHash('sha256');
  return { update: (bytes) => void hash.update(bytes), digestHex: () => hash.digest('hex') };
}

/** A file's size, or an InputError saying why it cannot be read. */
export function fileSize(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new InputError('not a regular file');
    return stat.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? error})`);
  }
}

/**
 * The file's bytes in order, from `start` up to (not including) `end` when given. The file is opened
 * when the first piece is asked for: a source handed over and never read (ingest's, when the parallel
 * reader takes the file) holds no descriptor.
 */
export async function* fileChunks(path: string, start = 0, end?: number): AsyncGenerator<Uint8Array> {
  if (end !== undefined && end <= start) return;
  yield* createReadStream(path, { highWaterMark: READ_CHUNK, start, ...(end !== undefined ? { end: end - 1 } : {}) }) as AsyncIterable<Uint8Array>;
}

/** A file read by byte ranges (to plan the parallel readers' cuts) and streamed whole (for the hash and the one reader). */
export function fileBytes(path: string, size: number): RandomAccessBytes {
  return {
    size,
    read: async (start, end) => {
      const handle = await open(path, 'r');
      try {
        const bytes = new Uint8Array(end - start);
        let at = 0;
        while (at < bytes.length) {
          const { bytesRead } = await handle.read(bytes, at, bytes.length - at, start + at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        return at === bytes.length ? bytes : bytes.subarray(0, at);
      } finally {
        await handle.close();
      }
    },
    stream: () => fileChunks(path),
  };
}
