import { describe, expect, it } from 'vitest';
import { detailLabel, EVENT_KIND_LABELS, eventKindLabel } from '../../../src/core/eventLabels.ts';
import { EVENT_KINDS } from '../../../src/core/events.ts';
import { keyDetails } from '../../../src/ui/history/eventFilters.ts';

describe('event labels', () => {
  it('labels every kind in words, distinct from one another; an unknown stored kind shows as it is', () => {
    expect(Object.keys(EVENT_KIND_LABELS).sort()).toEqual([...EVENT_KINDS].sort());
    const labels = Object.values(EVENT_KIND_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z-]*( [a-z-]+)*$/);
    expect(eventKindLabel('model.promoted')).toBe('Version promoted');
    expect(eventKindLabel('model.retrained')).toBe('model.retrained');
  });

  it('turns detail keys into words', () => {
    expect(detailLabel('referenceBatchId')).toBe('reference batch');
    expect(detailLabel('minImprovement')).toBe('min improvement');
    expect(detailLabel('version')).toBe('version');
  });

  it('shows details in words: ids left out (they are links), metrics by label, shares as percentages', () => {
    const details = { referenceBatchId: 'a'.repeat(64), driftedShare: 0.25, labelDrift: false, metric: 'f1Macro', tolerance: 0.02, version: 3 };
    expect(keyDetails(details)).toEqual([
      { key: 'driftedShare', label: 'drifted columns (share)', value: '25.0%' },
      { key: 'labelDrift', label: 'target drift', value: 'no' },
      { key: 'metric', label: 'metric', value: 'F1 (macro)' },
      { key: 'tolerance', label: 'tolerance', value: '0.0200' },
      { key: 'version', label: 'version', value: '3' },
    ]);
  });
});
