import { forcedPast, type ForcedPromotion } from '../../core/pipeline/gate.ts';
import { taskOf } from '../../core/pipeline/runState.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { updateVersionInfo } from '../../storage/commands/models.ts';
import { promote, rollback, setChallenger } from '../../storage/commands/registry.ts';
import { getModel } from '../../storage/queries/models.ts';
import { championVersion } from '../../storage/queries/registry.ts';
import { findRun } from '../../storage/queries/runs.ts';
import { compareVersions } from '../compare/compareVersions.ts';

// What a person does to the registry from the page (Models): each one write, run in a worker, never in the page.

/**
 * A person promotes a version to champion, with the reason. When the workspace's gate, judging it
 * against the champion on the same rows as the comparison view does, keeps the champion (or, with no
 * champion to compare with, when the run that trained it had its gate keep it), the promotion is forced
 * past that gate, and its event says so with the failed checks.
 */
export async function promoteByHand(db: RelearnDb, version: number, reason: string): Promise<void> {
  if (!reason.trim()) throw new Error('a promotion needs a reason');
  await promote(db, version, { actor: 'user', reason, forced: await failedGateOf(db, version) });
}

/** The gate this promotion goes past; null when it would pass, or nothing can judge it. */
async function failedGateOf(db: RelearnDb, version: number): Promise<ForcedPromotion | null> {
  const current = await championVersion(db);
  if (current !== null && current !== version) {
    try {
      return forcedPast((await compareVersions(db, current, version)).gate);
    } catch (error) {
      // Versions that do not compare (another target, no holdout rows): the run's own gate below.
      if (!(error instanceof TrainingInputError)) throw error;
    }
  }
  const run = await findRun(db, (await getModel(db, version)).runId);
  const gate = run ? taskOf(run, 'gate')?.output : null;
  return gate ? forcedPast(gate) : null;
}

/** A person restores an earlier version as champion, with the reason. */
export async function rollbackByHand(db: RelearnDb, version: number, reason: string): Promise<void> {
  await rollback(db, version, { actor: 'user', reason });
}

/** A person makes a version the challenger (shadow scoring beside the champion). */
export async function challengerByHand(db: RelearnDb, version: number): Promise<void> {
  await setChallenger(db, version);
}

/** A person edits a version's tags and description (bookkeeping, no event). */
export async function editVersionInfo(db: RelearnDb, version: number, info: { tags?: string[]; description?: string }): Promise<void> {
  await updateVersionInfo(db, version, info);
}
