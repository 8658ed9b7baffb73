import { afterEach, describe, expect, it } from 'vitest';
import { clearEpochMeasures, EPOCH_MEASURES, leaveHandedMeasures, measureSince, takeEpochMeasures } from '../../../src/ml/epochMeasures.ts';

const named = (name: string) => performance.getEntriesByName(name, 'measure');

describe('epoch measures handed between threads', () => {
  afterEach(() => {
    clearEpochMeasures();
    performance.clearMeasures('not an epoch measure');
  });

  it('takes this thread epoch measures (at their time since 1970) and clears them, leaving others', () => {
    const start = performance.now() - 5;
    measureSince(EPOCH_MEASURES.read, start);
    measureSince(EPOCH_MEASURES.gather, start);
    performance.measure('not an epoch measure', { start, duration: 1 });
    const taken = takeEpochMeasures();
    expect(taken.map((m) => m.name)).toEqual([EPOCH_MEASURES.read, EPOCH_MEASURES.gather]);
    expect(taken[0]!.at).toBeCloseTo(performance.timeOrigin + start, 3);
    expect(taken[0]!.ms).toBeGreaterThanOrEqual(5);
    expect(takeEpochMeasures()).toEqual([]);
    expect(named('not an epoch measure')).toHaveLength(1);
  });

  it('leaves handed measures named for where they were made, at the same moment on this clock, and clears them with the rest', () => {
    const at = performance.timeOrigin + performance.now() - 20;
    leaveHandedMeasures([{ name: EPOCH_MEASURES.transform, at, ms: 7 }], 'reader 2');
    const [left] = named('relearn epoch, reader 2: transform');
    expect(left!.duration).toBeCloseTo(7, 6);
    expect(performance.timeOrigin + left!.startTime).toBeCloseTo(at, 3);
    clearEpochMeasures();
    expect(named('relearn epoch, reader 2: transform')).toEqual([]);
  });
});
