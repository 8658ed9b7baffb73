import { describe, expect, it } from 'vitest';
import { interruptedText } from '../../../src/ui/data/interruptedUploads.ts';

describe('interruptedText', () => {
  it('one file: names it, says nothing of it was kept', () => {
    expect(interruptedText({ files: ['big.csv'], current: 0 })).toBe('The page was closed or reloaded while "big.csv" was being uploaded; no part of it was kept. Upload it again');
  });

  it('several files: which one of how many, and the ones after it that were never read', () => {
    expect(interruptedText({ files: ['a.csv', 'b.csv', 'c.csv', 'd.csv'], current: 1 })).toBe(
      'The page was closed or reloaded while "b.csv" (file 2 of 4) was being uploaded; no part of it was kept, and the 2 files after it were not read. Upload them again',
    );
    expect(interruptedText({ files: ['a.csv', 'b.csv'], current: 0 })).toBe(
      'The page was closed or reloaded while "a.csv" (file 1 of 2) was being uploaded; no part of it was kept, and the file after it was not read. Upload them again',
    );
    expect(interruptedText({ files: ['a.csv', 'b.csv'], current: 1 })).toBe('The page was closed or reloaded while "b.csv" (file 2 of 2) was being uploaded; no part of it was kept. Upload it again');
  });
});
