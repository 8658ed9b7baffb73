import { isTreeFamily, type Family, type HyperParameters as Params, type MaxFeatures } from '../../core/training/config.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatCount } from '../format.ts';
import { LineageBatchLink } from '../storage/Deleted.tsx';
import { Fact } from './Fact.tsx';
import { classWeightText } from './ImbalanceNote.tsx';
import { formatMetric, formatShareOfRows } from './modelFormat.ts';

/** The batches a version learnt from (links to Data), with the holdout rows each gave. */
function Lineage({ model }: { model: ModelRecord }) {
  const holdout = new Map(model.lineage.holdout.map((h) => [h.batchId, h.rows.length]));
  if (model.lineage.batches.length === 0) return <p className="muted">No batches: this version was imported.</p>;
  return (
    <ul className="lineage-list">
      {model.lineage.batches.map((b) => (
        <li key={b.id}>
          <LineageBatchLink id={b.id} name={b.name} /> <span className="muted nowrap">
            {formatCount(b.rows)} rows{holdout.has(b.id) ? ` · ${formatCount(holdout.get(b.id)!)} holdout` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

const MAX_FEATURES_TEXT = (m: MaxFeatures | undefined): string => (m === null || m === undefined ? 'default (sqrt for a classifier, all for a regression)' : typeof m === 'number' ? `${formatShareOfRows(m)} of the inputs` : m);

/** A tree family's settings, by scikit-learn's names' meaning; a field a version lacks shows the default it trained with. */
function TreeParameters({ p }: { p: Params }) {
  const gbdt = p.family === 'gbdt';
  return (
    <>
      <Fact term={gbdt ? 'Boosting iterations (at most)' : 'Trees'}>{formatCount(p.epochs)}</Fact>
      {gbdt && <Fact term="Learning rate">{formatMetric(p.learningRate)}</Fact>}
      {gbdt && <Fact term="Max leaf nodes">{p.maxLeafNodes === undefined ? '—' : formatCount(p.maxLeafNodes)}</Fact>}
      {!gbdt && <Fact term="Max features">{MAX_FEATURES_TEXT(p.maxFeatures)}</Fact>}
      <Fact term="Max depth">{p.maxDepth === null || p.maxDepth === undefined ? 'no limit' : formatCount(p.maxDepth)}</Fact>
      <Fact term="Min samples per leaf">{p.minSamplesLeaf === undefined ? '—' : formatCount(p.minSamplesLeaf)}</Fact>
      {gbdt && <Fact term="L2 regularization">{formatMetric(p.l2)}</Fact>}
      {gbdt && <Fact term="Patience">{p.patience === 0 ? 'never stops early' : formatCount(p.patience)}</Fact>}
      {p.maxBins !== undefined && <Fact term="Bins per feature">{formatCount(p.maxBins)}</Fact>}
    </>
  );
}

function NetworkParameters({ p }: { p: Params }) {
  const mlp = p.family === 'mlp';
  return (
    <>
      {mlp && <Fact term="Hidden layers">{p.hidden.join(', ')}</Fact>}
      {mlp && <Fact term="Activation">{p.activation}</Fact>}
      {mlp && <Fact term="Dropout">{formatMetric(p.dropout)}</Fact>}
      <Fact term="L2">{formatMetric(p.l2)}</Fact>
      <Fact term="Learning rate">{formatMetric(p.learningRate)}</Fact>
      <Fact term="Batch size">{formatCount(p.batchSize)}</Fact>
      <Fact term="Epochs (at most)">{formatCount(p.epochs)}</Fact>
      <Fact term="Patience">{formatCount(p.patience)}</Fact>
    </>
  );
}

const FAMILY_NAMES: Record<Family, string> = { mlp: 'MLP', linear: 'linear', gbdt: 'gradient boosting', forest: 'random forest' };

/** The settings it was trained with and the features it reads (with their preprocessing). */
function HyperParameters({ model }: { model: ModelRecord }) {
  const p = model.card.params;
  return (
    <dl className="facts" aria-label="Hyper-parameters">
      <Fact term="Family">{FAMILY_NAMES[p.family]}</Fact>
      {isTreeFamily(p.family) ? <TreeParameters p={p} /> : <NetworkParameters p={p} />}
      {model.card.task !== 'regression' && <Fact term="Class weights">{classWeightText(p.classWeight, model.card.classWeights, model.card.classes)}</Fact>}
      <Fact term="Seed">{model.card.seed}</Fact>
    </dl>
  );
}

/** A numeric feature's preprocessing: trees keep a missing value for each split to send one way or the other. */
const numericText = (missingFlag: boolean, keep: boolean): string => `numeric, standardised${keep ? ', missing values kept' : missingFlag ? ', with a missing flag' : ''}`;

function Features({ model }: { model: ModelRecord }) {
  const { features, width, missing } = model.card.preprocessing;
  const trees = isTreeFamily(model.card.params.family);
  return (
    <p className="feature-list">
      <span className="muted">
        {features.length} feature{features.length === 1 ? '' : 's'}, {width} {trees ? 'model' : 'network'} inputs:
      </span>{' '}
      {features.map((f, i) => (
        <span key={f.name}>
          <code>{f.name}</code>{' '}
          <span className="muted">
            ({f.kind === 'numeric' ? numericText(f.missingIndicator, missing === 'keep') : `${f.categories.length} categories + other`})
          </span>
          {i < features.length - 1 ? ', ' : ''}
        </span>
      ))}
    </p>
  );
}

/** Where a version came from and how it is set up. */
export function VersionLineage({ model }: { model: ModelRecord }) {
  return (
    <div className="subpanel lineage-grid">
      <div>
        <h3>Lineage</h3>
        <Lineage model={model} />
      </div>
      <div>
        <h3>Hyper-parameters</h3>
        <HyperParameters model={model} />
        <Features model={model} />
      </div>
    </div>
  );
}
