/** Model metrics matching scikit-learn 1.2 (see README.md in this folder). */
export {
  classificationMetrics,
  type BinaryMetrics,
  type BinaryReport,
  type ClassificationOptions,
  type ClassificationReport,
  type MulticlassMetrics,
  type MulticlassReport,
} from './classification.ts';
export { regressionMetrics, type RegressionMetrics, type RegressionReport } from './regression.ts';
export { probabilityRows, type Probabilities } from './probabilities.ts';
export { rocCurve, areaUnderCurve, type RocCurve } from './roc.ts';
export type { ClassScore } from './precisionRecall.ts';
export { higherIsBetter, improvement, isMetricKey, isPositiveClassMetric, METRIC_DIRECTION, METRIC_LABELS, metricLabel, metricValue, type MetricDirection, type MetricKey } from './metricKey.ts';
export { differenceText, judgeDifference, judgeMetric, signedText, type JudgedDifference, type Verdict } from './difference.ts';
