import { probeBackends } from '../../ml/backends.ts';
import { probedBatchSize, type BackendProbe } from '../../core/training/backendProbe.ts';
import { readBackendChoice } from '../../storage/queries/models.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { saveBackendProbe, setBackendOverride } from '../../storage/commands/models.ts';

/**
 * Measures every backend again, at the batch size of the probe shown (the newest), and stores the result
 * (the choice used from now on at that batch size unless overridden).
 */
export async function measureBackends(db: RelearnDb): Promise<BackendProbe> {
  const { probe: shown } = await readBackendChoice(db);
  const probe = await probeBackends(undefined, shown ? probedBatchSize(shown) : undefined);
  await saveBackendProbe(db, probe);
  return probe;
}

/** A person picks the training backend by hand, or `null` to go back to the measured choice. */
export async function overrideBackend(db: RelearnDb, backend: string | null): Promise<void> {
  await setBackendOverride(db, backend);
}
