import { describe, expect, it } from 'vitest';
import { defaultParams, defaultTrainConfig, paramsProblems, trainConfigProblems, type HyperParameters, type TrainConfig, type TrainConfigField } from '../../../src/core/training/config.ts';
import { DEFAULT_TOP_K } from '../../../src/core/training/preprocess.ts';
import { DEFAULT_SHARES } from '../../../src/core/training/split.ts';

describe('defaults', () => {
  it('an MLP 64-64 with Adam 1e-3, batch 200, 100 epochs, patience 5, no class weights; the linear family has no hidden layer and its own Adam settings', () => {
    expect(defaultParams()).toEqual({ family: 'mlp', hidden: [64, 64], activation: 'relu', dropout: 0, l2: 1e-4, learningRate: 1e-3, batchSize: 200, epochs: 100, patience: 5, classWeight: 'none' });
    expect(defaultParams('linear')).toMatchObject({ family: 'linear', hidden: [], learningRate: 0.02, batchSize: 32, epochs: 200, patience: 10, l2: 1e-4 });
  });

  it('the default configuration has no problem, for both families', () => {
    const config = defaultTrainConfig('label');
    expect(config).toMatchObject({ target: 'label', features: null, task: null, seed: 42, topK: DEFAULT_TOP_K, shares: DEFAULT_SHARES, search: { kind: 'none' } });
    expect(trainConfigProblems(config)).toEqual([]);
    expect(trainConfigProblems(defaultTrainConfig('label', 'linear'))).toEqual([]);
  });

  it('returns fresh objects: changing one configuration leaves the next default alone', () => {
    const a = defaultTrainConfig('y');
    a.params.hidden.push(3);
    a.shares.holdout = 0.5;
    expect(defaultTrainConfig('y').params.hidden).toEqual([64, 64]);
    expect(defaultTrainConfig('y').shares).toEqual(DEFAULT_SHARES);
  });
});

describe('paramsProblems', () => {
  const mlp = defaultParams('mlp');
  it.each<[string, Partial<HyperParameters>, keyof HyperParameters, string]>([
    ['unknown family', { family: 'svm' as 'mlp' }, 'family', 'the model family must be linear, mlp, gbdt or forest, not "svm"'],
    ['no hidden layer', { hidden: [] }, 'hidden', 'an MLP needs 1 to 6 hidden layers'],
    ['seven hidden layers', { hidden: [8, 8, 8, 8, 8, 8, 8] }, 'hidden', 'an MLP needs 1 to 6 hidden layers'],
    ['fractional units', { hidden: [8.5] }, 'hidden', 'units per layer must be whole numbers from 1 to 4096'],
    ['too many units', { hidden: [4097] }, 'hidden', 'units per layer must be whole numbers from 1 to 4096'],
    ['unknown activation', { activation: 'swish' as 'relu' }, 'activation', 'the activation must be one of relu, tanh, sigmoid, elu'],
    ['dropout 1', { dropout: 1 }, 'dropout', 'dropout must be at least 0 and below 1'],
    ['negative dropout', { dropout: -0.1 }, 'dropout', 'dropout must be at least 0 and below 1'],
    ['L2 above 1', { l2: 2 }, 'l2', 'L2 must be between 0 and 1'],
    ['learning rate 0', { learningRate: 0 }, 'learningRate', 'the learning rate must be above 0 and at most 1'],
    ['learning rate NaN', { learningRate: NaN }, 'learningRate', 'the learning rate must be above 0 and at most 1'],
    ['learning rate above 1', { learningRate: 1.5 }, 'learningRate', 'the learning rate must be above 0 and at most 1'],
    ['batch size 0', { batchSize: 0 }, 'batchSize', 'the batch size must be a whole number from 1 to 65536'],
    ['fractional batch size', { batchSize: 10.5 }, 'batchSize', 'the batch size must be a whole number from 1 to 65536'],
    ['no epochs', { epochs: 0 }, 'epochs', 'epochs must be a whole number from 1 to 10000'],
    ['negative patience', { patience: -1 }, 'patience', 'patience must be a whole number, 0 or more'],
  ])('%s', (_, change, field, message) => {
    expect(paramsProblems({ ...mlp, ...change })).toEqual([{ field, message }]);
  });

  it('the edges that are allowed', () => {
    expect(paramsProblems({ ...mlp, hidden: [1, 4096, 1, 1, 1, 1], learningRate: 1, l2: 0, dropout: 0.99, batchSize: 65_536, epochs: 10_000, patience: 0 })).toEqual([]);
  });

  it('the linear family ignores the hidden layers', () => {
    expect(paramsProblems({ ...defaultParams('linear'), hidden: [] })).toEqual([]);
    expect(paramsProblems({ ...defaultParams('linear'), hidden: [0, 99999] })).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(paramsProblems({ ...mlp, dropout: 2, epochs: 0, learningRate: 9 })).toHaveLength(3);
  });
});

