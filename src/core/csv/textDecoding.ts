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

/**
 * Streaming decoder that refuses binary data and text that is not valid in its encoding, naming the
 * line of the first bad byte. `linesBefore` is the number of line breaks in the text decoded so far.
 */
export class StrictDecoder {
  private readonly decoder: TextDecoder;
  private linesBefore = 0;

  constructor(private readonly encoding: TextEncoding) {
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  decode(bytes: Uint8Array | undefined, last: boolean): string {
    if (bytes && this.encoding === 'utf-8') {
      const nul = bytes.indexOf(0);
      if (nul !== -1) {
        const text = new TextDecoder('utf-8').decode(bytes.subarray(0, nul));
        throw new InputError('binary data (a NUL byte), not a CSV text file', this.linesBefore + countLines(text, text.length) + 1);
      }
    }
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: !last });
    } catch {
      const lenient = new TextDecoder(this.encoding).decode(bytes);
      const bad = lenient.indexOf('\uFFFD');
      const line = this.linesBefore + countLines(lenient, bad === -1 ? lenient.length : bad) + 1;
      throw new InputError(`not valid ${this.encoding.toUpperCase()} text; save the file as UTF-8`, line);
    }
    this.linesBefore += countLines(text, text.length);
    return text;
  }
}
