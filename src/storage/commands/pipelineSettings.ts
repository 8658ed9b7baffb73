import { pipelineSettingsProblems, type PipelineSettings } from '../../core/pipeline/settings.ts';
import { messages } from '../../core/problems.ts';
import type { RelearnDb } from '../db.ts';
import { readWorkspace, SettingsError } from '../queries/workspace.ts';

/** Stores the pipeline's settings with their event, after checking them; the pause state is kept as it is. */
export async function changePipelineSettings(db: RelearnDb, settings: PipelineSettings): Promise<void> {
  const problems = messages(pipelineSettingsProblems(settings));
  if (problems.length > 0) throw new SettingsError(problems.join('; '));
  await db.transaction('rw', db.workspace, db.events, async () => {
    const workspace = await readWorkspace(db);
    await db.workspace.put({ ...workspace, pipeline: { ...settings, paused: workspace.pipeline.paused } });
    await db.events.add({ at: Date.now(), kind: 'pipeline.settings', actor: 'user', summary: 'Pipeline settings changed', details: settings });
  });
}
