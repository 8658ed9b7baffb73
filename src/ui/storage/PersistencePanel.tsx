import { useState } from 'react';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime } from '../format.ts';
import { usePersistence, type PersistRequest } from './persistence.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function LastAnswer({ last, persisted }: { last: PersistRequest; persisted: boolean }) {
  const when = `${last.by === 'automatic' ? 'Asked automatically when the first batch was stored' : 'Asked'} on ${formatTime(last.at)}`;
  if (last.granted) return <p className="persist-answer">{when}: the browser granted it.</p>;
  return (
    <p className="persist-answer">
      {when}: the browser refused.{' '}
      {persisted
        ? 'It has granted it since.'
        : 'Browsers decide on their own terms: Chrome grants it without asking to a site you bookmarked, installed or use often, Firefox asks you. Ask again later, and export the workspace to keep a copy meanwhile.'}
    </p>
  );
}

/** Whether the browser may evict the workspace under storage pressure, and a button to ask it not to. */
export function PersistencePanel() {
  const { persisted, last, request } = usePersistence();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="persistence-title">
      <div className="panel-header">
        <h2 id="persistence-title">Persistence</h2>
        <span role="status" aria-label="Persistence state">
          {persisted === undefined ? (
            <span className="muted">reading…</span>
          ) : persisted === null ? (
            <Badge tone="neutral">unknown</Badge>
          ) : persisted ? (
            <Badge tone="pass">persistent</Badge>
          ) : (
            <Badge tone="warn">best effort</Badge>
          )}
        </span>
      </div>
      <p className="persist-meaning">
        {persisted === null
          ? 'This browser cannot say whether it keeps the data (it has no storage manager here): treat it as best effort.'
          : persisted
            ? 'The browser keeps this workspace until you delete it or clear the site’s data yourself; it will not evict it when the device runs low on space.'
            : 'The browser may evict this workspace — batches, models, runs and history, all at once and without warning — when the device runs low on space.'}
      </p>
      {last && persisted !== undefined && persisted !== null && <LastAnswer last={last} persisted={persisted} />}
      {persisted === false && (
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              setError(null);
              request().then(
                () => setBusy(false),
                (e: unknown) => (setBusy(false), setError(`The request failed: ${messageOf(e)}`)),
              );
            }}
          >
            {busy ? 'Asking…' : 'Keep data persistent'}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
    </section>
  );
}
