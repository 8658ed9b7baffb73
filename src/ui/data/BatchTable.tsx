import type { BatchSummary } from '../../storage/heavyFields.ts';
import { Badge, StatusBadge } from '../components/StatusBadge.tsx';
import { useWindow } from '../components/useWindow.ts';
import { WindowPager } from '../components/WindowPager.tsx';
import { formatBytes, formatCount, formatTime } from '../format.ts';
import { batchHref } from '../route.ts';

function ValidationCell({ batch, isReference }: { batch: BatchSummary; isReference: boolean }) {
  if (isReference) return <Badge tone="accent" title="Other batches are validated against this one">reference</Badge>;
  if (!batch.validation) return <span className="muted">not validated</span>;
  const problems = batch.validation.checks.filter((c) => c.status !== 'pass').length;
  return (
    <span className="validation-cell">
      <StatusBadge status={batch.validation.status} />
      {problems > 0 && <span className="muted">{problems === 1 ? '1 check' : `${problems} checks`}</span>}
    </span>
  );
}

/** Rows of the batches table drawn at once. */
export const BATCHES_WINDOW = 50;

/** The batches in arrival order, BATCHES_WINDOW at a time with a pager (the newest first shown); a row opens the batch's detail. */
export function BatchTable({ batches, referenceId, openId }: { batches: BatchSummary[]; referenceId: string | null; openId: string | null }) {
  const open = batches.findIndex((b) => b.id === openId);
  const stretch = useWindow(batches.length, BATCHES_WINDOW, open < 0 ? null : open);
  return (
    <>
      <WindowPager window={stretch} noun="batches" label="Batches shown" />
      <div className="table-wrap table-wrap-batches">
        <table className="data-table batch-table" aria-label="Batches">
          <thead>
            <tr>
              <th scope="col">Name</th>
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
              <th scope="col">Validation</th>
            </tr>
          </thead>
          <tbody>
            {batches.slice(stretch.start, stretch.end).map((batch) => {
              const isReference = batch.id === referenceId;
              return (
                <tr
                  key={batch.id}
                  className={`clickable${batch.id === openId ? ' selected' : ''}`}
                  onClick={(event) => {
                    if (!(event.target as HTMLElement).closest('a')) window.location.hash = batchHref(batch.id);
                  }}
                >
                  <th scope="row" className="batch-name">
                    <a href={batchHref(batch.id)} aria-current={batch.id === openId ? 'true' : undefined}>
                      {batch.name}
                    </a>
                    {isReference && (
                      <span className="reference-mark" title="Reference batch">
                        ★<span className="visually-hidden"> reference</span>
                      </span>
                    )}
                  </th>
                  <td className="nowrap">{formatTime(batch.arrivedAt)}</td>
                  <td className="num">{formatCount(batch.rows)}</td>
                  <td className="num">{formatCount(batch.columns.length)}</td>
                  <td className="num">{formatBytes(batch.bytes)}</td>
                  <td>
                    <ValidationCell batch={batch} isReference={isReference} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
