import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateRows, estimatePerformance, fitCalibration, fitIsotonic, predictIsotonic } from '../../../src/core/estimation/index.ts';
import { probabilityRows } from '../../../src/core/metrics/index.ts';

interface IsotonicCase {
  name: string;
  x: number[];
  y: number[];
  thresholdsX: number[];
  thresholdsY: number[];
  probe: number[];
  predicted: number[];
}

interface CbpeCase {
  name: string;
  classes: number;
  referenceProbabilities: number[][];
  referenceLabels: number[];
  analysisProbabilities: number[][];
  calibrated: number[][];
  estimated: Record<'accuracy' | 'precision' | 'recall' | 'f1' | 'rocAuc', number>;
  samplingError: Record<'accuracy' | 'precision' | 'recall' | 'f1' | 'rocAuc', number | null>;
}

/** test/golden/estimation/*.json, written by generate.py beside them from scikit-learn 1.2 and a transcription of NannyML's CBPE. */
const read = <T>(file: string): { cases: T[] } => JSON.parse(readFileSync(join(import.meta.dirname, '../../golden/estimation', file), 'utf8')) as { cases: T[] };

const close = (actual: number, expected: number, tolerance: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
};

describe('isotonic regression matches scikit-learn 1.2', () => {
  for (const c of read<IsotonicCase>('isotonic.json').cases) {
    it(c.name, () => {
      const fit = fitIsotonic(c.x, c.y);
      expect(fit.x).toEqual(c.thresholdsX);
      expect(fit.y.length).toBe(c.thresholdsY.length);
      fit.y.forEach((v, i) => close(v, c.thresholdsY[i]!, 1e-12));
      const predicted = predictIsotonic(fit, c.probe);
      predicted.forEach((v, i) => close(v, c.predicted[i]!, 1e-12));
    });
  }
});

describe('CBPE matches NannyML (transcribed) on scikit-learn isotonic calibrators', () => {
  for (const c of read<CbpeCase>('cbpe.json').cases) {
    it(c.name, () => {
      const names = Array.from({ length: c.classes }, (_, k) => `c${k}`);
      const calibration = fitCalibration(c.referenceLabels, probabilityRows(c.referenceProbabilities), names);
      const analysis = probabilityRows(c.analysisProbabilities);
      const rows = calibrateRows(calibration, analysis);
      c.calibrated.flat().forEach((v, i) => close(rows.calibrated[i]!, v, 1e-12));
      const estimate = estimatePerformance(calibration, analysis);
      const key = (name: string): string => (c.classes === 2 || name === 'accuracy' ? name : name === 'rocAuc' ? 'rocAucOvrMacro' : `${name}Macro`);
      for (const name of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const) {
        const k = key(name) as keyof typeof estimate.estimated;
        close(estimate.estimated[k]!, c.estimated[name], 1e-12);
        const se = c.samplingError[name];
        if (se === null) expect(estimate.samplingError[k]).toBeNull();
        else close(estimate.samplingError[k]!, se, 1e-12);
      }
    });
  }
});
