import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { builtPageDir } from './servers.ts';

// The page's thread never loads TensorFlow.js: training, scoring and probing run in workers. Read from the
// build's manifest (vite.config.ts, `build.manifest`): Vite's own record of the chunks the page's entry
// imports, statically and dynamically; the workers are listed apart, as assets of the entry.

/** The URL parameter tfjs-core reads its flags from: a string literal that survives minifying. */
const TFJS_MARKER = 'tfjsflags';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  assets?: string[];
}

const dist = builtPageDir();
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
const holdsTfjs = (file: string): boolean => readFileSync(join(dist, file), 'utf8').includes(TFJS_MARKER);

/** Every chunk the page's thread can load: the entries and what they import, statically or dynamically. */
function pageChunks(): string[] {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen];
}

test('no chunk the page itself loads holds TensorFlow.js; the workers that train do', () => {
  const page = pageChunks();
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\bsrc="\.\/([^"]+)"/g)].map((m) => m[1] ?? '');
  expect(page.length).toBeGreaterThan(0);
  // The manifest describes what index.html loads (registerSW.js is the service worker's registration).
  expect(scripts.filter((s) => s !== 'registerSW.js').every((s) => page.includes(s))).toBe(true);
  expect([...page, ...scripts].filter(holdsTfjs)).toEqual([]);

  // The marker still finds tfjs: the train worker has it, so the check above cannot pass for want of one.
  const workers = Object.values(manifest).flatMap((c) => c.assets ?? []).filter((f) => /\.worker-[\w-]+\.js$/.test(f));
  expect(workers.find((f) => f.includes('train.worker'))).toBeDefined();
  expect(workers.filter(holdsTfjs).some((f) => f.includes('train.worker'))).toBe(true);
});
