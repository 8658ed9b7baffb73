import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { ByteHasher } from '../core/csv/readCsv.ts';
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

export function fileChunks(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Uint8Array>;
}
