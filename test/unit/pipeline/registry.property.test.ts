import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTrainConfig } from '../../../src/core/training/config.ts';
import { loadArtifacts } from '../../../src/ml/artifacts.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { getArtifacts } from '../../../src/storage/queries/models.ts';
import { championVersion } from '../../../src/storage/queries/registry.ts';
import { promote, register, reject, rollback } from '../../../src/storage/commands/registry.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { trainAndRegister } from '../../../src/app/training/train.ts';
import { freshDb, stored } from '../helpers/storage.ts';
import { points, pointsCsv } from '../helpers/training.ts';

const VERSIONS = 3;
const TABLES = ['models', 'modelArtifacts', 'aliases', 'events'] as const;
let template: Record<(typeof TABLES)[number], unknown[]>;
const open: RelearnDb[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const { db } = freshDb();
  open.push(db);
  const batch = await stored(db, 'train.csv', pointsCsv('binary', points('binary', 150, 4)));
  await changeWorkspace(db, { target: 'target' });
  const config = { ...defaultTrainConfig('target'), params: { ...defaultTrainConfig('target').params, hidden: [4], epochs: 2, patience: 0 } };
  for (let v = 0; v < VERSIONS; v++) await trainAndRegister(db, { batchIds: [batch.id], config: { ...config, seed: v + 1 } });
  template = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await db.table(t).toArray()]))) as typeof template;
}, 60_000);

afterAll(() => {
  for (const db of open.splice(0)) db.close();
});

/** A fresh database holding the trained versions and nothing else has happened to them. */
async function registry(): Promise<RelearnDb> {
  const { db } = freshDb();
  open.push(db);
  for (const t of TABLES) await db.table(t).bulkAdd(structuredClone(template[t]));
  return db;
}

type Op = { kind: 'register' | 'promote' | 'approve' | 'reject'; version: number } | { kind: 'rollback'; version: number; reason: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('register', 'promote', 'approve', 'reject') as fc.Arbitrary<'register' | 'promote' | 'approve' | 'reject'>, version: fc.integer({ min: 1, max: VERSIONS + 1 }) }),
  fc.record({ kind: fc.constant('rollback' as const), version: fc.integer({ min: 1, max: VERSIONS + 1 }), reason: fc.constantFrom('worse on the new batch', '', ' ') }),
);

async function apply(db: RelearnDb, o: Op): Promise<void> {
  if (o.kind === 'rollback') return rollback(db, o.version, { actor: 'user', reason: o.reason });
  if (o.kind === 'register') return register(db, o.version, { actor: 'auto', reason: 'gate passed' });
  if (o.kind === 'promote') return promote(db, o.version, { actor: 'auto', reason: 'gate passed' });
  if (o.kind === 'approve') return promote(db, o.version, { actor: 'user', reason: 'approved by a person' });
  return reject(db, o.version, { actor: 'user', reason: 'rejected by a person' });
}

const state = async (db: RelearnDb) => ({
  stages: (await db.models.toArray()).map((m) => [m.version, m.stage]),
  aliases: await db.aliases.toArray(),
  events: await db.events.count(),
});

describe('the registry under any sequence of register, promote, approve, reject and rollback', () => {
  it('keeps at most one champion, serving from production; records an event for every change; refusals change nothing; the champion loads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const db = await registry();
        for (const o of ops) {
          const before = await state(db);
          let changed = true;
          try {
            await apply(db, o);
          } catch {
            changed = false;
          }
          const after = await state(db);
          if (!changed) expect(after).toEqual(before);
          else expect(after.events).toBe(before.events + 1);
          const champions = after.aliases.filter((a) => a.name === 'champion');
          expect(champions.length).toBeLessThanOrEqual(1);
          const production = after.stages.filter(([, stage]) => stage === 'production').map(([v]) => v);
          expect(production).toEqual(champions.map((a) => a.version));
        }
        const champion = await championVersion(db);
        if (champion !== null) {
          const model = await loadArtifacts(await getArtifacts(db, champion));
          const out = model.predict(tf.zeros([1, model.inputs[0]!.shape[1] as number])) as tf.Tensor;
          expect(Number.isFinite((await out.data())[0]!)).toBe(true);
          tf.dispose([out]);
          model.dispose();
        }
        db.close();
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
