/**
 * Cells read straight from UTF-8 bytes, for text without quotes: a plain decimal becomes its number with
 * no string made for it, and anything else is handed over as text to the rules of cells.ts.
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;

/** Where the last decimalPrefix stopped: the first byte it did not read as part of the number. */
export const scanned = { end: 0 };

/**
 * The value of bytes[start, end) when it is a plain decimal (sign, digits, point, exponent; no spaces)
 * whose digits fit 53 bits and whose power of ten is at most 22: then one multiplication or division of
 * two exact doubles gives the correctly rounded result, the same double as Number(text) (Clinger's fast
 * path). NaN when the text is anything else: the caller then reads it as text, exactly as before.
 */
export function plainDecimal(bytes: Uint8Array, start: number, end: number): number {
  const value = decimalPrefix(bytes, start, end);
  return scanned.end === end ? value : NaN;
}

/**
 * The plain decimal that starts bytes[start, end), read as far as it goes (scanned.end says where it
 * stopped), so a cell is found and read in one pass: when it stops at the cell's end, the value is
 * plainDecimal's for the cell. NaN under the same conditions as plainDecimal.
 */
export function decimalPrefix(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const sign = bytes[i];
  if (sign === 45 || sign === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = bytes[i] as number;
  while (i < end && c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = bytes[++i] as number;
  }
  if (i < end && c === 46) {
    c = bytes[++i] as number;
    while (i < end && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale--;
      c = bytes[++i] as number;
    }
  }
  if (digits === 0) {
    scanned.end = i;
    return NaN;
  }
  if (i < end && (c | 32) === 101) {
    c = bytes[++i] as number;
    const negative = c === 45;
    if (c === 45 || c === 43) c = bytes[++i] as number;
    let exponent = 0;
    const first = i;
    while (i < end && c >= 48 && c <= 57 && exponent < 1000) {
      exponent = exponent * 10 + (c - 48);
      c = bytes[++i] as number;
    }
    if (i === first) {
      scanned.end = i;
      return NaN;
    }
    scale += negative ? -exponent : exponent;
  }
  scanned.end = i;
  if (mantissa >= MAX_EXACT || scale < -22 || scale > 22) return NaN;
  const value = scale === 0 ? mantissa : scale > 0 ? mantissa * (POWERS_OF_TEN[scale] as number) : mantissa / (POWERS_OF_TEN[-scale] as number);
  return sign === 45 ? -value : value;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** bytes[start, end) as text; null when they are not valid UTF-8. ASCII, the common case, skips the decoder. */
export function textOf(bytes: Uint8Array, start: number, end: number): string | null {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii && end - start <= 64) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    return null;
  }
}
