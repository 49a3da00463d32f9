#include "CarecapFixedPoint.h"

#include <string.h>

// Contraction off: value × scale is rounded before 1.5·2⁵² is added, as Swift does (no fused multiply-add).
#pragma clang fp contract(off)

static inline uint64_t bits(double v) {
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u;
}

// Swift's max(0, v): `v >= 0 ? v : 0` (NaN gives 0, −0.0 stays −0.0).
static inline double nonnegative(double v) { return v >= 0 ? v : 0; }

// x + 1.5·2⁵² for |x| < 2⁵⁰ lies in [2⁵², 2⁵³), where doubles are the integers: the addition rounds x to an
// integer (ties to even) and the sum's bit pattern less 1.5·2⁵²'s is that integer, in two's complement.
// `outside` collects |x| ≥ 2⁵⁰ and NaN (a comparison with NaN is false) without a branch, so the loop vectorizes.
#define FIXED_POINT_ROW(expression)                                                                  \
    do {                                                                                             \
        const double magic = 0x1.8p52;                                                               \
        const uint64_t magicBits = 0x4338000000000000u;                                              \
        uint64_t outside = 0;                                                                        \
        for (ptrdiff_t i = 0; i < count; i++) {                                                      \
            const double x = (expression) * scale;                                                   \
            outside |= !(__builtin_fabs(x) < 0x1p50);                                                \
            into[i] = (int64_t)(bits(x + magic) - magicBits);                                        \
        }                                                                                            \
        return outside != 0;                                                                         \
    } while (0)

__attribute__((target_clones("avx2", "default")))
ptrdiff_t carecap_fixed_point(int64_t *restrict into, const double *restrict values, double scale, ptrdiff_t count) {
    FIXED_POINT_ROW(values[i]);
}

__attribute__((target_clones("avx2", "default")))
ptrdiff_t carecap_fixed_point_shortfall(int64_t *restrict into, const double *restrict values, double supply,
                                        double scale, ptrdiff_t count) {
    FIXED_POINT_ROW(nonnegative(values[i] - supply));
}

#undef FIXED_POINT_ROW

// The same conversion added into sums (or stored there) in the one pass: x + 1.5·2⁵²'s bits less 1.5·2⁵²'s, added
// with wrapping. Taking back subtracts what a pass with the same operands added (the same operations give the same
// bits), so that a caller can undo a pass that met a value outside ±2⁵⁰.
#define ADD_FIXED_POINT_ROW(expression)                                                              \
    do {                                                                                             \
        const double magic = 0x1.8p52;                                                               \
        const uint64_t magicBits = 0x4338000000000000u;                                              \
        uint64_t outside = 0;                                                                        \
        if (mode == carecap_fixed_point_store) {                                                     \
            for (ptrdiff_t i = 0; i < count; i++) {                                                  \
                const double x = (expression) * scale;                                               \
                outside |= !(__builtin_fabs(x) < 0x1p50);                                            \
                to[i] = (int64_t)(bits(x + magic) - magicBits);                                      \
            }                                                                                        \
        } else if (mode == carecap_fixed_point_add) {                                                \
            for (ptrdiff_t i = 0; i < count; i++) {                                                  \
                const double x = (expression) * scale;                                               \
                outside |= !(__builtin_fabs(x) < 0x1p50);                                            \
                to[i] = (int64_t)((uint64_t)to[i] + (bits(x + magic) - magicBits));                  \
            }                                                                                        \
        } else {                                                                                     \
            for (ptrdiff_t i = 0; i < count; i++) {                                                  \
                const double x = (expression) * scale;                                               \
                to[i] = (int64_t)((uint64_t)to[i] - (bits(x + magic) - magicBits));                  \
            }                                                                                        \
        }                                                                                            \
        return outside != 0;                                                                         \
    } while (0)

__attribute__((target_clones("avx2", "default")))
ptrdiff_t carecap_add_fixed_point(int64_t *restrict to, const double *restrict values, double scale, ptrdiff_t count,
                                  carecap_fixed_point_mode mode) {
    ADD_FIXED_POINT_ROW(values[i]);
}

__attribute__((target_clones("avx2", "default")))
ptrdiff_t carecap_add_fixed_point_shortfall(int64_t *restrict to, const double *restrict values, double supply,
                                            double scale, ptrdiff_t count, carecap_fixed_point_mode mode) {
    ADD_FIXED_POINT_ROW(nonnegative(values[i] - supply));
}

#undef ADD_FIXED_POINT_ROW

// Unsigned addition wraps (signed overflow would be undefined): the same bits as Swift's &+.
__attribute__((target_clones("avx2", "default")))
void carecap_add_int64(int64_t *restrict to, const int64_t *restrict from, ptrdiff_t count) {
    for (ptrdiff_t i = 0; i < count; i++) to[i] = (int64_t)((uint64_t)to[i] + (uint64_t)from[i]);
}

__attribute__((target_clones("avx2", "default")))
void carecap_add_int64_constant(int64_t *restrict to, int64_t value, ptrdiff_t count) {
    const uint64_t v = (uint64_t)value;
    for (ptrdiff_t i = 0; i < count; i++) to[i] = (int64_t)((uint64_t)to[i] + v);
}

/// The draws with no shortfall: how many values[d] − supply are not above 1e-9 (NaN counts as met, as Swift's
/// `v − s > 1e-9 ? 0 : 1`), without a branch per value.
__attribute__((target_clones("avx2", "default")))
ptrdiff_t carecap_count_met(const double *restrict values, double supply, ptrdiff_t count) {
    ptrdiff_t met = 0;
    for (ptrdiff_t d = 0; d < count; d++) met += !(values[d] - supply > 1e-9);
    return met;
}

// Exact when every |from[i]| < 2⁵³ (then the conversion rounds nothing); the caller checks the result.
__attribute__((target_clones("avx512f", "avx2", "default")))
ptrdiff_t carecap_int64_to_double(double *restrict into, const int64_t *restrict from, ptrdiff_t count) {
    uint64_t outside = 0;
    for (ptrdiff_t i = 0; i < count; i++) {
        const int64_t v = from[i];
        outside |= ((uint64_t)v + ((uint64_t)1 << 53)) >> 54;   // v outside [−2⁵³, 2⁵³): v + 2⁵³ (mod 2⁶⁴) ≥ 2⁵⁴
        into[i] = (double)v;
    }
    return outside == 0;
}
