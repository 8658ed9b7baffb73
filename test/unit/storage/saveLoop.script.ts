import { loadWorkspaceDir, saveWorkspaceDir } from '../../../src/storage/directory.ts';
import { batchCsv, stored } from '../helpers/storage.ts';
import { EXPORT_OPTIONS } from '../helpers/workspace.ts';

// For incrementalSave.test.ts: saves the workspace DIR again and again, each time with one more event and a new
// batch, printing "saving N" before each save, until it is killed.
const dir = process.argv[2]!;
for (let n = 1; ; n++) {
  const db = await loadWorkspaceDir(dir);
  const seen = await db.events.count();
  await db.events.add({ at: n, kind: 'alert', actor: 'user', summary: `save ${seen}` });
  await stored(db, `loop-${seen}.csv`, batchCsv(200, { shift: seen }));
  process.stdout.write(`saving ${n}\n`);
  await saveWorkspaceDir(db, dir, EXPORT_OPTIONS);
  db.close();
}
