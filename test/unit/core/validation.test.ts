import { describe, expect, it } from 'vitest';
import {
  defaultValidationSettings,
  overallStatus,
  validateBatch,
  validationSettingsProblems,
  type ValidationCheck,
  type ValidationResult,
} from '../../../src/core/validation.ts';
import { profileColumn } from '../../../src/core/quality.ts';
import { retypeColumn } from '../../../src/core/retype.ts';
import { categoricalColumn, numericColumn, subject } from '../helpers/columns.ts';

const N = 40;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Columns of a batch: x numeric in [0, 39], c in {a, b, c}, label 0/1 balanced, id different in every row. */
const columns = (n = N, change: { x?: (number | null)[]; c?: (string | null)[]; label?: string[] } = {}) => ({
  x: numericColumn('x', change.x ?? range(n)),
  c: categoricalColumn('c', change.c ?? range(n).map((i) => 'abc'[i % 3] as string)),
  label: categoricalColumn('label', change.label ?? range(n).map((i) => String(i % 2))),
  id: categoricalColumn('id', range(n).map((i) => `row-${n}-${i}`)),
});

const reference = subject('ref', Object.values(columns()));

const validate = (cols: Parameters<typeof subject>[1], target: string | null = null, settings = defaultValidationSettings): ValidationResult =>
  validateBatch(reference, subject('cur', cols), target, settings);

const find = (result: ValidationResult, check: string, column?: string): ValidationCheck | undefined =>
  result.checks.find((c) => c.check === check && c.column === column);

const notPassing = (result: ValidationResult) => result.checks.filter((c) => c.status !== 'pass').map((c) => [c.column ?? '', c.check, c.status]);

