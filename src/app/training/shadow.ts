import type { BatchMeta } from '../../core/batch.ts';
import { canaryTest, isCanaryRow, type CanaryResult, type VariantTally } from '../../core/compare/canary.ts';
import { cellText, type Column } from '../../core/columns.ts';
import { csvLine } from '../../core/csv/writeCsv.ts';
import type { ShadowResult } from '../../core/events.ts';
import { classProbabilities, predictedLabel, predictionHeader } from '../../core/training/predictions.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import { getBatch, loadColumns } from '../../storage/queries/batches.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { getModel } from '../../storage/queries/models.ts';
import { scoreVersionOnRows } from './score.ts';

const allRows = (batch: BatchMeta) => [{ batchId: batch.id, rows: Uint32Array.from({ length: batch.rows }, (_, i) => i) }];

/**
 * Shadow scoring: the challenger scores an incoming batch beside the champion. Agreement of their
 * predictions always; metrics where the batch has labels. Recorded as a `shadow.scored` event.
 */
export async function shadowScore(db: RelearnDb, batch: BatchMeta): Promise<ShadowResult | null> {
  const champion = await db.aliases.get('champion');
  const challenger = await db.aliases.get('challenger');
  if (!champion || !challenger || champion.version === challenger.version) return null;
  const [a, b] = [await getModel(db, champion.version), await getModel(db, challenger.version)];
  const names = new Set(batch.columns.map((c) => c.name));
  if (![a, b].every((m) => m.card.preprocessing.features.every((f) => names.has(f.name)))) return null;
  const [sa, sb] = [await scoreVersionOnRows(db, a.version, allRows(batch)), await scoreVersionOnRows(db, b.version, allRows(batch))];
  let agreement: number | null = null;
  let meanAbsoluteDifference: number | null = null;
  if (a.card.task === 'regression' && b.card.task === 'regression') {
    let sum = 0;
    for (let i = 0; i < batch.rows; i++) sum += Math.abs(sa.outputs[i]! - sb.outputs[i]!);
    meanAbsoluteDifference = sum / Math.max(1, batch.rows);
  } else if (a.card.task !== 'regression' && b.card.task !== 'regression') {
    let same = 0;
    for (let i = 0; i < batch.rows; i++) if (predictedLabel(a.card, sa.outputs, i) === predictedLabel(b.card, sb.outputs, i)) same++;
    agreement = same / Math.max(1, batch.rows);
  }
  const result: ShadowResult = { champion: a.version, challenger: b.version, rows: batch.rows, agreement, meanAbsoluteDifference, championMetrics: sa.metrics, challengerMetrics: sb.metrics };
  const said = agreement !== null ? `agree on ${(agreement * 100).toFixed(1)}% of ${batch.rows} rows` : meanAbsoluteDifference !== null ? `differ by ${meanAbsoluteDifference.toPrecision(3)} on average` : 'scored';
  await db.events.add({ at: Date.now(), kind: 'shadow.scored', actor: 'auto', batchId: batch.id, summary: `Shadow on "${batch.name}": champion version ${a.version} and challenger version ${b.version} ${said}`, details: result });
  return result;
}

export interface CanaryScoring {
  fileName: string;
  csvParts: string[];
  result: CanaryResult;
}

function keyOf(column: Column, row: number): string | null {
  return cellText(column, row);
}

/**
 * Canary batch scoring: rows whose key column hashes into `share` are scored by the challenger, the rest
 * by the champion; the CSV says which variant scored each row, and the A/B result tests correct /
 * incorrect by variant where the batch has labels.
 */
export async function scoreCanary(db: RelearnDb, batchId: string, championVersion: number, challengerVersion: number, keyColumn: string, share: number): Promise<CanaryScoring> {
  if (!(share > 0 && share < 1)) throw new TrainingInputError('the canary share must be above 0 and below 1');
  const meta = await getBatch(db, batchId);
  if (!meta) throw new TrainingInputError('that batch is no longer stored');
  const a = await getModel(db, championVersion);
  const b = await getModel(db, challengerVersion);
  if (a.card.task !== b.card.task || JSON.stringify(a.card.classes) !== JSON.stringify(b.card.classes)) {
    throw new TrainingInputError(`versions ${a.version} and ${b.version} do not predict the same classes; a canary needs two versions of the same model`);
  }
  const columns = await loadColumns(db, meta);
  const key = columns.find((c) => c.name === keyColumn);
  if (!key) throw new TrainingInputError(`batch "${meta.name}" has no column "${keyColumn}" to split the rows by`);
  const rows = allRows(meta);
  const [sa, sb] = [await scoreVersionOnRows(db, a.version, rows), await scoreVersionOnRows(db, b.version, rows)];
  const tally = (): VariantTally => ({ rows: 0, labelled: 0, correct: 0 });
  const variants = { champion: tally(), challenger: tally() };
  const parts = [`${csvLine([...columns.map((c) => c.name), 'variant', 'version', ...predictionHeader(a.card)])}\r\n`];
  const lines: string[] = [];
  for (let i = 0; i < meta.rows; i++) {
    const canary = isCanaryRow(keyOf(key, i), share);
    const [card, scored, t] = canary ? [b.card, sb, variants.challenger] : [a.card, sa, variants.champion];
    t.rows++;
    const label = scored.labels[i]!;
    const predicted = predictedLabel(card, scored.outputs, i);
    if (label === label) {
      t.labelled++;
      if (card.task !== 'regression' && card.classes![label] === predicted) t.correct++;
    }
    const probabilities = card.classes ? classProbabilities(card, scored.outputs, i).map(String) : [];
    lines.push(csvLine([...columns.map((c) => cellText(c, i)), canary ? 'challenger' : 'champion', String(canary ? b.version : a.version), predicted, ...probabilities]));
    if (lines.length === 10_000) parts.push(`${lines.splice(0).join('\r\n')}\r\n`);
  }
  if (lines.length) parts.push(`${lines.join('\r\n')}\r\n`);
  const result = canaryTest(variants.champion, variants.challenger);
  await db.events.add({
    at: Date.now(),
    kind: 'canary.scored',
    actor: 'user',
    batchId: meta.id,
    summary: `Canary on "${meta.name}": ${variants.challenger.rows} of ${meta.rows} rows (${Math.round(share * 100)}% by "${keyColumn}") scored by version ${b.version}${result.test ? `; correct / incorrect by variant p = ${result.test.pValue.toPrecision(3)}` : ''}`,
    details: { champion: a.version, challenger: b.version, share, keyColumn, result },
  });
  return { fileName: `${meta.name.replace(/\.(csv|tsv|txt)$/i, '')}-canary-v${a.version}-v${b.version}.csv`, csvParts: parts, result };
}
