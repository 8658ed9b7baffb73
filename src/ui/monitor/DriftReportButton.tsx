import type { BatchSummary } from '../../storage/heavyFields.ts';
import type { DriftSettings } from '../../core/drift/settings.ts';
import type { ChampionSection } from '../../core/report/championSection.ts';
import { driftReportHtml, type DriftSide } from '../../core/report/driftReport.ts';
import { reportFileName } from '../../core/report/html.ts';
import type { DriftReportRecord } from '../../storage/db.ts';
import { DownloadReportButton } from '../components/DownloadReportButton.tsx';
import { currentEstimate } from './EstimateChart.tsx';
import { currentCheck } from './PredictionDrift.tsx';

const side = (batch: BatchSummary): DriftSide => ({ name: batch.name, rows: batch.rows, columns: batch.columns.length, arrivedAt: batch.arrivedAt });

/** The champion's prediction drift and estimate exactly as the Monitor shows them (notes included); none without a champion. */
function championSection(record: DriftReportRecord, championVersion: number | null): ChampionSection | undefined {
  if (championVersion === null) return undefined;
  const check = currentCheck(record, championVersion);
  const estimate = currentEstimate(record, championVersion);
  return {
    model: `version ${championVersion}`,
    predictionDrift: 'note' in check ? null : check.drift,
    ...('note' in check ? { note: check.note } : {}),
    estimate: 'note' in estimate ? estimate.note : 'problem' in estimate ? estimate.problem : { estimate: estimate.estimate, realised: estimate.realised },
  };
}

/** The chosen batch's drift check as a shareable HTML file: the stored record, as the Monitor shows it. */
export function DriftReportButton({ batch, reference, record, current, settings, target, championVersion }: { batch: BatchSummary; reference: BatchSummary; record: DriftReportRecord; current: boolean; settings: DriftSettings; target: string | null; championVersion: number | null }) {
  const build = (): string =>
    driftReportHtml({
      report: record.report,
      reference: side(reference),
      current: side(batch),
      target,
      settings,
      checkedAt: record.checkedAt,
      totalMs: record.timings.totalMs,
      // The Monitor says the same beside a report made before the workspace's settings changed.
      warnings: [...(current ? [] : ['This report was made with an earlier reference, schema or drift settings; it is being checked again.']), ...record.warnings],
      generatedAt: Date.now(),
      champion: championSection(record, championVersion),
    });
  return <DownloadReportButton fileName={reportFileName('drift', batch.name)} build={build} label={`Download report: drift of ${batch.name}`} />;
}
