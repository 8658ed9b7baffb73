import Dexie, { type Table } from 'dexie';
import type { BatchMeta } from '../core/batch.ts';
import type { ColumnDrift } from '../core/drift/columnDrift.ts';
import type { DriftReport } from '../core/drift/report.ts';
import type { CategoricalProfile, ColumnProfile, NumericProfile } from '../core/drift/profile.ts';
import type { DriftSettings } from '../core/drift/settings.ts';
import type { ModelStage, RelearnEvent } from '../core/events.ts';
import type { ClassScore } from '../core/metrics/index.ts';
import type { Calibration } from '../core/estimation/calibration.ts';
import type { PerformanceEstimate } from '../core/estimation/cbpe.ts';
import type { MetricKey } from '../core/metrics/metricKey.ts';
import type { NotificationSettings } from '../core/notify/notify.ts';
import type { BackendProbe } from '../core/training/backendProbe.ts';
import type { ImbalanceWarning } from '../core/training/imbalance.ts';
import type { PermutationImportance } from '../core/importance/permutation.ts';
import type { EpochReport, EvaluationPlots, StopReason } from '../core/training/history.ts';
import type { HeadlineMetrics, ModelArtifactsRecord, ModelCard } from '../core/training/modelCard.ts';
import type { Trial } from '../core/training/search.ts';
import { withTryHistory, type Run } from '../core/pipeline/runState.ts';
import type { PipelineSettings } from '../core/pipeline/settings.ts';
import type { SchemaChoices } from '../core/schema.ts';
import type { ValidationSettings } from '../core/validation.ts';
import { splitBatch, splitDriftReport, type BatchQualityRecord, type BatchSummary, type DriftOverlaysRecord } from './heavyFields.ts';

/**
 * The one Dexie schema of the project. Every db.version(n) stays here as written: add a new version
 * with its upgrade, never edit an old one (a test opens a database written by each earlier version).
 */
export const TABLES = {
  batches: 'batches',
  columnChunks: 'columnChunks',
  columnDictionaries: 'columnDictionaries',
  events: 'events',
  workspace: 'workspace',
  referenceProfiles: 'referenceProfiles',
  driftReports: 'driftReports',
  models: 'models',
  modelArtifacts: 'modelArtifacts',
  device: 'device',
  runs: 'runs',
  aliases: 'aliases',
  batchQuality: 'batchQuality',
  driftOverlays: 'driftOverlays',
  batchScores: 'batchScores',
} as const;

export const DB_NAME = 'relearn';

/** A chunk's numbers: Float64Array (missing = NaN) or Int32Array codes (missing = -1). */
export type ChunkArray = Float64Array | Int32Array;

/**
 * One chunk of one column of a batch: its numbers as a Blob with the array type they make, as written now,
 * or the typed array itself, as records written before hold it (both are read: chunkRecords.ts).
 */
export type ColumnChunkRecord = { batchId: string; column: number; chunk: number } & (
  | { data: Blob; type: 'Float64Array' | 'Int32Array' }
  | { data: ChunkArray; type?: undefined }
);

export interface ColumnDictionaryRecord {
  batchId: string;
  column: number;
  dictionary: string[];
}

export type { EventKind, ModelStage } from '../core/events.ts';

/** Append-only audit log: one event of the union declared in core/events.ts. */
export type EventRecord = RelearnEvent;

export const WORKSPACE_ID = 'default';

export interface WorkspaceRecord {
  id: typeof WORKSPACE_ID;
  schema: SchemaChoices;
  referenceBatchId: string | null;
  validation: ValidationSettings;
  drift: DriftSettings;
  pipeline: PipelineSettings;
  /** Which events notify and how; absent in records written before notifications existed. */
  notifications?: NotificationSettings;
}

/** A numeric profile as written now: its sorted values as a Blob of doubles (profileRecords.ts). */
export type StoredColumnProfile = CategoricalProfile | (Omit<NumericProfile, 'sorted'> & { sorted: Blob });

/**
 * A column of a batch profiled for drift (sorted values or category counts), kept while it is the reference.
 * A numeric profile's sorted values are a Blob as written now, or the Float64Array, as a workspace file and the
 * CLI's lazily loaded directory give them (both are read: profileRecords.ts).
 */
export interface ReferenceProfileRecord {
  batchId: string;
  column: number;
  profile: ColumnProfile | StoredColumnProfile;
  /** REFERENCE_PROFILE_VERSION when it was built; absent in older records, which are built again. */
  formatVersion?: number;
}

/**
 * Bumped when a profile is computed or stored differently; older ones are built again (2: the std sums pairwise
 * in file order, as numpy; 3: sorted values stored as a Blob, which a page of version 2 would misread).
 */
export const REFERENCE_PROFILE_VERSION = 3;

