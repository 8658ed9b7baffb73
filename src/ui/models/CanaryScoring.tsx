import { useId, useState } from 'react';
import { scoreCanary, type CanaryScoring as CanaryResult } from '../../bridge/trainBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatCount } from '../format.ts';
import { saveBlob } from './download.ts';
import { formatMetric } from './modelFormat.ts';

type Aliases = { champion: number | null; challenger: number | null };
type State = { status: 'idle' } | { status: 'scoring' } | { status: 'done'; result: CanaryResult; batch: BatchSummary; keyColumn: string; share: number } | { status: 'failed'; message: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function CanaryTable({ result }: { result: CanaryResult }) {
  const { champion, challenger, test } = result.result;
  return (
    <>
      <div className="table-wrap table-wrap-fit">
        <table className="data-table" aria-label="Canary result">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Labelled
              </th>
              <th scope="col" className="num">
                Correct
              </th>
              <th scope="col" className="num">
                Accuracy
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['champion', champion],
                ['challenger', challenger],
              ] as const
            ).map(([name, t]) => (
              <tr key={name} data-variant={name}>
                <th scope="row">{name}</th>
                <td className="num">{formatCount(t.rows)}</td>
                <td className="num">{formatCount(t.labelled)}</td>
                <td className="num">{formatCount(t.correct)}</td>
                <td className="num">{t.labelled > 0 ? formatMetric(t.correct / t.labelled) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="canary-test">
        {test
          ? `Chi-square test of correct / incorrect by variant: χ² = ${formatMetric(test.statistic)}, p = ${test.pValue < 1e-4 ? test.pValue.toExponential(2) : test.pValue.toFixed(4)}${test.pValue < 0.05 ? ' (a difference beyond chance at 5%)' : ' (no difference beyond chance at 5%)'}.`
          : 'No chi-square test: both variants need labelled rows.'}
      </p>
    </>
  );
}

/** Canary scoring: a share of the batch's rows, picked by hashing a key column, scored by the challenger; the rest by the champion. */
export function CanaryScoring({ models, batches, aliases }: { models: ModelRecord[]; batches: BatchSummary[]; aliases: Aliases }) {
  const id = useId();
  const [champion, setChampion] = useState<number>(aliases.champion ?? models[1]?.version ?? models[0]!.version);
  const [challenger, setChallenger] = useState<number>(aliases.challenger ?? models.find((m) => m.version !== champion)?.version ?? models[0]!.version);
  const [batchId, setBatchId] = useState<string>(batches[batches.length - 1]!.id);
  const batch = batches.find((b) => b.id === batchId) ?? batches[batches.length - 1]!;
  const [chosenKey, setKey] = useState<string | null>(null);
  const key = chosenKey && batch.columns.some((c) => c.name === chosenKey) ? chosenKey : (batch.columns[0]?.name ?? '');
  const [share, setShare] = useState('10');
  const [state, setState] = useState<State>({ status: 'idle' });
  const shareValue = Number(share) / 100;
  const problem = champion === challenger ? 'Pick two different versions.' : !(shareValue > 0 && shareValue < 1) ? 'The share must be above 0% and below 100%.' : null;
  const run = async (): Promise<void> => {
    setState({ status: 'scoring' });
    try {
      const result = await scoreCanary(batch.id, champion, challenger, key, shareValue);
      setState({ status: 'done', result, batch, keyColumn: key, share: shareValue });
    } catch (error) {
      setState({ status: 'failed', message: messageOf(error) });
    }
  };
  const versionOptions = models.map((m) => (
    <option key={m.version} value={m.version}>
      Version {m.version}
      {aliases.champion === m.version ? ' (champion)' : aliases.challenger === m.version ? ' (challenger)' : ''}
    </option>
  ));
  return (
    <>
      <form
        className="score-form canary-form"
        aria-label="Canary scoring"
        onSubmit={(event) => {
          event.preventDefault();
          if (state.status !== 'scoring' && !problem) void run();
        }}
      >
        <label className="inline-field" htmlFor={`${id}-champion`}>
          Champion
        </label>
        <select id={`${id}-champion`} value={champion} onChange={(e) => setChampion(Number(e.target.value))}>
          {versionOptions}
        </select>
        <label className="inline-field" htmlFor={`${id}-challenger`}>
          Challenger
        </label>
        <select id={`${id}-challenger`} value={challenger} onChange={(e) => setChallenger(Number(e.target.value))}>
          {versionOptions}
        </select>
        <label className="inline-field" htmlFor={`${id}-batch`}>
          Batch
        </label>
        <select id={`${id}-batch`} value={batch.id} onChange={(e) => setBatchId(e.target.value)}>
          {batches.map((b, i) => (
            <option key={b.id} value={b.id}>
              {i + 1}. {b.name}
            </option>
          ))}
        </select>
        <label className="inline-field" htmlFor={`${id}-key`}>
          Key column
        </label>
        <select id={`${id}-key`} value={key} onChange={(e) => setKey(e.target.value)}>
          {batch.columns.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        <label className="inline-field" htmlFor={`${id}-share`}>
          Share (%)
        </label>
        <input id={`${id}-share`} type="number" min={1} max={99} step={1} value={share} onChange={(e) => setShare(e.target.value)} className="share-input" />
        <button type="submit" className="btn btn-primary" disabled={state.status === 'scoring' || problem !== null}>
          {state.status === 'scoring' ? 'Scoring…' : 'Score canary'}
        </button>
      </form>
      {problem && (
        <p role="alert" className="inline-error">
          {problem}
        </p>
      )}
      {state.status === 'failed' && (
        <p role="alert" className="inline-error">
          Could not score the canary: {state.message}
        </p>
      )}
      {state.status === 'done' && (
        <div className="score-result" aria-label="Canary scoring result">
          <p role="status">
            <strong>
              {formatCount(state.result.result.challenger.rows)} of {formatCount(state.result.result.champion.rows + state.result.result.challenger.rows)} rows of {state.batch.name} scored by the challenger
            </strong>{' '}
            ({Math.round(state.share * 100)}% by “{state.keyColumn}”), the rest by the champion.
          </p>
          <CanaryTable result={state.result} />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => saveBlob(new Blob(state.result.csvParts, { type: 'text/csv;charset=utf-8' }), state.result.fileName)}>
              Download predictions
            </button>
            <span className="muted">
              {state.result.fileName}: the batch’s columns, <code>variant</code>, <code>version</code> and the prediction.
            </span>
          </div>
        </div>
      )}
    </>
  );
}
