import type { Trial } from '../../core/training/search.ts';
import { Badge, type BadgeTone } from '../components/StatusBadge.tsx';
import { familyText, formatDuration, formatMetric } from './modelFormat.ts';

const STATUS_TONES: Record<Trial['status'], BadgeTone> = { done: 'pass', pruned: 'neutral', 'out of time': 'warn', failed: 'fail' };

/** The configuration a search kept: the lowest validation loss among finished trials. */
function keptTrial(trials: Trial[]): number | null {
  let best: Trial | null = null;
  for (const t of trials) if (t.status !== 'failed' && t.valLoss !== null && Number.isFinite(t.valLoss) && (!best || t.valLoss < best.valLoss!)) best = t;
  return best?.index ?? null;
}

/** Every configuration a search tried, with its rung, validation loss and fate; the kept one marked. */
export function TrialsTable({ trials }: { trials: Trial[] }) {
  const kept = keptTrial(trials);
  const rungs = trials.some((t) => t.rung > 0);
  return (
    <div className="table-wrap">
      <table className="data-table trials-table" aria-label="Search trials">
        <thead>
          <tr>
            <th scope="col">Trial</th>
            {rungs && <th scope="col">Rung</th>}
            <th scope="col">Status</th>
            <th scope="col">Network</th>
            <th scope="col">Settings</th>
            <th scope="col" className="num">
              Epochs run
            </th>
            <th scope="col" className="num">
              Best validation loss
            </th>
            <th scope="col" className="num">
              Time
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {trials.map((t) => (
            <tr key={t.index} className={t.index === kept ? 'selected' : undefined}>
              <th scope="row" className="nowrap">
                {t.index + 1}
                {t.index === kept && (
                  <>
                    {' '}
                    <Badge tone="accent">kept</Badge>
                  </>
                )}
              </th>
              {rungs && <td>{t.rung + 1}</td>}
              <td>
                <Badge tone={STATUS_TONES[t.status]}>{t.status}</Badge>
              </td>
              <td className="nowrap">{familyText(t.params)}</td>
              <td className="trial-settings">
                learning rate {formatMetric(t.params.learningRate)} · L2 {formatMetric(t.params.l2)} · dropout {formatMetric(t.params.dropout)} · batch {t.params.batchSize}
              </td>
              <td className="num">{t.epochs}</td>
              <td className="num">{formatMetric(t.valLoss)}</td>
              <td className="num">{formatDuration(t.ms)}</td>
              <td className="muted">{t.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
