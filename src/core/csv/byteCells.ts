/**
 * Cells read straight from UTF-8 bytes, for text without quotes: a plain decimal becomes its number with
 * no string made for it, and anything else is handed over as text to the rules of cells.ts.
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;

/** Where the last decimalPrefix stopped: the first byte it did not read as part of the number. */
export const scanned = { end: 0 };

/**
 * The value of bytes[start, end) when it is a plain decimal (sign, digits, point, exponent; no spaces),
 * the same double as Number(text). Digits that fit 53 bits with a power of ten of at most 22 take one
 * multiplication or division of two exact doubles, which rounds correctly (Clinger's fast path); up to
 * 19 digits over a power of ten of at most 17 go through wideDecimal. NaN when the text is anything
 * else, or a value neither path can prove: the caller then reads it as text, exactly as before.
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
  const digitsFrom = i;
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
    const from = i;
    // Two digits a step (10·c + d − 528 is their value): the double's multiply-add chain, which bounds
    // this loop, is half as long. Every partial sum is an integer below the whole mantissa, so it is exact
    // while that is under 2^53, as one digit a step was.
    for (let d = bytes[i + 1] as number; i + 1 < end && c >= 48 && c <= 57 && d >= 48 && d <= 57; d = bytes[i + 1] as number) {
      mantissa = mantissa * 100 + (c * 10 + d - 528);
      i += 2;
      c = bytes[i] as number;
    }
    if (i < end && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      c = bytes[++i] as number;
    }
    digits += i - from;
    scale -= i - from;
  }
  if (digits === 0) {
    scanned.end = i;
    return NaN;
  }
  const digitsTo = i;
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
  if (mantissa >= MAX_EXACT) return scale <= 0 && scale >= -MAX_WIDE_SCALE ? wideDecimal(bytes, digitsFrom, digitsTo, -scale, sign === 45) : NaN;
  if (scale < -22 || scale > 22) return NaN;
  const value = scale === 0 ? mantissa : scale > 0 ? mantissa * (POWERS_OF_TEN[scale] as number) : mantissa / (POWERS_OF_TEN[-scale] as number);
  return sign === 45 ? -value : value;
}

/** The most digits after the point wideDecimal takes: its residuals stay exact in doubles up to here (see there). */
const MAX_WIDE_SCALE = 17;

/** a·b = hi + lo exactly, for doubles whose product neither overflows nor underflows (Dekker; no fused multiply-add in JS). */
const product = { hi: 0, lo: 0 };
const SPLITTER = 134217729; // 2^27 + 1: splits a double into two halves of 26 bits (Veltkamp)

function exactProduct(a: number, b: number): void {
  const p = a * b;
  let c = SPLITTER * a;
  const aHigh = c - (c - a);
  const aLow = a - aHigh;
  c = SPLITTER * b;
  const bHigh = c - (c - b);
  const bLow = b - bHigh;
  product.hi = p;
  product.lo = aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * A decimal of 16 to 19 significant digits (m ≥ 2^53, so its digits no longer fit a double exactly) over
 * 10^k, k ≤ 17: the nearest double to m / 10^k, or NaN when it cannot prove which double that is (a
 * tie, a power of two, more digits). The digits are read again into m = high·10^r + low, held exactly
 * as two doubles mHigh + mLow. A candidate d = mHigh / 10^k is refined once by its residual
 * m − d·10^k, which is computed exactly: d·10^k as two doubles (exactProduct), mHigh − its high part
 * exactly (they are within a factor of two), and every term is a multiple of min(1, ulp(d)·2^k / 2)
 * no larger than 2^-48·m, which for k ≤ 17 is under 2^53 such multiples. d is the nearest double
 * exactly when its residual is smaller than half the gap to its neighbour (ulp(d)·10^k / 2, half
 * that below a power of two); equal (a tie) is left to Number().
 */
function wideDecimal(bytes: Uint8Array, from: number, to: number, k: number, negative: boolean): number {
  let high = 0;
  let low = 0;
  let lowScale = 1;
  for (let i = from; i < to; i++) {
    const c = bytes[i] as number;
    if (c === 46) continue;
    // The first 15 significant digits (under 2^53 with room for one more step) in high, the rest in low.
    if (high < 1e14) high = high * 10 + (c - 48);
    else {
      low = low * 10 + (c - 48);
      lowScale *= 10;
    }
  }
  if (lowScale > 1e4) return NaN;
  exactProduct(high, lowScale);
  // |product.lo| ≤ 2^10 and low < 10^4 are integers: their sum is exact; then Fast2Sum (|hi| is the larger).
  const tail = product.lo + low;
  const mHigh = product.hi + tail;
  const mLow = tail - (mHigh - product.hi);
  if (k === 0) return negative ? -mHigh : mHigh;
  const power = POWERS_OF_TEN[k] as number;
  let d = mHigh / power;
  exactProduct(d, power);
  let residual = mHigh - product.hi + mLow - product.lo;
  const refined = d + residual / power;
  if (refined !== d) {
    d = refined;
    exactProduct(d, power);
    residual = mHigh - product.hi + mLow - product.lo;
  }
  bits[0] = d;
  const high32 = words[HIGH] as number;
  const exponent = (high32 >>> 20) & 0x7ff;
  if (exponent <= 53 || exponent === 0x7ff) return NaN;
  const powerOfTwo = (high32 & 0xfffff) === 0 && words[1 - HIGH] === 0;
  words[HIGH] = (exponent - 52) << 20;
  words[1 - HIGH] = 0;
  const halfGap = (bits[0] as number) * power * 0.5;
  const limit = residual < 0 && powerOfTwo ? halfGap * 0.5 : halfGap;
  if (!(Math.abs(residual) < limit)) return NaN;
  return negative ? -d : d;
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
