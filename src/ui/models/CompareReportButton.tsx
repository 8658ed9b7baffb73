import type { VersionComparison } from '../../bridge/trainBridge.ts';
import { compareReportHtml, type ComparedVersion } from '../../core/report/compareReport.ts';
import { reportFileName } from '../../core/report/html.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { DownloadReportButton } from '../components/DownloadReportButton.tsx';
import { formatCount } from '../format.ts';
import { trainedOnText } from './modelFormat.ts';
import { versionSettings } from './versionParams.ts';

const side = (model: ModelRecord, scored: VersionComparison['a']): ComparedVersion => ({
  name: `version ${scored.version}`,
  label: `Version ${scored.version}`,
  metrics: scored.metrics,
  perClass: scored.perClass,
  latencyMs: scored.latencyMs,
  sizeBytes: scored.sizeBytes,
  settings: versionSettings(model),
});

/** The comparison as a shareable HTML file: the numbers the view shows, the view's notes beside them. */
export function CompareReportButton({ left, right, result }: { left: ModelRecord; right: ModelRecord; result: VersionComparison }) {
  const build = (): string => {
    const notes = [
      ...(result.leftOut > 0 ? [`${formatCount(result.leftOut)} holdout rows were left out because version ${result.holdoutOf === left.version ? right.version : left.version} trained on them.`] : []),
      ...[trainedOnText(result.a.version, result.trainedOnRows.a, result.rows), trainedOnText(result.b.version, result.trainedOnRows.b, result.rows)].filter((t): t is string => t !== null),
      ...[result.a, result.b].flatMap((m) => (m.imbalance ? [`version ${m.version}: ${m.imbalance.message}`] : [])),
    ];
    return compareReportHtml({
      task: right.card.task,
      classes: right.card.classes,
      metric: result.metric.key,
      rowsText: `the same ${formatCount(result.rows)} holdout rows of version ${result.holdoutOf}`,
      a: side(left, result.a),
      b: side(right, result.b),
      improvement: result.improvement,
      mcnemar: result.mcnemar,
      bootstrap: result.bootstrap,
      gate: result.gate,
      notes,
      generatedAt: Date.now(),
    });
  };
  return <DownloadReportButton fileName={reportFileName('compare', `v${left.version}-v${right.version}`)} build={build} label={`Download report: version ${left.version} against version ${right.version}`} />;
}
