import { useMemo } from 'react';
import type { SameRows } from '../../bridge/trainBridge.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatBytes, formatTime } from '../format.ts';
import { AliasMarkers, StageBadge } from './StageBadge.tsx';
import { navigate, versionHref } from '../route.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { useWindow } from '../components/useWindow.ts';
import { WindowPager } from '../components/WindowPager.tsx';
import { NO_SETTING, versionSettings } from './versionParams.ts';
import { familyText, shortFamilyText, formatDuration, formatMetric, formatShortTime, primaryMetricLabel, SHORT_TASKS, trainedOnText } from './modelFormat.ts';

/** "seattle-2012.csv and 4 more" (every name in the cell's title), or "imported" when it has no batches. */
export function lineageText(model: ModelRecord): string {
  const names = model.lineage.batches.map((b) => b.name);
  if (names.length === 0) return model.source === 'imported' ? 'imported' : '—';
  if (names.length === 1) return names[0]!;
  return names.length === 2 ? names.join(', ') : `${names[0]} and ${names.length - 1} more`;
}

/** The optional columns of the versions table: parameters by key, and the tags. */
export interface ExtraColumns {
  params: string[];
  tags: boolean;
}

const OWN_HOLDOUT = 'Each version’s score on its own holdout rows: the rows differ from version to version, so a champion can look worse than versions it beat.';

/** A version's score on the shared rows, or why it has only its own-holdout figure. */
function SameRowsCell({ score, rows }: { score: SameRows['scores'][number] | undefined; rows: number }) {
  if (!score || score.ownHoldoutBecause) {
    return (
      <td className="nowrap muted" data-same-rows="own" title={score?.ownHoldoutBecause ?? undefined}>
        own holdout only
      </td>
    );
  }
  const caveat = trainedOnText(score.version, score.trainedOnRows, rows);
  return (
    <td className="num" data-same-rows="scored" title={caveat ?? undefined}>
      <strong>{formatMetric(score.value)}</strong>
      {caveat && <span className="muted"> {score.trainedOnRows === null ? '(trained on ?)' : '(flattered)'}</span>}
    </td>
  );
}

/** Rows of the versions table drawn at once. */
export const VERSIONS_WINDOW = 25;

/**
 * Every registered version, newest first, VERSIONS_WINDOW at a time with a pager; a row opens its detail. With same-rows scores, a column puts
 * every version on the same current evaluation rows (its header says which).
 */
export function VersionList({
  models,
  openVersion,
  aliases,
  sameRows,
  sameRowsTitle,
  ticked,
  onTick,
  columns,
}: {
  models: ModelRecord[];
  openVersion: number | null;
  aliases: { champion: number | null; challenger: number | null };
  sameRows: SameRows | null;
  sameRowsTitle: string;
  ticked: number[];
  onTick: (version: number, on: boolean) => void;
  columns: ExtraColumns;
}) {
  const shared = sameRows?.basis ? sameRows : null;
  // Only for the parameters chosen as columns (none by default): a version's settings list the names of
  // every batch it trained on, hundreds for a year of daily batches, for a hundred versions.
  const chosen = columns.params.length > 0;
  const labels = useMemo(() => new Map(chosen ? models.flatMap(versionSettings).map((p) => [p.key, p.label]) : []), [models, chosen]);
  const oldestFirst = useMemo(() => [...models].reverse(), [models]);
  const open = oldestFirst.findIndex((m) => m.version === openVersion);
  const stretch = useWindow(oldestFirst.length, VERSIONS_WINDOW, open < 0 ? null : open);
  const shown = oldestFirst.slice(stretch.start, stretch.end).reverse();
  return (
    <>
      <WindowPager window={stretch} noun="versions" label="Versions shown" />
      <div className="table-wrap">
        <table className="data-table version-table" aria-label="Model versions">
          <thead>
            <tr>
              <th scope="col" className="tick-cell">
                <span className="visually-hidden">Compare</span>
              </th>
              <th scope="col">Version</th>
              <th scope="col">Stage</th>
              <th scope="col" title={OWN_HOLDOUT}>
                Primary metric <span className="muted">(own holdout)</span>
              </th>
              {shared && (
                <th scope="col" className="num" title={sameRowsTitle} data-same-rows-header>
                  On the same rows
                </th>
              )}
              <th scope="col">Task and target</th>
              <th scope="col">Family</th>
              <th scope="col">Trained on</th>
              <th scope="col" className="num">
                Training
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">Created</th>
              {columns.params.map((key) => (
                <th key={key} scope="col" data-param-column={key}>
                  {labels.get(key) ?? key}
                </th>
              ))}
              {columns.tags && <th scope="col">Tags</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((model) => {
              const metric = primaryMetricLabel(model.card, model.metrics);
              const open = model.version === openVersion;
              const settings = chosen ? versionSettings(model) : [];
              return (
                <tr
                  key={model.version}
                  data-version={model.version}
                  className={open ? 'clickable selected' : 'clickable'}
                  onClick={(event) => {
                    if (!(event.target as HTMLElement).closest('a, input, label')) navigate(versionHref(model.version));
                  }}
                >
                  <td className="tick-cell">
                    <input type="checkbox" aria-label={`Compare version ${model.version}`} checked={ticked.includes(model.version)} onChange={(e) => onTick(model.version, e.target.checked)} />
                  </td>
                  <th scope="row">
                    <a href={versionHref(model.version)} aria-current={open ? 'true' : undefined} className="version-link">
                      Version {model.version}
                    </a>
                    <AliasMarkers version={model.version} aliases={aliases} />
                  </th>
                  <td className="nowrap">
                    <StageBadge stage={model.stage} />
                  </td>
                  <td className="nowrap">
                    {model.metrics ? (
                      <>
                        <span className="muted">{metric.label}</span> <strong>{metric.value}</strong>
                      </>
                    ) : (
                      <span className="muted">not evaluated</span>
                    )}
                  </td>
                  {shared && <SameRowsCell score={shared.scores.find((s) => s.version === model.version)} rows={shared.basis!.rows} />}
                  <td>
                    {SHORT_TASKS[model.card.task]} <span className="muted">of</span> “{model.card.target}”
                  </td>
                  <td className="nowrap" title={familyText(model.card.params)}>
                    {shortFamilyText(model.card.params)}
                  </td>
                  <td className="lineage-cell" title={model.lineage.batches.map((b) => b.name).join(', ')}>
                    {lineageText(model)}
                  </td>
                  <td className="num">{model.training ? `${formatDuration(model.training.trainMs)} on ${model.training.backend}` : '—'}</td>
                  <td className="num">{formatBytes(model.sizeBytes)}</td>
                  <td className="nowrap" title={formatTime(model.createdAt)}>
                    {formatShortTime(model.createdAt)}
                  </td>
                  {columns.params.map((key) => {
                    const value = settings.find((p) => p.key === key)?.value ?? NO_SETTING;
                    return (
                      <td key={key} className="param-cell" title={value}>
                        {value}
                      </td>
                    );
                  })}
                  {columns.tags && <td className="tags-cell">{model.tags.length === 0 ? <span className="muted">none</span> : model.tags.map((t) => <Badge key={t} tone="neutral">{t}</Badge>)}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
