import type { RelearnDb } from '../../storage/db.ts';
import { replaceWorkspace } from '../../storage/commands/replaceWorkspace.ts';
import { countsInFile, type WorkspaceCounts } from '../../storage/queries/workspaceCounts.ts';
import { readWorkspaceZip } from '../../storage/workspaceZip.ts';

/**
 * Reads and checks a workspace file's bytes again (the file may have changed since the person saw its
 * check), then replaces the workspace with it in one transaction. Returns what the file held.
 */
export async function importWorkspaceZip(db: RelearnDb, bytes: Uint8Array, file: string, maxBytes: number): Promise<WorkspaceCounts> {
  const contents = await readWorkspaceZip(bytes, db.verno, { maxBytes });
  await replaceWorkspace(db, contents, file);
  return countsInFile(contents);
}
