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
 * Keeps a score unless its batch was deleted or retyped, or its version deleted, while it was made (their
 * deletions drop the scores in their own transactions, which ran before this one).
 */
async function keep(db: RelearnDb, record: BatchScoreRecord, batch: BatchSummary): Promise<void> {
  await db.transaction('rw', [db.batches, db.models, db.batchScores], async () => {
    const now = await db.batches.get(record.batchId);
    const versions = await db.models.where('version').equals(record.version).count();
    if (now && typesOf(now) === typesOf(batch) && versions > 0) await db.batchScores.put(record);
  });
}

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
 * Scores each pair (each version loaded once for all its batches) and stores each score as it is made, so
 * that a later call reads it instead. Returns the scores by scorePairKey; a pair that could not be scored
 * for another reason (its version or batch deleted meanwhile) is left out, and nothing is stored for it.
 */
export async function scoreAndKeep(db: RelearnDb, pairs: readonly { version: number; batch: BatchSummary }[], onProgress?: (progress: ScoringProgress) => void): Promise<Map<string, BatchScoreRecord>> {
  const scorers = new Map<number, Promise<VersionScorer>>();
  const scorerOf = (v: number): Promise<VersionScorer> => {
    if (!scorers.has(v)) scorers.set(v, versionScorer(db, v));
    return scorers.get(v)!;
  };
  const made = new Map<string, BatchScoreRecord>();
  try {
    for (const [i, { version, batch }] of pairs.entries()) {
      const record = await scorerOf(version).then((scorer) => scoreOne(scorer, version, batch)).catch(() => null);
      if (record) {
        made.set(scorePairKey(record), record);
        // A score not stored (a full disk) is still shown, and made again next time.
        await keep(db, record, batch).catch(() => undefined);
      }
      onProgress?.({ done: i + 1, of: pairs.length });
    }
  } finally {
    for (const scorer of scorers.values()) await scorer.then((s) => s.dispose(), () => undefined);
  }
  return made;
}
