import type { ModelRecord } from '../../storage/db.ts';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime } from '../format.ts';
import { sectionHref } from '../route.ts';
import { DownloadModelButton } from './DownloadModelButton.tsx';
import { ImportanceChart } from './ImportanceChart.tsx';
import { familyText, TASK_LABELS } from './modelFormat.ts';
import { VersionEvaluation } from './VersionEvaluation.tsx';
import { VersionLineage } from './VersionLineage.tsx';
import { VersionRegistry } from './VersionRegistry.tsx';
import { VersionTraining } from './VersionTraining.tsx';

/** One version: how it did on its holdout, how it was trained, where it came from; its files. */
export function VersionDetail({ model, models, aliases }: { model: ModelRecord; models: ModelRecord[]; aliases: { champion: number | null; challenger: number | null } }) {
  return (
    <section className="panel version-detail" aria-labelledby="version-title">
      <div className="panel-header">
        <div className="panel-title">
          <h2 id="version-title">Version {model.version}</h2>
          <Badge tone={model.source === 'imported' ? 'neutral' : 'accent'}>{model.source}</Badge>
          <span className="muted">
            {familyText(model.card.params)} · {TASK_LABELS[model.card.task]} of “{model.card.target}” · {formatTime(model.createdAt)}
          </span>
        </div>
        <div className="panel-tools">
          <DownloadModelButton key={model.version} version={model.version} />
          <a className="btn btn-quiet" href={sectionHref('models')}>
            All versions
          </a>
        </div>
      </div>
      <VersionRegistry model={model} models={models} aliases={aliases} />
      <VersionEvaluation model={model} />
      <ImportanceChart importance={model.importance} source={model.source} />
      <VersionTraining model={model} />
      <VersionLineage model={model} />
    </section>
  );
}
