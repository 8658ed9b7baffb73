/** The chart's time axis: its domain (arrival times, padded) and evenly spaced ticks within it. */
export interface TimeAxis {
  domain: [number, number];
  ticks: number[];
  /** Whether the ticks need the date (the span crosses days) or the time of day is enough. */
  withDate: boolean;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A domain around every time given (padded by a twentieth on each side, a minute when all are equal) and `count` ticks. */
export function timeAxis(times: number[], count = 5): TimeAxis {
  if (times.length === 0) throw new Error('a time axis needs at least one time');
  const low = Math.min(...times);
  const high = Math.max(...times);
  const pad = high > low ? (high - low) / 20 : MINUTE;
  const domain: [number, number] = [low - pad, high + pad];
  const step = (domain[1] - domain[0]) / (count + 1);
  const ticks = Array.from({ length: count }, (_, i) => Math.round(domain[0] + step * (i + 1)));
  return { domain, ticks, withDate: domain[1] - domain[0] > DAY || new Date(domain[0]).toDateString() !== new Date(domain[1]).toDateString() };
}

/** The ticks whose label differs from the one before: labels to the second repeat when batches arrive seconds apart. */
export const distinctlyLabelled = (ticks: number[], label: (at: number) => string): number[] => ticks.filter((at, i) => i === 0 || label(at) !== label(ticks[i - 1]!));

/** Where a time falls across the domain, from 0 to 1. */
export const shareOf = (at: number, [low, high]: [number, number]): number => (high > low ? (at - low) / (high - low) : 0.5);

/**
 * Lanes for markers in the band under the plot: each marker takes the first lane where it keeps at least
 * `gap` (a share of the width) from the marker before it, so no two overlap however close their times.
 */
export function markerLanes(shares: number[], gap: number): number[] {
  const laneEnds: number[] = [];
  const lanes = new Array<number>(shares.length);
  const order = shares.map((share, index) => ({ share, index })).sort((a, b) => a.share - b.share);
  for (const { share, index } of order) {
    let lane = laneEnds.findIndex((end) => share - end >= gap);
    if (lane === -1) lane = laneEnds.push(share) - 1;
    laneEnds[lane] = share;
    lanes[index] = lane;
  }
  return lanes;
}
