import { useState } from 'react';
import type { ColumnDrift } from '../../core/drift/columnDrift.ts';
import type { Correction } from '../../core/drift/settings.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { monitorHref, navigate } from '../route.ts';
import { ColumnDrillDown } from './ColumnDrillDown.tsx';
import { SummaryCell } from './SummaryCell.tsx';
import { DEFAULT_SORT, sortColumns, type Sort, type SortKey } from './columnSort.ts';
import { formatDecidingValue, formatPercent, formatPValue, formatThreshold, ruleSummary, statisticLabel, testPValue } from './driftFormat.ts';

const NEW_CATEGORIES_SHOWN = 3;
const DRILL_DOWN_ID = 'column-drill-down';

interface Header {
  key: SortKey;
  label: string;
  numeric?: boolean;
}

const LEADING: Header[] = [
  { key: 'column', label: 'Column' },
  { key: 'statistic', label: 'Decided by' },
  { key: 'value', label: 'Value', numeric: true },
  { key: 'threshold', label: 'Threshold', numeric: true },
  { key: 'pValue', label: 'p-value', numeric: true },
];
const DRIFT: Header = { key: 'drift', label: 'Drift' };

function SortHeader({ header, sort, onSort }: { header: Header; sort: Sort; onSort: (key: SortKey) => void }) {
  const active = sort.key === header.key;
  return (
    <th scope="col" className={header.numeric ? 'num' : undefined} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(header.key)}>
        {header.label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (sort.descending ? '▼' : '▲') : '↕'}
        </span>
      </button>
    </th>
  );
}

function NewCategories({ names, share }: { names: string[] | undefined; share: number | undefined }) {
  if (!names || names.length === 0) return <span className="muted">—</span>;
  const shown = names.slice(0, NEW_CATEGORIES_SHOWN);
  return (
    <span className="new-categories" title={names.length > shown.length ? names.join(', ') : undefined}>
      {share !== undefined && <span className="nowrap">{formatPercent(share)} of rows:</span>}
      {shown.map((n) => (
        <code key={n} className="category-chip">
          {n}
        </code>
      ))}
      {names.length > shown.length && <span className="muted nowrap">and {names.length - shown.length} more</span>}
    </span>
  );
}

function DriftBadge({ drift, excluded }: { drift: boolean | null; excluded: ColumnDrift['excluded'] }) {
  if (excluded) return <Badge tone="neutral">left out</Badge>;
  if (drift === null) return <Badge tone="neutral">not compared</Badge>;
  return <Badge tone={drift ? 'fail' : 'pass'}>{drift ? 'drift' : 'no drift'}</Badge>;
}

const dash = <span className="muted">—</span>;

const whyLines = (why: string): string[] => why.split(/(?<=[,;]) /).filter(Boolean);

function RuleCells({ column, correction }: { column: ColumnDrift; correction: Correction }) {
  const { rule } = column;
  if (column.excluded) {
    return (
      <td colSpan={4 + (correction === 'none' ? 0 : 1)} className="column-excluded">
        Left out of the dataset share: {column.excludedText ?? column.excluded}. The Data view puts it back in.
      </td>
    );
  }
  if (!rule) {
    return (
      <td colSpan={4 + (correction === 'none' ? 0 : 1)} className="column-problem">
        Not compared: {column.problem ?? 'no result'}
      </td>
    );
  }
  const { source, why } = ruleSummary(rule.reason);
  const p = testPValue(column);
  return (
    <>
      <td className="rule-cell" title={rule.reason}>
        <span className="rule-head">
          <strong>{statisticLabel(rule.statistic)}</strong>
          <span className="rule-source">{source}</span>
        </span>
        {/* One fact a line: "366 reference values (≤ 1000)," / "numeric with 75 distinct values (> 5)". */}
        {whyLines(why).map((line) => (
          <span key={line} className="rule-reason">
            {line}
          </span>
        ))}
      </td>
      <td className="num">{formatDecidingValue(rule.statistic, column.value)}</td>
      <td className="num">{formatThreshold(rule.statistic, rule.threshold)}</td>
      <td className="num">{p === undefined ? dash : formatPValue(p)}</td>
      {correction !== 'none' && <td className="num">{column.adjustedPValue === undefined ? dash : formatPValue(column.adjustedPValue)}</td>}
    </>
  );
}

/**
 * Every compared column of one batch, sortable, drifted ones first; a row opens the column's
 * drill-down (distributions and every statistic) beneath the table.
 */
export function ColumnDriftTable({ batchId, columns, correction, openColumn }: { batchId: string; columns: ColumnDrift[]; correction: Correction; openColumn: string | null }) {
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const onSort = (key: SortKey): void => setSort((s) => (s.key === key ? { key, descending: !s.descending } : { key, descending: key === 'drift' }));
  const sorted = sortColumns(columns, sort);
  const open = columns.find((c) => c.name === openColumn);
  const toggle = (name: string): void => navigate(monitorHref(batchId, openColumn === name ? null : name));
  return (
    <>
      <div className="table-wrap drift-table-wrap">
        <table className="data-table drift-table" aria-label="Column drift">
          <thead>
            <tr>
              {LEADING.map((h) => (
                <SortHeader key={h.key} header={h} sort={sort} onSort={onSort} />
              ))}
              {correction !== 'none' && (
                <th scope="col" className="num">
                  Adjusted p
                </th>
              )}
              <SortHeader header={DRIFT} sort={sort} onSort={onSort} />
              <th scope="col" title="Numeric: mean and quartiles; categorical: the most frequent category and its share, and how many categories">
                Reference → current
              </th>
              <th scope="col">New categories</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((column) => {
              const isOpen = column.name === openColumn;
              return (
                <tr
                  key={column.name}
                  data-column={column.name}
                  className={`clickable${isOpen ? ' selected' : ''}${column.drift ? ' drifted' : ''}`}
                  onClick={(event) => {
                    if (!(event.target as HTMLElement).closest('button')) toggle(column.name);
                  }}
                >
                  <th scope="row" className="drift-column-name">
                    <span className="column-name-line">
                      <button type="button" className="row-toggle" aria-expanded={isOpen} aria-controls={isOpen ? DRILL_DOWN_ID : undefined} onClick={() => toggle(column.name)}>
                        <span className="column-name-text">{column.name}</span>
                      </button>
                      {column.role === 'target' && (
                        <Badge tone="accent" title="The target's drift is label drift, kept out of the dataset share">
                          target
                        </Badge>
                      )}
                    </span>
                    <span className="column-type">{column.type}</span>
                  </th>
                  <RuleCells column={column} correction={correction} />
                  <td>
                    <DriftBadge drift={column.drift} excluded={column.excluded} />
                  </td>
                  <SummaryCell column={column} />
                  <td>
                    <NewCategories names={column.newCategories} share={column.newCategoryShare} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {openColumn &&
        (open ? (
          <ColumnDrillDown key={open.name} id={DRILL_DOWN_ID} column={open} onClose={() => navigate(monitorHref(batchId))} />
        ) : (
          <p role="alert" className="inline-error">
            This batch&rsquo;s report has no column “{openColumn}”.
          </p>
        ))}
    </>
  );
}
