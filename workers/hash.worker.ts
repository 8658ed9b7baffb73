import * as Comlink from 'comlink';
import { wasmSha256, type ByteHasher } from '../src/core/csv/readCsv.ts';
import { blobPieces } from '../src/app/ingest/ingestFiles.ts';
import { HandedDigest, type HandedMessage } from '../src/app/ingest/handedDigest.ts';

// SHA-256 on another core: the ingest worker sends each slice here while it parses the same slice, or,
// beside parallel readers, the readers hand over the slices they are done with (or the file is read here).
let hasher: ByteHasher | null = null;

/** Digests made of slices handed over by range readers, by the id the ingest worker gave them. */
const handed = new Map<number, HandedDigest>();

function handedDigest(id: number): HandedDigest {
  let digest = handed.get(id);
  if (!digest) {
    digest = new HandedDigest(wasmSha256());
    handed.set(id, digest);
  }
  return digest;
}

const api = {
  async start(): Promise<void> {
    hasher = await wasmSha256();
  },
  update(bytes: Uint8Array): void {
    hasher?.update(bytes);
  },
  /** A whole Blob's digest, read here slice by slice: nothing is copied over, and memory stays flat. */
  async digestBlob(blob: Blob): Promise<string> {
    const own = await wasmSha256();
    for await (const bytes of blobPieces(blob)) own.update(bytes);
    return await own.digestHex();
  },
  /**
   * A Blob's digest made of the slices its range readers hand over on the ports given to `handOver`
   * (the file is then read once, by the readers, not a second time here); what a reader stopped short
   * of is read here. See HandedDigest.
   */
  async digestHanded(id: number, blob: Blob): Promise<string> {
    try {
      return await handedDigest(id).digest(blob);
    } finally {
      handed.delete(id);
    }
  },
  /** One range reader's port for digest `id`: its slices in order, then what it did not hand over. */
  handOver(id: number, port: MessagePort): void {
    const digest = handedDigest(id);
    port.onmessage = (event: MessageEvent<HandedMessage>) => {
      digest.take(event.data);
      if ('unhandedFrom' in event.data) port.close();
    };
  },
  /** A reader of digest `id` failed: the upload fails with it, and what was handed over is let go. */
  abandon(id: number): void {
    handed.get(id)?.abandon();
    handed.delete(id);
  },
  async digestHex(): Promise<string> {
    if (!hasher) throw new Error('hash worker used before start()');
    const digest = await hasher.digestHex();
    hasher = null;
    return digest;
  },
};

export type HashApi = typeof api;
Comlink.expose(api);
