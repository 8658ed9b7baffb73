import { inflateSync, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { WorkspaceError } from '../../../src/storage/workspaceErrors.ts';
import { exportWorkspaceZip, readWorkspaceZip } from '../../../src/storage/workspaceZip.ts';
import { freshDb } from '../helpers/storage.ts';
import { crc32, deflatedZeros, MIB, zipOf, type Raw } from '../helpers/hostileZip.ts';
import { EXPORT_OPTIONS, populate } from '../helpers/workspace.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** The entries of a real exported workspace, stored as they are. */
async function workspaceEntries(): Promise<Raw[]> {
  const { db } = freshDb();
  open.push(db);
  const files = unzipSync(await exportWorkspaceZip(await populate(db), EXPORT_OPTIONS));
  return Object.entries(files).map(([name, data]) => ({ name, data, method: 0, size: data.byteLength, crc: crc32(data) }));
}

/** Reads the zip, returns the refusal with the time it took and how much the process grew meanwhile. */
async function refusal(bytes: Uint8Array): Promise<{ message: string; ms: number; grewMb: number }> {
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  const error = await readWorkspaceZip(bytes, 6).then(
    () => null,
    (e: unknown) => e,
  );
  const ms = performance.now() - start;
  expect(error).toBeInstanceOf(WorkspaceError);
  return { message: (error as WorkspaceError).describe(), ms, grewMb: (process.memoryUsage().rss - rss) / MIB };
}

describe('workspace zip: a stray 2 GB entry in a 2 MB file is refused before anything is inflated', () => {
  const TWO_GB = 1907; // MiB: just under 2 × 10^9 bytes
  const zeros = deflatedZeros(TWO_GB);
  const bomb = (name: string): Raw => ({ name, data: zeros, method: 8, size: TWO_GB * MIB, crc: 0 });

  it('the stream is a true one: 2 GB of zeros in about 2 MB (checked on 4 MiB of it)', () => {
    expect(zeros.byteLength).toBeLessThan(2.5 * MIB);
    const four = inflateSync(deflatedZeros(4));
    expect(four.byteLength).toBe(4 * MIB);
    expect(four.every((b) => b === 0)).toBe(true);
  });

  it('a name outside the layout', async () => {
    const bytes = zipOf([...(await workspaceEntries()), bomb('stray.bin')]);
    expect(bytes.byteLength).toBeLessThan(3 * MIB);
    const { message, ms, grewMb } = await refusal(bytes);
    expect(message).toBe("stray.bin: is not a file of a workspace (manifest.json, the tables' .json files, columns/BATCH/, models/vN/, binary/TABLE/N/); nothing was unpacked");
    expect(ms).toBeLessThan(1000);
    expect(grewMb).toBeLessThan(100);
  });

  it('a name inside the layout, larger than such a file can be', async () => {
    const entries = await workspaceEntries();
    for (const name of ['columns/abc/0-0.f64', 'events.json']) {
      const { message, ms, grewMb } = await refusal(zipOf([...entries.filter((e) => e.name !== name), bomb(name)]));
      expect(message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: says it unpacks to ${TWO_GB * MIB} bytes, more than such a file of a workspace can hold \\(\\d+ bytes\\): the zip file is corrupt or a zip bomb; nothing was unpacked$`));
      expect(ms).toBeLessThan(1000);
      expect(grewMb).toBeLessThan(100);
    }
  });

  it('a name inside the layout that nothing refers to is refused without being inflated', async () => {
    const { message, ms, grewMb } = await refusal(zipOf([...(await workspaceEntries()), bomb('models/v9/weights.bin')]));
    expect(message).toBe('models/v9/weights.bin: is not part of the workspace: a workspace file holds only the files its manifest.json accounts for');
    expect(ms).toBeLessThan(2000);
    expect(grewMb).toBeLessThan(100);
  });

  it('an entry whose data gives more than its header declares is stopped at the declared size', async () => {
    const entries = await workspaceEntries();
    const manifest = entries.find((e) => e.name === 'manifest.json')!;
    // 64 MiB of zeros in the data, 1,000 bytes in the header (a deflate ratio the header check allows).
    const lying: Raw = { ...manifest, data: deflatedZeros(64), method: 8, size: 1000 };
    const { message, grewMb } = await refusal(zipOf([lying, ...entries.filter((e) => e !== manifest)]));
    expect(message).toBe('manifest.json: unpacks to more than the 1000 bytes it declares (unpacking was stopped there): the zip file is corrupt');
    expect(grewMb).toBeLessThan(60);
  });

  it('a binary whose declared size differs from its record is refused before it is inflated', async () => {
    const entries = await workspaceEntries();
    const weights = entries.find((e) => e.name === 'models/v1/weights.bin')!;
    const bytes = zipOf([...entries.filter((e) => e !== weights), { ...weights, data: zeros, method: 8, size: 1_000_000_000 }]);
    const { message, ms } = await refusal(bytes);
    expect(message).toBe('models/v1/weights.bin: has 1000000000 bytes; modelArtifacts.json says 12 × ArrayBuffer (12 bytes): the file is truncated or not this one');
    expect(ms).toBeLessThan(2000);
  });
});
