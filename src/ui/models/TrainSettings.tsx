import type { ClassWeight } from '../../core/training/classWeights.ts';
import { ACTIVATIONS, type Activation } from '../../core/training/config.ts';
import { MAX_FEATURES_OPTIONS, sharedParam, TREE_PARAMS, type SharedParam } from './familyFields.ts';
import { DraftInput, SelectField, type FieldProps } from './TrainFields.tsx';
import { fieldInvalid } from './trainDraft.ts';

const CLASS_WEIGHT_OPTIONS: { value: ClassWeight; label: string }[] = [
  { value: 'none', label: 'none: every row weighs the same' },
  { value: 'balanced', label: 'balanced' },
];

/** An input whose label and help follow the family (Epochs, Boosting iterations or Trees). */
function SharedInput(props: FieldProps & { field: SharedParam }) {
  return <DraftInput {...props} {...sharedParam(props.draft.family, props.field)} />;
}

/** A network's settings: the MLP's, or a linear model's with the MLP-only ones disabled. */
function NetworkSettings(props: FieldProps) {
  const { id, draft, onChange } = props;
  const mlp = draft.family === 'mlp';
  return (
    <>
      <SharedInput {...props} field="epochs" />
      <SharedInput {...props} field="learningRate" />
      <DraftInput {...props} field="batchSize" label="Batch size" help="Rows per gradient step." />
      <DraftInput {...props} field="hidden" label="Hidden layers" text disabled={!mlp} help={mlp ? 'Units per layer, e.g. “64, 64”.' : 'Not used by a linear model.'} />
      <SelectField
        id={`${id}-activation`}
        label="Activation"
        help={mlp ? 'Of the hidden layers.' : 'Not used by a linear model.'}
        value={draft.activation}
        disabled={!mlp}
        options={ACTIVATIONS.map((a) => ({ value: a, label: a }))}
        onChange={(activation: Activation) => onChange({ ...draft, activation })}
      />
      <DraftInput {...props} field="dropout" label="Dropout" disabled={!mlp} help={mlp ? 'Share of hidden units dropped while training, 0 to below 1.' : 'Not used by a linear model.'} />
      <SharedInput {...props} field="l2" />
      <SharedInput {...props} field="patience" />
    </>
  );
}

/** Gradient boosting's settings, in scikit-learn's order. */
function GbdtSettings(props: FieldProps) {
  return (
    <>
      <SharedInput {...props} field="epochs" />
      <SharedInput {...props} field="learningRate" />
      <DraftInput {...props} field="maxLeafNodes" {...TREE_PARAMS.maxLeafNodes} />
      <DraftInput {...props} field="minSamplesLeaf" {...TREE_PARAMS.minSamplesLeaf} />
      <DraftInput {...props} field="maxDepth" {...TREE_PARAMS.maxDepth} />
      <SharedInput {...props} field="l2" />
      <SharedInput {...props} field="patience" />
    </>
  );
}

/** A random forest's settings; the share of inputs is typed only when max features is a share. */
function ForestSettings(props: FieldProps) {
  const { id, draft, problems, onChange } = props;
  const share = draft.maxFeatures === 'share';
  return (
    <>
      <SharedInput {...props} field="epochs" />
      <SelectField
        id={`${id}-maxFeatures`}
        {...TREE_PARAMS.maxFeatures}
        value={draft.maxFeatures}
        invalid={fieldInvalid('maxFeatures', problems)}
        options={MAX_FEATURES_OPTIONS}
        onChange={(maxFeatures) => onChange({ ...draft, maxFeatures })}
      />
      <DraftInput {...props} field="maxFeaturesShare" {...TREE_PARAMS.maxFeaturesShare} disabled={!share} />
      <DraftInput {...props} field="maxDepth" {...TREE_PARAMS.maxDepth} />
      <DraftInput {...props} field="minSamplesLeaf" {...TREE_PARAMS.minSamplesLeaf} />
    </>
  );
}

/** The Settings grid of the train form: the chosen family's settings, then the seed and the class weights. */
export function TrainSettings(props: FieldProps) {
  const { id, draft, problems, onChange } = props;
  const family = draft.family;
  return (
    <div className="settings-grid">
      {family === 'gbdt' ? <GbdtSettings {...props} /> : family === 'forest' ? <ForestSettings {...props} /> : <NetworkSettings {...props} />}
      <SharedInput {...props} field="seed" />
      <SelectField
        id={`${id}-classWeight`}
        label="Class weights"
        help="Classification only. Balanced weighs each class’s rows by n_samples / (n_classes × rows of the class), as scikit-learn’s class_weight='balanced': a rare class counts as much as a common one."
        value={draft.classWeight}
        invalid={fieldInvalid('classWeight', problems)}
        options={CLASS_WEIGHT_OPTIONS}
        onChange={(classWeight) => onChange({ ...draft, classWeight })}
      />
    </div>
  );
}
