// `npm test`: everything CI runs, in order, stopping at the first failure with its exit code.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = ['typecheck', 'lint', 'cycles', 'test:unit', 'test:e2e'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function mtime(path) {
  try {
    return statSync(join(root, path)).mtimeMs;
  } catch {
    return undefined;
  }
}

// npm writes node_modules/.package-lock.json on every install, after package-lock.json.
function needsInstall() {
  const installed = mtime('node_modules/.package-lock.json');
  const lock = mtime('package-lock.json');
  return installed === undefined || (lock !== undefined && lock > installed);
}

function run(label, args) {
  console.log(`\n=== ${label}: npm ${args.join(' ')}`);
  const started = performance.now();
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  const seconds = (performance.now() - started) / 1000;
  return { label, seconds, code: result.status ?? 1 };
}

function summarize(results) {
  console.log('\n=== summary');
  for (const { label, seconds, code } of results) {
    console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${label.padEnd(10)} ${seconds.toFixed(1).padStart(6)} s`);
  }
  const total = results.reduce((sum, r) => sum + r.seconds, 0);
  console.log(`${' '.repeat(16)}${total.toFixed(1).padStart(6)} s total`);
}

const results = [];
if (needsInstall()) results.push(run('install', ['install']));
for (const step of steps) {
  if (results.some((r) => r.code !== 0)) break;
  results.push(run(step, ['run', step]));
}
summarize(results);
const failed = results.find((r) => r.code !== 0);
process.exit(failed ? failed.code : 0);
