import type { RelearnDb } from '../db.ts';
import type { WorkspaceContents } from '../workspaceFormat.ts';

/** What a person weighs before replacing a workspace: how much of it there is. */
export interface WorkspaceCounts {
  batches: number;
  versions: number;
  runs: number;
  events: number;
}

export function countsInFile(contents: WorkspaceContents): WorkspaceCounts {
  const { batches, models, runs, events } = contents.tables;
  return { batches: batches?.length ?? 0, versions: models?.length ?? 0, runs: runs?.length ?? 0, events: events?.length ?? 0 };
}

export async function countsInDb(db: RelearnDb): Promise<WorkspaceCounts> {
  return { batches: await db.batches.count(), versions: await db.models.count(), runs: await db.runs.count(), events: await db.events.count() };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "5 batches, 2 versions, 1 run". */
export const countsText = (c: WorkspaceCounts): string => `${plural(c.batches, 'batch', 'batches')}, ${plural(c.versions, 'version')}, ${plural(c.runs, 'run')}`;
