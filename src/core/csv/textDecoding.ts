import { InputError } from '../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Encoding from the byte-order mark; no mark means UTF-8 (the only encoding read without one). */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  return { encoding: 'utf-8', bom: false };
}

const countLines = (text: string, end: number): number => {
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
};

/** The first decode must be handed at least this many bytes (or the whole input): a NUL among them means binary. */
export const SNIFF_BYTES = 8192;

/**
 * Streaming decoder that refuses binary data and text that is not valid in its encoding, naming the
 * line of the first bad byte. `linesBefore` is the number of line breaks in the text decoded so far.
 */
export class StrictDecoder {
  private readonly decoder: TextDecoder;
  private linesBefore = 0;
  /** Bytes decoded so far, and those at their end that begin a character the next piece finishes. */
  private offset = 0;
  private pending = new Uint8Array(0);

  constructor(private readonly encoding: TextEncoding) {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  decode(bytes: Uint8Array | undefined, last: boolean): string {
    const first = this.offset === 0;
    if (bytes && this.encoding === 'utf-8') {
      const nul = bytes.indexOf(0);
      if (nul !== -1) {
        // A NUL among the first SNIFF_BYTES marks a binary file whatever else is wrong there; further on, a bad
        // byte before the NUL is the first problem. Either way the answer does not depend on how the input was cut.
        const before = bytes.subarray(0, nul);
        const text = first && nul < SNIFF_BYTES ? new TextDecoder('utf-8').decode(before) : this.strictDecode(before, false);
        throw new InputError('binary data (a NUL byte), not a CSV text file', this.linesBefore + countLines(text, text.length) + 1);
      }
    }
    const text = this.strictDecode(bytes, last);
    this.linesBefore += countLines(text, text.length);
    return text;
  }

  private strictDecode(bytes: Uint8Array | undefined, last: boolean): string {
    try {
      const text = this.decoder.decode(bytes, { stream: !last });
      if (bytes) this.holdUnfinished(bytes);
      return text;
    } catch {
      // The pending bytes go first, so a character cut between two pieces does not count as the bad one.
      const lenient = new TextDecoder(this.encoding).decode(bytes ? concat(this.pending, bytes) : this.pending);
      const bad = lenient.indexOf('\uFFFD');
      const line = this.linesBefore + countLines(lenient, bad === -1 ? lenient.length : bad) + 1;
      throw new InputError(`not valid ${this.encoding.toUpperCase()} text; save the file as UTF-8`, line);
    }
  }

  private holdUnfinished(bytes: Uint8Array): void {
    this.offset += bytes.length;
    const window = bytes.length >= 4 ? bytes.subarray(bytes.length - 4) : concat(this.pending, bytes).subarray(-4);
    const n = window.length;
    let held = 0;
    if (this.encoding === 'utf-8') {
      for (let k = 1; k <= Math.min(3, n); k++) {
        const b = window[n - k]!;
        if ((b & 0xc0) === 0x80) continue;
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        if (k < length) held = k;
        break;
      }
    } else {
      held = this.offset % 2;
      if (n - held >= 2) {
        const [first, second] = [window[n - held - 2]!, window[n - held - 1]!];
        const unit = this.encoding === 'utf-16le' ? first | (second << 8) : (first << 8) | second;
        if (unit >= 0xd800 && unit <= 0xdbff) held += 2;
      }
    }
    this.pending = window.slice(n - held);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
