import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_SCORE_VERSION, type BatchScoreRecord, type RelearnDb } from '../../../src/storage/db.ts';
import { retypeBatch } from '../../../src/storage/commands/batches.ts';
import { replaceWorkspace } from '../../../src/storage/commands/replaceWorkspace.ts';
import { getBatch } from '../../../src/storage/queries/batches.ts';
import { workspaceUsage } from '../../../src/storage/queries/usage.ts';
import { exportWorkspaceZip, readWorkspaceZip } from '../../../src/storage/workspaceZip.ts';
import { deleteBatch, deleteVersion } from '../../../src/app/workspace/deletion.ts';
import { championHistory, type ChampionHistory } from '../../../src/app/training/championHistory.ts';
import { scoreAndKeep, type ScoringProgress } from '../../../src/app/training/batchScores.ts';
import { scoreVersionOnRows } from '../../../src/app/training/score.ts';
import { championScenario } from '../helpers/championScenario.ts';
import { dbPerTest, freshDb } from '../helpers/storage.ts';
import { EXPORT_OPTIONS } from '../helpers/workspace.ts';

const newDb = dbPerTest();

/** championScenario's workspace, built once, as a file each test loads into a fresh database. */
let workspace: Uint8Array;
let ids: string[];
beforeAll(async () => {
  await tf.setBackend('cpu');
  const { db } = freshDb();
  const { first, second, third } = await championScenario(db);
  ids = [first.id, second.id, third.id];
  workspace = await exportWorkspaceZip(db, EXPORT_OPTIONS);
  db.close();
});

async function loaded(): Promise<RelearnDb> {
  const db = newDb();
  await replaceWorkspace(db, await readWorkspaceZip(workspace, db.verno), 'scenario.zip');
  return db;
}

/** Options under which nothing may be scored: every score must come from storage. */
const storedOnly = { scoring: (): Promise<never> => Promise.reject(new Error('scored although every score was stored')) };

const pairsOf = async (db: RelearnDb): Promise<[number, string][]> => (await db.batchScores.toArray()).map((r) => [r.version, r.batchId]);

describe('stored batch scores', () => {
  it('are made once, kept, and read back on the next call without scoring', async () => {
    const db = await loaded();
    const progress: ScoringProgress[] = [];
    let scorings = 0;
    const made = await championHistory(db, { scoring: (work) => (scorings++, work()), onProgress: (p) => progress.push(p) });
    expect(scorings).toBe(1);
    expect(progress.at(0)).toEqual({ done: 0, of: 3 });
    expect(progress.at(-1)).toEqual({ done: 3, of: 3 });
    expect((await pairsOf(db)).sort()).toEqual([[1, ids[0]], [1, ids[1]], [2, ids[2]]].sort());
    // Scored several at once, each pair's score is the one a scoring of that pair alone makes.
    const all = Uint32Array.from({ length: 200 }, (_, i) => i);
    const alone = async (version: number, batchId: string): Promise<number> => ((await scoreVersionOnRows(db, version, [{ batchId, rows: all }])).metrics as { rocAuc: number }).rocAuc;
    expect(made.points[0]!.firstChampion?.value).toBe(await alone(1, ids[0]!));
    expect(made.points[1]!.value).toBe(await alone(1, ids[1]!));
    expect(made.points[2]!.value).toBe(await alone(2, ids[2]!));
    expect(await championHistory(db, storedOnly)).toEqual(made);
  });

  it('scores only the pairs missing or made under another score version', async () => {
    const db = await loaded();
    const made = await championHistory(db);
    await db.batchScores.delete([1, ids[1]!]);
    await db.batchScores.update([2, ids[2]!], { scoreVersion: BATCH_SCORE_VERSION - 1 });
    const progress: ScoringProgress[] = [];
    expect(await championHistory(db, { onProgress: (p) => progress.push(p) })).toEqual(made);
    expect(progress.at(-1)).toEqual({ done: 2, of: 2 });
    expect((await db.batchScores.toArray()).map((r) => r.scoreVersion)).toEqual([BATCH_SCORE_VERSION, BATCH_SCORE_VERSION, BATCH_SCORE_VERSION]);
  });

  it('go with a deleted batch', async () => {
    const db = await loaded();
    await championHistory(db);
    await deleteBatch(db, ids[2]!, { versions: [], reference: false });
    expect((await pairsOf(db)).sort()).toEqual([[1, ids[0]], [1, ids[1]]].sort());
    expect((await championHistory(db, storedOnly)).points.map((p) => p.batchId)).toEqual(ids.slice(0, 2));
  });

  it('go with a deleted version', async () => {
    const db = await loaded();
    await championHistory(db);
    await deleteVersion(db, 1);
    expect(await pairsOf(db)).toEqual([[2, ids[2]]]);
    // Version 1 is gone, and with it the target its batches were judged by: only version 2's batch is left, from storage.
    const history = await championHistory(db, storedOnly);
    expect(history.points.map((p) => [p.batchId, p.version])).toEqual([[ids[2], 2]]);
  });

  it('go with a retyped batch, and one retyped while it was scored is not kept', async () => {
    const db = await loaded();
    const meta = (await getBatch(db, ids[1]!))!;
    const retyped = { ...meta, columns: meta.columns.map((c) => (c.name === 'x1' ? { ...c, type: 'categorical' as const } : c)) };
    // Scored under the stored types while the caller held the batch under others: a retype came between.
    const summary = (await db.batches.get(ids[1]!))!;
    const made = await scoreAndKeep(db, [{ version: 1, batch: { ...summary, columns: retyped.columns } }]);
    expect([...made.values()].map((r: BatchScoreRecord) => r.batchId)).toEqual([ids[1]]);
    expect(await db.batchScores.count()).toBe(0);
    await championHistory(db);
    await retypeBatch(db, retyped);
    expect((await pairsOf(db)).sort()).toEqual([[1, ids[0]], [2, ids[2]]].sort());
  });

  it('are not in the workspace file, and replacing the workspace clears them', async () => {
    const db = await loaded();
    await championHistory(db);
    const bytes = await exportWorkspaceZip(db, EXPORT_OPTIONS);
    expect(Object.keys(unzipSync(bytes)).filter((name) => name.includes('batchScores'))).toEqual([]);
    await replaceWorkspace(db, await readWorkspaceZip(bytes, db.verno), 'again.zip');
    expect(await db.batchScores.count()).toBe(0);
  });

  it('count in the storage usage of their batch', async () => {
    const db = await loaded();
    const before = await workspaceUsage(db);
    const history: ChampionHistory = await championHistory(db);
    expect(history.points).toHaveLength(3);
    const after = await workspaceUsage(db);
    for (const batch of after.batches) {
      expect(batch.scoreBytes).toBeGreaterThan(0);
      expect(batch.totalBytes).toBe(before.batches.find((b) => b.id === batch.id)!.totalBytes + batch.scoreBytes);
    }
  });
});
