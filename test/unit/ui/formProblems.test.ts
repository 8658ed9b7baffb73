import { describe, expect, it } from 'vitest';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { fieldInvalid as driftFieldInvalid, draftProblems as driftDraftProblems, fromDraft as driftFromDraft, toDraft as driftToDraft } from '../../../src/ui/monitor/settingsDraft.ts';
import { draftProblems as policyProblems, fieldInvalid as policyFieldInvalid, fromDraft as policyFromDraft, toDraft as policyToDraft } from '../../../src/ui/pipeline/policyDraft.ts';
import { fieldInvalid as trainFieldInvalid, formProblems, fromDraft as trainFromDraft, initialDraft, withFamily } from '../../../src/ui/models/trainDraft.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import { withFamily as policyWithFamily } from '../../../src/ui/pipeline/policyDraft.ts';

describe('the forms mark the inputs their problems name', () => {
  it('train form: the shares together mark both inputs, the search budget its seconds, no batch marks none', () => {
    const problems = formProblems(trainFromDraft({ ...initialDraft(), holdout: '0.95', search: 'random', budgetSeconds: '0.5' }, 'y'), 0);
    expect(problems.map((p) => p.field)).toEqual(['holdout', 'shares', 'budget', 'batches']);
    expect(problems.at(-1)?.message).toBe('choose at least one batch that has the target to train on');
    expect(trainFieldInvalid('holdout', problems)).toBe(true);
    expect(trainFieldInvalid('validation', problems)).toBe(true);
    expect(trainFieldInvalid('budgetSeconds', problems)).toBe(true);
    expect(trainFieldInvalid('learningRate', problems)).toBe(false);
  });

  it('train form: balanced class weights on a numeric target (a regression) mark the class weights, with the reason', () => {
    const config = trainFromDraft({ ...initialDraft(), classWeight: 'balanced' }, 'price');
    expect(formProblems(config, 1, 'categorical')).toEqual([]);
    const problems = formProblems(config, 1, 'numeric');
    expect(problems).toEqual([{ field: 'classWeight', message: 'class weights apply to classification only: set them to none to train a regression' }]);
    expect(trainFieldInvalid('classWeight', problems)).toBe(true);
    expect(formProblems(trainFromDraft({ ...initialDraft(), classWeight: 'balanced', task: 'classification' }, 'price'), 1, 'numeric')).toEqual([]);
  });

  it('policy form: the class weights go into the training params and come back', () => {
    const stored = defaultPipelineSettings();
    const settings = policyFromDraft({ ...policyToDraft(stored), classWeight: 'balanced' }, stored);
    expect(settings.params.classWeight).toBe('balanced');
    expect(policyToDraft(settings).classWeight).toBe('balanced');
    // Settings stored before the option existed read as none.
    expect(policyToDraft({ ...stored, params: { ...stored.params, classWeight: undefined } }).classWeight).toBe('none');
    expect(policyProblems({ ...settings, params: { ...settings.params, classWeight: 'heavy' as never } }).map((p) => p.field)).toEqual(['params.classWeight']);
  });

  it('policy form: a problem marks its own input only', () => {
    const stored = { ...defaultPipelineSettings(), params: defaultParams('mlp') };
    const draft = { ...policyToDraft(stored), sizeBudgetKb: '-1', hidden: '64, x' };
    const problems = policyProblems(policyFromDraft(draft, stored));
    expect(problems.map((p) => p.field)).toEqual(['params.hidden', 'gate.sizeBudgetBytes']);
    expect(policyFieldInvalid('sizeBudgetKb', problems)).toBe(true);
    expect(policyFieldInvalid('hidden', problems)).toBe(true);
    expect(policyFieldInvalid('seed', problems)).toBe(false);
  });

  it("policy form: the gate starts from the metric's default; a value typed under it is not used, a set one is read", () => {
    const stored = defaultPipelineSettings();
    const draft = policyToDraft(stored);
    expect(draft).toMatchObject({ minImprovementMode: 'metric', significance: 'bootstrap' });
    const byMetric = policyFromDraft({ ...draft, minImprovement: 'x', relative: true }, stored);
    expect(policyProblems(byMetric)).toEqual([]);
    expect(byMetric.gate).toEqual({ ...stored.gate, metric: null });
    const set = policyFromDraft({ ...draft, minImprovementMode: 'set', minImprovement: '0.02', relative: true, significance: 'none' }, stored);
    expect(set.gate).toMatchObject({ minImprovementMode: 'set', minImprovement: 0.02, relative: true, significance: 'none' });
    const bad = policyProblems(policyFromDraft({ ...draft, minImprovementMode: 'set', minImprovement: '-1' }, stored));
    expect(policyFieldInvalid('minImprovement', bad)).toBe(true);
  });

  it('policy form: features follow the Data view (null) or are a list, and an empty list is a problem', () => {
    const stored = defaultPipelineSettings();
    expect(policyToDraft(stored).features).toBeNull();
    expect(policyToDraft({ ...stored, features: undefined }).features).toBeNull();
    expect(policyFromDraft({ ...policyToDraft(stored), features: ['wind', 'temp_max'] }, stored).features).toEqual(['wind', 'temp_max']);
    const problems = policyProblems(policyFromDraft({ ...policyToDraft(stored), features: [] }, stored));
    expect(problems).toEqual([{ field: 'features', message: 'choose at least one feature column, or the default features' }]);
  });

  it('drift form: the global pin and a number field, each by its field', () => {
    const draft = { ...driftToDraft(defaultDriftSettings()), driftShare: '2', pin: { statistic: 'psi' as const, threshold: '' } };
    const problems = driftDraftProblems(draft, driftFromDraft(draft));
    expect(problems.map((p) => p.field)).toEqual(['driftShare', 'pin', 'pin']);
    expect(driftFieldInvalid('driftShare', problems)).toBe(true);
    expect(driftFieldInvalid('pin', problems)).toBe(true);
    expect(driftFieldInvalid('alpha', problems)).toBe(false);
  });

  it("train form: choosing a family starts its settings from the family's defaults, and reads the tree settings it has", () => {
    const typed = { ...initialDraft(), epochs: '7', learningRate: '0.5', seed: '9' };
    const gbdt = withFamily(typed, 'gbdt');
    expect(gbdt).toMatchObject({ family: 'gbdt', epochs: '100', learningRate: '0.1', l2: '0', patience: '10', maxLeafNodes: '31', minSamplesLeaf: '20', maxDepth: '', seed: '9' });
    expect(trainFromDraft(gbdt, 'y').params).toEqual(defaultParams('gbdt'));
    expect(trainFromDraft({ ...gbdt, maxDepth: '4', maxLeafNodes: '8' }, 'y').params).toMatchObject({ maxDepth: 4, maxLeafNodes: 8 });
    const forest = withFamily(gbdt, 'forest');
    expect(forest).toMatchObject({ epochs: '100', maxFeatures: 'default', minSamplesLeaf: '1', maxDepth: '' });
    expect(trainFromDraft(forest, 'y').params).toEqual(defaultParams('forest'));
    expect(trainFromDraft({ ...forest, maxFeatures: 'share', maxFeaturesShare: '0.3' }, 'y').params.maxFeatures).toBe(0.3);
    expect(trainFromDraft({ ...forest, maxFeatures: 'log2', maxFeaturesShare: 'x' }, 'y').params.maxFeatures).toBe('log2');
    // Back to the MLP: its defaults, and no tree settings in its params.
    expect(trainFromDraft(withFamily(forest, 'mlp'), 'y').params).toEqual(defaultParams('mlp'));
  });

  it('policy form: a tree family takes its defaults, the saved family its saved settings; the tree settings go into the params and come back', () => {
    const stored = { ...defaultPipelineSettings(), params: { ...defaultParams('mlp'), epochs: 30 } };
    const gbdt = policyWithFamily(policyToDraft(stored), 'gbdt', stored);
    const settings = policyFromDraft({ ...gbdt, maxLeafNodes: '15', maxDepth: '6' }, stored);
    expect(settings.params).toEqual({ ...defaultParams('gbdt'), maxLeafNodes: 15, maxDepth: 6 });
    expect(policyToDraft(settings)).toMatchObject({ family: 'gbdt', maxLeafNodes: '15', maxDepth: '6', minSamplesLeaf: '20', l2: '0' });
    // Back to the saved family (the MLP with 30 epochs): its saved settings, not the MLP's defaults.
    expect(policyFromDraft(policyWithFamily(gbdt, 'mlp', stored), stored).params).toEqual(stored.params);
    const forest = policyFromDraft({ ...policyWithFamily(gbdt, 'forest', stored), maxFeatures: 'sqrt' }, stored);
    expect(forest.params).toEqual({ ...defaultParams('forest'), maxFeatures: 'sqrt' });
  });

  it('train and policy forms: a bad tree setting marks its own input', () => {
    const gbdt = formProblems(trainFromDraft({ ...withFamily(initialDraft(), 'gbdt'), maxLeafNodes: '1', maxDepth: '0' }, 'y'), 1);
    expect(gbdt.map((p) => p.field)).toEqual(['maxLeafNodes', 'maxDepth']);
    expect(trainFieldInvalid('maxLeafNodes', gbdt)).toBe(true);
    expect(trainFieldInvalid('maxDepth', gbdt)).toBe(true);
    expect(trainFieldInvalid('minSamplesLeaf', gbdt)).toBe(false);
    const forest = formProblems(trainFromDraft({ ...withFamily(initialDraft(), 'forest'), maxFeatures: 'share', maxFeaturesShare: '1.5', minSamplesLeaf: '' }, 'y'), 1);
    expect(forest.map((p) => p.field)).toEqual(['minSamplesLeaf', 'maxFeatures']);
    expect(trainFieldInvalid('maxFeaturesShare', forest)).toBe(true);
    expect(trainFieldInvalid('minSamplesLeaf', forest)).toBe(true);
    const stored = defaultPipelineSettings();
    const policy = policyProblems(policyFromDraft({ ...policyWithFamily(policyToDraft(stored), 'forest', stored), maxFeatures: 'share', maxFeaturesShare: '0' }, stored));
    expect(policy.map((p) => p.field)).toEqual(['params.maxFeatures']);
    expect(policyFieldInvalid('maxFeaturesShare', policy)).toBe(true);
  });
});
