import { probeBackends } from '../../ml/backends.ts';
import type { BackendProbe } from '../../core/training/backendProbe.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { saveBackendProbe, setBackendOverride } from '../../storage/commands/models.ts';

/** Measures every backend again and stores the result (the choice used from now on unless overridden). */
export async function measureBackends(db: RelearnDb): Promise<BackendProbe> {
  const probe = await probeBackends();
  await saveBackendProbe(db, probe);
  return probe;
}

/** A person picks the training backend by hand, or `null` to go back to the measured choice. */
export async function overrideBackend(db: RelearnDb, backend: string | null): Promise<void> {
  await setBackendOverride(db, backend);
}
