import { useId, useState } from 'react';
import { scoreBatch, type ScoredBatch } from '../../bridge/trainBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatCount } from '../format.ts';
import { CanaryScoring } from './CanaryScoring.tsx';
import { saveBlob } from './download.ts';
import { MetricsTable } from './MetricsTable.tsx';
import { primaryMetricLabel, trainedOnText } from './modelFormat.ts';

type Scoring =
  | { status: 'idle' }
  | { status: 'scoring'; version: number; batch: BatchSummary }
  | { status: 'done'; model: ModelRecord; batch: BatchSummary; result: ScoredBatch }
  | { status: 'failed'; version: number; batch: BatchSummary; message: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function ScoreResult({ model, batch, result }: { model: ModelRecord; batch: BatchSummary; result: ScoredBatch }) {
  const { card } = model;
  const flattered = result.metrics ? trainedOnText(model.version, result.trainedOnRows, result.labelledRows) : null;
  return (
    <div className="score-result" aria-label="Scoring result">
      <p role="status">
        <strong>
          Version {model.version} scored {formatCount(result.rows)} rows of {batch.name}
        </strong>
        {result.metrics
          ? `; ${formatCount(result.labelledRows)} have “${card.target}”, so here is how it did on them.`
          : `; the batch has no known “${card.target}” values, so there are predictions but no metrics.`}
      </p>
      {flattered && (
        <p className="trained-on-note" role="note">
          {flattered}
        </p>
      )}
      {result.metrics && <MetricsTable task={card.task} metrics={result.metrics} classes={card.classes} label={`Metrics on ${batch.name}`} />}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={() => saveBlob(new Blob(result.csvParts, { type: 'text/csv;charset=utf-8' }), result.fileName)}>
          Download predictions
        </button>
        <span className="muted">
          {result.fileName}: the batch’s columns, <code>prediction</code>
          {card.task !== 'regression' && (
            <>
              {' '}
              and <code>probability_…</code> per class
            </>
          )}
          .
        </span>
      </div>
    </div>
  );
}

/** Scores a stored batch with a version: predictions for every row to download, and metrics where the batch has the target. */
export function ScorePanel({
  models,
  batches,
  openVersion,
  training,
  aliases,
}: {
  models: ModelRecord[];
  batches: BatchSummary[];
  openVersion: number | null;
  training: boolean;
  aliases: { champion: number | null; challenger: number | null };
}) {
  const id = useId();
  const [mode, setMode] = useState<'single' | 'canary'>('single');
  const [chosenVersion, setChosenVersion] = useState<number | null>(null);
  const [chosenBatch, setChosenBatch] = useState<string | null>(null);
  const [scoring, setScoring] = useState<Scoring>({ status: 'idle' });
  const model = models.find((m) => m.version === (chosenVersion ?? openVersion)) ?? models[0];
  const batch = batches.find((b) => b.id === chosenBatch) ?? batches[batches.length - 1];
  const busy = scoring.status === 'scoring';
  const score = async (m: ModelRecord, b: BatchSummary): Promise<void> => {
    setScoring({ status: 'scoring', version: m.version, batch: b });
    try {
      const result = await scoreBatch(m.version, b.id);
      setScoring({ status: 'done', model: m, batch: b, result });
    } catch (error) {
      setScoring({ status: 'failed', version: m.version, batch: b, message: messageOf(error) });
    }
  };
  return (
    <section className="panel panel-when-seen" aria-labelledby={`${id}-title`}>
      <div className="panel-header">
        <h2 id={`${id}-title`}>Score a batch</h2>
        <span className="muted">predictions for every row; metrics where the batch has the target</span>
      </div>
      {model && batch && models.length > 1 && (
        <div className="mode-switch" role="radiogroup" aria-label="Scoring mode">
          {(
            [
              ['single', 'One version'],
              ['canary', 'Canary (two versions)'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="radio-inline">
              <input type="radio" name={`${id}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} /> {label}
            </label>
          ))}
        </div>
      )}
      {mode === 'canary' && model && batch && models.length > 1 ? (
        <CanaryScoring models={models} batches={batches} aliases={aliases} />
      ) : (
        <>
      {!model || !batch ? (
        <p className="muted">{!model ? 'Train or import a version first; then any stored batch can be scored with it.' : 'No batch is stored: add one in the Data section.'}</p>
      ) : (
        <form
          className="score-form"
          aria-label="Score a batch"
          onSubmit={(event) => {
            event.preventDefault();
            if (!busy) void score(model, batch);
          }}
        >
          <label className="inline-field" htmlFor={`${id}-version`}>
            Version
          </label>
          <select id={`${id}-version`} value={model.version} onChange={(e) => setChosenVersion(Number(e.target.value))}>
            {models.map((m) => {
              const metric = primaryMetricLabel(m.card, m.metrics);
              return (
                <option key={m.version} value={m.version}>
                  Version {m.version} — {m.card.target}
                  {m.metrics ? `, ${metric.label} ${metric.value}` : ''}
                </option>
              );
            })}
          </select>
          <label className="inline-field" htmlFor={`${id}-batch`}>
            Batch
          </label>
          <select id={`${id}-batch`} value={batch.id} onChange={(e) => setChosenBatch(e.target.value)}>
            {batches.map((b, i) => (
              <option key={b.id} value={b.id}>
                {i + 1}. {b.name}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Scoring…' : 'Score'}
          </button>
        </form>
      )}
      {scoring.status === 'scoring' && (
        <p role="status" className="muted score-line">
          <span className="spinner" aria-hidden="true" /> Scoring {scoring.batch.name} with version {scoring.version}
          {training ? ' (after the training under way finishes)' : ''}…
        </p>
      )}
      {scoring.status === 'failed' && (
        <p role="alert" className="inline-error">
          Could not score {scoring.batch.name} with version {scoring.version}: {scoring.message}
        </p>
      )}
      {scoring.status === 'done' && <ScoreResult model={scoring.model} batch={scoring.batch} result={scoring.result} />}
        </>
      )}
    </section>
  );
}
