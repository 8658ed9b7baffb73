import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';

// base './' keeps every asset URL relative, so the built page works under any path of a static host.
export default defineConfig({
  base: './',
  plugins: [react()],
  // The demo scenario's data ships in the vega-datasets package, which does not export its files.
  resolve: { alias: { 'demo-data': fileURLToPath(new URL('./node_modules/vega-datasets/data', import.meta.url)) } },
  worker: { format: 'es' },
  // RELEARN_DIST builds (and previews) elsewhere than dist/, so two builds can run side by side.
  build: { target: 'es2022', sourcemap: true, outDir: process.env.RELEARN_DIST ?? 'dist' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
