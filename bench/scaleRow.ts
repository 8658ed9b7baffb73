import { browserScale } from './browserScale.ts';

// One row of the scale table in a process of its own (bench/scaleBench.ts): prints one JSON line.
const [reference, current] = process.argv.slice(2);
if (!reference || !current) throw new Error('usage: scaleRow.ts REFERENCE CURRENT');
process.stdout.write(`${JSON.stringify(await browserScale(reference, current))}\n`);
