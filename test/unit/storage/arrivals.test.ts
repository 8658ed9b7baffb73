import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../../src/core/events.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { changePipelineSettings } from '../../../src/storage/commands/pipelineSettings.ts';
import { createRun, saveRun } from '../../../src/storage/commands/runs.ts';
import { arrivalStage } from '../../../src/storage/queries/arrivals.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { batchCsv, dbPerTest, stored } from '../helpers/storage.ts';

const database = dbPerTest();

describe('arrivalStage: how far a stored batch has got through the loop', () => {
  it('goes from drift check to judging to a run going to settled', async () => {
    const db = database();
    await changeWorkspace(db, { target: 'label' });
    const reference = await stored(db, 'one.csv', batchCsv(40));
    const next = await stored(db, 'two.csv', batchCsv(30, { shift: 20 }));
    // The reference needs no drift report; the next batch waits for its own.
    expect(await arrivalStage(db, reference.id)).toBe('judging');
    expect(await arrivalStage(db, next.id)).toBe('checking drift');
    await checkDueBatches(db);
    expect(await arrivalStage(db, next.id)).toBe('judging');

    const decision: EventOf<'policy.fired'> = { at: Date.now(), kind: 'policy.fired', actor: 'auto', batchId: next.id, summary: 'Retraining', details: { occasion: 'batch arrived', decision: { fire: true, kind: 'drift', reason: 'drift', suppressedBy: null, checks: [] } } };
    const run = await createRun(db, { kind: 'drift', reason: 'drift' }, next.id, { target: 'label', batchIds: [reference.id, next.id], settings: defaultPipelineSettings() }, decision);
    expect(await arrivalStage(db, next.id)).toBe('running');
    run.state = 'awaiting_approval';
    await saveRun(db, run);
    // A run waiting for a person does not hold the story back.
    expect(await arrivalStage(db, next.id)).toBe('settled');

    await db.events.add({ at: Date.now(), kind: 'policy.suppressed', actor: 'auto', batchId: reference.id, summary: 'No retraining', details: { occasion: 'batch arrived' } });
    expect(await arrivalStage(db, reference.id)).toBe('settled');
  });

  it('is settled once drift is checked where nothing judges batches: automatic runs off, or no target', async () => {
    const db = database();
    const reference = await stored(db, 'one.csv', batchCsv(40));
    const next = await stored(db, 'two.csv', batchCsv(30, { shift: 20 }));
    expect(await arrivalStage(db, reference.id)).toBe('settled');
    expect(await arrivalStage(db, next.id)).toBe('checking drift');
    await checkDueBatches(db);
    expect(await arrivalStage(db, next.id)).toBe('settled');

    await changeWorkspace(db, { target: 'label' });
    expect(await arrivalStage(db, next.id)).toBe('judging');
    await changePipelineSettings(db, { ...(await readWorkspace(db)).pipeline, autoRun: false });
    expect(await arrivalStage(db, next.id)).toBe('settled');
  });
});
