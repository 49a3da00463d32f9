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

// The sign is the word's bit just above the layer's bits (bit 10), moved to the double's sign bit.
static inline double withSignOf(double x, uint64_t word) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits ^= (word & ZIGGURAT_LAYERS) << (63 - ZIGGURAT_LAYER_BITS);
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

// SplitMix64's finaliser of base + (stream + 1) × the golden ratio (RandomStream.seed(base:stream:)); 0 is moved
// to 4357, as when GSL's mt19937 (where 0 selected its default seed) made the streams.
uint64_t carecap_stream_seed(uint64_t base, uint64_t stream) {
    uint64_t z = base + (stream + 1) * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return z == 0 ? 4357 : z;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#define CARECAP_NORMALS_AVX512 1
static int vectorNormals;
__attribute__((constructor)) static void detect_vector_normals(void) {
    __builtin_cpu_init();
    vectorNormals = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
}

// Eight streams at once, one per lane: each lane steps its own xoshiro256++ state and takes the ziggurat's fast
// path with the same operations as the scalar loop (the layer's k and w gathered, j converted exactly, one
// multiplication, the sign's bit), so lane c's numbers are carecap_normals_strided's for rngs[c]. A lane that
// misses the fast path (0.43%) is finished by normalSlow on that lane's state alone, taken out of the vectors
// and put back. out[i × stride + c] for c < 8.
__attribute__((target("avx512f,avx512dq")))
static void normals_eight(carecap_rng *rngs, double *out, ptrdiff_t count, ptrdiff_t stride) {
    uint64_t st[4][8];
    for (int c = 0; c < 8; c++)
        for (int w = 0; w < 4; w++) st[w][c] = rngs[c].state[w];
    __m512i s0 = _mm512_loadu_si512(st[0]), s1 = _mm512_loadu_si512(st[1]);
    __m512i s2 = _mm512_loadu_si512(st[2]), s3 = _mm512_loadu_si512(st[3]);
    const __m512i layerMask = _mm512_set1_epi64(ZIGGURAT_LAYERS - 1), signBit = _mm512_set1_epi64(ZIGGURAT_LAYERS);
    for (ptrdiff_t i = 0; i < count; i++) {
        const __m512i word = _mm512_add_epi64(_mm512_rol_epi64(_mm512_add_epi64(s0, s3), 23), s0);
        const __m512i t = _mm512_slli_epi64(s1, 17);
        s2 = _mm512_xor_si512(s2, s0);
        s3 = _mm512_xor_si512(s3, s1);
        s1 = _mm512_xor_si512(s1, s2);
        s0 = _mm512_xor_si512(s0, s3);
        s2 = _mm512_xor_si512(s2, t);
        s3 = _mm512_rol_epi64(s3, 45);
        const __m512i layer = _mm512_and_si512(word, layerMask);
        const __m512i j = _mm512_srli_epi64(word, 11);
        // Both gathers in assembly, their all-lanes mask moved in from a general register: with the intrinsics the
        // compiler makes that mask by kxnor of the mask register it also gives `fast`, a false dependency that
        // chains each gather to the previous row's comparison (measured: about 4 times slower).
        __m512i k = _mm512_setzero_si512();
        __m512d w = _mm512_setzero_pd();
        __asm__("kmovb %k[ones], %%k1\n\t"
                "vpgatherqq (%[kTable],%[index],8), %[k]%{%%k1%}\n\t"
                "kmovb %k[ones], %%k1\n\t"
                "vgatherqpd (%[wTable],%[index],8), %[w]%{%%k1%}"
                : [k] "+&v"(k), [w] "+&v"(w)
                : [index] "v"(layer), [kTable] "r"(zigguratK), [wTable] "r"(zigguratW), [ones] "r"(0xff)
                : "k1", "memory");
        const __mmask8 fast = _mm512_cmplt_epu64_mask(j, k);
        // j < 2^53: the conversion is exact, as (double)(int64_t)j.
        __m512d x = _mm512_mul_pd(_mm512_cvtepi64_pd(j), w);
        const __m512i sign = _mm512_slli_epi64(_mm512_and_si512(word, signBit), 63 - ZIGGURAT_LAYER_BITS);
        x = _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(x), sign));
        double *row = out + i * stride;
        _mm512_storeu_pd(row, x);
        if (__builtin_expect(fast != 0xff, 0)) {
            uint64_t words[8];
            _mm512_storeu_si512(words, word);
            _mm512_storeu_si512(st[0], s0);
            _mm512_storeu_si512(st[1], s1);
            _mm512_storeu_si512(st[2], s2);
            _mm512_storeu_si512(st[3], s3);
            for (int c = 0; c < 8; c++) {
                if (fast & (1u << c)) continue;
                carecap_rng lane = {{st[0][c], st[1][c], st[2][c], st[3][c]}};
                row[c] = normalSlow(&lane, words[c]);
                for (int w = 0; w < 4; w++) st[w][c] = lane.state[w];
            }
            s0 = _mm512_loadu_si512(st[0]);
            s1 = _mm512_loadu_si512(st[1]);
            s2 = _mm512_loadu_si512(st[2]);
            s3 = _mm512_loadu_si512(st[3]);
        }
    }
    _mm512_storeu_si512(st[0], s0);
    _mm512_storeu_si512(st[1], s1);
    _mm512_storeu_si512(st[2], s2);
    _mm512_storeu_si512(st[3], s3);
    for (int c = 0; c < 8; c++)
        for (int w = 0; w < 4; w++) rngs[c].state[w] = st[w][c];
}
#else
#define CARECAP_NORMALS_AVX512 0
#endif

int carecap_stream_normals_vectorised(int allowed) {
#if CARECAP_NORMALS_AVX512
    static int forbidden;
    if (allowed >= 0) __atomic_store_n(&forbidden, !allowed, __ATOMIC_RELAXED);
    return vectorNormals && !__atomic_load_n(&forbidden, __ATOMIC_RELAXED);
#else
    (void)allowed;
    return 0;
#endif
}

void carecap_stream_normals(uint64_t base, uint64_t firstStream, ptrdiff_t width, double *out, ptrdiff_t count,
                            ptrdiff_t stride) {
    ptrdiff_t c = 0;
#if CARECAP_NORMALS_AVX512
    if (carecap_stream_normals_vectorised(-1)) {
        for (; c + 8 <= width; c += 8) {
            carecap_rng rngs[8];
            for (int k = 0; k < 8; k++) carecap_rng_seed(&rngs[k], carecap_stream_seed(base, firstStream + (uint64_t)(c + k)));
            normals_eight(rngs, out + c, count, stride);
        }
    }
#endif
    for (; c < width; c++) {
        carecap_rng rng;
        carecap_rng_seed(&rng, carecap_stream_seed(base, firstStream + (uint64_t)c));
        carecap_normals_strided(&rng, out + c, count, stride);
    }
}
