import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layer rules from docs/ARCHITECTURE.md. Patterns are regexes on the import string as written:
// a relative import reaches another layer when it climbs with `../` and names that folder.
const intoFolder = (...folders) => `^(?:\\./)?(?:\\.\\./)+(?:src/)?(?:${folders.join('|')})(?:/|$)`;
const fromSrcRoot = (...folders) => `^/?src/(?:${folders.join('|')})(?:/|$)`;
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

const ban = {
  react: { regex: '^(?:react(?:$|[/-])|dexie-react-hooks(?:/|$))', message: 'React (and dexie-react-hooks) belong to src/ui.' },
  recharts: { regex: '^recharts(?:/|$)', message: 'Charts belong to src/ui.' },
  comlink: { regex: '^comlink(?:/|$)', message: 'Only src/bridge (and worker entries) use Comlink.' },
  dexie: { regex: '^dexie(?:/|$)', message: 'Dexie belongs to src/storage.' },
  tensorflow: { regex: '^@tensorflow/', message: 'TensorFlow.js belongs to src/ml (and the workers).' },
  nodeBuiltins: {
    regex: `^(?:node:|(?:${nodeBuiltins.join('|')})(?:/|$))`,
    message: 'src/core also runs in the browser: no Node builtins.',
  },
};

const layer = (name, files, patterns) => ({
  name: `relearn/layer-${name}`,
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const upward = (from, folders) => ({
  regex: `${intoFolder(...folders)}|${fromSrcRoot(...folders)}`,
  message: `${from} may not import from ${folders.join(', ')} (imports point down only, ARCHITECTURE.md).`,
});

// The page (src/ui, src/bridge) reads storage through its queries and writes only through a worker. A
// relative path is read from the file's depth below src/, since src/ui/storage/ is the page's own folder:
// from src/ui/models/X.tsx, `../../storage/` is src/storage and `../storage/` is src/ui/storage.
const pageDepths = [1, 2, 3];
const srcFolderAt = (depth, folder) => `^(?:(?:\\.\\./){${depth}}|/?src/)${folder}`;
const pageImports = (from, depth) => [
  {
    regex: srcFolderAt(depth, 'storage/commands(?:/|$)'),
    message: `${from} may not import storage commands: only src/app writes, run in a worker (call the bridge).`,
  },
  {
    regex: srcFolderAt(depth, 'storage/(?!queries/|commands/|db\\.ts$)'),
    allowTypeImports: true,
    message: `${from} may import src/storage with \`import type\` only, except src/storage/queries/** (reads) and db.ts (the connection).`,
  },
  {
    regex: srcFolderAt(depth, '(?:ml|app)(?:/|$)'),
    allowTypeImports: true,
    message: `${from} may import src/ml and src/app with \`import type\` only: that work runs in a worker, never in the page's thread (no tfjs there).`,
  },
];
// Writes from the page go through a worker: no Dexie write call on the page's connection either.
const pageWrites = {
  name: 'relearn/page-never-writes',
  files: ['src/ui/**', 'src/bridge/**'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: "CallExpression[callee.property.name=/^(add|bulkAdd|put|bulkPut|update|bulkUpdate|delete|bulkDelete|clear|modify)$/][callee.object.object.name='db']",
        message: 'The page never writes to IndexedDB: add the write to src/app and call it through a worker.',
      },
      { selector: "CallExpression[callee.object.name='db'][callee.property.name='transaction']", message: 'The page never writes to IndexedDB: add the write to src/app and call it through a worker.' },
    ],
  },
};
const commandsOnlyInApp = (from) => ({
  regex: intoFolder('storage/commands'),
  message: `${from} may not import storage commands: only src/app writes (call the src/app workflow instead).`,
});

const workersTypeOnly = (from) => ({
  regex: `${intoFolder('workers')}|^/?workers(?:/|$)`,
  allowTypeImports: true,
  message: `${from} may import workers/** with \`import type\` only; start workers through src/bridge.`,
});

export default defineConfig([
  globalIgnores(['dist/', 'dist-*/', 'node_modules/', 'bench/out/', 'test/e2e/out/', '.gl/', '.scratch/', 'wasm/*/assembly/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src/ui/**', 'src/bridge/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['workers/**'],
    languageOptions: { globals: globals.worker },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', 'src/cli/**', 'bin/**', '**/*.config.*'],
    languageOptions: { globals: globals.node },
  },
  layer('core', ['src/core/**'], [
    ban.react,
    ban.dexie,
    ban.comlink,
    ban.recharts,
    ban.tensorflow,
    ban.nodeBuiltins,
    upward('src/core', ['storage', 'ml', 'ui', 'bridge', 'cli', 'workers', 'app']),
  ]),
  layer('storage', ['src/storage/**'], [
    ban.react,
    ban.comlink,
    ban.recharts,
    ban.tensorflow,
    upward('src/storage', ['ui', 'bridge', 'cli', 'workers', 'ml', 'app']),
  ]),
  layer('storage-queries', ['src/storage/queries/**'], [
    ban.react,
    ban.comlink,
    ban.recharts,
    ban.tensorflow,
    upward('src/storage', ['ui', 'bridge', 'cli', 'workers', 'ml', 'app']),
    { regex: '^\\.\\./commands(?:/|$)', message: 'A query reads: src/storage/queries never imports a command.' },
  ]),
  layer('ml', ['src/ml/**'], [
    ban.react,
    ban.recharts,
    ban.comlink,
    ban.dexie,
    upward('src/ml', ['ui', 'bridge', 'cli', 'workers', 'storage', 'app']),
  ]),
  // Workflows: the one place that combines core, ml and storage; run by worker entries and the CLI alike.
  layer('app', ['src/app/**'], [
    ban.react,
    ban.recharts,
    ban.comlink,
    ban.dexie,
    upward('src/app', ['ui', 'bridge', 'cli', 'workers']),
  ]),
  layer('workers', ['workers/**'], [
    ban.react,
    ban.recharts,
    upward('workers/', ['ui', 'cli']),
    {
      // A worker that starts a worker of its own (ingest's hash worker) does it through the one generic bridge.
      regex: `(?:${intoFolder('bridge')}|${fromSrcRoot('bridge')})(?!workerBridge\\.ts$)`,
      message: 'workers/ may import only src/bridge/workerBridge.ts from src/bridge (imports point down only, ARCHITECTURE.md).',
    },
    commandsOnlyInApp('workers/'),
  ]),
  layer('bridge', ['src/bridge/**'], [
    ban.react,
    ban.recharts,
    ban.dexie,
    upward('src/bridge', ['ui', 'cli']),
    workersTypeOnly('src/bridge'),
    ...pageImports('src/bridge', 1),
  ]),
  // Files deeper than pageDepths keep the rules every page file has; the depth-specific ones below replace them.
  layer('ui', ['src/ui/**'], [ban.comlink, ban.tensorflow, upward('src/ui', ['cli']), workersTypeOnly('src/ui')]),
  ...pageDepths.map((depth) =>
    layer(`ui-${depth}`, [`src/ui/${'*/'.repeat(depth - 1)}*.{ts,tsx}`], [
      ban.comlink,
      ban.tensorflow,
      upward('src/ui', ['cli']),
      workersTypeOnly('src/ui'),
      ...pageImports('src/ui', depth),
    ]),
  ),
  pageWrites,
  layer('cli', ['src/cli/**'], [
    ban.react,
    ban.recharts,
    ban.comlink,
    upward('src/cli', ['ui', 'bridge', 'workers']),
    commandsOnlyInApp('src/cli'),
  ]),
]);
