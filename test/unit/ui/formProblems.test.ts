import { describe, expect, it } from 'vitest';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { defaultPipelineSettings } from '../../../src/core/pipeline/settings.ts';
import { fieldInvalid as driftFieldInvalid, draftProblems as driftDraftProblems, fromDraft as driftFromDraft, toDraft as driftToDraft } from '../../../src/ui/monitor/settingsDraft.ts';
import { draftProblems as policyProblems, fieldInvalid as policyFieldInvalid, fromDraft as policyFromDraft, toDraft as policyToDraft } from '../../../src/ui/pipeline/policyDraft.ts';
import { fieldInvalid as trainFieldInvalid, formProblems, fromDraft as trainFromDraft, initialDraft } from '../../../src/ui/models/trainDraft.ts';

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
    const stored = defaultPipelineSettings();
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
});