describe('paramsProblems of the tree families', () => {
  const gbdt = defaultParams('gbdt');
  const forest = defaultParams('forest');
  it.each<[string, HyperParameters, keyof HyperParameters, string]>([
    ['one leaf', { ...gbdt, maxLeafNodes: 1 }, 'maxLeafNodes', 'leaves per tree must be a whole number from 2 to 4096'],
    ['4097 leaves', { ...gbdt, maxLeafNodes: 4097 }, 'maxLeafNodes', 'leaves per tree must be a whole number from 2 to 4096'],
    ['no rows per leaf', { ...forest, minSamplesLeaf: 0 }, 'minSamplesLeaf', 'rows per leaf must be a whole number, 1 or more'],
    ['depth 0', { ...forest, maxDepth: 0 }, 'maxDepth', 'the maximum depth must be a whole number from 1 to 1000, or no limit'],
    ['depth 1001', { ...gbdt, maxDepth: 1001 }, 'maxDepth', 'the maximum depth must be a whole number from 1 to 1000, or no limit'],
    ['a share of 0', { ...forest, maxFeatures: 0 }, 'maxFeatures', 'features per split must be sqrt, log2, a share above 0 and at most 1, or the default, not "0"'],
    ['an unknown rule', { ...forest, maxFeatures: 'half' as 'sqrt' }, 'maxFeatures', 'features per split must be sqrt, log2, a share above 0 and at most 1, or the default, not "half"'],
    ['one bin', { ...gbdt, maxBins: 1 }, 'maxBins', 'bins per feature must be a whole number from 2 to 255'],
    ['256 bins', { ...forest, maxBins: 256 }, 'maxBins', 'bins per feature must be a whole number from 2 to 255'],
    ['10001 trees', { ...forest, epochs: 10_001 }, 'epochs', 'epochs must be a whole number from 1 to 10000'],
    ['gbdt learning rate above 1', { ...gbdt, learningRate: 1.5 }, 'learningRate', 'the learning rate must be above 0 and at most 1'],
  ])('%s', (_, params, field, message) => {
    expect(paramsProblems(params)).toEqual([{ field, message }]);
  });

  it('the defaults, the edges, and settings absent on older versions are allowed', () => {
    expect(paramsProblems(gbdt)).toEqual([]);
    expect(paramsProblems(forest)).toEqual([]);
    expect(paramsProblems({ ...gbdt, maxLeafNodes: 2, minSamplesLeaf: 1, maxDepth: 1000, maxBins: 255, learningRate: 1 })).toEqual([]);
    expect(paramsProblems({ ...forest, maxFeatures: 1, maxDepth: null, maxBins: 2 })).toEqual([]);
    for (const maxFeatures of ['sqrt', 'log2', 0.01, null] as const) expect(paramsProblems({ ...forest, maxFeatures })).toEqual([]);
    const older: HyperParameters = { ...gbdt };
    for (const key of ['maxLeafNodes', 'minSamplesLeaf', 'maxDepth', 'maxBins'] as const) delete older[key];
    expect(paramsProblems(older)).toEqual([]);
  });
});

describe('trainConfigProblems', () => {
  const base = defaultTrainConfig('y');
  it.each<[string, Partial<TrainConfig>, TrainConfigField, string]>([
    ['no target', { target: '' }, 'target', 'choose a target column'],
    ['no features', { features: [] }, 'features', 'choose at least one feature column'],
    ['target among the features', { features: ['x', 'y'] }, 'features', 'the target "y" cannot also be a feature'],
    ['negative seed', { seed: -1 }, 'seed', 'the seed must be a whole number from 0 to 2147483647'],
    ['seed too large', { seed: 2 ** 31 }, 'seed', 'the seed must be a whole number from 0 to 2147483647'],
    ['topK 0', { topK: 0 }, 'topK', 'categories kept per column must be a whole number from 1 to 1000'],
    ['topK 1001', { topK: 1001 }, 'topK', 'categories kept per column must be a whole number from 1 to 1000'],
    ['a search of one trial', { search: { kind: 'random', trials: 1, budgetMs: 60_000 } }, 'trials', 'a search needs 2 to 200 trials'],
    ['a search of 201 trials', { search: { kind: 'halving', trials: 201, budgetMs: 60_000 } }, 'trials', 'a search needs 2 to 200 trials'],
    ['a search without time', { search: { kind: 'random', trials: 8, budgetMs: 999 } }, 'budget', 'a search needs a time budget of at least 1 second'],
    ['shares leaving nothing to train on', { shares: { holdout: 0.5, validation: 0.45 } }, 'shares', 'holdout and validation together must leave at least 10% of the rows for training'],
    ['a bad learning rate', { params: { ...base.params, learningRate: 0 } }, 'learningRate', 'the learning rate must be above 0 and at most 1'],
  ])('%s', (_, change, field, message) => {
    expect(trainConfigProblems({ ...base, ...change })).toEqual([{ field, message }]);
  });

  it('the search settings do not matter when there is no search', () => {
    expect(trainConfigProblems({ ...base, search: { kind: 'none', trials: 0, budgetMs: 0 } })).toEqual([]);
  });
});
