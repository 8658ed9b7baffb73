import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

// Closed network, running as root, WebGPU on SwiftShader: see docs/TESTING.md.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

// Same search as scripts/ensure-chromium.mjs, which runs before the tests.
export function chromiumPath(): string {
  const onPath = (process.env.PATH ?? '').split(delimiter).flatMap((dir) => [join(dir, 'chromium'), join(dir, 'chromium-browser')]);
  const candidates = [process.env.RELEARN_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', ...onPath];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set RELEARN_CHROMIUM.');
  return found;
}

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, ...extraArgs] });
}
