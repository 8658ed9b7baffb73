import type { SameRows } from '../../bridge/trainBridge.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatBytes, formatTime } from '../format.ts';
import { AliasMarkers, StageBadge } from './StageBadge.tsx';
import { navigate, versionHref } from '../route.ts';
import { familyText, formatDuration, formatMetric, formatShortTime, primaryMetricLabel, shortFamilyText, SHORT_TASKS, trainedOnText } from './modelFormat.ts';

/** "seattle-2012.csv and 4 more" (every name in the cell's title), or "imported" when it has no batches. */
export function lineageText(model: ModelRecord): string {
  const names = model.lineage.batches.map((b) => b.name);
  if (names.length === 0) return model.source === 'imported' ? 'imported' : '—';
  if (names.length === 1) return names[0]!;
  return names.length === 2 ? names.join(', ') : `${names[0]} and ${names.length - 1} more`;
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

/**
 * Every registered version, newest first; a row opens its detail. With same-rows scores, a column puts
 * every version on the same current evaluation rows (its header says which).
 */
export function VersionList({
  models,
  openVersion,
  aliases,
  sameRows,
  sameRowsTitle,
}: {
  models: ModelRecord[];
  openVersion: number | null;
  aliases: { champion: number | null; challenger: number | null };
  sameRows: SameRows | null;
  sameRowsTitle: string;
}) {
  const shared = sameRows?.basis ? sameRows : null;
  return (
    <div className="table-wrap">
      <table className="data-table version-table" aria-label="Model versions">
        <thead>
          <tr>
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
          </tr>
        </thead>
        <tbody>
          {models.map((model) => {
            const metric = primaryMetricLabel(model.card, model.metrics);
            const open = model.version === openVersion;
            return (
              <tr
                key={model.version}
                data-version={model.version}
                className={open ? 'clickable selected' : 'clickable'}
                onClick={(event) => {
                  if (!(event.target as HTMLElement).closest('a')) navigate(versionHref(model.version));
                }}
              >
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
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
