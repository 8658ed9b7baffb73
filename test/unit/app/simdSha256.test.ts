import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simdSha256 } from '../../../src/app/ingest/simdSha256.ts';
// @ts-expect-error: a plain .mjs script without types
import { compileSha256, sha256Module, SHA256_TS } from '../../../scripts/sha256-wasm.mjs';

const nodeHex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Bytes that are not all alike, so a word read in the wrong order changes the digest. */
function bytesOf(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

async function simdHex(bytes: Uint8Array, pieces: number[]): Promise<string> {
  const hasher = await simdSha256();
  let at = 0;
  for (const size of pieces) {
    hasher.update(bytes.subarray(at, Math.min(bytes.length, at + size)));
    at += size;
  }
  hasher.update(bytes.subarray(Math.min(at, bytes.length)));
  return await hasher.digestHex();
}

describe('simdSha256', () => {
  it('matches node:crypto for every length around the block and padding edges', async () => {
    const bytes = bytesOf(300);
    for (let length = 0; length <= 300; length++) {
      const part = bytes.subarray(0, length);
      expect(await simdHex(part, []), `length ${length}`).toBe(nodeHex(part));
    }
  });

  it('matches node:crypto across its input buffer, in pieces of any size', async () => {
    const bytes = bytesOf(3 * 65536 + 1000, 7);
    for (const pieces of [[1, 63, 64, 65], [65535, 2, 65536], [200_000], [65536, 65536, 65536]]) {
      expect(await simdHex(bytes, pieces), pieces.join(',')).toBe(nodeHex(bytes));
    }
    expect(await simdHex(bytes.subarray(0, 65536 - 9), [])).toBe(nodeHex(bytes.subarray(0, 65536 - 9)));
    expect(await simdHex(bytes.subarray(0, 65536 - 8), [])).toBe(nodeHex(bytes.subarray(0, 65536 - 8)));
  });

  it('matches node:crypto on 20 MB in 1 MiB pieces, as the hash worker hands them', async () => {
    const bytes = bytesOf(20_000_003, 3);
    expect(await simdHex(bytes, Array.from({ length: 20 }, () => 1 << 20))).toBe(nodeHex(bytes));
  });

  it('is what wasm/sha256 compiles to (npm run build:wasm), byte for byte', async () => {
    const committed = readFileSync(SHA256_TS as string, 'utf8');
    expect(sha256Module(await compileSha256()) === committed, 'src/app/ingest/sha256Wasm.ts is out of date: run npm run build:wasm and commit it').toBe(true);
  }, 60_000);
});
