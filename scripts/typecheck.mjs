// `npm run typecheck`: every tsconfig project, checked by TypeScript 7's native compiler.
// TypeScript 6 stays installed as `typescript` because typescript-eslint's type-aware rules need its
// JavaScript API; the checking itself runs on the native compiler, several times faster.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = createRequire(import.meta.url).resolve('typescript7/package.json');
const tsc = join(dirname(manifest), 'bin', 'tsc');
const projects = ['tsconfig.json', 'tsconfig.core.json', 'tsconfig.worker.json', 'tsconfig.node.json'];

function check(project) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [tsc, '-p', project], { cwd: root });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    child.on('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      resolve({ project, code: code ?? 1, output, seconds });
    });
  });
}

const results = await Promise.all(projects.map(check));
for (const { project, code, output, seconds } of results) {
  console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${project} (${seconds} s)`);
  if (output.trim()) console.log(output.trimEnd());
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
