import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

// Serves dist/ exactly as `npm run preview` does (same vite.config.ts), on 127.0.0.1 and a free port:
// 127.0.0.1 is a secure context, which WebGPU and crypto.subtle need.
export default async function serveDist(project: TestProject): Promise<() => Promise<void>> {
  const dist = process.env.RELEARN_DIST ?? 'dist';
  if (!existsSync(`${root}/${dist}/index.html`)) {
    throw new Error(`${dist}/index.html is missing: run \`vite build\` first (\`npm run test:e2e\` does).`);
  }
  const server = await preview({
    root,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  project.provide('baseUrl', `http://127.0.0.1:${port}/`);
  return () => server.close();
}
