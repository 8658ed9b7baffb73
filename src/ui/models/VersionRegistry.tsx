import { useId, useState } from 'react';
import { makeChallenger, promoteVersion, rollbackTo } from '../../bridge/trainBridge.ts';
import { editVersionInfo } from '../../bridge/workspaceBridge.ts';
import type { EventOf } from '../../core/events.ts';
import { metricValue } from '../../core/metrics/index.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatTime } from '../format.ts';
import { navigate, runHref } from '../route.ts';
import { LineageBatchLink } from '../storage/Deleted.tsx';
import { Fact } from './Fact.tsx';
import { formatMetric, primaryMetricLabel } from './modelFormat.ts';
import { AliasMarkers, StageBadge } from './StageBadge.tsx';
import { compareHref, useLatestShadow } from './useModelsData.ts';

type Aliases = { champion: number | null; challenger: number | null };
type Action = 'rollback' | 'promote';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Tags (comma-separated) and a description, saved on the version; no event. */
function InfoForm({ model }: { model: ModelRecord }) {
  const id = useId();
  const [tags, setTags] = useState(model.tags.join(', '));
  const [description, setDescription] = useState(model.description);
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = tags !== model.tags.join(', ') || description !== model.description;
  return (
    <form
      className="registry-info"
      aria-label="Tags and description"
      onSubmit={(event) => {
        event.preventDefault();
        void editVersionInfo(model.version, { tags: tags.split(','), description }).then(
          () => setSaved('Saved.'),
          (error: unknown) => setSaved(`Not saved: ${messageOf(error)}`),
        );
      }}
    >
      <label htmlFor={`${id}-tags`}>Tags</label>
      <input id={`${id}-tags`} value={tags} placeholder="comma-separated, e.g. baseline, winter" onChange={(e) => (setTags(e.target.value), setSaved(null))} />
      <label htmlFor={`${id}-description`}>Description</label>
      <textarea id={`${id}-description`} rows={2} value={description} placeholder="what this version is for" onChange={(e) => (setDescription(e.target.value), setSaved(null))} />
      <div className="form-actions">
        <button type="submit" className="btn" disabled={!dirty}>
          Save tags and description
        </button>
        {saved && (
          <span role="status" className="muted">
            {saved}
          </span>
        )}
      </div>
    </form>
  );
}

/** Asks for the reason (required) of a rollback or promotion, then runs it in the worker. */
function ReasonForm({ model, action, onDone }: { model: ModelRecord; action: Action; onDone: () => void }) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = action === 'rollback' ? `Roll back to version ${model.version}` : `Promote version ${model.version} to champion`;
  return (
    <form
      className="reason-form"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        if (!reason.trim()) {
          setError('Say why: the reason is kept with the event in History.');
          return;
        }
        setBusy(true);
        void (action === 'rollback' ? rollbackTo(model.version, reason.trim()) : promoteVersion(model.version, reason.trim())).then(onDone, (e: unknown) => {
          setBusy(false);
          setError(messageOf(e));
        });
      }}
    >
      {action === 'promote' && model.stage === 'rejected' && <p className="hint">Its gate kept the champion: History will mark this promotion as forced past the failed gate.</p>}
      <label htmlFor={`${id}-reason`}>Reason (required)</label>
      <input id={`${id}-reason`} value={reason} autoFocus onChange={(e) => (setReason(e.target.value), setError(null))} placeholder={action === 'rollback' ? 'e.g. the new champion mislabels snow' : 'e.g. better F1 on the winter batches'} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Working…' : label}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
    </form>
  );
}

/** The latest shadow scoring of the current challenger beside the champion. */
function ShadowSummary({ event }: { event: EventOf<'shadow.scored'> }) {
  const r = event.details;
  return (
    <div className="shadow-summary" aria-label="Latest shadow result">
      <h4>Latest shadow scoring</h4>
      <p>
        {event.summary} <span className="muted">({formatTime(event.at)})</span>
      </p>
      {(r.championMetrics || r.challengerMetrics) && (
        <p className="muted">
          On its labels: champion {formatMetric(metricValue(r.championMetrics, 'accuracy'))}, challenger{' '}
          {formatMetric(metricValue(r.challengerMetrics, 'accuracy'))} accuracy.
        </p>
      )}
    </div>
  );
}

/** Which version a comparison puts left (the champion's side) and right. */
function sides(model: ModelRecord, other: number, aliases: Aliases): [number, number] {
  if (aliases.champion === model.version) return [model.version, other];
  if (aliases.champion === other) return [other, model.version];
  return model.version < other ? [model.version, other] : [other, model.version];
}

