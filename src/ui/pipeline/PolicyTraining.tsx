import type { PipelineSettings, PipelineSettingsField } from '../../core/pipeline/settings.ts';
import type { Problem } from '../../core/problems.ts';
import type { ClassWeight } from '../../core/training/classWeights.ts';
import { FAMILY_HELP, FAMILY_OPTIONS, MAX_FEATURES_OPTIONS, sharedParam, TREE_PARAMS, type SharedParam } from '../models/familyFields.ts';
import { SelectField } from '../models/TrainFields.tsx';
import { PolicyInput } from './PolicyFields.tsx';
import { fieldInvalid, withFamily, type PolicyDraft } from './policyDraft.ts';

const CLASS_WEIGHT_OPTIONS: { value: ClassWeight; label: string }[] = [
  { value: 'none', label: 'none: every row weighs the same' },
  { value: 'balanced', label: 'balanced' },
];

interface Props {
  id: string;
  draft: PolicyDraft;
  problems: readonly Problem<PipelineSettingsField>[];
  onChange: (next: PolicyDraft) => void;
}

/** An input whose label and help follow the family (Epochs, Boosting iterations or Trees). */
function SharedInput(props: Props & { field: SharedParam }) {
  return <PolicyInput {...props} {...sharedParam(props.draft.family, props.field)} />;
}

/** The chosen family's settings: a network's, gradient boosting's or a forest's. */
function FamilyInputs(props: Props) {
  const { id, draft, problems, onChange } = props;
  if (draft.family === 'gbdt') {
    return (
      <>
        <SharedInput {...props} field="epochs" />
        <SharedInput {...props} field="learningRate" />
        <PolicyInput {...props} field="maxLeafNodes" {...TREE_PARAMS.maxLeafNodes} />
        <PolicyInput {...props} field="minSamplesLeaf" {...TREE_PARAMS.minSamplesLeaf} />
        <PolicyInput {...props} field="maxDepth" {...TREE_PARAMS.maxDepth} />
        <SharedInput {...props} field="l2" />
        <SharedInput {...props} field="patience" />
      </>
    );
  }
  if (draft.family === 'forest') {
    return (
      <>
        <SharedInput {...props} field="epochs" />
        <SelectField id={`${id}-maxFeatures`} {...TREE_PARAMS.maxFeatures} value={draft.maxFeatures} invalid={fieldInvalid('maxFeaturesShare', problems)} options={MAX_FEATURES_OPTIONS} onChange={(maxFeatures) => onChange({ ...draft, maxFeatures })} />
        <PolicyInput {...props} field="maxFeaturesShare" {...TREE_PARAMS.maxFeaturesShare} disabled={draft.maxFeatures !== 'share'} />
        <PolicyInput {...props} field="maxDepth" {...TREE_PARAMS.maxDepth} />
        <PolicyInput {...props} field="minSamplesLeaf" {...TREE_PARAMS.minSamplesLeaf} />
      </>
    );
  }
  const mlp = draft.family === 'mlp';
  return (
    <>
      <PolicyInput {...props} field="hidden" label="Hidden layers" text disabled={!mlp} help={mlp ? 'Units per layer, e.g. “64, 64”.' : 'Not used by a linear model.'} />
      <SharedInput {...props} field="epochs" />
      <SharedInput {...props} field="learningRate" />
      <PolicyInput {...props} field="batchSize" label="Batch size" help="Rows per gradient step." />
      <SharedInput {...props} field="patience" />
    </>
  );
}

/** How runs train: the family and its settings, the class weights and the seed. */
export function PolicyTraining({ stored, ...props }: Props & { stored: PipelineSettings }) {
  const { id, draft, onChange } = props;
  return (
    <div className="settings-grid">
      <SelectField id={`${id}-family`} label="Model family" help={FAMILY_HELP[draft.family]} value={draft.family} options={FAMILY_OPTIONS} onChange={(family) => onChange(withFamily(draft, family, stored))} />
      <FamilyInputs {...props} />
      <SelectField
        id={`${id}-classWeight`}
        label="Class weights"
        help="Classification only (a regression target fails the run’s training with this set). Balanced weighs each class’s rows as scikit-learn’s class_weight='balanced'."
        value={draft.classWeight}
        options={CLASS_WEIGHT_OPTIONS}
        onChange={(classWeight) => onChange({ ...draft, classWeight })}
      />
      <SharedInput {...props} field="seed" />
    </div>
  );
}
