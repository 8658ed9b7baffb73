import { describe, expect, it } from 'vitest';
import { defaultGateSettings } from '../../../src/core/pipeline/settings.ts';
import { WORKSPACE_ID } from '../../../src/storage/db.ts';
import { defaultWorkspace, readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { dbPerTest } from '../helpers/storage.ts';

const newDb = dbPerTest();

// What a workspace stored before the gate's default followed the metric: the old default, written whole.
const OLD_DEFAULT = { minImprovement: 0, relative: false, approval: 'auto', significance: 'none', alpha: 0.05, floor: null, latencyBudgetMs: null, sizeBudgetBytes: null };

async function storedGate(gate: object) {
  const db = newDb();
  const base = defaultWorkspace();
  await db.workspace.put({ ...base, id: WORKSPACE_ID, pipeline: { ...base.pipeline, gate: gate as never } });
  return (await readWorkspace(db)).pipeline.gate;
}

describe("a stored workspace's gate, read after the default changed", () => {
  it('the old default untouched reads as the new default (the metric\'s minimum, bootstrap lower bound > 0)', async () => {
    expect(await storedGate(OLD_DEFAULT)).toEqual(defaultGateSettings());
    expect(await storedGate({ ...OLD_DEFAULT, approval: 'manual' })).toEqual({ ...defaultGateSettings(), approval: 'manual' });
  });

  it("a gate a person changed keeps its values, read as a set minimum", async () => {
    expect(await storedGate({ ...OLD_DEFAULT, minImprovement: 0.03 })).toMatchObject({ minImprovementMode: 'set', minImprovement: 0.03, significance: 'none' });
    expect(await storedGate({ ...OLD_DEFAULT, significance: 'mcnemar' })).toMatchObject({ minImprovementMode: 'set', minImprovement: 0, significance: 'mcnemar' });
  });

  it('a new workspace starts from the default', async () => {
    expect((await readWorkspace(newDb())).pipeline.gate).toEqual(defaultGateSettings());
  });
});
