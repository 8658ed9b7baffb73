"""Samples that test/unit/drift/samples.ts reproduces bit for bit.

Large samples are stored as a spec (seed, size, shape) instead of their values. Only a 32-bit LCG,
+ - * / and floor are used: IEEE arithmetic gives the same doubles in Python and JavaScript, while
log/exp/sqrt could differ in the last bit between libm and V8.
"""
import math

TWO32 = 4294967296.0


class Lcg:
    """Numerical Recipes' LCG; u = state / 2^32 in [0, 1)."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return self.state / TWO32


def sample(spec):
    """Values of a spec {seed, n, shape, loc, scale, levels?, step?} in generation order."""
    rng = Lcg(spec['seed'])
    shape = spec['shape']
    loc = float(spec.get('loc', 0.0))
    scale = float(spec.get('scale', 1.0))
    step = spec.get('step')
    out = []
    for _ in range(spec['n']):
        if shape == 'uniform':
            base = rng.next()
        elif shape == 'normal':
            # Irwin-Hall of 4 uniforms, centred: bell-shaped on (-2, 2).
            base = rng.next() + rng.next() + rng.next() + rng.next() - 2.0
        elif shape == 'square':
            u = rng.next()
            base = u * u
        elif shape == 'int':
            base = float(math.floor(rng.next() * spec['levels']))
        else:
            raise ValueError(shape)
        value = loc + scale * base
        if step is not None:
            value = math.floor(value / step) * step
        out.append(value)
    return out


def checksum(values):
    """Plain left-to-right sum, as the TS test adds them, to catch a generator that drifted apart."""
    total = 0.0
    for v in values:
        total += v
    return total
