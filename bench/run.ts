import { accuracyDatasets, accuracySection, ACCURACY_SEEDS } from './accuracyBench.ts';
import { measure, out, RUNS } from './common.ts';
import { driftSection } from './driftBench.ts';
import { estimateSection } from './estimateBench.ts';
import { familySection } from './families.ts';
import { ingestSection } from './ingestBench.ts';
import { longtaskSection } from './longtaskBench.ts';
import { scaleSection } from './scaleBench.ts';
import { trainSection } from './trainBench.ts';
import { treesSection } from './trees.ts';
import { treesLargeSection } from './treesLargeBench.ts';
import { workspaceSection } from './workspaceBench.ts';

// npm run bench: every row is a median of RUNS runs; reference rows are measured in the same run.
// BENCH_ONLY=drift,trees (a comma-separated list of section names) runs those sections; all run by default.
// Progress lines (each measurement as it starts and ends) go to stderr, the tables to stdout.

/** Training rows of the tree families' timing (BENCH_TREE_ROWS overrides it). */
const TREE_ROWS = Number(process.env.BENCH_TREE_ROWS ?? 100_000);

/** Every section in the order `npm run bench` runs them. Add a section here, by name. */
const SECTIONS: Record<string, () => Promise<void>> = {
  ingest: ingestSection,
  drift: driftSection,
  train: trainSection,
  accuracy: accuracySection,
  trees: () => treesSection(out, RUNS, TREE_ROWS),
  families: () => familySection(accuracyDatasets(), ACCURACY_SEEDS),
  estimate: estimateSection,
  workspace: workspaceSection,
  longtasks: longtaskSection,
  scale: scaleSection,
  treescale: treesLargeSection,
};

const names = Object.keys(SECTIONS);
const asked = (process.env.BENCH_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean);
const unknown = asked.filter((name) => !names.includes(name));
if (unknown.length > 0) {
  console.error(`BENCH_ONLY names sections ${names.join(', ')} (comma-separated, or unset for all); unknown: ${unknown.join(', ')}`);
  process.exit(2);
}
const chosen = asked.length > 0 ? names.filter((name) => asked.includes(name)) : names;
for (const [i, name] of chosen.entries()) {
  if (i > 0) console.log('');
  await measure(`section ${name} (${i + 1} of ${chosen.length})`, SECTIONS[name] as () => Promise<void>);
}
