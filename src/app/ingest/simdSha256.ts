import { wasmSha256, type ByteHasher } from '../../core/csv/readCsv.ts';
import { SHA256_WASM_BASE64 } from './sha256Wasm.ts';

/** The module's exports (wasm/sha256/assembly/index.ts); pointers are byte offsets into `memory`. */
interface Sha256Exports {
  memory: WebAssembly.Memory;
  input(): number;
  state(): number;
  reset(): void;
  update(blocks: number): void;
}

/** Bytes the module's input holds before they are hashed (its INPUT_BYTES); 128 more leave room for the padding. */
const INPUT_BYTES = 1 << 16;

let compiled: Promise<WebAssembly.Module | null> | null = null;

/** The module, compiled once per thread; null where this engine has no WebAssembly SIMD. */
function sha256Module(): Promise<WebAssembly.Module | null> {
  compiled ??= WebAssembly.compile(Uint8Array.from(atob(SHA256_WASM_BASE64), (c) => c.charCodeAt(0))).catch(() => null);
  return compiled;
}

/**
 * SHA-256 in this project's own WebAssembly (SIMD message schedule, unrolled rounds): in a Chromium worker it
 * took about 25% less CPU than hash-wasm's. hash-wasm's where the engine has no WebAssembly SIMD.
 */
export async function simdSha256(): Promise<ByteHasher> {
  const module = await sha256Module();
  if (!module) return wasmSha256();
  const wasm = (await WebAssembly.instantiate(module, { env: { abort: () => { throw new Error('the SHA-256 module aborted'); } } })).exports as unknown as Sha256Exports;
  wasm.reset();
  const input = wasm.input();
  const memory = new Uint8Array(wasm.memory.buffer);
  let held = 0;
  let total = 0;
  return {
    update(bytes) {
      total += bytes.length;
      for (let at = 0; at < bytes.length; ) {
        const take = Math.min(INPUT_BYTES - held, bytes.length - at);
        memory.set(bytes.subarray(at, at + take), input + held);
        held += take;
        at += take;
        if (held === INPUT_BYTES) {
          wasm.update(INPUT_BYTES / 64);
          held = 0;
        }
      }
    },
    digestHex() {
      // The padding: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number, to a whole block.
      const padded = Math.ceil((held + 9) / 64) * 64;
      memory.fill(0, input + held, input + padded);
      memory[input + held] = 0x80;
      const view = new DataView(wasm.memory.buffer);
      view.setUint32(input + padded - 8, Math.floor(total / 0x20000000));
      view.setUint32(input + padded - 4, (total % 0x20000000) * 8);
      wasm.update(padded / 64);
      let hex = '';
      for (let i = 0; i < 8; i++) hex += view.getUint32(wasm.state() + 4 * i, true).toString(16).padStart(8, '0');
      return hex;
    },
  };
}
