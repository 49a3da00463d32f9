#include "CarecapNormal.h"
#include "exp_core.h"
#include <string.h>

#include "ziggurat_tables.h"

// Every product and sum rounded on its own, so that every compiler and CPU computes the same bits.
#pragma clang fp contract(off)

static inline uint64_t rotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t nextWord(carecap_rng *rng) {
    uint64_t *s = rng->state;
    const uint64_t result = rotateLeft(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotateLeft(s[3], 45);
    return result;
}

void carecap_rng_seed(carecap_rng *rng, uint64_t seed) {
    uint64_t z = seed;
    for (int i = 0; i < 4; i++) {
        z += 0x9E3779B97F4A7C15ULL;
        uint64_t m = z;
        m = (m ^ (m >> 30)) * 0xBF58476D1CE4E5B9ULL;
        m = (m ^ (m >> 27)) * 0x94D049BB133111EBULL;
        rng->state[i] = m ^ (m >> 31);
    }
    // SplitMix64 is a bijection of its counter, so four outputs are all zero for no seed; kept as a guard.
    if ((rng->state[0] | rng->state[1] | rng->state[2] | rng->state[3]) == 0) rng->state[0] = 1;
}

uint64_t carecap_rng_next(carecap_rng *rng) { return nextWord(rng); }

static inline double uniform(carecap_rng *rng) { return (double)(nextWord(rng) >> 11) * 0x1p-53; }

double carecap_rng_uniform(carecap_rng *rng) { return uniform(rng); }

// ln u for u in (0, 1] (a normal double): u = m · 2^e with m in [√½, √2), s = (m − 1) / (m + 1) (m − 1
// exact), ln m = 2 atanh s = 2s + 2s·s²·(1/3 + s²/5 + … + s^20/23) with |s| ≤ 0.1716 (the next term,
// s^25/25, is below 1e-19 of ln m), ln 2 split in two as in carecap_exp. Within a few ulp; used only for
// the tail beyond r, one number in 3,900.
static double logOfUnit(double u) {
    uint64_t bits;
    memcpy(&bits, &u, sizeof bits);
    int64_t e = (int64_t)((bits >> 52) & 0x7ff) - 1023;
    bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    memcpy(&m, &bits, sizeof m);
    if (m > 0x1.6a09e667f3bcdp0) {
        m *= 0.5;
        e += 1;
    }
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    const double lnM = 2.0 * s + 2.0 * s * (s2 * p);
    const double k = (double)e;
    return k * carecapLn2Hi + (k * carecapLn2Lo + lnM);
}

static inline double withSignOf(double x, uint64_t word) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits ^= (word & 256) << 55;
    memcpy(&x, &bits, sizeof x);
    return x;
}

// The rare cases: the wedge of a layer (accepted under the curve) and the tail beyond r (Marsaglia 1964:
// x = −ln(U1) / r, y = −ln(U2) until 2y > x², then r + x). On rejection the whole draw starts again.
static double normalSlow(carecap_rng *rng, uint64_t word) {
    for (;;) {
        const unsigned layer = (unsigned)(word & (ZIGGURAT_LAYERS - 1));
        const uint64_t j = word >> 11;
        const double x = (double)(int64_t)j * zigguratW[layer];
        if (j < zigguratK[layer]) return withSignOf(x, word);
        if (layer == 0) {
            double t, y;
            do {
                t = -logOfUnit((double)((nextWord(rng) >> 11) + 1) * 0x1p-53) * zigguratInverseR;
                y = -logOfUnit((double)((nextWord(rng) >> 11) + 1) * 0x1p-53);
            } while (y + y < t * t);
            return withSignOf(zigguratR + t, word);
        }
        const double below = zigguratF[layer], above = zigguratF[layer - 1];
        if (below + uniform(rng) * (above - below) < carecap_exp_core(-0.5 * x * x)) return withSignOf(x, word);
        word = nextWord(rng);
    }
}

void carecap_normals(carecap_rng *rng, double *out, ptrdiff_t count) { carecap_normals_strided(rng, out, count, 1); }

// The generator's state in a local copy for the fast path, written back only around the rare slow path (which
// draws from the generator itself) and at the end: through the pointer, every number loaded and stored the four
// words, and each step waited on the store of the one before (store-to-load forwarding on the critical path).
// The same words in the same order, so the same numbers.
void carecap_normals_strided(carecap_rng *rng, double *out, ptrdiff_t count, ptrdiff_t stride) {
    carecap_rng local = *rng;
    for (ptrdiff_t i = 0; i < count; i++) {
        const uint64_t word = nextWord(&local);
        const unsigned layer = (unsigned)(word & (ZIGGURAT_LAYERS - 1));
        const uint64_t j = word >> 11;
        if (__builtin_expect(j < zigguratK[layer], 1)) {
            out[i * stride] = withSignOf((double)(int64_t)j * zigguratW[layer], word);
        } else {
            *rng = local;
            out[i * stride] = normalSlow(rng, word);
            local = *rng;
        }
    }
    *rng = local;
}
