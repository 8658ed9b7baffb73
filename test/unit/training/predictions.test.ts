import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Column } from '../../../src/core/columns.ts';
import { defaultParams } from '../../../src/core/training/config.ts';
import { assertModelCard, MODEL_CARD_VERSION, primaryMetric, type ModelCard } from '../../../src/core/training/modelCard.ts';
import { classProbabilities, predictedLabel, predictionHeader, predictionsCsvParts } from '../../../src/core/training/predictions.ts';
import { PREPROCESSING_VERSION } from '../../../src/core/training/preprocess.ts';
import type { Task } from '../../../src/core/training/task.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

const card = (task: Task, classes: string[] | null): ModelCard => ({
  formatVersion: MODEL_CARD_VERSION,
  task,
  target: 'y',
  classes,
  preprocessing: { formatVersion: PREPROCESSING_VERSION, features: [], width: 0 },
  params: defaultParams(),
  seed: 1,
});

const parse = (parts: string[]): string[][] => Papa.parse<string[]>(parts.join(''), { skipEmptyLines: true }).data;

describe('prediction labels and probabilities', () => {
  it('binary: the output is the second class`s probability', () => {
    const c = card('binary', ['no', 'yes']);
    const outputs = Float32Array.from([0.25, 0.75, 0.5]);
    expect(classProbabilities(c, outputs, 0)).toEqual([0.75, 0.25]);
    expect([0, 1, 2].map((row) => predictedLabel(c, outputs, row))).toEqual(['no', 'yes', 'no']);
  });

  it('multiclass: the most probable class, ties to the first', () => {
    const c = card('multiclass', ['a', 'b', 'c']);
    const outputs = Float32Array.from([0.2, 0.5, 0.3, 0.4, 0.2, 0.4, 0.1, 0.1, 0.8]);
    expect([0, 1, 2].map((row) => predictedLabel(c, outputs, row))).toEqual(['b', 'a', 'c']);
    expect(classProbabilities(c, outputs, 2)).toEqual(Array.from(outputs.subarray(6, 9)));
  });

  it('regression: the value', () => {
    expect(predictedLabel(card('regression', null), Float32Array.from([2.5, -1]), 1)).toBe('-1');
    expect(predictionHeader(card('regression', null))).toEqual(['prediction']);
  });
});

describe('predictionsCsvParts', () => {
  it('the input columns, then prediction and probability_<class> per class', () => {
    const columns: Column[] = [numericColumn('x', [1.5, null]), categoricalColumn('city', ['Paris', 'Lyon'])];
    const parts = predictionsCsvParts(columns, card('multiclass', ['low', 'mid', 'high']), Float32Array.from([0.5, 0.25, 0.25, 0, 0, 1]));
    expect(parts[0]).toBe('x,city,prediction,probability_low,probability_mid,probability_high\r\n');
    expect(parse(parts)).toEqual([
      ['x', 'city', 'prediction', 'probability_low', 'probability_mid', 'probability_high'],
      ['1.5', 'Paris', 'low', '0.5', '0.25', '0.25'],
      ['', 'Lyon', 'high', '0', '0', '1'],
    ]);
  });

  it('escapes formula-like cells, categories and predicted labels alike, and quotes commas and quotes', () => {
    const columns: Column[] = [
      categoricalColumn('comment', ['=HYPERLINK("http://evil.example/?q=0")', 'plain, with "quotes"']),
      numericColumn('delta', [-3, 4]),
    ];
    const parts = predictionsCsvParts(columns, card('binary', ['+cmd', '@SUM(A1)']), Float32Array.from([0.9, 0.1]));
    expect(parts[0]).toBe('comment,delta,prediction,probability_+cmd,probability_@SUM(A1)\r\n');
    const lines = parts.slice(1).join('').split('\r\n');
    expect(lines[0]).toBe(`"'=HYPERLINK(""http://evil.example/?q=0"")",-3,'@SUM(A1),${String(1 - Math.fround(0.9))},${String(Math.fround(0.9))}`);
    expect(lines[1]).toBe(`"plain, with ""quotes""",4,'+cmd,${String(1 - Math.fround(0.1))},${String(Math.fround(0.1))}`);
  });

  it('a formula-like class name cannot start the header cell', () => {
    const header = predictionsCsvParts([numericColumn('x', [1])], card('binary', ['=a', '-b']), Float32Array.from([0.5]))[0]!;
    expect(header.split(',').every((cell) => !/^[=+\-@]/.test(cell))).toBe(true);
  });

  it('regression has only the prediction column', () => {
    const parts = predictionsCsvParts([numericColumn('x', [1, 2])], card('regression', null), Float32Array.from([10.5, -2]));
    expect(parts.join('')).toBe('x,prediction\r\n1,10.5\r\n2,-2\r\n');
  });

  it('cuts the rows into parts of 10,000 after the header', () => {
    const rows = 25_001;
    const parts = predictionsCsvParts([numericColumn('i', Array.from({ length: rows }, (_, i) => i))], card('regression', null), new Float32Array(rows));
    expect(parts).toHaveLength(4);
    expect(parts.slice(1).map((p) => p.split('\r\n').length - 1)).toEqual([10_000, 10_000, 5_001]);
    const all = parse(parts);
    expect(all).toHaveLength(rows + 1);
    expect(all.at(-1)).toEqual(['25000', '0']);
  });

  it('no columns: only the header', () => {
    expect(predictionsCsvParts([], card('regression', null), new Float32Array(0))).toEqual(['prediction\r\n']);
  });
});

describe('model card', () => {
  it('primaryMetric: ROC AUC for binary, macro F1 for multiclass, RMSE (lower is better) for regression', () => {
    expect(primaryMetric('binary')).toEqual({ key: 'rocAuc', higherIsBetter: true });
    expect(primaryMetric('multiclass')).toEqual({ key: 'f1Macro', higherIsBetter: true });
    expect(primaryMetric('regression')).toEqual({ key: 'rmse', higherIsBetter: false });
  });

  it('primaryMetric takes a chosen metric only where the task reports it', () => {
    expect(primaryMetric('regression', 'mae')).toEqual({ key: 'mae', higherIsBetter: false });
    expect(primaryMetric('binary', 'logLoss')).toEqual({ key: 'logLoss', higherIsBetter: false });
    expect(primaryMetric('binary', 'rmse')).toEqual({ key: 'rocAuc', higherIsBetter: true });
    expect(primaryMetric('multiclass', 'toString')).toEqual({ key: 'f1Macro', higherIsBetter: true });
  });

  it('assertModelCard accepts this build`s card and refuses none, a foreign object, or a newer version', () => {
    expect(() => assertModelCard(card('binary', ['0', '1']))).not.toThrow();
    expect(() => assertModelCard(undefined)).toThrow(/no Relearn model card/);
    expect(() => assertModelCard({ task: 'binary' })).toThrow(/no Relearn model card/);
    expect(() => assertModelCard({ ...card('binary', ['0', '1']), formatVersion: MODEL_CARD_VERSION + 1 })).toThrow(
      `the model card has format version ${MODEL_CARD_VERSION + 1}; this build reads version ${MODEL_CARD_VERSION}`,
    );
  });
});
