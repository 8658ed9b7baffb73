/**
 * numpy's legacy `RandomState` (numpy 1.24), the part scikit-learn's `permutation_importance` draws from:
 * MT19937 seeded by `init_genrand` for an integer seed, `randint(high)` by masked rejection, and
 * `shuffle` of a 1-D array by `random_interval` (masked rejection from the top index down). Reproducing it
 * draw for draw makes our seed mean what scikit-learn's `random_state` means.
 */

const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

/** The smallest all-ones bit mask covering `max` (max < 2^32). */
function maskOf(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

export class NumpyRandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;

  /** `np.random.RandomState(seed)` for an integer seed in [0, 2^32). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`the seed must be a whole number from 0 to 4294967295, not ${seed}`);
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
  }

  private regenerate(): void {
    const key = this.key;
    for (let i = 0; i < N; i++) {
      const y = (key[i]! & UPPER) | (key[(i + 1) % N]! & LOWER);
      key[i] = key[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.pos = 0;
  }

  /** The next 32-bit output (`genrand_int32`). */
  nextUint32(): number {
    if (this.pos === N) this.regenerate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `randint(high)` for 0 < high <= 2^32: an integer in [0, high), drawn as the legacy masked method does. */
  randint(high: number): number {
    if (!Number.isInteger(high) || high < 1 || high > 2 ** 32) throw new RangeError(`randint needs a whole number from 1 to 2^32, not ${high}`);
    const max = high - 1;
    if (max === 0) return 0;
    if (max === 0xffffffff) return this.nextUint32();
    const mask = maskOf(max);
    let value: number;
    while ((value = (this.nextUint32() & mask) >>> 0) > max);
    return value;
  }

  /** `random_interval(max)`: an integer in [0, max], max < 2^32. */
  interval(max: number): number {
    if (max === 0) return 0;
    const mask = maskOf(max);
    let value: number;
    while ((value = (this.nextUint32() & mask) >>> 0) > max);
    return value;
  }

  /** `shuffle(x)` of a 1-D array, in place. */
  shuffle<T extends { length: number; [i: number]: number }>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const v = values[i]!;
      values[i] = values[j]!;
      values[j] = v;
    }
    return values;
  }
}
