import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../../src/core/training/config.ts';
import { Random } from '../../../src/core/training/random.ts';
import { halvingRungs, sampleParams } from '../../../src/core/training/search.ts';

describe('Random', () => {
  it('the same seed gives the same numbers; another seed others', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return [r.int(0, 1000), r.float(), r.int(-5, 5), r.pick(['a', 'b', 'c']), r.float()];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  it('int is within its bounds, float in [0, 1), shuffle a permutation', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, from, span) => {
        const r = new Random(seed);
        const i = r.int(from, from + span);
        expect(i).toBeGreaterThanOrEqual(from);
        expect(i).toBeLessThanOrEqual(from + span);
        const f = r.float();
        expect(f >= 0 && f < 1).toBe(true);
        const shuffled = Array.from(r.shuffle(Int32Array.from({ length: span }, (_, k) => k)));
        expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: span }, (_, k) => k));
      }),
    );
  });
});

describe('sampleParams', () => {
  const base = { ...defaultParams('mlp'), epochs: 17, patience: 3, activation: 'tanh' as const };

  it('is seeded: the same generator state gives the same points', () => {
    const draw = (seed: number) => {
      const r = new Random(seed);
      return [sampleParams(base, r), sampleParams(base, r), sampleParams(base, r)];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(2)).not.toEqual(draw(1));
  });

  it('varies layers, learning rate, L2, dropout and batch size within the space; keeps the rest of the user`s settings', () => {
    const r = new Random(7);
    const seen = { hidden: new Set<string>(), batch: new Set<number>(), dropout: new Set<number>() };
    for (let i = 0; i < 300; i++) {
      const p = sampleParams(base, r);
      expect(p).toMatchObject({ family: 'mlp', epochs: 17, patience: 3, activation: 'tanh' });
      expect(p.learningRate).toBeGreaterThanOrEqual(1e-4);
      expect(p.learningRate).toBeLessThanOrEqual(3e-2);
      expect(p.l2).toBeGreaterThanOrEqual(1e-6);
      expect(p.l2).toBeLessThanOrEqual(1e-2);
      expect(Number(p.learningRate.toPrecision(3))).toBe(p.learningRate);
      expect(p.hidden.length).toBeGreaterThan(0);
      seen.hidden.add(p.hidden.join('-'));
      seen.batch.add(p.batchSize);
      seen.dropout.add(p.dropout);
    }
    expect([...seen.batch].sort((a, b) => a - b)).toEqual([64, 128, 200, 256]);
    expect([...seen.dropout].sort()).toEqual([0, 0.1, 0.2]);
    expect(seen.hidden.size).toBe(7);
  });

  it('a linear model gets no hidden layer and no dropout', () => {
    const r = new Random(3);
    for (let i = 0; i < 50; i++) expect(sampleParams(defaultParams('linear'), r)).toMatchObject({ family: 'linear', hidden: [], dropout: 0 });
  });

  it('gbdt and forest draw from their own spaces and keep the number of iterations or trees', () => {
    const r = new Random(5);
    for (let i = 0; i < 50; i++) {
      const g = sampleParams({ ...defaultParams('gbdt'), epochs: 40 }, r);
      expect(g.family).toBe('gbdt');
      expect(g.epochs).toBe(40);
      expect(g.learningRate).toBeGreaterThanOrEqual(0.00999);
      expect(g.learningRate).toBeLessThanOrEqual(0.301);
      expect([15, 31, 63]).toContain(g.maxLeafNodes);
      expect([5, 10, 20, 50]).toContain(g.minSamplesLeaf);
      expect([0, 0.1, 1]).toContain(g.l2);
      const f = sampleParams(defaultParams('forest'), r);
      expect(f).toMatchObject({ family: 'forest', epochs: 100 });
      expect(['sqrt', 'log2', 0.5]).toContain(f.maxFeatures);
      expect([1, 2, 5]).toContain(f.minSamplesLeaf);
      expect([null, 10, 20]).toContain(f.maxDepth);
    }
  });
});

describe('halvingRungs', () => {
  it.each([
    [9, 27, [{ keep: 9, epochs: 3 }, { keep: 3, epochs: 9 }, { keep: 1, epochs: 27 }]],
    [8, 10, [{ keep: 8, epochs: 1 }, { keep: 3, epochs: 3 }, { keep: 1, epochs: 10 }]],
    [2, 5, [{ keep: 2, epochs: 2 }, { keep: 1, epochs: 5 }]],
    [
      100,
      50,
      [
        { keep: 100, epochs: 2 },
        { keep: 34, epochs: 6 },
        { keep: 12, epochs: 17 },
        { keep: 4, epochs: 50 },
      ],
    ],
    [3, 1, [{ keep: 3, epochs: 1 }, { keep: 1, epochs: 1 }]],
  ])('%i trials, %i epochs', (trials, epochs, rungs) => {
    expect(halvingRungs(trials, epochs)).toEqual(rungs);
  });

  it('starts with every trial, keeps a third each rung, ends with the full epochs; never more than 4 rungs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1, max: 10_000 }), (trials, epochs) => {
        const rungs = halvingRungs(trials, epochs);
        expect(rungs[0]!.keep).toBe(trials);
        expect(rungs.at(-1)!.epochs).toBe(epochs);
        expect(rungs.length).toBeGreaterThanOrEqual(2);
        expect(rungs.length).toBeLessThanOrEqual(4);
        for (let i = 1; i < rungs.length; i++) {
          expect(rungs[i]!.keep).toBe(Math.ceil(rungs[i - 1]!.keep / 3));
          expect(rungs[i]!.epochs).toBeGreaterThanOrEqual(rungs[i - 1]!.epochs);
        }
        for (const r of rungs) expect(r.epochs).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
