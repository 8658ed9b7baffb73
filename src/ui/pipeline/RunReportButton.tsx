import { reportFileName } from '../../core/report/html.ts';
import { runReportHtml } from '../../core/report/runReport.ts';
import type { RunRecord } from '../../storage/db.ts';
import { DownloadReportButton } from '../components/DownloadReportButton.tsx';

/** The run as a shareable HTML file: its DAG in the tasks' states, checks, gate, timings and lineage, as stored now. */
export function RunReportButton({ run, batchName }: { run: RunRecord; batchName: string | null }) {
  const build = (): string => runReportHtml({ run, target: run.config.target, batchName, generatedAt: Date.now() });
  return <DownloadReportButton fileName={reportFileName('run', `${run.number}`)} build={build} label={`Download report: run ${run.number}`} />;
}
