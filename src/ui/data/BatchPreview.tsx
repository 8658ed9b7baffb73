import { useLiveQuery } from 'dexie-react-hooks';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { cellText } from '../../core/columns.ts';
import { loadPreview } from '../../storage/queries/batches.ts';
import { db } from '../db.ts';
import { formatCount } from '../format.ts';

const PREVIEW_ROWS = 12;

export function BatchPreview({ batch }: { batch: BatchSummary }) {
  const columns = useLiveQuery(() => loadPreview(db, batch, PREVIEW_ROWS), [batch]);
  const rows = Math.min(PREVIEW_ROWS, batch.rows);
  return (
    <section className="subpanel" aria-labelledby="preview-title">
      <div className="subpanel-header">
        <h3 id="preview-title">First rows</h3>
        <span className="muted">
          {formatCount(rows)} of {formatCount(batch.rows)} rows, as stored
        </span>
      </div>
      {columns && (
        <div className="table-wrap table-wrap-fit">
          <table className="data-table preview-table" aria-label="First rows">
            <thead>
              <tr>
                <th scope="col" className="num row-number">
                  #
                </th>
                {columns.map((c) => (
                  <th key={c.name} scope="col" className={c.type === 'numeric' ? 'num' : undefined}>
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rows }, (_, row) => (
                <tr key={row}>
                  <td className="num row-number">{row + 1}</td>
                  {columns.map((c) => {
                    const text = cellText(c, row);
                    return (
                      <td key={c.name} className={c.type === 'numeric' ? 'num' : 'cell-text'} title={text ?? 'missing'}>
                        {text ?? <span className="missing">missing</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
