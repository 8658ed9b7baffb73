import type { Problem } from '../../core/problems.ts';
import type { ClassWeight } from '../../core/training/classWeights.ts';
import { CLASS_WEIGHT_REGRESSION, defaultParams, defaultTrainConfig, trainConfigProblems, type Activation, type Family, type SearchKind, type TrainConfig, type TrainConfigField } from '../../core/training/config.ts';
import type { TaskOverride } from '../../core/training/task.ts';
import { readTreeDraft, treeDraft, type TreeDraft } from './familyFields.ts';

/** The train form as typed: numbers stay text until they are read, so a half-typed value is not lost. */
export interface TrainDraft extends TreeDraft {
  task: 'inferred' | 'classification' | 'regression';
  family: Family;
  epochs: string;
  learningRate: string;
  batchSize: string;
  /** Units per hidden layer, "64, 64". */
  hidden: string;
  activation: Activation;
  dropout: string;
  l2: string;
  patience: string;
  classWeight: ClassWeight;
  seed: string;
  holdout: string;
  validation: string;
  topK: string;
  search: SearchKind;
  trials: string;
  budgetSeconds: string;
}

export type DraftField = Exclude<keyof TrainDraft, 'task' | 'family' | 'search'>;

/** The settings of a family's defaults as typed (defaultParams): what choosing a family fills in. */
function familyDraft(family: Family): Omit<TrainDraft, 'task' | 'classWeight' | 'seed' | 'holdout' | 'validation' | 'topK' | 'search' | 'trials' | 'budgetSeconds'> {
  const p = defaultParams(family);
  return {
    family,
    epochs: String(p.epochs),
    learningRate: String(p.learningRate),
    batchSize: String(p.batchSize),
    hidden: p.hidden.join(', '),
    activation: p.activation,
    dropout: String(p.dropout),
    l2: String(p.l2),
    patience: String(p.patience),
    ...treeDraft(p),
  };
}

/** The draft with another family: its settings start again from that family's defaults; the rest stays. */
export const withFamily = (draft: TrainDraft, family: Family): TrainDraft => ({ ...draft, ...familyDraft(family) });

export function initialDraft(): TrainDraft {
  const c = defaultTrainConfig('', 'mlp');
  return {
    task: 'inferred',
    ...familyDraft('mlp'),
    classWeight: 'none',
    seed: String(c.seed),
    holdout: String(c.shares.holdout),
    validation: String(c.shares.validation),
    topK: String(c.topK),
    search: c.search.kind,
    trials: String(c.search.trials),
    budgetSeconds: String(c.search.budgetMs / 1000),
  };
}

// An empty field is not zero: it reads as NaN so the form says it is missing.
const read = (text: string): number => (text.trim() === '' ? NaN : Number(text));

/** "64, 64" or "64 32" → [64, 64]; a part that is not a number stays NaN so the form flags it. */
const readLayers = (text: string): number[] =>
  text
    .split(/[\s,;]+/)
    .filter((part) => part !== '')
    .map(Number);

const TASKS: Record<TrainDraft['task'], TaskOverride> = { inferred: null, classification: 'classification', regression: 'regression' };

export function fromDraft(draft: TrainDraft, target: string): TrainConfig {
  const base = defaultTrainConfig(target, draft.family);
  return {
    ...base,
    task: TASKS[draft.task],
    params: {
      ...base.params,
      family: draft.family,
      hidden: draft.family === 'mlp' ? readLayers(draft.hidden) : [],
      activation: draft.activation,
      dropout: draft.family === 'mlp' ? read(draft.dropout) : 0,
      l2: read(draft.l2),
      learningRate: read(draft.learningRate),
      batchSize: read(draft.batchSize),
      epochs: read(draft.epochs),
      patience: read(draft.patience),
      classWeight: draft.classWeight,
      ...readTreeDraft(draft, draft.family),
    },
    shares: { holdout: read(draft.holdout), validation: read(draft.validation) },
    seed: read(draft.seed),
    topK: read(draft.topK),
    search: { kind: draft.search, trials: read(draft.trials), budgetMs: read(draft.budgetSeconds) * 1000 },
  };
}

/** What the form can get wrong: the configuration's fields, and the batches chosen. */
export type TrainFormField = TrainConfigField | 'batches';

// The inputs each problem's field marks invalid: both shares for their sum; none for what has no input here (bins).
const MARKS: Record<TrainFormField, readonly DraftField[]> = {
  family: [],
  hidden: ['hidden'],
  activation: ['activation'],
  dropout: ['dropout'],
  l2: ['l2'],
  learningRate: ['learningRate'],
  batchSize: ['batchSize'],
  epochs: ['epochs'],
  patience: ['patience'],
  classWeight: ['classWeight'],
  maxLeafNodes: ['maxLeafNodes'],
  minSamplesLeaf: ['minSamplesLeaf'],
  maxDepth: ['maxDepth'],
  maxFeatures: ['maxFeatures', 'maxFeaturesShare'],
  maxBins: [],
  holdout: ['holdout'],
  validation: ['validation'],
  shares: ['holdout', 'validation'],
  target: [],
  features: [],
  seed: ['seed'],
  topK: ['topK'],
  trials: ['trials'],
  budget: ['budgetSeconds'],
  batches: [],
};

export const fieldInvalid = (field: DraftField, problems: readonly Problem<TrainFormField>[]): boolean => problems.some((p) => MARKS[p.field].includes(field));

/**
 * Every reason the form cannot train: the core's checks of the configuration, then the batches chosen.
 * `targetType` is the target column's type: a numeric one makes the inferred task a regression.
 */
export function formProblems(config: TrainConfig, chosenBatches: number, targetType: string | null = null): Problem<TrainFormField>[] {
  const problems: Problem<TrainFormField>[] = trainConfigProblems(config);
  if (config.task === null && targetType === 'numeric' && config.params.classWeight === 'balanced') problems.push({ field: 'classWeight', message: CLASS_WEIGHT_REGRESSION });
  if (chosenBatches === 0 && config.target) problems.push({ field: 'batches', message: 'choose at least one batch that has the target to train on' });
  return problems;
}

/** "the learning rate must be …" → "The learning rate must be ….". */
export const sentence = (p: string): string => `${p[0]?.toUpperCase() ?? ''}${p.slice(1)}.`;
