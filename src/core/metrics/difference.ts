import { higherIsBetter, type MetricKey } from './metricKey.ts';

/** What a difference means for the second of two compared things (version 2, the challenger). */
export type Verdict = 'better' | 'worse' | 'same';

/** A raw difference (second − first) and whether it makes the second better. */
export interface JudgedDifference {
  difference: number;
  verdict: Verdict;
}

// Differences smaller than this are the subtraction's rounding, not a change.
const ROUNDING = 1e-12;

/**
 * second − first, raw, and its verdict given the direction: one convention for the page, the gate and
 * the CLI ("Log loss −0.006 (better)", "Size +21.5 kB (worse)"). Null unless both are finite.
 */
export function judgeDifference(first: number | null | undefined, second: number | null | undefined, higher: boolean): JudgedDifference | null {
  if (typeof first !== 'number' || typeof second !== 'number' || !Number.isFinite(first) || !Number.isFinite(second)) return null;
  const difference = second - first;
  const verdict: Verdict = Math.abs(difference) < ROUNDING ? 'same' : difference > 0 === higher ? 'better' : 'worse';
  return { difference, verdict };
}

/** judgeDifference with the metric's own direction. */
export const judgeMetric = (key: MetricKey, first: number | null | undefined, second: number | null | undefined): JudgedDifference | null =>
  judgeDifference(first, second, higherIsBetter(key));

/** "+0.006", "−0.006" (a true minus sign), "±0": the sign, then the magnitude as `format` writes it. */
export function signedText(difference: number, format: (magnitude: number) => string): string {
  if (Math.abs(difference) < ROUNDING) return `±${format(0)}`;
  return `${difference > 0 ? '+' : '−'}${format(Math.abs(difference))}`;
}

/** "−0.006 (better)": the raw difference with its marker; "—" when there is none. */
export function differenceText(judged: JudgedDifference | null, format: (magnitude: number) => string): string {
  if (!judged) return '—';
  return `${signedText(judged.difference, format)} (${judged.verdict})`;
}
