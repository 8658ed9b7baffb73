import type { ReplayStep } from '../../bridge/pipelineBridge.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatCount, formatTime, plural } from '../format.ts';
import { formatShortTime } from '../models/modelFormat.ts';
import { formatPercent } from '../monitor/driftFormat.ts';
import { batchHref } from '../route.ts';
import { TRIGGER_LABELS } from './taskStates.ts';

function Decision({ step }: { step: ReplayStep }) {
  const { decision } = step;
  if (step.retrained) return <Badge tone="accent">retrains{decision.kind ? ` (${TRIGGER_LABELS[decision.kind]})` : ''}</Badge>;
  if (decision.fire) return <Badge tone="warn">would fire; no target values</Badge>;
  if (decision.suppressedBy) return <Badge tone="warn">held back ({decision.suppressedBy})</Badge>;
  return <Badge tone="neutral">no retraining</Badge>;
}

/**
 * Each rule that is on, fired or not, with what it saw; the decision's own sentence only where it
 * says more than the rules (the first model, a guard holding a run back, every rule off).
 */
function Why({ step }: { step: ReplayStep }) {
  const { decision } = step;
  const on = decision.checks.filter((c) => c.enabled);
  const sayReason = decision.kind === 'first' || decision.suppressedBy !== null || on.length === 0;
  return (
    <>
      {sayReason && <p>{decision.reason}</p>}
      {on.length > 0 && (
        <ul className="replay-rules" aria-label="Rule checks">
          {on.map((c) => (
            <li key={c.rule} className={c.fired ? 'rule-fired' : undefined}>
              <strong>{TRIGGER_LABELS[c.rule]}</strong> {c.fired ? 'fired' : 'did not fire'}: {c.detail}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const driftText = (step: ReplayStep): string => {
  const drift = step.batch.drift;
  return drift ? `${formatPercent(drift.share)}${drift.drifted ? ', drift' : ''}` : 'no report';
};

/** The replay as a timeline (one mark per batch, filled where it retrains) and a table of every decision with its rule checks. */
export function PolicyReplay({ steps }: { steps: ReplayStep[] }) {
  const retrains = steps.filter((s) => s.retrained).length;
  return (
    <>
      <p className="replay-summary" role="status">
        Over {plural(steps.length, 'stored batch', 'stored batches')} in arrival order, this policy retrains {retrains === 1 ? 'once' : `${formatCount(retrains)} times`}.
      </p>
      <ol className="replay-timeline" aria-label="Replay timeline">
        {steps.map((step, i) => (
          <li key={step.batch.id} className={step.retrained ? 'replay-mark replay-mark-retrain' : step.decision.suppressedBy ? 'replay-mark replay-mark-held' : 'replay-mark'} title={`${step.batch.name}: ${step.decision.reason}`}>
            <span className="replay-dot" aria-hidden="true">
              {i + 1}
            </span>
            <span className="replay-name">{step.batch.name}</span>
            <span className="visually-hidden">{step.retrained ? 'retrains' : 'no retraining'}</span>
          </li>
        ))}
      </ol>
      <div className="table-wrap replay-table-wrap">
        <table className="data-table replay-table" aria-label="Policy replay">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Batch</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col">Drifted columns</th>
              <th scope="col">Decision</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step, i) => (
              <tr key={step.batch.id} className={step.retrained ? 'replay-retrain' : undefined} data-retrained={step.retrained}>
                <td className="num">{i + 1}</td>
                <th scope="row" className="replay-batch">
                  <a href={batchHref(step.batch.id)}>{step.batch.name}</a>
                  <span className="muted" title={formatTime(step.batch.arrivedAt)}>
                    arrived {formatShortTime(step.batch.arrivedAt)}
                  </span>
                </th>
                <td className="num">{formatCount(step.batch.rows)}</td>
                <td className="nowrap">{driftText(step)}</td>
                <td className="nowrap">
                  <Decision step={step} />
                </td>
                <td className="replay-why">
                  <Why step={step} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
