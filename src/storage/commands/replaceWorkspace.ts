import type { RelearnDb } from '../db.ts';
import { withQuotaMessage } from '../quota.ts';
import { addTable, WORKSPACE_TABLES, type WorkspaceContents } from '../workspaceFormat.ts';
import { countsInDb, countsInFile, countsText, type WorkspaceCounts } from '../queries/workspaceCounts.ts';

/** A pipeline run is executing on the workspace: replacing it under the run would mix the two. */
export class WorkspaceInUseError extends Error {
  override name = 'WorkspaceInUseError';
}

/**
 * Replaces the database's workspace with what readWorkspaceZip (or importWorkspace) read: every workspace table
 * cleared and filled, and a `workspace.imported` event, in one transaction, so a failure anywhere (a record the
 * database refuses, a full disk, a closed tab) leaves the workspace as it was. The `device` table (this machine's
 * training backend) is kept; the stored scores (not part of the file) are cleared. Refused while a pipeline run is queued or running.
 */
export async function replaceWorkspace(db: RelearnDb, contents: WorkspaceContents, file: string, now: () => number = Date.now): Promise<WorkspaceCounts> {
  const tables = [...WORKSPACE_TABLES.map((t) => db.table(t)), db.batchScores];
  return withQuotaMessage('the imported workspace', () =>
    db.transaction('rw', tables, async () => {
      const busy = await db.runs.where('state').anyOf('running', 'queued').first();
      if (busy) throw new WorkspaceInUseError(`pipeline run ${busy.number} is ${busy.state}: wait for it to finish or cancel it, then import the workspace again (nothing was changed)`);
      const before = await countsInDb(db);
      for (const table of WORKSPACE_TABLES) await db.table(table).clear();
      // Scores are not in the file: those of the replaced workspace go, the imported one's are made on demand.
      await db.batchScores.clear();
      for (const table of WORKSPACE_TABLES) await addTable(db, contents, table);
      const imported = countsInFile(contents);
      const { createdBy, savedAt, formatVersion, dbVersion } = contents.manifest;
      await db.events.add({
        at: now(),
        kind: 'workspace.imported',
        actor: 'user',
        summary: `Workspace imported from "${file}" (${createdBy}, saved ${savedAt}): ${countsText(imported)}; it replaced ${countsText(before)}`,
        details: { file, createdBy, savedAt, formatVersion, dbVersion, imported, replaced: before },
      });
      return before;
    }),
  );
}
