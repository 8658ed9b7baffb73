import type { NotificationSettings } from '../../core/notify/notify.ts';
import type { PipelineSettings } from '../../core/pipeline/settings.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { changeNotificationSettings } from '../../storage/commands/notifications.ts';
import { changePipelineSettings } from '../../storage/commands/pipelineSettings.ts';

// Settings saved from the page's forms; each is checked and written in a worker (schema and drift
// settings go through `changeWorkspace` in schemaChanges.ts, which also converts stored columns).

/** The notification settings (webhook address checked); a browser setting, so no event. */
export async function saveNotificationSettings(db: RelearnDb, settings: NotificationSettings): Promise<void> {
  await changeNotificationSettings(db, settings);
}

/** The pipeline's settings with their event; the pause state is kept as it is. */
export async function savePipelineSettings(db: RelearnDb, settings: PipelineSettings): Promise<void> {
  await changePipelineSettings(db, settings);
}
