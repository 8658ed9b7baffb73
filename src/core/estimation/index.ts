/** Label-free performance estimation: isotonic calibration and NannyML's CBPE (see cbpe.ts, `docs/statistics.md`). */
export { fitIsotonic, predictIsotonic, type IsotonicFit } from './isotonic.ts';
export { assertCalibration, calibrateRows, CALIBRATION_VERSION, fitCalibration, type CalibratedRows, type Calibration, type CalibrationRows } from './calibration.ts';
export { estimatedMetricKeys, estimatePerformance, estimateRocAuc, type EstimateOptions, type PerformanceEstimate } from './cbpe.ts';
export { interval, SAMPLING_ERROR_RANGE, samplingError, type ErrorComponent, type EstimatedMetricName, type SamplingErrorComponents } from './samplingError.ts';
export { calibrationFromOutputs, estimateFromOutputs, EstimationError, outputsAsProbabilities, regressionRefusal } from './modelOutputs.ts';
