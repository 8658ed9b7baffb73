import { constants, deflateRawSync } from 'node:zlib';
import { strToU8 } from 'fflate';

/** Zip files that lie, written byte by byte: for the tests of what a workspace import refuses. */

export interface Raw {
  name: string;
  /** The entry's data as stored in the archive (deflated when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  size: number;
  crc: number;
}

/** A zip file written byte by byte, so that sizes and data can say what a hostile file says. */
export function zipOf(entries: Raw[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let at = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.method, true);
    local.setUint32(14, e.crc, true);
    local.setUint32(18, e.data.byteLength, true);
    local.setUint32(22, e.size, true);
    local.setUint16(26, name.byteLength, true);
    const head = new DataView(new ArrayBuffer(46));
    head.setUint32(0, 0x02014b50, true);
    head.setUint16(4, 20, true);
    head.setUint16(6, 20, true);
    head.setUint16(10, e.method, true);
    head.setUint32(16, e.crc, true);
    head.setUint32(20, e.data.byteLength, true);
    head.setUint32(24, e.size, true);
    head.setUint16(28, name.byteLength, true);
    head.setUint32(42, at, true);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    central.push(new Uint8Array(head.buffer), name);
    at += 30 + name.byteLength + e.data.byteLength;
  }
  const centralBytes = central.reduce((n, c) => n + c.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralBytes, true);
  end.setUint32(16, at, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, c) => n + c.byteLength, 0));
  all.reduce((offset, c) => (out.set(c, offset), offset + c.byteLength), 0);
  return out;
}

export function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

export const MIB = 1 << 20;

/**
 * A true deflate stream of `mib` MiB of zeros, about 1 kB per MiB: one MiB deflated and ended with a full flush
 * (byte-aligned, no back-references across it), repeated, then a final empty block.
 */
export function deflatedZeros(mib: number): Uint8Array {
  const one = deflateRawSync(Buffer.alloc(MIB), { finishFlush: constants.Z_FULL_FLUSH });
  const out = new Uint8Array(one.byteLength * mib + 2);
  for (let i = 0; i < mib; i++) out.set(one, i * one.byteLength);
  out.set([0x03, 0x00], one.byteLength * mib);
  return out;
}

