import type { WorkspaceUsage } from '../../storage/queries/usage.ts';
import { formatBytes, formatCount, formatShare } from '../format.ts';
import type { BrowserEstimate } from './useStorageUsage.ts';

/** The browser's usage against its quota for this site, as a bar. */
function QuotaBar({ estimate }: { estimate: BrowserEstimate }) {
  const share = Math.min(1, estimate.usage / estimate.quota);
  return (
    <div className="quota">
      <div
        className="quota-bar"
        role="meter"
        aria-label="Browser storage used"
        aria-valuemin={0}
        aria-valuemax={estimate.quota}
        aria-valuenow={estimate.usage}
        aria-valuetext={`${formatBytes(estimate.usage)} of ${formatBytes(estimate.quota)}`}
      >
        <div className="quota-fill" style={{ width: `${Math.max(share * 100, share > 0 ? 0.5 : 0)}%` }} />
      </div>
      <p className="quota-text">
        <strong>{formatBytes(estimate.usage)}</strong> used of <strong>{formatBytes(estimate.quota)}</strong> this browser allows this site ({formatShare(share)}).
      </p>
    </div>
  );
}

function Breakdown({ usage }: { usage: WorkspaceUsage }) {
  const batchBytes = usage.batches.reduce((s, b) => s + b.totalBytes, 0);
  const versionBytes = usage.versions.reduce((s, v) => s + v.totalBytes, 0);
  return (
    <dl className="usage-breakdown" aria-label="What the workspace holds">
      <div>
        <dt>Batches</dt>
        <dd>
          {formatCount(usage.batches.length)} · {formatBytes(batchBytes)}
        </dd>
      </div>
      <div>
        <dt>Model versions</dt>
        <dd>
          {formatCount(usage.versions.length)} · {formatBytes(versionBytes)}
        </dd>
      </div>
      <div>
        <dt>Pipeline runs</dt>
        <dd>{formatCount(usage.runs)}</dd>
      </div>
      <div>
        <dt>Events</dt>
        <dd>{formatCount(usage.events)}</dd>
      </div>
    </dl>
  );
}

/** Usage and quota from the browser, and what the workspace's own records add up to. */
export function UsagePanel({ estimate, usage }: { estimate: BrowserEstimate | null | undefined; usage: WorkspaceUsage | undefined }) {
  return (
    <section className="panel" aria-labelledby="usage-title">
      <div className="panel-header">
        <h2 id="usage-title">Usage and quota</h2>
        <span className="muted">as the browser estimates it for this site</span>
      </div>
      {estimate === undefined ? (
        <p className="muted" role="status">
          Asking the browser…
        </p>
      ) : estimate === null ? (
        <p className="muted">This browser does not report its storage usage and quota here.</p>
      ) : (
        <QuotaBar estimate={estimate} />
      )}
      {usage === undefined ? (
        <p className="muted" role="status">
          Measuring the workspace…
        </p>
      ) : (
        <>
          <Breakdown usage={usage} />
          <p className="hint">
            The workspace&rsquo;s records add up to {formatBytes(usage.totalBytes)}: column data, category names, drift profiles and reports, model weights and
            records. The browser&rsquo;s figure differs: it also counts the event log and runs, its own bookkeeping and compression, and the page&rsquo;s cached
            files.
          </p>
        </>
      )}
    </section>
  );
}
