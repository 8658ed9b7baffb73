import { metricValue, type MetricKey } from '../../core/metrics/metricKey.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import type { EventRecord, RelearnDb } from '../../storage/db.ts';
import { isEvent } from '../../core/events.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { scorePairKey, storedBatchScores } from '../../storage/queries/batchScores.ts';
import { scoreAndKeep, type ScoringProgress } from './batchScores.ts';

/** The champion's primary metric on one labeled batch, the champion being the one serving when the batch arrived. */
export interface ChampionPoint {
  batchId: string;
  name: string;
  arrivedAt: number;
  /** Null when no version was champion yet when the batch arrived. */
  version: number | null;
  metricKey: string | null;
  /** Null when there was no champion, or it could not score the batch (a column it needs is missing). */
  value: number | null;
  /**
   * For a batch that arrived before any champion: the first champion scored on it, so the chart shows
   * how it did there (drawn apart: no champion served the batch then). Null otherwise.
   */
  firstChampion: { version: number; value: number | null } | null;
}

/** A promotion or rollback, placed among the batches by its time. */
export interface ChampionMarker {
  seq: number;
  at: number;
  kind: 'model.promoted' | 'model.rolledback';
  version: number;
  actor: EventRecord['actor'];
  summary: string;
}

export interface ChampionHistory {
  points: ChampionPoint[];
  markers: ChampionMarker[];
}

export interface ChampionHistoryOptions {
  /** Runs the scoring of the pairs not stored yet (the worker holds its backend for it); reading stored scores needs none. */
  scoring?: <T>(work: () => Promise<T>) => Promise<T>;
  onProgress?: (progress: ScoringProgress) => void;
}

/** A batch on the chart: the version serving when it arrived, and the first champion for a batch before any. */
interface Planned {
  batch: BatchSummary;
  version: number | null;
  info: { target: string; key: MetricKey } | null;
  first: { version: number; key: MetricKey } | null;
}

/**
 * For each stored batch with the champion's target (arrival order): the version that was champion when
 * it arrived (from the promotion and rollback events' times) scored on all its rows; plus those events.
 * Scores stored by an earlier call are read; only the (version, batch) pairs without one are scored, and kept.
 */
export async function championHistory(db: RelearnDb, options: ChampionHistoryOptions = {}): Promise<ChampionHistory> {
  const events = await db.events.where('kind').anyOf('model.promoted', 'model.rolledback').sortBy('seq');
  const markers: ChampionMarker[] = events.filter((e) => isEvent(e, 'model.promoted', 'model.rolledback')).map((e) => ({ seq: e.seq!, at: e.at, kind: e.kind, version: e.details.version, actor: e.actor, summary: e.summary }));
  const championAt = (at: number): number | null => markers.filter((m) => m.at <= at).at(-1)?.version ?? null;
  const targets = new Map<number, { target: string; key: MetricKey } | null>();
  const versionInfo = async (version: number): Promise<{ target: string; key: MetricKey } | null> => {
    if (!targets.has(version)) {
      const record = await db.models.get(version);
      targets.set(version, record ? { target: record.card.target, key: primaryMetric(record.card.task).key } : null);
    }
    return targets.get(version)!;
  };
  // Batches are judged by the target of the versions that served; before any champion, by the first one's.
  const firstVersion = markers[0]?.version ?? null;
  const firstInfo = firstVersion !== null ? await versionInfo(firstVersion) : null;
  const first = firstVersion !== null && firstInfo ? { version: firstVersion, key: firstInfo.key } : null;
  const planned: Planned[] = [];
  for (const batch of await db.batches.orderBy('arrivedAt').toArray()) {
    const version = championAt(batch.arrivedAt);
    const info = version !== null ? await versionInfo(version) : null;
    if (!hasTargetColumn(batch, info?.target ?? firstInfo?.target ?? null)) continue;
    planned.push({ batch, version, info, first: version === null ? first : null });
  }
  const pairs = planned.flatMap((p) => {
    const version = p.info ? p.version : (p.first?.version ?? null);
    return version === null ? [] : [{ version, batch: p.batch }];
  });
  const scores = await storedBatchScores(db, pairs.map((p) => ({ version: p.version, batchId: p.batch.id })));
  const missing = pairs.filter((p) => !scores.has(scorePairKey({ version: p.version, batchId: p.batch.id })));
  if (missing.length > 0) {
    // Said before the scoring waits for the backend (a training may hold it).
    options.onProgress?.({ done: 0, of: missing.length });
    const scoring = options.scoring ?? ((work) => work());
    for (const [key, record] of await scoring(() => scoreAndKeep(db, missing, options.onProgress))) scores.set(key, record);
  }
  const valueOf = (version: number, batchId: string, key: MetricKey): number | null => metricValue(scores.get(scorePairKey({ version, batchId }))?.metrics ?? null, key);
  const points = planned.map(({ batch, version, info, first: before }): ChampionPoint => ({
    batchId: batch.id,
    name: batch.name,
    arrivedAt: batch.arrivedAt,
    version,
    metricKey: info?.key ?? null,
    value: version !== null && info ? valueOf(version, batch.id, info.key) : null,
    firstChampion: before ? { version: before.version, value: valueOf(before.version, batch.id, before.key) } : null,
  }));
  return { points, markers };
}
