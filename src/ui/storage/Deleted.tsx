import { useLiveQuery } from 'dexie-react-hooks';
import { batchDeletionEvent, versionDeletionEvent } from '../../storage/queries/deletionImpact.ts';
import { db } from '../db.ts';
import { formatTime } from '../format.ts';
import { batchHref } from '../route.ts';

/** For a route naming a batch that is not stored: says it was deleted (and when), else `otherwise`. */
export function MissingBatch({ batchId, otherwise }: { batchId: string; otherwise: string }) {
  const deleted = useLiveQuery(() => batchDeletionEvent(db, batchId), [batchId]);
  if (deleted === undefined) return null;
  return (
    <p role="alert" className="inline-error">
      {deleted ? `Batch “${deleted.details.name}” was deleted on ${formatTime(deleted.at)}.` : otherwise}
    </p>
  );
}

/** For a route naming a model version that is not stored: says it was deleted (and when), else that there is none. */
export function MissingVersion({ version }: { version: number }) {
  const deleted = useLiveQuery(() => versionDeletionEvent(db, version), [version]);
  if (deleted === undefined) return null;
  return <>{deleted ? `Version ${version} was deleted on ${formatTime(deleted.at)}.` : `There is no version ${version}.`}</>;
}

/** A link to a batch of a version's lineage, or its name marked deleted when it is no longer stored. */
export function LineageBatchLink({ id, name }: { id: string; name: string }) {
  const stored = useLiveQuery(async () => (await db.batches.where('id').equals(id).count()) > 0, [id]);
  if (stored === false) {
    return (
      <span className="deleted-note" data-deleted-batch={id}>
        {name} (deleted)
      </span>
    );
  }
  return <a href={batchHref(id)}>{name}</a>;
}
