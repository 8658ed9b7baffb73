import { describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../src/core/batch.ts';
import type { CheckStatus } from '../../../src/core/validation.ts';
import { hasLabels, hasTargetColumn, trainableBatches, untrainableReason } from '../../../src/core/training/trainable.ts';

type Facts = Pick<BatchMeta, 'columns' | 'quality' | 'validation'> & { id: string };

/** A batch with columns x and (unless `target` is false) y, of which `missing` of 10 rows lack y. */
function batch(id: string, { target = true, missing = 0, validation = null as CheckStatus | null } = {}): Facts {
  const names = target ? ['x', 'y'] : ['x'];
  return {
    id,
    columns: names.map((name) => ({ name, inferredType: 'numeric', type: 'numeric' })),
    quality: names.map((name) => ({
      name,
      type: 'numeric',
      inferredType: 'numeric',
      rows: 10,
      missing: name === 'y' ? missing : 0,
      missingShare: name === 'y' ? missing / 10 : 0,
      distinct: 10,
      coercedToMissing: 0,
      idLike: false,
      flags: [],
    })),
    validation: validation === null ? null : { status: validation, referenceId: 'ref', checks: [] },
  };
}

describe('which batches a model can learn the target from', () => {
  it('needs a target, the target column, and at least one labelled row', () => {
    expect(hasTargetColumn(batch('a'), 'y')).toBe(true);
    expect(hasTargetColumn(batch('a'), null)).toBe(false);
    expect(hasTargetColumn(batch('a', { target: false }), 'y')).toBe(false);
    expect(hasLabels(batch('a', { missing: 9 }), 'y')).toBe(true);
    expect(hasLabels(batch('a', { missing: 10 }), 'y')).toBe(false);
    expect(hasLabels(batch('a', { target: false }), 'y')).toBe(false);
  });

  it('names why a batch is left out: no labels, or a failed validation; warnings do not count', () => {
    expect(untrainableReason(batch('a'), 'y')).toBeNull();
    expect(untrainableReason(batch('a', { validation: 'warn' }), 'y')).toBeNull();
    expect(untrainableReason(batch('a', { validation: 'fail' }), 'y')).toBe('failed validation');
    expect(untrainableReason(batch('a', { missing: 10 }), 'y')).toBe('no labels');
    expect(untrainableReason(batch('a', { target: false, validation: 'fail' }), 'y')).toBe('no labels');
    expect(untrainableReason(batch('a'), null)).toBe('no labels');
  });

  it('keeps the trainable batches in the order given', () => {
    const batches = [batch('ref'), batch('b', { validation: 'fail' }), batch('c', { missing: 10 }), batch('d', { target: false }), batch('e', { validation: 'warn' })];
    expect(trainableBatches(batches, 'y').map((b) => b.id)).toEqual(['ref', 'e']);
    expect(trainableBatches(batches, null)).toEqual([]);
  });
});
