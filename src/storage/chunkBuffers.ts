import { takeSpare } from '../core/spares.ts';
import { chunkArray } from './chunkRecords.ts';
import type { ChunkArray, ColumnChunkRecord } from './db.ts';

let byobChecked: boolean | undefined;

/** Whether a Blob's stream can be read into a buffer of the reader's own (checked once). */
function byobStreams(): boolean {
  if (byobChecked === undefined) {
    try {
      new Blob([]).stream().getReader({ mode: 'byob' }).releaseLock();
      byobChecked = true;
    } catch {
      byobChecked = false;
    }
  }
  return byobChecked;
}

/**
 * The first `bytes` bytes of `blob` read into `buffer`, which the reads move (without a copy) into the buffer
 * returned; `buffer` is left detached.
 */
async function readInto(blob: Blob, buffer: ArrayBuffer, bytes: number): Promise<ArrayBuffer> {
  const reader = blob.stream().getReader({ mode: 'byob' });
  let offset = 0;
  while (offset < bytes) {
    const { value, done } = await reader.read(new Uint8Array(buffer, offset, bytes - offset));
    if (!value) throw new Error('a stored chunk could not be read');
    buffer = value.buffer as ArrayBuffer;
    if (done) throw new Error(`a stored chunk ended after ${offset} of ${bytes} bytes`);
    offset += value.byteLength;
  }
  void reader.cancel();
  return buffer;
}

/**
 * Buffers for the numbers of stored chunks, given back once nothing reads a chunk any more. In Chromium a
 * Blob's `arrayBuffer()` is new memory each time, and the first write to each page of it costs about as much
 * as reading the bytes; a buffer read into again is already in place.
 *
 * Only numeric chunks stored as Blobs are read into its buffers; every other record is read as `chunkArray`
 * reads it, as is every record where a Blob's stream cannot be read into a given buffer.
 */
export class ChunkBuffers {
  private readonly spare: ArrayBuffer[] = [];
  private held = 0;
  /** The buffers of the arrays `read` handed out and not yet given back. */
  private readonly lent = new WeakSet<ArrayBuffer>();

  /** `mostBytes`: how many bytes of spare buffers it keeps at most. */
  constructor(private readonly mostBytes: number) {}

  /** A stored chunk's numbers, read into a spare buffer where it can. */
  read = async (record: ColumnChunkRecord): Promise<ChunkArray> => {
    if (record.type !== 'Float64Array' || record.data.size === 0 || !byobStreams()) return chunkArray(record);
    const bytes = record.data.size;
    const buffer = await readInto(record.data, this.take(bytes), bytes);
    this.lent.add(buffer);
    return new Float64Array(buffer, 0, bytes / Float64Array.BYTES_PER_ELEMENT);
  };

  /**
   * Takes back the arrays among `arrays` that `read` handed out (others are left alone), to read into again:
   * only arrays that nothing reads any more may be given.
   */
  give(arrays: readonly ChunkArray[]): void {
    for (const array of arrays) {
      const buffer = array.buffer as ArrayBuffer;
      if (!this.lent.delete(buffer) || buffer.byteLength > this.mostBytes) continue;
      while (this.held + buffer.byteLength > this.mostBytes) this.held -= this.spare.shift()!.byteLength;
      this.spare.push(buffer);
      this.held += buffer.byteLength;
    }
  }

  /** A spare buffer of at least `bytes` and at most an eighth more, or else a new one. */
  private take(bytes: number): ArrayBuffer {
    const buffer = takeSpare(this.spare, bytes);
    if (!buffer) return new ArrayBuffer(bytes);
    this.held -= buffer.byteLength;
    return buffer;
  }

  get size(): number {
    return this.spare.length;
  }
}
