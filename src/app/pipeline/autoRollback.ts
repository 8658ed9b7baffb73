import type { BatchMeta } from '../../core/batch.ts';
import { improvement, METRIC_LABELS, metricValue } from '../../core/metrics/metricKey.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { champion, previousChampion } from '../../storage/queries/registry.ts';
import { rollback } from '../../storage/commands/registry.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import { isEvent, type ChampionCheck } from '../../core/events.ts';
import { scoreVersionOnRows } from '../training/score.ts';

const fmt = (v: number): string => v.toFixed(4);

/**
 * Automatic rollback: the first labeled batch after a promotion scores the new champion and the one it
 * replaced; when the new one is worse by more than the tolerance, the previous one is restored. Either
 * way a `champion.checked` event records both numbers. Returns the rollback's reason, or null.
 */
export async function checkNewChampion(db: RelearnDb, batch: BatchMeta): Promise<string | null> {
  const workspace = await readWorkspace(db);
  const settings = workspace.pipeline.rollback;
  if (!settings?.enabled) return null;
  const current = await champion(db);
  const alias = await db.aliases.get('champion');
  const previousVersion = await previousChampion(db);
  if (!current || !alias || previousVersion === null || batch.arrivedAt < alias.since) return null;
  if (!hasTargetColumn(batch, current.card.target)) return null;
  const checks = (await db.events.where('kind').equals('champion.checked').toArray()).filter((e) => isEvent(e, 'champion.checked')).map((e) => e.details);
  if (checks.some((c) => c.version === current.version && c.since === alias.since)) return null;
  const previous = await db.models.get(previousVersion);
  if (!previous || previous.card.task !== current.card.task || previous.card.target !== current.card.target) return null;
  const rows = [{ batchId: batch.id, rows: Uint32Array.from({ length: batch.rows }, (_, i) => i) }];
  const metric = primaryMetric(current.card.task);
  const value = async (version: number): Promise<number | null> => {
    try {
      return metricValue((await scoreVersionOnRows(db, version, rows)).metrics, metric.key);
    } catch {
      return null; // the batch lacks a column one of them needs
    }
  };
  const now = await value(current.version);
  const before = await value(previousVersion);
  const details: ChampionCheck = { version: current.version, since: alias.since, previous: previousVersion, batchId: batch.id, metric: metric.key, champion: now, previousChampion: before, tolerance: settings.tolerance };
  if (now === null || before === null) {
    await db.events.add({ at: Date.now(), kind: 'champion.checked', actor: 'auto', batchId: batch.id, summary: `Version ${current.version} could not be checked against version ${previousVersion} on "${batch.name}"`, details });
    return null;
  }
  // How much better the previous champion does here: positive is what the new one lost.
  const loss = improvement(metric.key, now, before)!;
  const regressed = loss > settings.tolerance;
  const summary = `On "${batch.name}", champion version ${current.version} has ${METRIC_LABELS[metric.key]} ${fmt(now)}, version ${previousVersion} ${fmt(before)}: ${regressed ? `worse by ${fmt(loss)}, beyond the tolerance ${settings.tolerance}` : 'within the tolerance'}`;
  await db.events.add({ at: Date.now(), kind: 'champion.checked', actor: 'auto', batchId: batch.id, summary, details });
  if (!regressed) return null;
  const reason = `automatic rollback: ${summary}`;
  await rollback(db, previousVersion, { actor: 'auto', reason });
  return reason;
}
