import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { balancedClassWeights, rowWeights } from '../../../src/core/training/classWeights.ts';
import { defaultTrainConfig, paramsProblems, trainConfigProblems } from '../../../src/core/training/config.ts';
import { repoRoot } from '../helpers/fixtures.ts';

interface Fixture {
  cases: { name: string; classes: number; labels: number[]; weights: number[] }[];
}

const fixture = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'training', 'class_weight_balanced.json'), 'utf8')) as Fixture;

describe("balancedClassWeights: scikit-learn's compute_class_weight('balanced')", () => {
  for (const c of fixture.cases) {
    it(`matches scikit-learn: ${c.name}`, () => {
      const ours = balancedClassWeights(c.labels, c.classes);
      expect(ours).toHaveLength(c.weights.length);
      ours.forEach((w, i) => expect(Math.abs(w - c.weights[i]!) / c.weights[i]!).toBeLessThan(1e-12));
    });
  }

  it('weighs each class to the same total: the weights times the counts are n / k for every class', () => {
    const labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    expect(balancedClassWeights(labels, 2)).toEqual([10 / (2 * 9), 10 / (2 * 1)]);
  });

  it('counts only the classes with training rows; a class without rows gets 0 (it weighs no row)', () => {
    expect(balancedClassWeights([0, 0, 2, 2, 2, 2], 3)).toEqual([6 / (2 * 2), 0, 6 / (2 * 4)]);
  });

  it('gives each row its class weight', () => {
    expect(Array.from(rowWeights([0.5, 4], [1, 0, 0]))).toEqual([4, 0.5, 0.5]);
  });
});

describe('the classWeight setting', () => {
  it('takes none or balanced; anything else is a problem naming the field', () => {
    const params = defaultTrainConfig('y').params;
    expect(params.classWeight).toBe('none');
    expect(paramsProblems({ ...params, classWeight: 'balanced' })).toEqual([]);
    expect(paramsProblems({ ...params, classWeight: undefined })).toEqual([]);
    const bad = paramsProblems({ ...params, classWeight: 'heavy' as never });
    expect(bad).toEqual([{ field: 'classWeight', message: 'class weights must be none or balanced, not "heavy"' }]);
  });

  it('is refused with a regression chosen, and says why', () => {
    const config = defaultTrainConfig('price');
    const problems = trainConfigProblems({ ...config, task: 'regression', params: { ...config.params, classWeight: 'balanced' } });
    expect(problems).toEqual([{ field: 'classWeight', message: 'class weights apply to classification only: set them to none to train a regression' }]);
  });
});
