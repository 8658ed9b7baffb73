const MOST_INTERVALS = 6;

/** Round bounds and evenly spaced ticks (steps of 1, 2 or 5 times a power of ten) around [low, high], at most 6 intervals. */
export function niceTicks(low: number, high: number): number[] {
  const range = high - low || Math.abs(high) || 1;
  const magnitude = 10 ** Math.floor(Math.log10(range / MOST_INTERVALS));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => Math.ceil(high / s) - Math.floor(low / s) <= MOST_INTERVALS) ?? 10 * magnitude;
  const first = Math.floor(low / step) * step;
  const last = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= last + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks.length > 1 ? ticks : [first, first + step];
}
