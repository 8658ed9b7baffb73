import { withNotificationDefaults, type NotificationSettings } from '../../core/notify/notify.ts';
import { liveQuery } from 'dexie';
import type { EventRecord, RelearnDb } from '../db.ts';
import { readWorkspace } from './workspace.ts';

/** The workspace's notification settings, with defaults for what was never set. */
export async function readNotificationSettings(db: RelearnDb): Promise<NotificationSettings> {
  return withNotificationDefaults((await readWorkspace(db)).notifications);
}

/**
 * Calls `onEvents` with the events added after this call (oldest first), in order, one call at a time.
 * Events already stored when it starts are not passed. Returns the stop function.
 */
export function watchNewEvents(db: RelearnDb, onEvents: (events: EventRecord[]) => Promise<void>): () => void {
  let after: number | null = null;
  let busy = Promise.resolve();
  const subscription = liveQuery(() => db.events.orderBy('seq').last()).subscribe({
    next: (newest) => {
      const top = newest?.seq ?? 0;
      if (after === null) {
        after = top;
        return;
      }
      if (top <= after) return;
      const from = after;
      after = top;
      busy = busy.then(async () => onEvents(await db.events.where('seq').between(from, top, false, true).toArray())).catch(() => undefined);
    },
    error: () => undefined,
  });
  return () => subscription.unsubscribe();
}
