import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { ModelArtifactsRecord, ModelCard } from '../../../src/core/training/modelCard.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { registerModel } from '../../../src/storage/commands/models.ts';
import { promote } from '../../../src/storage/commands/registry.ts';
import { createRun, saveRun } from '../../../src/storage/commands/runs.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import type { ExportOptions } from '../../../src/storage/workspaceFormat.ts';
import { batchCsv, snapshot, stored } from './storage.ts';

/** model.json as tfjs writes it, without loading tfjs (the CLI and the page pass src/ml's modelFiles). */
export const EXPORT_OPTIONS: ExportOptions = {
  createdBy: 'relearn test',
  modelJson: (a) => JSON.stringify({ modelTopology: a.modelTopology, format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }], userDefinedMetadata: { relearn: a.card } }),
};

export const TEST_CARD = { formatVersion: 1, task: 'binary', target: 'label', classes: ['0', '1'], preprocessing: { features: [{ name: 'x' }], width: 1 }, params: defaultParams('mlp'), seed: 42 } as unknown as ModelCard;

/** Fills `db` with every kind of record: batches and their columns, drift reports and profiles, a model, a run, aliases, odd values. */
export async function populate(db: RelearnDb, { rows = 40 } = {}): Promise<RelearnDb> {
  await changeWorkspace(db, { target: 'label', typeOverrides: { $odd: 'categorical' } });
  const one = await stored(db, 'one.csv', batchCsv(rows));
  const two = await stored(db, 'two.csv', batchCsv(30, { shift: 20, ones: 0.8, extra: 'z' }));
  await checkDueBatches(db);
  const artifacts: ModelArtifactsRecord = { modelTopology: { class_name: 'Sequential', config: { layers: [] } }, weightSpecs: [{ name: 'w', shape: [3], dtype: 'float32' }], weightData: new Float32Array([1.5, -0, 3]).buffer, card: TEST_CARD };
  const model = await registerModel(
    db,
    {
      source: 'trained',
      card: TEST_CARD,
      metrics: { accuracy: 0.75, precision: NaN, recall: 1, f1: -0, rocAuc: null, logLoss: Infinity, confusionMatrix: [[1, 2], [3, 4]] },
      perClass: null,
      warnings: ['class 0 is never predicted'],
      plots: { roc: { fpr: [0, 1], tpr: [0, 1] } },
      lineage: { batches: [{ id: one.id, name: one.name, rows: one.rows }], holdout: [{ batchId: one.id, rows: Uint32Array.from([3, 7, 11]) }, { batchId: two.id, rows: new Uint32Array(0) }] },
      training: null,
      latencyMs: 0.5,
      sizeBytes: 12,
      artifacts,
    },
    (v) => `Version ${v} trained`,
  );
  await promote(db, model.version, { actor: 'auto', reason: 'first model' });
  const run = await createRun(db, { kind: 'first', reason: 'no champion yet' }, two.id, { target: 'label', batchIds: [one.id, two.id], settings: defaultPipelineSettings() });
  run.tasks[0]!.state = 'success';
  // An output no task produces (the output types forbid it), as a hand-edited file may hold: the format must carry it.
  Object.assign(run.tasks[0]!, { output: { decision: { $weird: 1, nested: [undefined, -Infinity] } } });
  run.state = 'success';
  await saveRun(db, run);
  // Details no writer produces (the event types forbid them), as an older build or a hand-edited file may hold: the format must carry them.
  await db.table('events').add({ at: 1, kind: 'alert', actor: 'auto', batchId: undefined, summary: 'odd values', details: { nan: NaN, list: [1, NaN], $tag: { $binary: 'not a reference' } } });
  return db;
}

/** Every workspace table (not `device`, which belongs to the machine, nor `batchScores`, made again on demand). */
export async function workspaceTables(db: RelearnDb): Promise<Record<string, unknown[]>> {
  const all = await snapshot(db);
  delete all.device;
  delete all.batchScores;
  return all;
}
