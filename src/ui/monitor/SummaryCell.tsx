import type { ColumnDrift } from '../../core/drift/columnDrift.ts';
import type { SideSummary } from '../../core/drift/sideSummary.ts';
import { formatPercent, formatValue, NO_VALUE } from './driftFormat.ts';

type Format = (x: number) => string;

const dateOf: Format = (x) => new Date(x).toISOString().slice(0, 10);

function numericLines(reference: Extract<SideSummary, { type: 'numeric' }>, current: Extract<SideSummary, { type: 'numeric' }>, format: Format) {
  const iqr = (side: typeof reference): string => `${format(side.q1)}–${format(side.q3)}`;
  return (
    <>
      <span className="summary-line">
        <span className="summary-name">mean</span> {format(reference.mean)} → {format(current.mean)}
      </span>
      <span className="summary-line">
        <span className="summary-name">median</span> {format(reference.median)} → {format(current.median)}
      </span>
      <span className="summary-line" title="Interquartile range: from the first quartile (25%) to the third (75%), Q1–Q3">
        <span className="summary-name">IQR</span> <span className="nowrap">{iqr(reference)}</span> → <span className="nowrap">{iqr(current)}</span>
      </span>
    </>
  );
}

function categoricalLines(reference: Extract<SideSummary, { type: 'categorical' }>, current: Extract<SideSummary, { type: 'categorical' }>) {
  const top = (s: typeof reference): string => `“${s.top}” ${formatPercent(s.topShare)}`;
  return (
    <>
      <span className="summary-line">
        <span className="summary-name">top</span> {top(reference)} → {top(current)}
      </span>
      <span className="summary-line">
        <span className="summary-name">categories</span> {reference.categories} → {current.categories}
      </span>
    </>
  );
}

/** Reference → current: mean and quartiles of a numeric (or datetime) column, the top category's share of a categorical one. */
export function SummaryCell({ column }: { column: ColumnDrift }) {
  const summary = column.summary;
  if (!summary) return <td className="muted summary-cell">{NO_VALUE}</td>;
  const { reference, current } = summary;
  const format: Format = column.type === 'datetime' ? dateOf : formatValue;
  return (
    <td className="summary-cell">
      {reference.type === 'numeric' && current.type === 'numeric'
        ? numericLines(reference, current, format)
        : reference.type === 'categorical' && current.type === 'categorical'
          ? categoricalLines(reference, current)
          : NO_VALUE}
    </td>
  );
}