/**
 * Bumped when the stored shape of a drift report changes; older records are checked again (2: new-category
 * share, left-out columns; 3: a datetime column compared as epoch milliseconds).
 */
export const DRIFT_REPORT_VERSION = 3;

/** A batch checked against the reference; `key` names everything the result depends on. */
export interface DriftReportRecord {
  formatVersion: number;
  batchId: string;
  referenceBatchId: string;
  key: string;
  checkedAt: number;
  /**
   * Milliseconds: loading and profiling this batch (and reading or building the reference's profiles beside
   * it); comparing; and this batch's whole check. Reports stored before 2026-12 also have `referenceMs`, their
   * wait for the reference's profiles to be written, which a report no longer waits for.
   */
  timings: { profileMs: number; compareMs: number; totalMs: number };
  /** Cells of the batch that did not fit the reference's column type and were treated as missing. */
  warnings: string[];
  report: DriftReport;
  /**
   * What the champion makes of this batch, added by the pipeline worker (it has the model) once the report
   * is stored; absent until then, and in reports stored before it existed. A report checked again is
   * replaced whole, so its champion check goes with it.
   */
  champion?: ChampionCheck;
}

/** The champion's predictions on a batch against its predictions on the reference (docs/statistics.md). */
export interface ChampionCheck {
  /** The champion version whose predictions these are: another champion makes it stale. */
  version: number;
  /** The drift report's key when it was made: it is stale once the report was checked again. */
  reportKey: string;
  checkedAt: number;
  /** Prediction drift, by the rule of its kind; null with `problem` when the champion could not score a side. */
  predictionDrift: ColumnDrift | null;
  problem?: string;
  /** The champion's label-free estimate on the batch; absent in checks made before estimates were kept (they are made again). */
  estimate?: BatchEstimate;
}

/**
 * The champion's label-free estimate on a batch (CBPE, docs/statistics.md), with the same metrics realised
 * where the batch has labels (null otherwise); or why there is none (a regression champion, no calibration).
 */
export type BatchEstimate =
  | { estimate: PerformanceEstimate; realised: Partial<Record<MetricKey, number | null>> | null; labelledRows: number }
  | { problem: string };

/** Bumped when the stored shape of a model record changes; readers refuse newer versions. */
export const MODEL_RECORD_VERSION = 1;

/** Rows of one batch, by their index in that batch. */
export interface BatchRows {
  batchId: string;
  rows: Uint32Array;
}

/** How a trained model was trained; absent for an imported one. */
export interface TrainingRecord {
  counts: { train: number; validation: number; holdout: number; missingTarget: number };
  targetReason: string;
  history: EpochReport[];
  bestEpoch: number;
  stopReason: StopReason;
  trials: Trial[];
  backend: string;
  trainMs: number;
  samplesPerSecond: number;
}

/** A model version: what it is, where it came from, how well it did. Its weights are in `modelArtifacts`. */
export interface ModelRecord {
  formatVersion: number;
  /** 1, 2, 3, … in the order versions were registered. */
  version: number;
  createdAt: number;
  source: 'trained' | 'imported';
  stage: ModelStage;
  /** The pipeline run that trained it; null when trained or imported by hand. */
  runId: string | null;
  tags: string[];
  description: string;
  card: ModelCard;
  /** Holdout metrics (scikit-learn's definitions); null for an imported model not yet evaluated here. */
  metrics: HeadlineMetrics | null;
  perClass: ClassScore[] | null;
  /** Why a metric is missing or was set to 0. */
  warnings: string[];
  /** A classifier that ignores a class on its holdout rows; null when it does not; absent in versions trained before the check. */
  imbalance?: ImbalanceWarning | null;
  /** Permutation importance on the holdout rows; null when not computed; absent in versions trained before it was. */
  importance?: PermutationImportance | null;
  /**
   * A classifier's isotonic calibration for label-free estimates (fitted on its validation rows when trained);
   * null for regression, or when none could be made; absent in versions registered before it was kept.
   */
  calibration?: Calibration | null;
  plots: EvaluationPlots;
  /** The batches it learnt from and the holdout rows it was scored on (the gate scores challengers on these). */
  lineage: { batches: { id: string; name: string; rows: number }[]; holdout: BatchRows[] };
  training: TrainingRecord | null;
  latencyMs: number | null;
  sizeBytes: number;
}

/**
 * Bumped when how a version's metrics on a batch are computed changes (src/core/metrics, scoreOutputs,
 * the rows scored): a stored score of another version is made again when next asked for.
 */
export const BATCH_SCORE_VERSION = 1;

/**
 * A version's headline metrics on every labelled row of one stored batch, kept so that the champion chart
 * scores a pair once: a version's weights never change, and a batch's cells only change type (retypeBatch
 * drops its scores then), so a score stays true until either is deleted. Not part of the workspace file:
 * made again on demand after an import.
 */
