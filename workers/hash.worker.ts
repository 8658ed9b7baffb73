import * as Comlink from 'comlink';
import type { ByteHasher } from '../src/core/csv/readCsv.ts';
import { simdSha256 } from '../src/app/ingest/simdSha256.ts';
import { blobPieces } from '../src/app/ingest/ingestFiles.ts';

// SHA-256 on another core: the ingest worker sends each slice here while it parses the same slice, or,
// beside parallel readers, the file is read here.
let hasher: ByteHasher | null = null;

const api = {
  async start(): Promise<void> {
    hasher = await simdSha256();
  },
  update(bytes: Uint8Array): void {
    hasher?.update(bytes);
  },
  /**
   * A whole Blob's digest, read here slice by slice: nothing is copied over, and memory stays flat.
   * Not WebCrypto's digest, which takes the whole file at once: in this Chromium worker, on 386 MB, its
   * `file.arrayBuffer()` and `crypto.subtle.digest` took 3.5–4.1 s of the thread's CPU and +742 MB against
   * 1.45–1.52 s and +13 MB for this (hash-wasm then), as the digest copies its input and each first write to
   * fresh memory costs about 3 ms a MB here.
   */
  async digestBlob(blob: Blob): Promise<string> {
    const own = await simdSha256();
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
