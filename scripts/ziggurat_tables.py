#!/usr/bin/env python3
"""Writes Sources/CSurvival/ziggurat_tables.h: the ziggurat for the standard normal of Marsaglia and Tsang
(2000), "The Ziggurat Method for Generating Random Variables", Journal of Statistical Software 5(8), section
4 and its routine zigset, with 1,024 layers instead of 128 and 53-bit integers instead of 32-bit ones. With
1,024 layers 99.57% of numbers take the fast path (one word, one multiplication), against 98.5% with 256 and
97.2% with 128: the other numbers cost about 35 ns each (an exp in the wedge test, two mispredicted branches),
which once the fast path runs eight streams at a time (carecap_stream_normals) was most of the normals' time.
A word gives the layer (its low 10 bits), the sign (bit 10) and the abscissa (bits 11-63).

Computed here in 60-digit decimal arithmetic. r, the right edge of the base strip, is solved (by bisection)
so that the layers close: with v(r) = r f(r) + the integral of f from r to infinity (the area of each layer
under f(x) = exp(-x^2/2)), the recursion below reaches a top layer of area v to 1e-20. (For 128 layers the
paper gives r = 3.442619855899, v = 9.91256303526217e-3, whose top layer is off by 1.2e-9 of v; this
script with LAYERS = 128 finds r = 3.44261985589665.) The doubles are
written as hexadecimal literals, so that every compiler and CPU reads the same bits.

    x[n-1] = r, x[i] = sqrt(-2 ln(v / x[i+1] + f(x[i+1]))) for i = n-2 ... 1, x[0] = 0 (n layers)
    layer i (1 ... n-1): the rectangle [0, x[i]] x [f(x[i]), f(x[i-1])]; layer 0: the base strip
    [0, r] x [0, f(r)] and the tail beyond r, drawn as a rectangle of width q = v / f(r)
    w[i] = x[i] / 2^53 (w[0] = q / 2^53): a 53-bit integer j gives x = j * w[i] in [0, x[i])
    k[i] = floor(2^53 * x[i-1] / x[i]) (k[0] = floor(2^53 * r / q), k[1] = 0): j < k[i] means x lies
    left of x[i-1], the right edge of the narrower layer above, so under the curve for sure
    f[i] = f(x[i]) (f[0] = 1)

Run: python3 scripts/ziggurat_tables.py > Sources/CSurvival/ziggurat_tables.h
"""
from decimal import Decimal, getcontext

getcontext().prec = 60
LAYERS = 1024
LAYER_BITS = LAYERS.bit_length() - 1
assert 1 << LAYER_BITS == LAYERS and LAYER_BITS <= 10  # the sign bit and the layer's must lie below bit 11
PI = Decimal("3.14159265358979323846264338327950288419716939937510582097494")
M = Decimal(2) ** 53


def f(x):
    return (-x * x / 2).exp()


def erfc(x):
    """1 - erf(x), erf by its Taylor series (alternating; 60 digits leave about 55 at x = 2.43)."""
    total, power, n = Decimal(0), x, 0
    while True:
        term = power / (2 * n + 1)
        total += term
        if abs(term) < Decimal(10) ** -58:
            return 1 - 2 / PI.sqrt() * total
        n += 1
        power = -power * x * x / n


def layer_area(r):
    return r * f(r) + (PI / 2).sqrt() * erfc(r / Decimal(2).sqrt())


def top_excess(r):
    """The top layer's area minus v when the base's edge is r; negative (or None: no room) if r is too small."""
    v, edge = layer_area(r), r
    for _ in range(LAYERS - 2):
        a = v / edge + f(edge)
        if a >= 1:
            return None
        edge = (-2 * a.ln()).sqrt()
    return edge * (1 - f(edge)) - v


low, high = Decimal(3), Decimal(5)
for _ in range(80):
    middle = (low + high) / 2
    excess = top_excess(middle)
    if excess is None or excess < 0:
        low = middle
    else:
        high = middle
R = low
V = layer_area(R)

x = [Decimal(0)] * LAYERS
x[LAYERS - 1] = R
for i in range(LAYERS - 2, 0, -1):
    x[i] = (-2 * (V / x[i + 1] + f(x[i + 1])).ln()).sqrt()
q = V / f(R)
w = [q / M] + [x[i] / M for i in range(1, LAYERS)]
k = [int((R / q) * M), 0] + [int(x[i - 1] / x[i] * M) for i in range(2, LAYERS)]
fs = [Decimal(1)] + [f(x[i]) for i in range(1, LAYERS)]
fast = sum(Decimal(v) for v in k) / M / LAYERS
# The top layer's area by the recursion, against v: how far the paper's r and v are from exact.
top = x[1] * (1 - f(x[1]))

print(f"// Written by scripts/ziggurat_tables.py; do not edit. The ziggurat of Marsaglia and Tsang (2000) for the")
print(f"// standard normal with {LAYERS} layers and 53-bit integers (the script says how each table is defined).")
print(f"// The fast path (j < k[i]) takes {float(fast):.4%} of numbers.")
print(f"#define ZIGGURAT_LAYERS {LAYERS}")
print(f"// The layer is the word's low {LAYER_BITS} bits, the sign its bit {LAYER_BITS}.")
print(f"#define ZIGGURAT_LAYER_BITS {LAYER_BITS}")
print(f"// r = {R:.25f}, v = {V:.25f}; the top layer's area is v to {float(abs(top - V) / V):.1g} of v.")
print(f"static const double zigguratR = {float(R).hex()};")
print(f"static const double zigguratInverseR = {float(1 / R).hex()};")
for name, values in (("zigguratW", w), ("zigguratF", fs)):
    print(f"static const double {name}[{LAYERS}] = {{")
    for start in range(0, LAYERS, 4):
        print("    " + ", ".join(float(v).hex() for v in values[start:start + 4]) + ",")
    print("};")
print(f"static const uint64_t zigguratK[{LAYERS}] = {{")
for start in range(0, LAYERS, 4):
    print("    " + ", ".join(f"{v}ULL" for v in k[start:start + 4]) + ",")
print("};")
