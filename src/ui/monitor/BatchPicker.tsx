import { memo, useId } from 'react';
import { useCountedInTurns } from '../components/useChartWidth.ts';
import type { DriftReportRecord } from '../../storage/db.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { driftedColumns, importantDrift, type ChampionImportance } from '../../core/importance/driftThatMatters.ts';
import { monitorHref, navigate } from '../route.ts';
import { formatPercent } from './driftFormat.ts';
import type { BatchDrift } from './useDriftData.ts';

/** Each report's verdict by the champion it was weighed with: a report stored redraws the picker, and the others' verdicts stay. */
const verdicts = new WeakMap<object, WeakMap<DriftReportRecord, string>>();
const NO_CHAMPION = {};

function reportVerdict(record: DriftReportRecord, champion: ChampionImportance): string {
  const known = verdicts.get(champion ?? NO_CHAMPION) ?? new WeakMap<DriftReportRecord, string>();
  verdicts.set(champion ?? NO_CHAMPION, known);
  const stored = known.get(record);
  if (stored !== undefined) return stored;
  const { dataset } = record.report;
  const matters = importantDrift(champion, driftedColumns(record.report.columns)).share;
  const weighed = matters === null ? '' : `, ${formatPercent(matters)} of importance`;
  const text = dataset.driftedShare === null ? 'no comparable columns' : `${dataset.drift ? 'drift' : 'no drift'} (${formatPercent(dataset.driftedShare)}${weighed})`;
  known.set(record, text);
  return text;
}

function verdict({ record, current }: BatchDrift, champion: ChampionImportance): string {
  if (!record) return 'not checked yet';
  const text = reportVerdict(record, champion);
  return current ? text : `${text}, re-checking`;
}

/** Options listed in each turn after the first render: about 10 ms of CPU each. */
const OPTIONS_PER_TURN = 100;

/**
 * The batches in arrival order with their verdicts; choosing one opens its drift. Memoised: a verdict per
 * batch, hundreds of them. The options other than the chosen one are listed after the first render,
 * OPTIONS_PER_TURN more in each turn, with the charts' draws (the select is busy until all are):
 * rendering and inserting 366 options (an event per option in the select's own shadow tree) was about
 * 30 ms of CPU, which the Monitor's first render paid with the rest of it, and then one timer task of
 * 31–35 ms of CPU (Chromium traces) once listed in one turn. A deferred value would not do: React draws
 * every deferred value of a page in one render, and the options then came with the heatmap's cells (80 ms
 * of CPU). The select's width is fixed in monitor.css, so that laying it out does not measure every option.
 */
export const BatchPicker = memo(function BatchPicker({ batches, rows, reference, chosenId, champion }: { batches: BatchSummary[]; rows: BatchDrift[]; reference: BatchSummary; chosenId: string | null; champion: ChampionImportance }) {
  const id = useId();
  const byId = new Map(rows.map((r) => [r.batch.id, r]));
  const listed = useCountedInTurns(batches.length, OPTIONS_PER_TURN);
  return (
    <div className="batch-picker">
      <label className="inline-field" htmlFor={id}>
        Batch
      </label>
      <select id={id} aria-busy={listed < batches.length} value={chosenId ?? ''} onChange={(e) => navigate(monitorHref(e.target.value))}>
        {chosenId === null && <option value="">choose a batch</option>}
        {batches.map((batch, index) => {
          if (index >= listed && batch.id !== chosenId) return null;
          const row = byId.get(batch.id);
          return (
            <option key={batch.id} value={batch.id} disabled={!row}>
              {index + 1}. {batch.name} — {row ? verdict(row, champion) : batch.id === reference.id ? 'reference' : 'not compared'}
            </option>
          );
        })}
      </select>
    </div>
  );
});
