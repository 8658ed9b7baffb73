import { webhookUrlProblem, withNotificationDefaults, type NotificationSettings } from '../../core/notify/notify.ts';
import type { RelearnDb } from '../db.ts';
import { readWorkspace, SettingsError } from '../queries/workspace.ts';

/** Stores the notification settings after checking the webhook address. A browser setting, so no event. */
export async function changeNotificationSettings(db: RelearnDb, settings: NotificationSettings): Promise<void> {
  const problem = webhookUrlProblem(settings.webhookUrl);
  if (problem) throw new SettingsError(`webhook: ${problem}`);
  await db.transaction('rw', db.workspace, async () => {
    const workspace = await readWorkspace(db);
    await db.workspace.put({ ...workspace, notifications: { ...withNotificationDefaults(settings), webhookUrl: settings.webhookUrl.trim() } });
  });
}
