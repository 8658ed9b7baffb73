const MOST_INTERVALS = 6;

/**
 * Round bounds and evenly spaced ticks (steps of 1, 2 or 5 times a power of ten, and no smaller than
 * `smallestStep`) around [low, high], at most 6 intervals. Given to Recharts with `niceTicks="none"`: its
 * own nice ticks are worked out in decimal.js, tens of milliseconds for a chart's first draw here.
 */
export function niceTicks(low: number, high: number, smallestStep = 0): number[] {
  const range = high - low || Math.abs(high) || 1;
  const magnitude = 10 ** Math.floor(Math.log10(range / MOST_INTERVALS));
  const step =
    [1, 2, 5, 10].map((m) => Math.max(smallestStep, m * magnitude)).find((s) => Math.ceil(high / s) - Math.floor(low / s) <= MOST_INTERVALS) ??
    Math.max(smallestStep, 10 * magnitude);
  const first = Math.floor(low / step) * step;
  const last = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= last + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks.length > 1 ? ticks : [first, first + step];
}
