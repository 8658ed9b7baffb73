import { metricValue, type MetricKey } from '../../core/metrics/metricKey.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import type { EventRecord, RelearnDb } from '../../storage/db.ts';
import { isEvent } from '../../core/events.ts';
import { versionScorer, type VersionScorer } from './score.ts';

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

/**
 * For each stored batch with the champion's target (arrival order): the version that was champion when
 * it arrived (from the promotion and rollback events' times) scored on all its rows; plus those events.
 */
export async function championHistory(db: RelearnDb): Promise<ChampionHistory> {
  const events = await db.events.where('kind').anyOf('model.promoted', 'model.rolledback').sortBy('seq');
  const markers: ChampionMarker[] = events.filter((e) => isEvent(e, 'model.promoted', 'model.rolledback')).map((e) => ({ seq: e.seq!, at: e.at, kind: e.kind, version: e.details.version, actor: e.actor, summary: e.summary }));
  const championAt = (at: number): number | null => markers.filter((m) => m.at <= at).at(-1)?.version ?? null;
  const targets = new Map<number, { target: string; key: MetricKey }>();
  const versionInfo = async (version: number): Promise<{ target: string; key: MetricKey } | null> => {
    if (!targets.has(version)) {
      const record = await db.models.get(version);
      if (!record) return null;
      targets.set(version, { target: record.card.target, key: primaryMetric(record.card.task).key });
    }
    return targets.get(version)!;
  };
  // Batches are judged by the target of the versions that served; before any champion, by the first one's.
  const firstVersion = markers[0]?.version ?? null;
  const fallbackTarget = firstVersion !== null ? (await versionInfo(firstVersion))?.target ?? null : null;
  const batches = await db.batches.orderBy('arrivedAt').toArray();
  // Each version is loaded once for all the batches it scores: a year of daily batches loaded it 365 times.
  const scorers = new Map<number, Promise<VersionScorer>>();
  const scorerOf = (v: number): Promise<VersionScorer> => {
    if (!scorers.has(v)) scorers.set(v, versionScorer(db, v));
    return scorers.get(v)!;
  };
  const points: ChampionPoint[] = [];
  try {
    for (const batch of batches) {
      const version = championAt(batch.arrivedAt);
      const info = version !== null ? await versionInfo(version) : null;
      const target = info?.target ?? fallbackTarget;
      if (!hasTargetColumn(batch, target)) continue;
      const score = async (v: number, key: MetricKey): Promise<number | null> => {
        try {
          const rows = [{ batchId: batch.id, rows: Uint32Array.from({ length: batch.rows }, (_, i) => i) }];
          return metricValue((await (await scorerOf(v)).score(rows)).metrics, key);
        } catch {
          return null; // the batch lacks a column the version needs
        }
      };
      const value = version !== null && info ? await score(version, info.key) : null;
      let firstChampion: ChampionPoint['firstChampion'] = null;
      if (version === null && firstVersion !== null) {
        const first = await versionInfo(firstVersion);
        if (first) firstChampion = { version: firstVersion, value: await score(firstVersion, first.key) };
      }
      points.push({ batchId: batch.id, name: batch.name, arrivedAt: batch.arrivedAt, version, metricKey: info?.key ?? null, value, firstChampion });
    }
  } finally {
    for (const scorer of scorers.values()) await scorer.then((s) => s.dispose(), () => undefined);
  }
  return { points, markers };
}
