import type { ModelRecord } from '../../storage/db.ts';
import { formatBytes, formatCount } from '../format.ts';
import { Fact } from './Fact.tsx';
import { LossChart } from './LossChart.tsx';
import { formatDuration, formatMetric, formatRate, stepName, stopReasonText } from './modelFormat.ts';
import { TrialsTable } from './TrialsTable.tsx';
import { useTreeShape } from './useTreeShape.ts';

/** Cost of serving a version: latency per 1,000 rows and size, known for imported versions too. */
function ServingFacts({ model }: { model: ModelRecord }) {
  return (
    <>
      <Fact term="Latency per 1,000 rows" title="Time to score 1,000 rows in the worker">
        {formatDuration(model.latencyMs)}
      </Fact>
      <Fact term="Size">{formatBytes(model.sizeBytes)}</Fact>
    </>
  );
}

const meanAndMost = (mean: number, most: number): string => `${Number(mean.toFixed(1))} on average, at most ${formatCount(most)}`;

/** What a tree version kept: its trees (one per class each boosting iteration, for a multiclass gbdt), their leaves and depth. */
function TreeFacts({ model }: { model: ModelRecord }) {
  const shape = useTreeShape(model);
  if (!shape) return null;
  return (
    <>
      <Fact term="Trees" title="Trees in the saved model">
        {formatCount(shape.trees)}
        {model.card.params.family === 'gbdt' && model.card.task === 'multiclass' && <span className="muted"> (one per class each iteration)</span>}
      </Fact>
      <Fact term="Leaves per tree">{meanAndMost(shape.leaves.mean, shape.leaves.max)}</Fact>
      <Fact term="Depth" title="Splits from the root to the deepest leaf of each tree">
        {meanAndMost(shape.depth.mean, shape.depth.max)}
      </Fact>
    </>
  );
}

/** How a version was trained: the rows, why this task, when and why it stopped, where and how fast; the loss curve and any search. */
export function VersionTraining({ model }: { model: ModelRecord }) {
  const t = model.training;
  if (!t) {
    return (
      <div className="subpanel">
        <h3>Training</h3>
        <p className="muted">Imported: trained elsewhere, so there is no training record.</p>
        <dl className="facts">
          <ServingFacts model={model} />
        </dl>
      </div>
    );
  }
  const best = t.history.find((h) => h.epoch === t.bestEpoch);
  const family = model.card.params.family;
  const step = stepName(family);
  return (
    <div className="subpanel">
      <div className="subpanel-header">
        <h3>Training</h3>
        <span className="muted">{t.targetReason}</span>
      </div>
      <dl className="facts version-facts" aria-label="Training facts">
        <Fact term="Training rows">{formatCount(t.counts.train)}</Fact>
        <Fact term="Validation rows">{formatCount(t.counts.validation)}</Fact>
        <Fact term="Holdout rows">{formatCount(t.counts.holdout)}</Fact>
        <Fact term="Dropped, no target" title="Rows whose target is missing: left out of training and evaluation">
          {formatCount(t.counts.missingTarget)}
        </Fact>
        <Fact term="Stopped">{stopReasonText(t.stopReason, family)}</Fact>
        {family === 'forest' ? (
          <Fact term="Validation loss" title="Of the whole forest, after its last tree">
            {formatMetric(t.history.at(-1)?.valLoss)}
          </Fact>
        ) : (
          <Fact term={`Best ${step.one}`}>
            {t.bestEpoch} of {t.history.length}
            {best && <span className="muted"> (validation loss {formatMetric(best.valLoss)})</span>}
          </Fact>
        )}
        <TreeFacts model={model} />
        <Fact term="Backend">{t.backend}</Fact>
        <Fact term="Training time">{formatDuration(t.trainMs)}</Fact>
        <Fact term="Speed">{formatRate(t.samplesPerSecond)}</Fact>
        <ServingFacts model={model} />
      </dl>
      {t.history.length > 0 && <LossChart history={t.history} bestEpoch={t.bestEpoch} step={step} label={t.trials.length > 0 ? `Loss per ${step.one} of the kept trial` : `Loss per ${step.one}`} />}
      {t.trials.length > 0 && (
        <>
          <h4 className="trials-title">Hyper-parameter search: {t.trials.length} trials</h4>
          <TrialsTable trials={t.trials} />
        </>
      )}
    </div>
  );
}
