import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// base './' keeps every asset URL relative, so the built page works under any path of a static host.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    // A service worker precaches every built file, so the page works offline after the first visit.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'workers',
      filename: 'service.worker.ts',
      injectRegister: 'script',
      manifest: false,
      injectManifest: {
        rollupFormat: 'iife',
        // Source maps (up to 20 MB each) stay out; the largest precached file is a worker of about 3 MB.
        globPatterns: ['**/*.{html,js,css,wasm,svg,csv}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
      },
    }),
  ],
  resolve: {
    alias: {
      // The demo scenario's data ships in the vega-datasets package, which does not export its files.
      'demo-data': fileURLToPath(new URL('./node_modules/vega-datasets/data', import.meta.url)),
      // The original probes with eval, which the page's Content-Security-Policy refuses (see the shim).
      '@stdlib/assert-has-generator-support': fileURLToPath(new URL('./src/shims/has-generator-support.cjs', import.meta.url)),
    },
  },
  worker: { format: 'es' },
  // RELEARN_DIST builds (and previews) elsewhere than dist/, so two builds can run side by side. The
  // manifest (.vite/manifest.json) lets test/e2e/page-thread.e2e.ts check that the page never loads tfjs.
  build: { target: 'es2022', sourcemap: true, outDir: process.env.RELEARN_DIST ?? 'dist', manifest: true },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
