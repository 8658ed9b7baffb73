// Makes sure a Chromium binary exists for the browser tests and the bench (see docs/TESTING.md).
// RELEARN_CHROMIUM names the binary to use. RELEARN_CHROMIUM_CANDIDATES (colon-separated paths)
// replaces the default search list; it exists so the "missing" path can be tried on a machine
// that has Chromium.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const DEFAULT_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function candidates() {
  const override = process.env.RELEARN_CHROMIUM_CANDIDATES;
  if (override !== undefined) return override.split(':').filter(Boolean);
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => [join(dir, 'chromium'), join(dir, 'chromium-browser')]);
  return [...DEFAULT_CANDIDATES, ...onPath];
}

function findChromium() {
  return candidates().find(isExecutable);
}

function fail(lines) {
  console.error(`ensure-chromium: ${lines.join('\n')}`);
  process.exit(1);
}

function hasAptGet() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

const explicit = process.env.RELEARN_CHROMIUM;
if (explicit) {
  if (!isExecutable(explicit)) {
    fail([`RELEARN_CHROMIUM=${explicit} is not an executable file.`, 'Point it at a Chromium or Chrome binary, or unset it.']);
  }
  console.log(`ensure-chromium: using ${explicit} (RELEARN_CHROMIUM)`);
  process.exit(0);
}

const found = findChromium();
if (found) {
  console.log(`ensure-chromium: using ${found}`);
  process.exit(0);
}

const howTo = [
  'no Chromium found. Install it with:',
  '  sudo apt-get install -y chromium',
  'or set RELEARN_CHROMIUM to a Chromium/Chrome binary, e.g.',
  '  RELEARN_CHROMIUM=/opt/google/chrome/chrome npm run test:e2e',
];

if (process.getuid?.() !== 0 || !hasAptGet()) fail(howTo);

console.log('ensure-chromium: Chromium is missing; installing it with apt-get (running as root).');
const install = spawnSync(
  'sh',
  ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'],
  { stdio: 'inherit' },
);
if (install.status !== 0) fail([`apt-get exited with ${install.status ?? install.signal}.`, ...howTo]);

const installed = findChromium();
if (!installed) fail([`apt-get finished, but none of these is executable: ${candidates().join(', ')}`, ...howTo]);
console.log(`ensure-chromium: using ${installed}`);
