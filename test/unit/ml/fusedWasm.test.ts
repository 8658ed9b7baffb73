import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIG = 'wasm/mlp/asconfig.json';

describe('the fused training step\'s committed WebAssembly', () => {
  it('is what its AssemblyScript source compiles to (npm run build:wasm), byte for byte', async () => {
    let compiled: Uint8Array | null = null;
    const result = await asc.main(['--config', `${root}${CONFIG}`], {
      // Kept in memory: the test must not rewrite the committed file it checks.
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm')) compiled = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
      },
    });
    expect(result.error).toBeNull();
    const committed = readFileSync(new URL('../../../src/ml/fused/mlp.wasm', import.meta.url));
    expect(compiled, 'src/ml/fused/mlp.wasm is out of date: run npm run build:wasm and commit it').not.toBeNull();
    expect(Buffer.from(compiled!).equals(committed), 'src/ml/fused/mlp.wasm is out of date: run npm run build:wasm and commit it').toBe(true);
  }, 60_000);
});
