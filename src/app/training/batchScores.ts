import { columnTypes } from '../../core/batch.ts';
import { TableError } from '../../core/training/table.ts';
import { BATCH_SCORE_VERSION, type BatchScoreRecord, type RelearnDb } from '../../storage/db.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { scorePairKey } from '../../storage/queries/batchScores.ts';
import { versionScorer, type VersionScorer } from './score.ts';

/** Scores made of those that were missing, as the chart waits for them (none come when every score was stored). */
export interface ScoringProgress {
  done: number;
  of: number;
}

/** A batch's column types: a retype changes what a version reads from the same cells. */
const typesOf = (batch: Pick<BatchSummary, 'columns'>): string => JSON.stringify(columnTypes(batch));

/**
 * Keeps the scores whose batch was not deleted or retyped, nor their version deleted, while they were made
 * (their deletions drop the scores in their own transactions, which ran before this one).
 */
async function keep(db: RelearnDb, made: readonly { record: BatchScoreRecord; batch: BatchSummary }[]): Promise<void> {
  if (made.length === 0) return;
  await db.transaction('rw', [db.batches, db.models, db.batchScores], async () => {
    const now = await db.batches.bulkGet(made.map((m) => m.record.batchId));
    const versions = new Set(await db.models.where('version').anyOf([...new Set(made.map((m) => m.record.version))]).keys());
    const kept = made.filter((m, i) => now[i] && typesOf(now[i]) === typesOf(m.batch) && versions.has(m.record.version));
    await db.batchScores.bulkPut(kept.map((m) => m.record));
  });
}

/**
 * Scores made within this long are stored together, and their progress said once: one transaction, one
 * change notice to every page and worker and one draw of the progress a second, not one a batch (a year of
 * batches is hundreds of scores).
 */
export const STORE_EVERY_MS = 1000;

/**
 * Pairs scored at once: a pair mostly waits for its batch's columns from storage, and another's reading
 * or predicting fills that wait (one at a time, a year of batches left the worker idle two thirds of the time).
 */
const SCORING_AT_ONCE = 3;

/** A version's metrics on all rows of a batch; a batch it cannot read (a column missing or of a type it cannot use) is a score too. */
async function scoreOne(scorer: VersionScorer, version: number, batch: BatchSummary): Promise<BatchScoreRecord> {
  const base = { version, batchId: batch.id, scoreVersion: BATCH_SCORE_VERSION, scoredAt: Date.now() };
  try {
    const scored = await scorer.score([{ batchId: batch.id, rows: Uint32Array.from({ length: batch.rows }, (_, i) => i) }]);
    return { ...base, metrics: scored.metrics, rows: scored.rows };
  } catch (error) {
    if (error instanceof TableError) return { ...base, metrics: null, rows: 0, problem: error.message };
    throw error;
  }
}

/**
 * Scores each pair (each version loaded once for all its batches) and stores the scores as they are made
 * (STORE_EVERY_MS), so that a later call reads them instead. Returns the scores by scorePairKey; a pair that
 * could not be scored for another reason (its version or batch deleted meanwhile) is left out, and nothing
 * is stored for it.
 */
export async function scoreAndKeep(db: RelearnDb, pairs: readonly { version: number; batch: BatchSummary }[], onProgress?: (progress: ScoringProgress) => void): Promise<Map<string, BatchScoreRecord>> {
  const scorers = new Map<number, Promise<VersionScorer>>();
  const scorerOf = (v: number): Promise<VersionScorer> => {
    if (!scorers.has(v)) scorers.set(v, versionScorer(db, v));
    return scorers.get(v)!;
  };
  const made = new Map<string, BatchScoreRecord>();
  let unstored: { record: BatchScoreRecord; batch: BatchSummary }[] = [];
  let storedAt = Date.now();
  // A score not stored (a full disk) is still shown, and made again next time.
  const store = (): Promise<void> => {
    const group = unstored;
    unstored = [];
    storedAt = Date.now();
    return keep(db, group).catch(() => undefined);
  };
  let next = 0;
  let done = 0;
  const scoreNext = async (): Promise<void> => {
    for (let i = next++; i < pairs.length; i = next++) {
      const { version, batch } = pairs[i]!;
      const record = await scorerOf(version).then((scorer) => scoreOne(scorer, version, batch)).catch(() => null);
      if (record) {
        made.set(scorePairKey(record), record);
        unstored.push({ record, batch });
      }
      done += 1;
      if (done === pairs.length || Date.now() - storedAt >= STORE_EVERY_MS) {
        await store();
        onProgress?.({ done, of: pairs.length });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(SCORING_AT_ONCE, pairs.length) }, scoreNext));
  } finally {
    await store();
    for (const scorer of scorers.values()) await scorer.then((s) => s.dispose(), () => undefined);
  }
  return made;
}
