import type { BatchMeta } from '../../core/batch.ts';
import type { ColumnFacts } from '../../core/columnChoices.ts';
import type { ColumnQuality } from '../../core/quality.ts';
import type { ColumnType } from '../../core/schema.ts';
import type { WorkspaceRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { ColumnUseToggles } from './ColumnUseToggles.tsx';
import { formatCount, formatShare, formatStat, plural } from '../format.ts';
import { Histogram } from './Histogram.tsx';
import { TopCategories } from './TopCategories.tsx';
import type { WorkspaceChanger } from './useWorkspaceChange.ts';

const flagText = { constant: 'constant', 'all-missing': 'all missing', 'mostly-missing': 'mostly missing' } as const;
const flagTone = { constant: 'warn', 'all-missing': 'fail', 'mostly-missing': 'warn' } as const;

const uniqueShare = (q: ColumnQuality): string => `${Math.floor((q.distinct / Math.max(1, q.rows - q.missing)) * 100)}%`;

function Flags({ quality }: { quality: ColumnQuality }) {
  if (quality.flags.length === 0 && quality.coercedToMissing === 0 && !quality.idLike) return null;
  return (
    <span className="flags">
      {quality.flags.map((flag) => (
        <Badge key={flag} tone={flagTone[flag]}>
          {flagText[flag]}
        </Badge>
      ))}
      {quality.idLike && (
        <Badge tone="neutral" title="Unique on at least 95% of at least 20 non-missing rows: an identifier or a timestamp rather than a category">
          id-like: {uniqueShare(quality)} of values unique
        </Badge>
      )}
      {quality.coercedToMissing > 0 && (
        <Badge tone="warn" title={`Cells that do not fit the column's type (${quality.type}, as the reference reads it); dropped like missing values`}>
          {plural(quality.coercedToMissing, 'unfit cell')}
        </Badge>
      )}
    </span>
  );
}

function TypeSelect({ quality, override, onChange, disabled }: { quality: ColumnQuality; override: ColumnType | undefined; onChange: (type: ColumnType | null) => void; disabled: boolean }) {
  return (
    <select
      className="type-select"
      aria-label={`Type of ${quality.name}`}
      value={override ?? ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as ColumnType))}
    >
      <option value="">inferred ({quality.inferredType})</option>
      <option value="numeric">numeric</option>
      <option value="categorical">categorical</option>
      <option value="datetime">datetime</option>
    </select>
  );
}

const STATS = ['min', 'max', 'mean', 'std'] as const;

function stat(quality: ColumnQuality, key: (typeof STATS)[number]) {
  if (quality.numeric) return <span title={String(quality.numeric[key])}>{formatStat(quality.numeric[key])}</span>;
  // A datetime column's range: its earliest and latest instants as written.
  if (quality.datetime && (key === 'min' || key === 'max')) return <span className="datetime-bound">{quality.datetime[key]}</span>;
  return <span className="muted">—</span>;
}

/**
 * Per-column quality of one batch, with the column typing, target and drift / feature choices that apply
 * to every batch. Whether a column is id-like is judged on the reference's values (`referenceQuality`).
 */
export function QualityTable({ batch, workspace, changer, referenceQuality }: { batch: BatchMeta; workspace: WorkspaceRecord; changer: WorkspaceChanger; referenceQuality: readonly ColumnFacts[] }) {
  const { target, typeOverrides } = workspace.schema;
  const busy = changer.pending !== null;
  const names = batch.columns.map((c) => c.name);
  return (
    <section className="subpanel" aria-labelledby="quality-title">
      <div className="subpanel-header">
        <h3 id="quality-title">Columns</h3>
        <label className="inline-field">
          Target column
          <select
            value={target ?? ''}
            disabled={busy}
            onChange={(e) => {
              const next = e.target.value === '' ? null : e.target.value;
              void changer.apply({ target: next }, next ? `Setting the target to "${next}"` : 'Clearing the target');
            }}
          >
            <option value="">none (unlabeled)</option>
            {target !== null && !names.includes(target) && <option value={target}>{target} (not in this batch)</option>}
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">
        Types are inferred on the reference batch and, with your overrides and the target, apply to every batch; changing one re-reads all of them. Cells that do not fit a column’s type are
        unfit and count as missing. “In drift” and “as feature” choose, for every batch, the columns the dataset drift share counts and the features training uses by default.
      </p>
      <div className="table-wrap table-wrap-tall">
        <table className="data-table quality-table" aria-label="Column quality">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Use</th>
              {['Missing', 'Distinct', 'Min', 'Max', 'Mean', 'Std'].map((header) => (
                <th key={header} scope="col" className="num">
                  {header}
                </th>
              ))}
              <th scope="col">Distribution</th>
            </tr>
          </thead>
          <tbody>
            {batch.quality.map((q) => (
              <tr key={q.name} data-column={q.name}>
                <th scope="row" className="column-name">
                  <span className="column-name-line">
                    <span className="column-name-text" title={q.name}>
                      {q.name}
                    </span>
                    {q.name === target && <Badge tone="accent">target</Badge>}
                  </span>
                  <span className="column-facts">
                    <span className={q.type === q.inferredType ? 'column-type' : 'column-type column-type-overridden'} title={q.type === q.inferredType ? "As inferred from the reference batch's data" : `Overridden; the reference reads as ${q.inferredType}`}>
                      {q.type}
                    </span>
                    <Flags quality={q} />
                  </span>
                </th>
                <td>
                  <TypeSelect
                    quality={q}
                    override={typeOverrides[q.name]}
                    disabled={busy}
                    onChange={(type) => void changer.apply({ typeOverrides: { [q.name]: type } }, type ? `Typing "${q.name}" as ${type}` : `Typing "${q.name}" as inferred`)}
                  />
                </td>
                <td>
                  <ColumnUseToggles facts={referenceQuality.find((r) => r.name === q.name) ?? q} workspace={workspace} changer={changer} />
                </td>
                <td className="num" title={`${formatCount(q.missing)} of ${formatCount(q.rows)} rows`}>
                  <span className={q.missing === 0 ? 'muted' : undefined}>{formatShare(q.missingShare)}</span>
                </td>
                <td className="num">{formatCount(q.distinct)}</td>
                {STATS.map((key) => (
                  <td key={key} className="num">
                    {stat(q, key)}
                  </td>
                ))}
                <td className="distribution">{q.numeric ? <Histogram column={q.name} summary={q.numeric} /> : <TopCategories quality={q} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
