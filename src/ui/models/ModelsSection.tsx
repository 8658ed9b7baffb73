import { memo, useDeferredValue, useState } from 'react';
import { startTraining } from '../../bridge/trainBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { hasLabels } from '../../core/training/trainable.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { ModelFormatError } from '../../storage/queries/models.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { SectionHeader } from '../components/SectionHeader.tsx';
import { plural } from '../format.ts';
import { useBatches, useWorkspace } from '../hooks.ts';
import { ModelsIcon } from '../icons.tsx';
import { sectionHref } from '../route.ts';
import { MissingVersion } from '../storage/Deleted.tsx';
import { BackendPanel } from './BackendPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { ScorePanel as ScorePanelView } from './ScorePanel.tsx';
import { featureDefaults } from '../components/FeatureChoice.tsx';
import type { WorkspaceRecord } from '../../storage/db.ts';
import { TrainForm } from './TrainForm.tsx';
import { TrainingProgress } from './TrainingProgress.tsx';
import { CompareView } from './CompareView.tsx';
import { useAliases, useBackendChoice, useCompareRoute, useModels, useTrainingRuns } from './useModelsData.ts';
import { VersionDetail } from './VersionDetail.tsx';
import { VersionList, type ExtraColumns } from './VersionList.tsx';
import { VersionColumns } from './VersionColumns.tsx';
import { MultiCompare } from './MultiCompare.tsx';
import { basisText, SameRowsBar, useSameRows } from './SameRows.tsx';
import { primaryMetricLabel } from './modelFormat.ts';
import './models.css';

const LEDE = 'Train model versions on your batches in a worker, see how each did on rows it never saw, score batches with them, and move them in and out as files.';

function NoBatches() {
  return (
    <section className="panel">
      <EmptyState
        icon={<ModelsIcon size={32} />}
        title="No batches yet"
        actions={
          <a className="btn btn-primary" href={sectionHref('data')}>
            Go to Data
          </a>
        }
      >
        <p>A model learns from the batches in the Data section, and there are none yet. Add CSV batches there (or open the page with the demo), then train here.</p>
        <p>You can still import a model saved by Relearn below.</p>
      </EmptyState>
    </section>
  );
}

/** Why nothing can be trained yet although batches exist: no target, or no batch with its values (the batch list says why each is off). */
function TargetNote({ batches, target }: { batches: BatchSummary[]; target: string | null }) {
  if (target && batches.some((b) => hasLabels(b, target))) return null;
  return (
    <p className="target-note" role="note">
      {target
        ? `No batch has values in the target column “${target}”: training needs labelled rows, the known answers a model learns from. Pick another target below, or add batches that have it.`
        : 'Training needs a target: the column whose values the model learns to predict (the labels). Choose it below, or in the Data section, where it applies to every batch.'}
    </p>
  );
}

// The panels below are memoised: the training's progress re-renders the section many times a second,
// and they change only with the stored batches, versions and whether a training runs.
const TrainPanel = memo(function TrainPanel({ batches, workspace, running }: { batches: BatchSummary[]; workspace: WorkspaceRecord; running: boolean }) {
  const target = workspace.schema.target;
  return (
    <section className="panel" aria-labelledby="train-title">
      <div className="panel-header">
        <h2 id="train-title">Train a version</h2>
        <span className="muted">in a Web Worker; the page stays usable while it runs</span>
      </div>
      <TargetNote batches={batches} target={target} />
      <TrainForm batches={batches} workspaceTarget={target} features={featureDefaults(batches, workspace)} busy={running} onTrain={(job) => void startTraining(job)} />
    </section>
  );
});

