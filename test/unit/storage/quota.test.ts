import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import type { ModelCard } from '../../../src/core/training/modelCard.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { registerModel, type NewModel } from '../../../src/storage/commands/models.ts';
import { isQuotaError, quotaMessage, StorageFullError, withQuotaMessage } from '../../../src/storage/quota.ts';
import { createRun, saveRun } from '../../../src/storage/commands/runs.ts';
import { counts, freshDb } from '../helpers/storage.ts';

const quota = (): DOMException => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

const rejection = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => Promise.reject(new Error('expected a rejection')), (error: unknown) => error);

/** Every write to `table` fails as a browser out of quota makes it fail. */
function fullOn(db: RelearnDb, table: 'models' | 'modelArtifacts' | 'runs'): void {
  db.table(table).hook('creating', () => {
    throw quota();
  });
  db.table(table).hook('updating', () => {
    throw quota();
  });
}

const card = { formatVersion: 1, task: 'binary', target: 'label', classes: ['0', '1'], preprocessing: { features: [{ name: 'x' }], width: 1 }, params: defaultParams('mlp'), seed: 1 } as unknown as ModelCard;

const model: NewModel = {
  source: 'trained',
  card,
  metrics: null,
  perClass: null,
  warnings: [],
  plots: {},
  lineage: { batches: [], holdout: [] },
  training: null,
  latencyMs: null,
  sizeBytes: 8,
  artifacts: { modelTopology: {}, weightSpecs: [], weightData: new ArrayBuffer(8), card },
};

describe('isQuotaError', () => {
  it('knows the browser error, as is and as Dexie wraps it', () => {
    expect(isQuotaError(quota())).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('transaction aborted', quota()))).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError(new Dexie.BulkError('2 of 3 failed', { 1: new Dexie.ConstraintError('key'), 2: quota() }))).toBe(true);
    expect(isQuotaError(new Error('wrapped', { cause: quota() }))).toBe(true);
  });

  it('says no to every other error', () => {
    expect(isQuotaError(new Dexie.ConstraintError('key exists'))).toBe(false);
    expect(isQuotaError(new Dexie.AbortError('aborted', new Error('boom')))).toBe(false);
    expect(isQuotaError(new DOMException('gone', 'InvalidStateError'))).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});

describe('quotaMessage and withQuotaMessage', () => {
  it('names what could not be saved and what to do', () => {
    expect(quotaMessage('batch "big.csv"')).toBe(
      'Browser storage is full: batch "big.csv" could not be saved, and nothing of it was stored. Free space in Storage (delete batches or model versions you no longer need) or give this site more disk space, then try again.',
    );
  });

  it('turns a quota error into a StorageFullError and lets others through unchanged', async () => {
    const full = await rejection(withQuotaMessage('run 4', () => Promise.reject(quota())));
    expect(full).toBeInstanceOf(StorageFullError);
    expect((full as Error).message).toBe(quotaMessage('run 4'));
    const other = new Error('disk on fire');
    expect(await rejection(withQuotaMessage('run 4', () => Promise.reject(other)))).toBe(other);
    expect(await withQuotaMessage('run 4', () => Promise.resolve(7))).toBe(7);
  });
});

describe('a full disk', () => {
  it('registering a model: the message, and no record, artifacts or event', async () => {
    const { db } = freshDb();
    fullOn(db, 'modelArtifacts');
    const error = await rejection(registerModel(db, model, (v) => `Version ${v} trained`));
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toBe(quotaMessage('the trained model'));
    const after = await counts(db);
    expect([after.models, after.modelArtifacts, after.events]).toEqual([0, 0, 0]);
  });

  it('creating a run: the message, and neither the run nor its event', async () => {
    const { db } = freshDb();
    fullOn(db, 'runs');
    const error = await rejection(createRun(db, { kind: 'manual', reason: 'test' }, null, { target: 'label', batchIds: [], settings: defaultPipelineSettings() }));
    expect((error as Error).message).toBe(quotaMessage('a new run'));
    const after = await counts(db);
    expect([after.runs, after.events]).toEqual([0, 0]);
  });

  it('saving a run: the message names the run, and the stored state stays as it was', async () => {
    const { db } = freshDb();
    const run = await createRun(db, { kind: 'manual', reason: 'test' }, null, { target: 'label', batchIds: [], settings: defaultPipelineSettings() });
    fullOn(db, 'runs');
    run.state = 'running';
    const error = await rejection(saveRun(db, run));
    expect((error as Error).message).toBe(quotaMessage('the state of run 1'));
    expect((await db.runs.get(run.id))?.state).toBe('queued');
  });
});
