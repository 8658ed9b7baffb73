import { isEvent } from '../../core/events.ts';
import type { ModelRecord, RelearnDb } from '../db.ts';

export async function championVersion(db: RelearnDb): Promise<number | null> {
  return (await db.aliases.get('champion'))?.version ?? null;
}

export async function champion(db: RelearnDb): Promise<ModelRecord | null> {
  const version = await championVersion(db);
  return version === null ? null : ((await db.models.get(version)) ?? null);
}

/** The version the current champion replaced: the `previous` of the newest promotion or rollback. */
export async function previousChampion(db: RelearnDb): Promise<number | null> {
  const last = (await db.events.where('kind').anyOf('model.promoted', 'model.rolledback').sortBy('seq')).filter((e) => isEvent(e, 'model.promoted', 'model.rolledback')).at(-1);
  return last?.details.previous ?? null;
}
