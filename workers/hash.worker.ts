import * as Comlink from 'comlink';
import { wasmSha256, type ByteHasher } from '../src/core/csv/readCsv.ts';
import { blobPieces } from '../src/app/ingest/ingestFiles.ts';

// SHA-256 on another core: the ingest worker sends each slice here while it parses the same slice, or,
// beside parallel readers, the file is read here.
let hasher: ByteHasher | null = null;

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
  async digestHex(): Promise<string> {
    if (!hasher) throw new Error('hash worker used before start()');
    const digest = await hasher.digestHex();
    hasher = null;
    return digest;
  },
};

export type HashApi = typeof api;
Comlink.expose(api);
