import { BATCH_SCORE_VERSION, type BatchScoreRecord, type RelearnDb } from '../db.ts';

/** A version and a stored batch it is (or would be) scored on. */
export interface ScorePair {
  version: number;
  batchId: string;
}

export const scorePairKey = (pair: ScorePair): string => `${pair.version} ${pair.batchId}`;

/** The stored scores of these pairs made the current way (BATCH_SCORE_VERSION), by scorePairKey; the rest are to be made. */
export async function storedBatchScores(db: RelearnDb, pairs: readonly ScorePair[]): Promise<Map<string, BatchScoreRecord>> {
  const records = await db.batchScores.bulkGet(pairs.map((p) => [p.version, p.batchId] satisfies [number, string]));
  const found = new Map<string, BatchScoreRecord>();
  for (const record of records) if (record && record.scoreVersion === BATCH_SCORE_VERSION) found.set(scorePairKey(record), record);
  return found;
}