function ComparePicker({ model, models, aliases }: { model: ModelRecord; models: ModelRecord[]; aliases: Aliases }) {
  const id = useId();
  const others = models.filter((m) => m.version !== model.version && m.card.task === model.card.task && m.card.target === model.card.target);
  const [chosen, setChosen] = useState<number | null>(null);
  if (others.length === 0) return <p className="muted">No other version of this model to compare with yet.</p>;
  const other = chosen ?? (aliases.champion !== null && aliases.champion !== model.version ? aliases.champion : others[0]!.version);
  return (
    <form
      className="compare-picker"
      aria-label="Compare with another version"
      onSubmit={(event) => {
        event.preventDefault();
        const [a, b] = sides(model, other, aliases);
        navigate(compareHref(a, b));
      }}
    >
      <label htmlFor={`${id}-other`}>Compare with…</label>
      <select id={`${id}-other`} value={other} onChange={(e) => setChosen(Number(e.target.value))}>
        {others.map((m) => {
          const metric = primaryMetricLabel(m.card, m.metrics);
          return (
            <option key={m.version} value={m.version}>
              Version {m.version} ({m.stage}
              {aliases.champion === m.version ? ', champion' : ''}){m.metrics ? `, ${metric.label} ${metric.value}` : ''}
            </option>
          );
        })}
      </select>
      <button type="submit" className="btn">
        Compare
      </button>
    </form>
  );
}

/** Stage, aliases, lineage links, tags and description, and the registry actions of one version. */
export function VersionRegistry({ model, models, aliases }: { model: ModelRecord; models: ModelRecord[]; aliases: Aliases }) {
  const [action, setAction] = useState<Action | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const shadow = useLatestShadow(aliases.challenger);
  const isChampion = aliases.champion === model.version;
  // A rejected version's gate kept the champion: promoting it is forced past that gate (History marks it), never a rollback.
  const canPromote = !isChampion && (model.stage === 'staging' || model.stage === 'candidate' || model.stage === 'rejected');
  const canRollBack = !isChampion && model.stage !== 'rejected';
  return (
    <div className="subpanel registry-grid" aria-label="Registry">
      <div>
        <div className="subpanel-header">
          <h3>Registry</h3>
          <span className="muted">stage, aliases and where it came from</span>
        </div>
        <dl className="facts" aria-label="Registry facts">
          <Fact term="Stage">
            <StageBadge stage={model.stage} />
            <AliasMarkers version={model.version} aliases={aliases} />
          </Fact>
          <Fact term="Trained by">{model.runId ? <a href={runHref(model.runId)}>pipeline run {model.runId.slice(0, 12)}</a> : model.source === 'imported' ? 'imported by hand' : 'trained by hand in Models'}</Fact>
          <Fact term="Batches">
            {model.lineage.batches.length === 0
              ? '—'
              : model.lineage.batches.map((b, i) => (
                  <span key={b.id}>
                    <LineageBatchLink id={b.id} name={b.name} />
                    {i < model.lineage.batches.length - 1 ? ', ' : ''}
                  </span>
                ))}
          </Fact>
        </dl>
        <div className="registry-actions" role="group" aria-label="Registry actions">
          {canRollBack && (
            <button type="button" className="btn" onClick={() => (setAction('rollback'), setNote(null))}>
              Roll back to this version
            </button>
          )}
          {canPromote && (
            <button type="button" className="btn" onClick={() => (setAction('promote'), setNote(null))}>
              Promote
            </button>
          )}
          {!isChampion && aliases.challenger !== model.version && (
            <button
              type="button"
              className="btn"
              onClick={() =>
                void makeChallenger(model.version).then(
                  () => setNote(`Version ${model.version} is the challenger: with shadow scoring on, it scores incoming batches beside the champion.`),
                  (e: unknown) => setNote(`Not set: ${messageOf(e)}`),
                )
              }
            >
              Set as challenger (shadow)
            </button>
          )}
          {isChampion && <span className="muted">The champion: roll back to or promote another version to replace it.</span>}
        </div>
        {action && <ReasonForm key={action} model={model} action={action} onDone={() => setAction(null)} />}
        {note && (
          <p role="status" className="muted">
            {note}
          </p>
        )}
        <ComparePicker model={model} models={models} aliases={aliases} />
        {shadow && (aliases.challenger === model.version || isChampion) && <ShadowSummary event={shadow} />}
      </div>
      <div>
        <InfoForm key={model.version} model={model} />
      </div>
    </div>
  );
}
