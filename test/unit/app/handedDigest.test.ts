import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wasmSha256 } from '../../../src/core/csv/readCsv.ts';
import { HandedDigest, handingOn, type HandedMessage } from '../../../src/app/ingest/handedDigest.ts';

const bytesOf = (n: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: n }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const slices = (bytes: Uint8Array, from: number, to: number, size: number): HandedMessage[] => {
  const out: HandedMessage[] = [];
  for (let at = from; at < to; at += size) out.push({ offset: at, bytes: bytes.slice(at, Math.min(to, at + size)) });
  return out;
};

describe('HandedDigest', () => {
  const file = bytesOf(100_003);
  const blob = new Blob([file]);

  it('hashes slices that come from several readers at once, later ranges first, as the whole file', async () => {
    const digest = new HandedDigest(wasmSha256());
    const result = digest.digest(blob);
    const first = slices(file, 0, 40_000, 7_000);
    const second = slices(file, 40_000, file.length, 9_999);
    // The second range's reader runs ahead of the first's; each reader's slices stay in order.
    for (const message of second) digest.take(message);
    for (const message of first) digest.take(message);
    digest.take({ unhandedFrom: 40_000, to: 40_000 });
    digest.take({ unhandedFrom: file.length, to: file.length });
    expect(await result).toBe(sha(file));
  });

  it('reads from the file what a reader did not hand over (a refused range), and the slices may come before the digest is asked for', async () => {
    const digest = new HandedDigest(wasmSha256());
    for (const message of slices(file, 0, 12_345, 5_000)) digest.take(message);
    digest.take({ unhandedFrom: 12_345, to: 60_000 });
    for (const message of slices(file, 60_000, 70_000, 5_000)) digest.take(message);
    digest.take({ unhandedFrom: 70_000, to: file.length });
    expect(await digest.digest(blob)).toBe(sha(file));
  });

  it('waits while a part is missing and rejects when abandoned', async () => {
    const digest = new HandedDigest(wasmSha256());
    const result = digest.digest(blob);
    for (const message of slices(file, 50_000, file.length, 10_000)) digest.take(message);
    digest.abandon();
    await expect(result).rejects.toThrow(/readers stopped/);
  });
});

describe('handingOn', () => {
  it('posts each slice once the reader asks for the next, moved, then where the reader stopped', async () => {
    const file = bytesOf(30_000);
    const pieces = [file.slice(0, 10_000), file.slice(10_000, 20_000), file.slice(20_000)];
    const { port1, port2 } = new MessageChannel();
    const received: HandedMessage[] = [];
    const ended = new Promise<void>((resolve) => {
      port2.onmessage = (event: MessageEvent<HandedMessage>) => {
        received.push(event.data);
        if ('unhandedFrom' in event.data) resolve();
      };
    });
    async function* source(): AsyncGenerator<Uint8Array> {
      yield* pieces;
    }
    // The reader refuses the range while it holds the second slice: that one and the rest are not handed over.
    const read: number[] = [];
    for await (const piece of handingOn(source(), { start: 5_000, end: 35_000 }, port1)) {
      read.push(piece.length);
      if (read.length === 2) break;
    }
    await ended;
    port2.close();
    expect(read).toEqual([10_000, 10_000]);
    expect(pieces[0]!.byteLength).toBe(0); // moved to the hash, not copied
    expect(pieces[1]!.byteLength).toBe(10_000);
    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({ offset: 5_000 });
    expect(Array.from((received[0] as { bytes: Uint8Array }).bytes)).toEqual(Array.from(file.slice(0, 10_000)));
    expect(received[1]).toEqual({ unhandedFrom: 15_000, to: 35_000 });
  });
});
