/**
 * The fused training step's WebAssembly module (compiled from wasm/mlp/assembly by `npm run build:wasm`;
 * a unit test recompiles it and checks these bytes). Vite turns the URL into a built asset for the page's
 * workers; Node (the CLI through tsx, the tests) reads the file beside this one.
 */
const WASM_URL = new URL('./mlp.wasm', import.meta.url);

/** The module's exports (wasm/mlp/assembly/index.ts); pointers are byte offsets into `memory`. */
export interface FusedExports {
  memory: WebAssembly.Memory;
  sizesAt(): number;
  setup(layers: number, activation: number, task: number, maxBatch: number): void;
  paramsAt(): number;
  gradsAt(): number;
  paramCount(): number;
  inputsAt(): number;
  targetsAt(): number;
  rowWeightsAt(): number;
  step(batch: number, weighted: number, l2Scale: number, stepSize: number): number;
  gradients(batch: number, weighted: number, divisor: number): number;
  update(l2Scale: number, stepSize: number): void;
  lossSum(batch: number, weighted: number): number;
}

type ReadFile = (url: URL) => Uint8Array;
/** Node's fs without importing it: src/ml also runs in the browser, where there is no `process`. */
const nodeReadFile = (): ReadFile | null => {
  const host = globalThis as { process?: { getBuiltinModule?: (name: string) => { readFileSync: ReadFile } | undefined } };
  return host.process?.getBuiltinModule?.('node:fs')?.readFileSync ?? null;
};

async function wasmBytes(): Promise<BufferSource> {
  if (WASM_URL.protocol === 'file:') {
    const read = nodeReadFile();
    if (!read) throw new Error(`cannot read ${WASM_URL.href}: this runtime has no process.getBuiltinModule (Node 20.16 or later)`);
    return new Uint8Array(read(WASM_URL));
  }
  const response = await fetch(WASM_URL);
  if (!response.ok) throw new Error(`the fused training step's WebAssembly (${WASM_URL.href}) did not load: HTTP ${response.status}`);
  return response.arrayBuffer();
}

let compiled: Promise<WebAssembly.Module> | null = null;

/** A fresh instance (its own memory) of the module, compiled once per thread. */
export async function fusedInstance(): Promise<FusedExports> {
  compiled ??= wasmBytes()
    .then((bytes) => WebAssembly.compile(bytes))
    .catch((error: unknown) => {
      compiled = null;
      throw error;
    });
  const instance = await WebAssembly.instantiate(await compiled, { env: { abort: () => { throw new Error('the fused training step aborted'); } } });
  return instance.exports as unknown as FusedExports;
}
