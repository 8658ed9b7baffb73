import { describe, expect, it } from 'vitest';
import { applyChoices, choicesProblems, columnUse, defaultFeatures, defaultLeftOut, exclusions, type ColumnFacts } from '../../../src/core/columnChoices.ts';

const when: ColumnFacts = { name: 'when', type: 'datetime', idLike: false };
const id: ColumnFacts = { name: 'id', type: 'categorical', idLike: true };
const code: ColumnFacts = { name: 'code', type: 'categorical', idLike: true };
const amount: ColumnFacts = { name: 'amount', type: 'numeric', idLike: false };
const label: ColumnFacts = { name: 'label', type: 'categorical', idLike: false };
const columns = [when, id, code, amount, label];

describe('columns left out by default', () => {
  it('leaves out datetime and id-like columns, each with its reason', () => {
    expect(defaultLeftOut(when)?.reason).toBe('datetime');
    expect(defaultLeftOut(id)?.reason).toBe('id-like');
    expect(defaultLeftOut(code)).toMatchObject({ reason: 'id-like', text: expect.stringContaining('id-like') });
    expect(defaultLeftOut(amount)).toBeNull();
  });

  it("the user's choice wins over the default either way, and says so", () => {
    expect(columnUse(id, 'include')).toMatchObject({ used: true, excluded: null, chosen: true, text: expect.stringContaining('put back in by you') });
    expect(columnUse(amount, 'exclude')).toMatchObject({ used: false, excluded: 'user', chosen: true, text: 'left out by you' });
    expect(columnUse(id, undefined)).toMatchObject({ used: false, excluded: 'id-like', chosen: false });
    expect(columnUse(amount, undefined)).toMatchObject({ used: true, excluded: null, chosen: false });
  });

  it('drift and features are chosen separately', () => {
    expect([...exclusions(columns, { id: 'include', amount: 'exclude' }).keys()]).toEqual(['when', 'code', 'amount']);
    expect(defaultFeatures(columns, 'label', {})).toEqual(['amount']);
    expect(defaultFeatures(columns, 'label', { when: 'include', amount: 'exclude' })).toEqual(['when']);
    expect(defaultFeatures(columns, 'amount', { label: 'exclude' })).toEqual([]);
  });
});

describe('storing choices', () => {
  it('a choice per column, null back to the default', () => {
    expect(applyChoices({ a: 'include', b: 'exclude' }, { a: null, c: 'exclude' })).toEqual({ b: 'exclude', c: 'exclude' });
  });

  it('refuses unknown columns and unknown choices, naming them', () => {
    expect(choicesProblems({ nope: 'include', amount: null }, ['amount', 'label'], 'drift')).toEqual(['drift: no column "nope"; the columns are amount, label']);
    expect(choicesProblems({ amount: 'maybe' as 'include' }, ['amount'], 'features')).toEqual(['features: column "amount" can be included or excluded, not "maybe"']);
  });
});
