import { deleteBatch } from '../../bridge/ingestBridge.ts';
import { batchImpact, type BatchImpact } from '../../storage/queries/deletionImpact.ts';
import type { BatchUsage } from '../../storage/queries/usage.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { db } from '../db.ts';
import { formatBytes, formatCount, formatTime } from '../format.ts';
import { batchHref, versionHref } from '../route.ts';
import { ConfirmDeletion } from './ConfirmDeletion.tsx';
import { OutcomeNote } from './OutcomeNote.tsx';
import { useDeletion } from './useDeletion.ts';

function BatchRow({ batch, onDelete }: { batch: BatchUsage; onDelete: () => void }) {
  const parts = `columns ${formatBytes(batch.columnBytes)}, categories ${formatBytes(batch.dictionaryBytes)}, drift profile ${formatBytes(batch.profileBytes)}, drift report ${formatBytes(batch.driftBytes)}, model scores ${formatBytes(batch.scoreBytes)}`;
  return (
    <tr data-batch={batch.id}>
      <th scope="row">
        <a href={batchHref(batch.id)}>{batch.name}</a>
        {batch.isReference && (
          <>
            {' '}
            <Badge tone="accent">reference</Badge>
          </>
        )}
      </th>
      <td className="nowrap muted">{formatTime(batch.arrivedAt)}</td>
      <td className="num">{formatCount(batch.rows)}</td>
      <td className="num">{formatCount(batch.columns)}</td>
      <td className="num" title={parts}>
        {formatBytes(batch.totalBytes)}
      </td>
      <td>
        {batch.usedBy.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          batch.usedBy.map((v, i) => (
            <span key={v}>
              {i > 0 && ', '}
              <a href={versionHref(v)}>version {v}</a>
            </span>
          ))
        )}
      </td>
      <td>
        <button type="button" className="btn btn-danger btn-small" onClick={onDelete} aria-label={`Delete batch ${batch.name}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}

/** The batches with what each takes, and deletion: a dialog names what depends on the batch before anything goes. */
export function BatchStorage({ batches }: { batches: BatchUsage[] }) {
  const { asking, busy, outcome, ask, confirm, cancel } = useDeletion<BatchUsage, BatchImpact>({
    impactOf: (usage) => batchImpact(db, usage.id),
    remove: async ({ impact }) => {
      const done = await deleteBatch(impact.batch.id, { versions: impact.dependents.map((d) => d.version), reference: impact.isReference });
      return `Batch “${done.name}” deleted.${done.newReference ? ` “${done.newReference.name}” is now the reference.` : ''}`;
    },
    label: (usage) => `“${usage.name}”`,
  });
  return (
    <section className="panel" aria-labelledby="batch-storage-title">
      <div className="panel-header">
        <h2 id="batch-storage-title">Batches</h2>
        <span className="muted">column data and what was computed from it; hover a size for its parts</span>
      </div>
      <OutcomeNote outcome={outcome} />
      {batches.length === 0 ? (
        <p className="muted">No batches stored.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Batches in storage">
            <thead>
              <tr>
                <th scope="col">Batch</th>
                <th scope="col">Arrived</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  Columns
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Versions trained on it</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <BatchRow key={b.id} batch={b} onDelete={() => ask(b)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {asking && (
        <ConfirmDeletion
          title={`Delete batch “${asking.impact.batch.name}”?`}
          consequences={asking.impact.consequences}
          confirmLabel="Delete batch"
          busy={busy}
          onConfirm={confirm}
          onCancel={cancel}
        >
          <p>
            Its {formatCount(asking.usage.rows)} rows in {formatCount(asking.usage.columns)} columns go, with what was computed from them:{' '}
            {formatBytes(asking.usage.totalBytes)}. Its events stay in History.
          </p>
          {asking.impact.consequences.length === 0 && <p>No model version was trained on it.</p>}
        </ConfirmDeletion>
      )}
    </section>
  );
}