const VersionsPanel = memo(function VersionsPanel({ models, openVersion, aliases }: { models: ModelRecord[]; openVersion: number | null; aliases: { champion: number | null; challenger: number | null } }) {
  const same = useSameRows(models);
  const result = same.state.status === 'done' ? same.state.result : null;
  const base = models.find((m) => m.version === result?.basis?.version);
  const metricLabel = base ? primaryMetricLabel(base.card, base.metrics).label : 'The primary metric';
  const [ticked, setTicked] = useState<number[]>([]);
  const [columns, setColumns] = useState<ExtraColumns>({ params: [], tags: false });
  // Oldest on the left, like the runs grid; a deleted version drops out of the comparison.
  const compared = models.filter((m) => ticked.includes(m.version)).sort((x, y) => x.version - y.version);
  return (
    <section className="panel panel-when-seen" aria-labelledby="versions-title">
      <div className="panel-header">
        <h2 id="versions-title">Versions</h2>
        <span className="muted">{models.length === 0 ? 'none yet' : `${plural(models.length, 'version')}, newest first; click one to open it`}</span>
      </div>
      {models.length === 0 ? (
        <p className="muted">No version yet: train one above, or import one. Each training registers the next version.</p>
      ) : (
        <>
          <SameRowsBar state={same.state} start={same.start} versions={models.length} metricLabel={metricLabel} />
          <div className="versions-tools">
            <span className="muted" role="status">
              {compared.length === 0 ? 'Tick versions to compare their metrics and parameters.' : compared.length === 1 ? `Version ${compared[0]!.version} ticked: tick one more to compare.` : `${compared.length} versions ticked.`}
            </span>
            <VersionColumns models={models} columns={columns} onChange={setColumns} />
          </div>
          <VersionList
            models={models}
            openVersion={openVersion}
            aliases={aliases}
            sameRows={result}
            sameRowsTitle={result ? basisText(result, metricLabel) : ''}
            ticked={ticked}
            onTick={(v, on) => setTicked((now) => (on ? [...now.filter((x) => x !== v), v] : now.filter((x) => x !== v)))}
            columns={columns}
          />
          {compared.length >= 2 && <MultiCompare models={compared} sameRows={result} onClear={() => setTicked([])} />}
        </>
      )}
    </section>
  );
});

const ScorePanel = memo(ScorePanelView);

/** Training, the registered versions and one version's detail, batch scoring, model files and the backend. */
export function ModelsSection({ version }: { version: number | null }) {
  const batches = useBatches();
  const workspace = useWorkspace();
  const models = useModels();
  const device = useBackendChoice();
  const running = useTrainingRuns();
  const aliases = useAliases();
  const compare = useCompareRoute();
  // The page is drawn in a render React slices into tasks of a few ms once everything is read: drawn in
  // the task that read the last of it, a year of batches and a hundred versions were one task of 100-150 ms.
  const read = useDeferredValue(batches !== undefined && workspace !== undefined && models !== undefined && device !== undefined && aliases !== undefined, false);
  if (!read || batches === undefined || workspace === undefined || models === undefined || device === undefined || aliases === undefined) {
    return (
      <>
        <SectionHeader title="Models" lede={LEDE} />
        <p className="muted" role="status">
          Reading stored models…
        </p>
      </>
    );
  }
  if (models instanceof ModelFormatError) {
    return (
      <>
        <SectionHeader title="Models" lede={LEDE} />
        <p role="alert" className="inline-error">
          The stored models cannot be read: {models.message}.
        </p>
      </>
    );
  }
  const open = version === null ? undefined : models.find((m) => m.version === version);
  return (
    <>
      <SectionHeader title="Models" lede={LEDE} />
      <TrainingProgress />
      {compare ? (
        <CompareView key={`${compare.a}/${compare.b}`} a={compare.a} b={compare.b} models={models} aliases={aliases} />
      ) : version !== null ? (
        open ? (
          <VersionDetail model={open} models={models} aliases={aliases} />
        ) : (
          <section className="panel">
            <p role="alert" className="inline-error">
              <MissingVersion version={version} />{' '}
              <a href={sectionHref('models')}>See every version</a>
            </p>
          </section>
        )
      ) : batches.length === 0 ? (
        <NoBatches />
      ) : (
        <TrainPanel batches={batches} workspace={workspace} running={running} />
      )}
      <VersionsPanel models={models} openVersion={version} aliases={aliases} />
      <ScorePanel models={models} batches={batches} openVersion={version} training={running} aliases={aliases} />
      {version === null && !compare && (
        <>
          <ImportPanel />
          <BackendPanel device={device} training={running} />
        </>
      )}
    </>
  );
}