export interface BatchScoreRecord {
  version: number;
  batchId: string;
  /** BATCH_SCORE_VERSION when it was made. */
  scoreVersion: number;
  /** Null when no row had a label the version knows, or when `problem` says why it could not score the batch. */
  metrics: HeadlineMetrics | null;
  /** Rows scored (labelled with a class the version knows). */
  rows: number;
  /** The batch lacks a column the version reads, or holds one it cannot read. */
  problem?: string;
  scoredAt: number;
}

/** A model's weights and topology, apart from its record so that lists stay light. */
export interface ModelArtifactsRow extends ModelArtifactsRecord {
  version: number;
}

/** Settings of this browser, not of the workspace: the measured training backend and the user's override. */
export interface DeviceRecord {
  key: 'backend';
  /** The newest probe, the one Models shows. */
  probe: BackendProbe | null;
  override: string | null;
  /** The newest probe at each batch size measured (absent in records from before: `probe` alone). */
  probes?: BackendProbe[];
}

/** What a pipeline run was asked to do: a snapshot taken when it starts. */
export interface RunConfig {
  target: string;
  /** Batches to train on (arrival order); the triggering batch is the newest. */
  batchIds: string[];
  settings: PipelineSettings;
}

export type RunRecord = Run<RunConfig>;

/** `champion` (serves) and `challenger` (in shadow): at most one version each, changed with an event in one transaction. */
export interface AliasRecord {
  name: 'champion' | 'challenger';
  version: number;
  since: number;
}

export class RelearnDb extends Dexie {
  /** Without their quality reports, which are in `batchQuality` (queries/batches.ts joins them where needed). */
  batches!: Table<BatchSummary, string>;
  columnChunks!: Table<ColumnChunkRecord, [string, number, number]>;
  columnDictionaries!: Table<ColumnDictionaryRecord, [string, number]>;
  events!: Table<EventRecord, number>;
  workspace!: Table<WorkspaceRecord, string>;
  referenceProfiles!: Table<ReferenceProfileRecord, [string, number]>;
  driftReports!: Table<DriftReportRecord, string>;
  models!: Table<ModelRecord, number>;
  modelArtifacts!: Table<ModelArtifactsRow, number>;
  device!: Table<DeviceRecord, string>;
  runs!: Table<RunRecord, string>;
  aliases!: Table<AliasRecord, string>;
  batchQuality!: Table<BatchQualityRecord, string>;
  driftOverlays!: Table<DriftOverlaysRecord, string>;
  batchScores!: Table<BatchScoreRecord, [number, string]>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      [TABLES.batches]: 'id, arrivedAt',
      [TABLES.columnChunks]: '[batchId+column+chunk], batchId',
      [TABLES.columnDictionaries]: '[batchId+column], batchId',
      [TABLES.events]: '++seq, at, kind, batchId',
      [TABLES.workspace]: 'id',
    });
    this.version(2).stores({
      [TABLES.referenceProfiles]: '[batchId+column], batchId',
      [TABLES.driftReports]: 'batchId, referenceBatchId',
    });
    this.version(3).stores({
      [TABLES.models]: 'version, createdAt',
      [TABLES.modelArtifacts]: 'version',
      [TABLES.device]: 'key',
    });
    this.version(4).stores({
      [TABLES.runs]: 'id, &number, createdAt, state',
      [TABLES.aliases]: 'name',
    });
    // The heavy fields read only where one batch is shown move to their own tables, so that lists of
    // hundreds of batches and reports read (and clone on the page's thread) only what they show.
    this.version(5)
      .stores({
        [TABLES.batchQuality]: 'batchId',
        [TABLES.driftOverlays]: 'batchId',
      })
      .upgrade(async (tx) => {
        const quality: BatchQualityRecord[] = [];
        await tx.table<BatchMeta, string>(TABLES.batches).toCollection().modify((meta, ref) => {
          const split = splitBatch(meta);
          quality.push(split.quality);
          ref.value = split.summary as BatchMeta;
        });
        await tx.table(TABLES.batchQuality).bulkPut(quality);
        const overlays: DriftOverlaysRecord[] = [];
        await tx.table<DriftReportRecord, string>(TABLES.driftReports).toCollection().modify((record, ref) => {
          const split = splitDriftReport(record);
          overlays.push(split.overlays);
          ref.value = split.report;
        });
        await tx.table(TABLES.driftOverlays).bulkPut(overlays);
      });
    // Scores are made on demand: the new table starts empty, no record is rewritten.
    this.version(6).stores({
      [TABLES.batchScores]: '[version+batchId], batchId, version',
    });
    // Runs stored before every try was kept read with one try per task and no re-runs: defaulted here, on every read.
    this.runs.hook('reading', (run) => withTryHistory(run));
  }
}
