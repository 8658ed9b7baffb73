import { failedCheckText, type ForcedPromotion } from '../../core/pipeline/gate.ts';
import type { ModelRecord, ModelStage, RelearnDb } from '../db.ts';
import { championVersion } from '../queries/registry.ts';

interface Change {
  actor: 'auto' | 'user';
  reason: string;
  runId?: string | null;
}

async function setStage(db: RelearnDb, version: number, stage: ModelStage): Promise<ModelRecord> {
  const record = await db.models.get(version);
  if (!record) throw new Error(`there is no model version ${version}`);
  await db.models.update(version, { stage });
  return { ...record, stage };
}

/** What every registry event records besides its kind and details. */
const entry = (summary: string, change: Change) => ({ at: Date.now(), actor: change.actor, summary });
/** Why, and which run: the last fields of every registry event's details. */
const why = (change: Change) => ({ reason: change.reason, runId: change.runId ?? null });

/**
 * Makes a version the champion in one transaction with its event: the previous champion is archived
 * (kept, for rollback), so there is never a moment with two champions or none.
 */
export async function promote(db: RelearnDb, version: number, change: Change & { forced?: ForcedPromotion | null }): Promise<void> {
  const past = change.forced ? ` past a failed gate (${change.forced.failedChecks.map(failedCheckText).join('; ')})` : '';
  await db.transaction('rw', db.models, db.aliases, db.events, async () => {
    const previous = await championVersion(db);
    if (previous === version) throw new Error(`version ${version} is already the champion`);
    if (previous !== null) await setStage(db, previous, 'archived');
    await setStage(db, version, 'production');
    await db.aliases.put({ name: 'champion', version, since: Date.now() });
    const challenger = await db.aliases.get('challenger');
    if (challenger?.version === version) await db.aliases.delete('challenger');
    await db.events.add({
      ...entry(`Version ${version} promoted to champion${past}${previous !== null ? `; version ${previous} archived` : ''}: ${change.reason}`, change),
      kind: 'model.promoted',
      details: { version, previous, ...why(change), ...change.forced },
    });
  });
}

/** The champion's stage changes only by promoting or rolling back to another version. */
async function notTheChampion(db: RelearnDb, version: number, what: string): Promise<void> {
  if ((await championVersion(db)) === version) throw new Error(`version ${version} is the champion: it cannot be ${what}; promote or roll back to another version first`);
}

/** The gate passed: the version is registered (staging). */
export async function register(db: RelearnDb, version: number, change: Change): Promise<void> {
  await db.transaction('rw', db.models, db.aliases, db.events, async () => {
    await notTheChampion(db, version, 'registered again');
    await setStage(db, version, 'staging');
    await db.events.add({ ...entry(`Version ${version} registered (staging): ${change.reason}`, change), kind: 'model.registered', details: { version, ...why(change) } });
  });
}

/** The gate (or a person) refused the version: kept, marked rejected, with the reason. */
export async function reject(db: RelearnDb, version: number, change: Change): Promise<void> {
  await db.transaction('rw', db.models, db.aliases, db.events, async () => {
    await notTheChampion(db, version, 'rejected');
    await setStage(db, version, 'rejected');
    const challenger = await db.aliases.get('challenger');
    if (challenger?.version === version) await db.aliases.delete('challenger');
    await db.events.add({ ...entry(`Version ${version} rejected: ${change.reason}`, change), kind: 'model.rejected', details: { version, ...why(change) } });
  });
}

/**
 * Restores an earlier version as champion, with the reason, in one transaction: the current champion
 * is archived (kept), the chosen one serves again.
 */
export async function rollback(db: RelearnDb, version: number, change: Change): Promise<void> {
  if (!change.reason.trim()) throw new Error('a rollback needs a reason');
  await db.transaction('rw', db.models, db.aliases, db.modelArtifacts, db.events, async () => {
    const current = await championVersion(db);
    if (current === version) throw new Error(`version ${version} is already the champion`);
    if (!(await db.modelArtifacts.get(version))) throw new Error(`version ${version} has no stored weights to serve with`);
    if (current !== null) await setStage(db, current, 'archived');
    await setStage(db, version, 'production');
    await db.aliases.put({ name: 'champion', version, since: Date.now() });
    await db.events.add({
      ...entry(`Rolled back to version ${version}${current !== null ? ` (version ${current} archived)` : ''}: ${change.reason}`, change),
      kind: 'model.rolledback',
      details: { version, previous: current, ...why(change) },
    });
  });
}

/** The challenger alias (shadow): the version scoring beside the champion. */
export async function setChallenger(db: RelearnDb, version: number): Promise<void> {
  await db.aliases.put({ name: 'challenger', version, since: Date.now() });
}
