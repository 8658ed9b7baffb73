import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { ISOLATION_HEADERS } from './src/core/isolation.ts';

/**
 * The dev server's banner names the address that opens the demo scenario: `--open` cannot open a browser
 * on a machine without a desktop, and the Local address alone opens an empty workspace.
 */
function demoAddress(): Plugin {
  return {
    name: 'relearn-demo-address',
    configureServer(server) {
      const printUrls = server.printUrls.bind(server);
      server.printUrls = () => {
        printUrls();
        for (const url of server.resolvedUrls?.local ?? []) server.config.logger.info(`  ➜  Demo:    ${url}?demo#/data   (opens the workbench on the demo scenario)`);
      };
    },
  };
}

/**
 * tfjs starts each thread of its threaded WebAssembly build from the source text of the build's factory
 * (`factory.toString()` in a blob: script). Once minified, that function refers to a variable of the
 * scope around it by a one-letter name a thread does not have ("e is not defined"), so the threads get
 * the build's own file, as tfjs publishes it, instead: the same build, whole.
 */
function threadedWasmSource(): Plugin {
  const file = fileURLToPath(new URL('./node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js', import.meta.url));
  const source = /`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)/;
  return {
    name: 'relearn-threaded-wasm-source',
    transform(code, id) {
      if (!id.includes('/@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js')) return null;
      if (!source.test(code)) throw new Error(`${id} no longer starts its threads from wasmFactoryThreadedSimd.toString(): see threadedWasmSource in vite.config.ts`);
      // The empty map drops source mapping for this one tfjs file only (a worker's source map, not the page's).
      return { code: code.replace(source, JSON.stringify(readFileSync(file, 'utf8'))), map: { mappings: '' } };
    },
  };
}

// base './' keeps every asset URL relative, so the built page works under any path of a static host.
export default defineConfig({
  base: './',
  plugins: [
    react(),
    demoAddress(),
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
  worker: { format: 'es', plugins: () => [threadedWasmSource()] },
  // The dev server pre-bundles what the page and every worker import before the first request: a
  // dependency first met in a worker would otherwise make Vite reload the page (and lose ?demo).
  optimizeDeps: { entries: ['index.html', 'workers/*.worker.ts'] },
  // RELEARN_DIST builds (and previews) elsewhere than dist/, so two builds can run side by side. The
  // manifest (.vite/manifest.json) lets test/e2e/page-thread.e2e.ts check that the page never loads tfjs.
  build: { target: 'es2022', sourcemap: true, outDir: process.env.RELEARN_DIST ?? 'dist', manifest: true },
  // Cross-origin isolated, as the service worker makes a static host's page (src/core/isolation.ts).
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
