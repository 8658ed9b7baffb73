import * as Comlink from 'comlink';
import { wasmSha256, type ByteHasher } from '../src/core/csv/readCsv.ts';

// SHA-256 on a second core: the ingest worker sends each slice here while it parses the same slice.
let hasher: ByteHasher | null = null;

const api = {
  async start(): Promise<void> {
    hasher = await wasmSha256();
  },
  update(bytes: Uint8Array): void {
    hasher?.update(bytes);
  },
  async digestHex(): Promise<string> {
    if (!hasher) throw new Error('hash worker used before start()');
    const hex = await hasher.digestHex();
    hasher = null;
    return hex;
  },
};

export type HashApi = typeof api;
Comlink.expose(api);
