import type { ByteHasher } from '../../core/csv/readCsv.ts';
import { movable } from '../../core/movable.ts';
import { blobPieces } from './ingestFiles.ts';

/**
 * What a range reader sends the hash: each slice it is done with, in order, from its range's start; then,
 * once, where it stopped (its range's end when it read it all; sooner when it refused the range).
 */
export type HandedMessage = { offset: number; bytes: Uint8Array } | { unhandedFrom: number; to: number };

/**
 * A file's SHA-256 made of the slices its range readers hand over when they are done with them, so the file
 * is read once in all. Slices come from several readers at once, each reader's in order: a slice is hashed
 * as soon as every byte before it has been, and held until then (a later range's slices wait for the
 * earlier ranges: at most the file less its first range is held). What a reader did not hand over (it
 * stopped at a quoted split or a bad row) is read from the file here when its turn comes.
 */
export class HandedDigest {
  private next = 0;
  private readonly held = new Map<number, Uint8Array>();
  /** Parts no reader handed over, by where they start: their end. */
  private readonly unhanded = new Map<number, number>();
  private file: Blob | null = null;
  private settle: { resolve: (hex: string) => void; reject: (error: unknown) => void } | null = null;
  private pumping = false;
  private abandoned = false;

  constructor(private readonly hasher: Promise<ByteHasher>) {}

  take(message: HandedMessage): void {
    if ('bytes' in message) this.held.set(message.offset, message.bytes);
    else if (message.to > message.unhandedFrom) this.unhanded.set(message.unhandedFrom, message.to);
    void this.pump();
  }

  /** The digest of `file`, once every byte of it has been handed over or read here. */
  digest(file: Blob): Promise<string> {
    this.file = file;
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      void this.pump();
    });
  }

  /** The upload failed: what is held is let go and the digest never ends. */
  abandon(): void {
    this.abandoned = true;
    this.held.clear();
    this.unhanded.clear();
    this.settle?.reject(new Error('the file\'s readers stopped'));
  }

  private async pump(): Promise<void> {
    const { file, settle } = this;
    if (this.pumping || !file || !settle) return;
    this.pumping = true;
    try {
      const hasher = await this.hasher;
      for (;;) {
        if (this.abandoned) return;
        const bytes = this.held.get(this.next);
        if (bytes) {
          this.held.delete(this.next);
          hasher.update(bytes);
          this.next += bytes.length;
          continue;
        }
        const to = this.unhanded.get(this.next);
        if (to === undefined) break;
        this.unhanded.delete(this.next);
        for await (const read of blobPieces(file.slice(this.next, to))) hasher.update(read);
        this.next = to;
      }
      if (this.next < file.size) return;
      this.file = null;
      settle.resolve(await hasher.digestHex());
    } catch (error) {
      settle.reject(error);
    } finally {
      this.pumping = false;
    }
  }
}

/**
 * The slices of the range [start, end) as they come, each posted to `port` (moved, not copied) once the
 * reader asks for the next: parseRange keeps nothing of a slice it is done with. When the reader stops,
 * at the end or sooner, the port is told from where nothing was handed over.
 */
export async function* handingOn(slices: AsyncIterable<Uint8Array>, { start, end }: { start: number; end: number }, port: MessagePort): AsyncGenerator<Uint8Array> {
  let offset = start;
  try {
    for await (const bytes of slices) {
      yield bytes;
      const own = movable(bytes);
      const message: HandedMessage = { offset, bytes: own };
      offset += bytes.length;
      port.postMessage(message, [own.buffer]);
    }
  } finally {
    const last: HandedMessage = { unhandedFrom: offset, to: end };
    port.postMessage(last);
    port.close();
  }
}
