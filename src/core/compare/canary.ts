import { chiSquareContingency } from '../drift/chiSquare.ts';

/** FNV-1a over the key's UTF-16 code units: stable across runs, tabs and the CLI. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Whether a row goes to the challenger: its key's hash falls in the first `share` of the hash space, so
 * the same key always gets the same variant. A missing key stays with the champion.
 */
export function isCanaryRow(key: string | null, share: number): boolean {
  if (key === null) return false;
  return fnv1a(key) / 2 ** 32 < share;
}

export interface VariantTally {
  rows: number;
  /** Rows with a known label, and how many of them the variant got right. */
  labelled: number;
  correct: number;
}

export interface CanaryResult {
  champion: VariantTally;
  challenger: VariantTally;
  /** Chi-square test of correct / incorrect by variant (2 × 2, Yates), as scipy's chi2_contingency; null without labels in both. */
  test: { statistic: number; pValue: number } | null;
}

/** The A/B result of a canary: accuracy per variant and whether the difference is more than chance. */
export function canaryTest(champion: VariantTally, challenger: VariantTally): CanaryResult {
  if (champion.labelled === 0 || challenger.labelled === 0) return { champion, challenger, test: null };
  const right = [champion.correct, challenger.correct];
  const wrong = [champion.labelled - champion.correct, challenger.labelled - challenger.correct];
  // A column of zeros (everyone right, or everyone wrong) leaves nothing to test.
  if (right[0]! + right[1]! === 0 || wrong[0]! + wrong[1]! === 0) return { champion, challenger, test: { statistic: 0, pValue: 1 } };
  const { statistic, pValue } = chiSquareContingency([right[0]!, wrong[0]!], [right[1]!, wrong[1]!]);
  return { champion, challenger, test: { statistic, pValue } };
}