describe('validateBatch', () => {
  it('a batch like the reference passes every check', () => {
    const result = validate(Object.values(columns()), 'label');
    expect(result.status).toBe('pass');
    expect(result.referenceId).toBe('ref');
    expect(notPassing(result)).toEqual([]);
    expect(result.checks.map((c) => `${c.column ?? ''}:${c.check}`)).toEqual([
      ':enough rows',
      ':missing columns',
      ':extra columns',
      'x:type',
      'x:missing share',
      'x:missing share increase',
      'x:range',
      'c:missing share',
      'c:missing share increase',
      'c:new categories',
      'label:missing share',
      'label:missing share increase',
      'label:new categories',
      'id:missing share',
      'id:missing share increase',
      'label:class balance',
    ]);
  });

  it('too few rows fails', () => {
    const result = validate(Object.values(columns(29)));
    expect(find(result, 'enough rows')).toMatchObject({ status: 'fail', value: '29 rows', threshold: '≥ 30' });
    expect(result.status).toBe('fail');
  });

  it('a missing column fails', () => {
    const { x, label, id } = columns();
    const result = validate([x, label, id]);
    expect(find(result, 'missing columns')).toMatchObject({ status: 'fail', value: 'c' });
    expect(result.status).toBe('fail');
  });

  it('an extra column warns', () => {
    const result = validate([...Object.values(columns()), numericColumn('z', range(N))]);
    expect(find(result, 'extra columns')).toMatchObject({ status: 'warn', value: 'z' });
    expect(result.status).toBe('warn');
  });

  /** x read as the reference types it (numeric) from texts: words are unfit cells. */
  const withX = (texts: (string | null)[]) => {
    const { c, label, id } = columns();
    const read = retypeColumn(categoricalColumn('x', texts), 'numeric');
    const cols = [read.column, c, label, id];
    const cur = subject('cur', cols);
    cur.quality[0] = profileColumn({ column: read.column, inferredType: 'numeric', coercedToMissing: read.coercedToMissing });
    return validateBatch(reference, cur, null, defaultValidationSettings);
  };
  const words = (count: number, missing = 0) => range(N).map((i) => (i < count ? `word${i}` : i < count + missing ? null : String(i)));

  it('type: unfit cells above 5% of the cells read fail, never a re-inference', () => {
    const result = withX(words(3));
    expect(find(result, 'type', 'x')).toMatchObject({ status: 'fail', value: '7.5% unfit (3 of 40 cells not numeric)', threshold: '≤ 5.0% unfit as numeric' });
    expect(result.status).toBe('fail');
  });

  it('type: exactly 5% unfit passes (the threshold is "above")', () => {
    expect(find(withX(words(2)), 'type', 'x')).toMatchObject({ status: 'pass', value: '5.0% unfit (2 of 40 cells not numeric)' });
  });

  it('type: the share is of non-missing cells as read; missing cells do not dilute it', () => {
    expect(find(withX(words(2, 10)), 'type', 'x')).toMatchObject({ status: 'fail', value: '6.7% unfit (2 of 30 cells not numeric)' });
  });

  it('type: the threshold is a setting', () => {
    const cur = withX(words(3));
    expect(cur.status).toBe('fail');
    const { c, label, id } = columns();
    const read = retypeColumn(categoricalColumn('x', words(3)), 'numeric');
    const subjectX = subject('cur', [read.column, c, label, id]);
    subjectX.quality[0] = profileColumn({ column: read.column, inferredType: 'numeric', coercedToMissing: read.coercedToMissing });
    const lenient = validateBatch(reference, subjectX, null, { ...defaultValidationSettings, maxUnfitShare: 0.1 });
    expect(find(lenient, 'type', 'x')).toMatchObject({ status: 'pass', threshold: '≤ 10.0% unfit as numeric' });
  });

  it('a missing share over the maximum fails', () => {
    const x = range(N).map((i) => (i < 21 ? null : i)); // 52.5% missing
    const result = validate(Object.values(columns(N, { x })));
    expect(find(result, 'missing share', 'x')).toMatchObject({ status: 'fail', value: '52.5%', threshold: '≤ 50.0%' });
    expect(result.status).toBe('fail');
  });

  it('a rise in missing share beyond the maximum increase warns', () => {
    const x = range(N).map((i) => (i % 5 === 0 ? null : i)); // 20% missing, none in the reference
    const result = validate(Object.values(columns(N, { x })));
    expect(find(result, 'missing share', 'x')?.status).toBe('pass');
    expect(find(result, 'missing share increase', 'x')).toMatchObject({ status: 'warn', value: '+20.0% (reference 0.0%)' });
    expect(notPassing(result)).toEqual([['x', 'missing share increase', 'warn']]);
    expect(result.status).toBe('warn');
  });

  it('values outside the reference range warn beyond the allowed share', () => {
    const outside = validate(Object.values(columns(N, { x: range(N).map((i) => (i < 3 ? 100 + i : i)) })));
    expect(find(outside, 'range', 'x')).toMatchObject({ status: 'warn', value: '7.5% (3 values) outside [0, 39]' });
    const fewer = validate(Object.values(columns(N, { x: range(N).map((i) => (i < 2 ? -1 : i)) })));
    expect(find(fewer, 'range', 'x')).toMatchObject({ status: 'pass', value: '5.0% (2 values) outside [0, 39]' });
  });

  it('new categories warn and are named', () => {
    const c = range(N).map((i) => (i === 0 ? 'd' : i === 1 ? 'e' : ('abc'[i % 3] as string)));
    const result = validate(Object.values(columns(N, { c })));
    expect(find(result, 'new categories', 'c')).toMatchObject({ status: 'warn', value: '2: d, e' });
    expect(result.status).toBe('warn');
  });

  it('an id-like column of the reference gets no new-categories check', () => {
    const result = validate(Object.values(columns()));
    expect(reference.quality.find((q) => q.name === 'id')?.idLike).toBe(true);
    expect(find(result, 'new categories', 'id')).toBeUndefined();
    expect(result.status).toBe('pass');
  });

  it('an absent target is an unlabeled batch: a labels warning, not a missing column', () => {
    const { x, c, id } = columns();
    const result = validate([x, c, id], 'label');
    expect(find(result, 'missing columns')).toMatchObject({ status: 'pass', value: 'none' });
    expect(find(result, 'labels', 'label')).toMatchObject({ status: 'warn', value: 'target column absent: unlabeled batch' });
    expect(result.status).toBe('warn');
    // Without a target the same batch misses a column.
    expect(find(validate([x, c, id]), 'missing columns')).toMatchObject({ status: 'fail', value: 'label' });
  });

  it('a shift in class balance beyond the maximum warns', () => {
    const label = range(N).map((i) => (i < 32 ? '1' : '0')); // 80% "1", reference 50%
    const result = validate(Object.values(columns(N, { label })), 'label');
    const check = find(result, 'class balance', 'label');
    expect(check?.status).toBe('warn');
    expect(check?.value).toMatch(/^"[01]" [+-]30\.0%$/);
    expect(notPassing(result)).toEqual([['label', 'class balance', 'warn']]);
    const slight = range(N).map((i) => (i < 26 ? '1' : '0')); // 65%
    expect(find(validate(Object.values(columns(N, { label: slight })), 'label'), 'class balance', 'label')?.status).toBe('pass');
  });

  it('the overall status is the worst check', () => {
    const { x, c, label } = columns(); // id missing: fail
    const result = validate([x, c, label, numericColumn('z', range(N))]);
    expect(notPassing(result)).toEqual([
      ['', 'missing columns', 'fail'],
      ['', 'extra columns', 'warn'],
    ]);
    expect(result.status).toBe('fail');
    const check = (status: ValidationCheck['status']): ValidationCheck => ({ check: 't', status, value: '', threshold: '' });
    expect(overallStatus([])).toBe('pass');
    expect(overallStatus([check('pass'), check('warn'), check('pass')])).toBe('warn');
    expect(overallStatus([check('warn'), check('fail'), check('pass')])).toBe('fail');
  });

  it('uses the settings it is given', () => {
    const settings = { ...defaultValidationSettings, minRows: 50 };
    expect(find(validate(Object.values(columns()), null, settings), 'enough rows')).toMatchObject({ status: 'fail', threshold: '≥ 50' });
  });
});

describe('validationSettingsProblems', () => {
  it('accepts the defaults and the bounds 0 and 1', () => {
    expect(validationSettingsProblems(defaultValidationSettings)).toEqual([]);
    expect(validationSettingsProblems({ minRows: 1, maxMissingShare: 0, maxMissingShareIncrease: 1, maxOutOfRangeShare: 0, maxClassShareShift: 1, maxUnfitShare: 0 })).toEqual([]);
  });

  it.each([
    [{ minRows: -1 }, /minimum rows/],
    [{ minRows: 0 }, /minimum rows/],
    [{ minRows: 2.5 }, /minimum rows/],
    [{ maxMissingShare: 1.5 }, /maximum missing share must be between 0 and 1 \(got 1.5\)/],
    [{ maxMissingShareIncrease: -0.1 }, /maximum missing-share increase/],
    [{ maxOutOfRangeShare: 2 }, /maximum out-of-range share/],
    [{ maxClassShareShift: Number.NaN }, /maximum class-share shift/],
    [{ maxUnfitShare: 1.01 }, /maximum unfit-cell share/],
  ])('rejects %j', (change, message) => {
    const problems = validationSettingsProblems({ ...defaultValidationSettings, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('names every bad field', () => {
    expect(validationSettingsProblems({ minRows: 0, maxMissingShare: -1, maxMissingShareIncrease: 3, maxOutOfRangeShare: 0.1, maxClassShareShift: 0.1, maxUnfitShare: 0.05 })).toHaveLength(3);
  });
});
