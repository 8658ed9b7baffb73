import { namedClasses } from '../../core/training/warnings.ts';
import { metricValue, type BinaryMetrics, type MulticlassMetrics } from '../../core/metrics/index.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatCount } from '../format.ts';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { MetricsTable } from './MetricsTable.tsx';
import { ImbalanceNote } from './ImbalanceNote.tsx';
import { formatMetric } from './modelFormat.ts';
import { PerClassTable } from './PerClassTable.tsx';
import { PredictedActualChart } from './PredictedActualChart.tsx';
import { RocChart, type RocSeries } from './RocChart.tsx';

/** The ROC curves stored with a version: class 1's for binary, one per class present for multiclass. */
function rocSeries(model: ModelRecord): RocSeries[] {
  const classes = model.card.classes ?? [];
  const { roc, rocPerClass } = model.plots;
  if (roc) return [{ name: classes[1] ?? 'positive class', ...roc }];
  return (rocPerClass ?? []).flatMap((curve, k) => (curve ? [{ name: classes[k] ?? `class ${k}`, ...curve }] : []));
}

function Warnings({ warnings, classes }: { warnings: string[]; classes: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="model-warnings" role="note" aria-label="Metric warnings">
      <strong>Warnings</strong>
      <ul>
        {warnings.map((w) => (
          <li key={w}>{namedClasses(w, classes)}</li>
        ))}
      </ul>
    </div>
  );
}

/** How a version did on its holdout rows: metrics, confusion matrix, curves and per-class scores. */
export function VersionEvaluation({ model }: { model: ModelRecord }) {
  const { card, metrics } = model;
  const holdout = model.training?.counts.holdout;
  if (!metrics) {
    return (
      <div className="subpanel">
        <h3>Holdout metrics</h3>
        <p className="muted">
          Not evaluated here: {model.source === 'imported' ? 'an imported version comes without its holdout rows.' : 'this version has no metrics.'} Score a labelled batch with it below to see how
          it does.
        </p>
      </div>
    );
  }
  const classes = card.classes ?? [];
  const classification = card.task !== 'regression';
  const curves = classification ? rocSeries(model) : [];
  const confusion = classification ? (metrics as BinaryMetrics | MulticlassMetrics).confusionMatrix : null;
  const auc = card.task === 'regression' ? null : metricValue(metrics, card.task === 'binary' ? 'rocAuc' : 'rocAucOvrMacro');
  return (
    <>
      <div className="subpanel">
        <div className="subpanel-header">
          <h3>Holdout metrics</h3>
          <span className="muted">{holdout !== undefined ? `${formatCount(holdout)} rows never seen in training` : 'rows kept out of training'}; scikit-learn’s definitions</span>
        </div>
        <MetricsTable task={card.task} metrics={metrics} classes={card.classes} label="Holdout metrics" />
        <ImbalanceNote warning={model.imbalance} />
        <Warnings warnings={model.warnings} classes={card.classes ?? []} />
      </div>
      {classification && (
        <div className="subpanel evaluation-grid">
          {confusion && (
            <div>
              <div className="subpanel-header">
                <h3>Confusion matrix</h3>
                <span className="muted">holdout rows by actual and predicted class</span>
              </div>
              <ConfusionMatrix matrix={confusion} classes={classes} />
            </div>
          )}
          <div>
            <div className="subpanel-header">
              <h3>{card.task === 'binary' ? 'ROC curve' : 'ROC curves per class'}</h3>
              <span className="muted">{card.task === 'binary' ? `AUC ${formatMetric(auc)}` : `one class against the rest; macro AUC ${formatMetric(auc)}`}</span>
            </div>
            {curves.length > 0 ? (
              <RocChart
                series={curves}
                summary={
                  card.task === 'binary'
                    ? `ROC curve of “${curves[0]!.name}” on the holdout rows, AUC ${formatMetric(auc)}.`
                    : `ROC curves of ${curves.length} classes, each against the rest, on the holdout rows; macro AUC ${formatMetric(auc)}.`
                }
              />
            ) : (
              <p className="muted">No ROC curve: the holdout rows hold a single class (see the warnings).</p>
            )}
          </div>
        </div>
      )}
      {classification && model.perClass && (
        <div className="subpanel">
          <div className="subpanel-header">
            <h3>Per class</h3>
            <span className="muted">
              {card.task === 'binary' ? `the headline precision, recall and F1 are those of “${classes[1] ?? 'class 1'}”` : 'macro averages weigh each class the same'}
            </span>
          </div>
          <PerClassTable scores={model.perClass} classes={classes} />
        </div>
      )}
      {card.task === 'regression' && model.plots.predictedVsActual && (
        <div className="subpanel">
          <div className="subpanel-header">
            <h3>Predicted against actual</h3>
            <span className="muted">holdout rows; the dashed diagonal is a perfect prediction</span>
          </div>
          <PredictedActualChart actual={model.plots.predictedVsActual.actual} predicted={model.plots.predictedVsActual.predicted} target={card.target} />
        </div>
      )}
    </>
  );
}
