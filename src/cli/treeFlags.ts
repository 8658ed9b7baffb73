import { isTreeFamily, type HyperParameters, type MaxFeatures } from '../core/training/config.ts';
import { numberOption } from './inputs.ts';

/** The flags of the tree families' settings, for parseArgs; range checks are paramsProblems' job. */
export const TREE_OPTIONS = {
  'learning-rate': { type: 'string' },
  'max-leaf-nodes': { type: 'string' },
  'min-samples-leaf': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-features': { type: 'string' },
  'max-bins': { type: 'string' },
} as const;

type TreeFlag = keyof typeof TREE_OPTIONS;
type TreeValues = Partial<Record<TreeFlag, string>>;

/** Which families each flag serves: --learning-rate trains every family but a forest. */
const SERVES: Record<TreeFlag, readonly HyperParameters['family'][]> = {
  'learning-rate': ['linear', 'mlp', 'gbdt'],
  'max-leaf-nodes': ['gbdt'],
  'min-samples-leaf': ['gbdt', 'forest'],
  'max-depth': ['gbdt', 'forest'],
  'max-features': ['forest'],
  'max-bins': ['gbdt', 'forest'],
};

const whole = (flag: string, text: string, problems: string[]): number | undefined => {
  const value = Number(text);
  if (/^\s*[+-]?\d+\s*$/.test(text) && Number.isSafeInteger(value)) return value;
  problems.push(`--${flag} takes a whole number, not "${text}"`);
  return undefined;
};

/** "none" (no limit) or a whole number. */
function maxDepth(text: string, problems: string[]): number | null | undefined {
  return text.trim().toLowerCase() === 'none' ? null : whole('max-depth', text, problems);
}

/** sqrt, log2, a share of the inputs, or "none" for scikit-learn's default. */
function maxFeatures(text: string, problems: string[]): MaxFeatures | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'sqrt' || t === 'log2') return t;
  if (t === 'none') return null;
  return numberOption('--max-features', text, problems);
}

const orList = (items: readonly string[]): string => (items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`);

/** Sets the tree settings the flags give on `params` (whose family is already chosen); every misuse is a problem. */
export function applyTreeFlags(values: TreeValues, params: HyperParameters, problems: string[]): void {
  for (const flag of Object.keys(TREE_OPTIONS) as TreeFlag[]) {
    const text = values[flag];
    if (text === undefined) continue;
    if (!SERVES[flag].includes(params.family)) {
      problems.push(`--${flag} applies to --model ${orList(SERVES[flag])}, not ${params.family}`);
      continue;
    }
    if (flag === 'learning-rate') params.learningRate = numberOption('--learning-rate', text, problems) ?? params.learningRate;
    else if (flag === 'max-leaf-nodes') params.maxLeafNodes = whole(flag, text, problems) ?? params.maxLeafNodes;
    else if (flag === 'min-samples-leaf') params.minSamplesLeaf = whole(flag, text, problems) ?? params.minSamplesLeaf;
    else if (flag === 'max-bins') params.maxBins = whole(flag, text, problems) ?? params.maxBins;
    else if (flag === 'max-depth') {
      const depth = maxDepth(text, problems);
      if (depth !== undefined) params.maxDepth = depth;
    } else {
      const share = maxFeatures(text, problems);
      if (share !== undefined) params.maxFeatures = share;
    }
  }
}

/** The CLI's words for a family's model, as `relearn train` prints it. */
export function treeModelText(params: HyperParameters): string | null {
  if (!isTreeFamily(params.family)) return null;
  return params.family === 'gbdt'
    ? `gradient boosting (at most ${params.epochs} iterations, ${params.maxLeafNodes ?? 31} leaves, learning rate ${params.learningRate})`
    : `random forest (${params.epochs} trees)`;
}
