#include "CSurvival.h"

#include <stdint.h>
#include <string.h>

// Swift's max(0, v) is `v >= 0 ? v : 0`; contraction off keeps every product and sum rounded as Swift does.
#pragma clang fp contract(off)

static inline double nonnegative(double v) { return v >= 0 ? v : 0; }

// Columns kept in registers through a pass over the ages (carecap_survive_sex, carecap_births), per instruction
// set: as many as its vector registers hold for the quantities kept (a column's factor, half and sum) without
// spilling (measured: 32 with AVX-512, 8 with AVX2, 2 with SSE2). TILE is the largest.
#define TILE 32
#ifndef TILE_AVX512
#define TILE_AVX512 32
#endif
#ifndef TILE_AVX2
#define TILE_AVX2 8
#endif
#ifndef TILE_BASE
#define TILE_BASE 2
#endif

// The other functions are compiled three times (AVX-512, AVX2 and the baseline) and chosen at load by the CPU
// (ifunc): the same IEEE operations in the same order per column whatever the vector width, so the same bits.
#define CLONED __attribute__((target_clones("avx512f", "avx2", "default")))

// The tiled loops differ by instruction set in their tile (target_clones compiles one body for all), so they are
// three functions chosen at the call from the CPU's features, read once at load.
// `level`: 2 AVX-512, 1 AVX2, 0 the baseline (tests lower it with carecap_kernel_instruction_set).
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define CAREACAP_X86_DISPATCH 1
static int supported, level;
__attribute__((constructor)) static void detect_features(void) {
    __builtin_cpu_init();
    supported = __builtin_cpu_supports("avx512f") ? 2 : __builtin_cpu_supports("avx2") ? 1 : 0;
    __atomic_store_n(&level, supported, __ATOMIC_RELAXED);
}
#define has_avx512 (__atomic_load_n(&level, __ATOMIC_RELAXED) == 2)
#define has_avx2 (__atomic_load_n(&level, __ATOMIC_RELAXED) >= 1)
#else
#define CAREACAP_X86_DISPATCH 0
#endif

int carecap_kernel_instruction_set(int requested) {
#if CAREACAP_X86_DISPATCH
    if (requested >= 0) __atomic_store_n(&level, requested < supported ? requested : supported, __ATOMIC_RELAXED);
    return __atomic_load_n(&level, __ATOMIC_RELAXED);
#else
    (void)requested;
    return 0;
#endif
}

// The largest death probability 1 − S[x] of ages 1...ages − 1 (0 when none is positive), or +infinity when one is
// NaN. Taken as the largest bit pattern read as a signed integer, which orders the doubles ≥ +0.0 as their values
// (and puts the negative ones below +0.0's zero): a reduction the compiler vectorises, where the comparison of
// doubles with an early return for NaN ran one age at a time (a call per step and sex: about 2% of a national run).
static inline double largestDeathProbability(const double *restrict survival, ptrdiff_t ages) {
    int64_t largest = 0;
    int nan = 0;
    for (ptrdiff_t x = 1; x < ages; x++) {
        const double q = 1 - survival[x];
        int64_t bits;
        memcpy(&bits, &q, sizeof bits);
        nan |= q != q;
        largest = bits > largest ? bits : largest;
    }
    if (nan) return __builtin_inf();
    double value;
    memcpy(&value, &largest, sizeof value);
    return value;
}

// Whether max(0, 1 − q·m) may clamp for some column of the tile: unless every factor m is ≥ 0 and
// largestQ · m ≤ 1, which gives q·m ≤ largestQ · m ≤ 1 for every age (rounded multiplication is monotone), so
// 1 − q·m ≥ 0 and the clamp returns its argument: the same bits without it (one operation of about ten a cell).
static inline int needsClamp(const double *restrict mortality, int n, double largestQ) {
    int safe = 1;
    for (int k = 0; k < n; k++) safe &= mortality[k] >= 0 && largestQ * mortality[k] <= 1;
    return !safe;
}

// One age's survivors of a tile of n columns from c0: the per-cell arithmetic of carecap_survive_sex's contract,
// written for the names in scope in survive_columns and survive_female_bands_columns (`AFTER` runs for each
// column k with the cell's value v). Ages 1...ages − 2 and then the open interval are separate uses, so that
// with `open` a constant the closed ages neither load the open interval's row nor add it (a select per cell
// the compiler kept otherwise).
#define SURVIVE_AGE(xValue, isOpen, AFTER)                                                                             \
    {                                                                                                          \
        const ptrdiff_t age = (xValue);                                                                        \
        const int open = (isOpen);                                                                             \
        const double s = survival[age], q = 1 - s;                                                             \
        const double atStart = withMigration ? (open ? shares[age - 1] + shares[age] : shares[age - 1]) : 0;  \
        const double atEnd = withMigration ? shares[age] : 0;                                                  \
        const double *restrict from = source + (age - 1) * width + c0;                                         \
        const double *restrict rest = source + age * width + c0; /* the open interval's own survivors */      \
        double *restrict to = target + age * width + c0;                                                       \
        for (int k = 0; k < n; k++) {                                                                          \
            const double people = open ? from[k] + rest[k] : from[k];                                          \
            /* shares[age − 1] × h: the product the age before made as its end term (`carried`) */            \
            const double startTerm = withMigration ? (open ? atStart * h[k] : carried[k]) : 0;                 \
            const double endTerm = withMigration ? atEnd * h[k] : 0;                                           \
            double v;                                                                                          \
            if (withMortality) {                                                                               \
                const double sc = clamp ? nonnegative(1 - q * m[k]) : 1 - q * m[k];                            \
                v = withMigration ? nonnegative((people + startTerm) * sc + endTerm) : people * sc;            \
            } else {                                                                                           \
                v = withMigration ? nonnegative((people + startTerm) * s + endTerm) : people * s;              \
            }                                                                                                  \
            if (withMigration) carried[k] = endTerm;                                                           \
            to[k] = v;                                                                                         \
            if (withSums) sum[k] += v;                                                                         \
            AFTER                                                                                              \
        }                                                                                                      \
    }

// The survivors of `n` columns from column c0 (n a constant where this is inlined, so that the loops over the
// columns are vectors held in registers), every age 1...ages - 1 in order: each column's factor, half and running
// sum are loaded once and kept for the whole pass instead of being read (and the sum written) at every age. The
// flags are constants at each call, so each case is a loop of its own. Per column, the operations and their
// order are those of the row-by-row loop (`carecap_survive_sex`'s contract): the same bits.
static inline __attribute__((always_inline))
void survive_columns(double *restrict target, const double *restrict source, const double *restrict survival,
                     const double *restrict mortality, const double *restrict shares, const double *restrict half,
                     double *restrict sums, ptrdiff_t ages, ptrdiff_t width, ptrdiff_t c0, const int n,
                     const int withMortality, const int withMigration, const int withSums, const int clamp) {
    // carried: each column's shares[x] × h of the age just made, which is the next age's start term (the
    // arrivals of the first half of the step: atStart = shares[x − 1] for closed ages), the same product of the
    // same operands, so the same bits, one multiplication a cell fewer.
    double h[TILE], m[TILE], sum[TILE], carried[TILE];
    for (int k = 0; k < n; k++) {
        h[k] = withMigration ? half[c0 + k] : 0;
        m[k] = withMortality ? mortality[c0 + k] : 0;
        sum[k] = withSums ? sums[c0 + k] : 0;
        carried[k] = withMigration ? shares[0] * h[k] : 0;
    }
    for (ptrdiff_t x = 1; x < ages - 1; x++) SURVIVE_AGE(x, 0, )
    if (ages > 1) SURVIVE_AGE(ages - 1, 1, )
    if (withSums) for (int k = 0; k < n; k++) sums[c0 + k] = sum[k];
}

// Without a mortality factor (the deterministic projection) no per-column factor is held, and a pass over each
// age's whole row streams best: the row-by-row loop, the same operations per column in the same order (each
// column's sum still adds its cells in age order). Tiles took 55% longer here (measured with carecap-bench).
static inline __attribute__((always_inline))
void survive_rows(double *restrict target, const double *restrict source, const double *restrict survival,
                  const double *restrict shares, const double *restrict half, double *restrict sums,
                  ptrdiff_t ages, ptrdiff_t width, ptrdiff_t lo, ptrdiff_t hi, const int withMigration, const int withSums) {
    for (ptrdiff_t x = 1; x < ages; x++) {
        const int open = x == ages - 1;
        const double s = survival[x];
        const double atStart = withMigration ? (open ? shares[x - 1] + shares[x] : shares[x - 1]) : 0;
        const double atEnd = withMigration ? shares[x] : 0;
        const double *restrict from = source + (x - 1) * width;
        const double *restrict rest = source + x * width;
        double *restrict to = target + x * width;
        if (open) {
            for (ptrdiff_t c = lo; c < hi; c++) {
                const double people = from[c] + rest[c];
                const double v = withMigration ? nonnegative((people + atStart * half[c]) * s + atEnd * half[c]) : people * s;
                to[c] = v;
                if (withSums) sums[c] += v;
            }
        } else {
            for (ptrdiff_t c = lo; c < hi; c++) {
                const double v = withMigration ? nonnegative((from[c] + atStart * half[c]) * s + atEnd * half[c]) : from[c] * s;
                to[c] = v;
                if (withSums) sums[c] += v;
            }
        }
    }
}

// Columns lo..<hi in tiles of T, then the rest in one pass, for one case of the flags. (The rest one column at a
// time made the deterministic projection, whose blocks hold short runs of columns sharing a profile, 15% slower.)
#define SURVIVE_CASE(withMortality, withMigration, withSums)                                                   \
    do {                                                                                                       \
        ptrdiff_t c = lo;                                                                                      \
        for (; c + T <= hi; c += T) {                                                                          \
            if (withMortality && !needsClamp(mortality + c, T, largestQ))                                       \
                survive_columns(target, source, survival, mortality, shares, half, sums, ages, width, c, T,    \
                                withMortality, withMigration, withSums, 0);                                    \
            else                                                                                               \
                survive_columns(target, source, survival, mortality, shares, half, sums, ages, width, c, T,    \
                                withMortality, withMigration, withSums, 1);                                    \
        }                                                                                                      \
        if (c < hi) /* the rest at once: a loop of variable length, still vectorised */                       \
            survive_columns(target, source, survival, mortality, shares, half, sums, ages, width, c,           \
                            (int)(hi - c), withMortality, withMigration, withSums, 1);                         \
    } while (0)

#define SURVIVE_ARGUMENTS double *restrict target, const double *restrict source, const double *restrict survival, \
    const double *restrict mortality, const double *restrict shares, const double *restrict half,                \
    double *restrict sums, ptrdiff_t ages, ptrdiff_t width, ptrdiff_t lo, ptrdiff_t hi

// Every case of the flags with tiles of T.
#define SURVIVE_ALL                                                                                            \
    const double largestQ = mortality ? largestDeathProbability(survival, ages) : 0;                          \
    if (mortality) {                                                                                           \
        if (shares) {                                                                                          \
            if (sums) SURVIVE_CASE(1, 1, 1); else SURVIVE_CASE(1, 1, 0);                                       \
        } else {                                                                                               \
            if (sums) SURVIVE_CASE(1, 0, 1); else SURVIVE_CASE(1, 0, 0);                                       \
        }                                                                                                      \
    } else if (shares) {                                                                                       \
        if (sums) survive_rows(target, source, survival, shares, half, sums, ages, width, lo, hi, 1, 1);        \
        else survive_rows(target, source, survival, shares, half, sums, ages, width, lo, hi, 1, 0);             \
    } else {                                                                                                   \
        if (sums) survive_rows(target, source, survival, shares, half, sums, ages, width, lo, hi, 0, 1);        \
        else survive_rows(target, source, survival, shares, half, sums, ages, width, lo, hi, 0, 0);             \
    }

#if CAREACAP_X86_DISPATCH
__attribute__((target("avx512f"))) static void survive_avx512(SURVIVE_ARGUMENTS) { enum { T = TILE_AVX512 }; SURVIVE_ALL }
__attribute__((target("avx2"))) static void survive_avx2(SURVIVE_ARGUMENTS) { enum { T = TILE_AVX2 }; SURVIVE_ALL }
#endif
static void survive_base(SURVIVE_ARGUMENTS) { enum { T = TILE_BASE }; SURVIVE_ALL }

void carecap_survive_sex(double *restrict target, const double *restrict source, const double *restrict survival,
                         const double *restrict mortality, const double *restrict shares, const double *restrict half,
                         double *restrict columnSums, ptrdiff_t ages, ptrdiff_t width, ptrdiff_t lo, ptrdiff_t hi) {
#if CAREACAP_X86_DISPATCH
    if (has_avx512) { survive_avx512(target, source, survival, mortality, shares, half, columnSums, ages, width, lo, hi); return; }
    if (has_avx2) { survive_avx2(target, source, survival, mortality, shares, half, columnSums, ages, width, lo, hi); return; }
#endif
    survive_base(target, source, survival, mortality, shares, half, columnSums, ages, width, lo, hi);
}

#undef SURVIVE_CASE
#undef SURVIVE_ALL

// Births of `n` columns from c0 (a constant where inlined): the accumulators and halves stay in registers
// through the fertile ages; per column the same operations in the same order as a row-by-row pass.
static inline __attribute__((always_inline))
void births_columns(double *restrict births, const double *restrict femaleStart, const double *restrict femaleEnd,
                    const double *restrict weights, ptrdiff_t first, ptrdiff_t last, const double *restrict shares,
                    const double *restrict half, const double *restrict tfr, ptrdiff_t width, ptrdiff_t c0,
                    const int n, const int withMigration) {
    double acc[TILE], h[TILE];
    for (int k = 0; k < n; k++) { acc[k] = 0; h[k] = withMigration ? half[c0 + k] : 0; }
    for (ptrdiff_t x = first; x <= last; x++) {
        const double w = weights[x];
        if (w == 0) continue;
        const double *restrict start = femaleStart + x * width + c0;
        const double *restrict end = femaleEnd + x * width + c0;
        const double atStart = withMigration ? shares[x] : 0;
        for (int k = 0; k < n; k++)
            acc[k] += withMigration ? w * (start[k] + atStart * h[k] + end[k]) : w * (start[k] + end[k]);
    }
    for (int k = 0; k < n; k++) births[c0 + k] = tfr[c0 + k] * acc[k] * 0.5;
}

// The female pass with the service groups' age bands (carecap_survive_female_bands): survive_columns' case with a
// mortality factor, the same operations per cell in the same order, plus male + female of each age added to the
// band holding it as the cell is made (the male cells were written by the male pass just before, and are in
// cache). The ages run in segments with each band's sums of the tile in registers, from 0.0, ages ascending: the
// additions carecap_service_groups makes, so the same bits.
static inline __attribute__((always_inline))
void survive_female_bands_columns(double *restrict target, const double *restrict source, const double *restrict survival,
                                  const double *restrict mortality, const double *restrict shares,
                                  const double *restrict half, double *restrict sums, const double *restrict male,
                                  double *restrict bands, const double *restrict weights, ptrdiff_t first,
                                  ptrdiff_t last, const double *restrict tfr, double *restrict births,
                                  ptrdiff_t width, ptrdiff_t c0, const int n, const int withMigration,
                                  const int withSums, const int withBirths, const int clamp) {
    double h[TILE], m[TILE], sum[TILE], band[TILE], inner[TILE], carried[TILE];
    for (int k = 0; k < n; k++) {
        h[k] = withMigration ? half[c0 + k] : 0;
        m[k] = mortality[c0 + k];
        sum[k] = withSums ? sums[c0 + k] : 0;
        carried[k] = withMigration ? shares[0] * h[k] : 0;
    }
    const int withMortality = 1;
    // Male + female of the age just made, for the band sums.
#define BOTH (male[age * width + c0 + k] + v)
#define ZERO(a) for (int k = 0; k < n; k++) a[k] = 0;
#define STORE(a, index) for (int k = 0; k < n; k++) bands[(index) * width + c0 + k] = a[k];
    // The tile's births (`births_columns`, carecap_births' own loop) once the women of the fertile ages are made:
    // after the segment of ages 15-59 when the fertile ages end by 59 (the usual 15-49), while those cells
    // are still in L1 (carecap_births' own pass read them from L2), else after the last age.
#define TILE_BIRTHS births_columns(births, source, target, weights, first, last, shares, half, tfr, width, c0, n, withMigration);
    for (ptrdiff_t x = 1; x < 3; x++) SURVIVE_AGE(x, 0, )
    ZERO(band)
    for (ptrdiff_t x = 3; x < 6; x++) SURVIVE_AGE(x, 0, band[k] += BOTH;)
    STORE(band, 0)
    for (ptrdiff_t x = 6; x < 15; x++) SURVIVE_AGE(x, 0, )
    ZERO(band)
    for (ptrdiff_t x = 15; x < 60; x++) SURVIVE_AGE(x, 0, band[k] += BOTH;)
    STORE(band, 1)
    if (withBirths && last < 60) TILE_BIRTHS
    ZERO(band)
    ZERO(inner)
    for (ptrdiff_t x = 60; x < 65; x++) SURVIVE_AGE(x, 0, band[k] += BOTH;)
    for (ptrdiff_t x = 65; x < 70; x++) SURVIVE_AGE(x, 0, const double b = BOTH; band[k] += b; inner[k] += b;)
    STORE(band, 2)
    STORE(inner, 3)
    ZERO(band)
    for (ptrdiff_t x = 70; x < 80; x++) SURVIVE_AGE(x, 0, band[k] += BOTH;)
    STORE(band, 4)
    ZERO(band)
    for (ptrdiff_t x = 80; x < 100; x++) SURVIVE_AGE(x, 0, band[k] += BOTH;)
    SURVIVE_AGE(100, 1, band[k] += BOTH;)
    STORE(band, 5)
    if (withBirths && last >= 60) TILE_BIRTHS
#undef TILE_BIRTHS
#undef STORE
#undef ZERO
#undef BOTH
    if (withSums) for (int k = 0; k < n; k++) sums[c0 + k] = sum[k];
}

#undef SURVIVE_AGE

#define FEMALE_BANDS_CASE(withMigration, withSums, withBirths)                                                  \
    do {                                                                                                       \
        ptrdiff_t c = lo;                                                                                      \
        for (; c + T <= hi; c += T) {                                                                          \
            if (!needsClamp(mortality + c, T, largestQ))                                                        \
                survive_female_bands_columns(target, source, survival, mortality, shares, half, sums, male,     \
                                             bands, weights, first, last, tfr, births, width, c, T,            \
                                             withMigration, withSums, withBirths, 0);                          \
            else                                                                                               \
                survive_female_bands_columns(target, source, survival, mortality, shares, half, sums, male,     \
                                             bands, weights, first, last, tfr, births, width, c, T,            \
                                             withMigration, withSums, withBirths, 1);                          \
        }                                                                                                      \
        if (c < hi)                                                                                            \
            survive_female_bands_columns(target, source, survival, mortality, shares, half, sums, male, bands,  \
                                         weights, first, last, tfr, births, width, c, (int)(hi - c),           \
                                         withMigration, withSums, withBirths, 1);                              \
    } while (0)

#define FEMALE_BANDS_ARGUMENTS double *restrict target, const double *restrict source, const double *restrict survival, \
    const double *restrict mortality, const double *restrict shares, const double *restrict half,                      \
    double *restrict sums, const double *restrict male, double *restrict bands, const double *restrict weights,       \
    ptrdiff_t first, ptrdiff_t last, const double *restrict tfr, double *restrict births, ptrdiff_t width,            \
    ptrdiff_t lo, ptrdiff_t hi

#define FEMALE_BANDS_BIRTHS(withBirths)                                                                        \
    if (shares) {                                                                                              \
        if (sums) FEMALE_BANDS_CASE(1, 1, withBirths); else FEMALE_BANDS_CASE(1, 0, withBirths);               \
    } else {                                                                                                   \
        if (sums) FEMALE_BANDS_CASE(0, 1, withBirths); else FEMALE_BANDS_CASE(0, 0, withBirths);               \
    }

#define FEMALE_BANDS_ALL                                                                                       \
    const double largestQ = largestDeathProbability(survival, 101);                                           \
    if (births) { FEMALE_BANDS_BIRTHS(1) } else { FEMALE_BANDS_BIRTHS(0) }

#if CAREACAP_X86_DISPATCH
__attribute__((target("avx512f"))) static void female_bands_avx512(FEMALE_BANDS_ARGUMENTS) { enum { T = TILE_AVX512 }; FEMALE_BANDS_ALL }
__attribute__((target("avx2"))) static void female_bands_avx2(FEMALE_BANDS_ARGUMENTS) { enum { T = TILE_AVX2 }; FEMALE_BANDS_ALL }
#endif
static void female_bands_base(FEMALE_BANDS_ARGUMENTS) { enum { T = TILE_BASE }; FEMALE_BANDS_ALL }

void carecap_survive_female_bands(double *restrict target, const double *restrict source, const double *restrict survival,
                                  const double *restrict mortality, const double *restrict shares,
                                  const double *restrict half, double *restrict columnSums,
                                  const double *restrict maleTarget, double *restrict bands,
                                  const double *restrict weights, ptrdiff_t first, ptrdiff_t last,
                                  const double *restrict tfr, double *restrict births, ptrdiff_t width,
                                  ptrdiff_t lo, ptrdiff_t hi) {
#if CAREACAP_X86_DISPATCH
    if (has_avx512) { female_bands_avx512(target, source, survival, mortality, shares, half, columnSums, maleTarget, bands, weights, first, last, tfr, births, width, lo, hi); return; }
    if (has_avx2) { female_bands_avx2(target, source, survival, mortality, shares, half, columnSums, maleTarget, bands, weights, first, last, tfr, births, width, lo, hi); return; }
#endif
    female_bands_base(target, source, survival, mortality, shares, half, columnSums, maleTarget, bands, weights, first, last, tfr, births, width, lo, hi);
}

#undef FEMALE_BANDS_CASE
#undef FEMALE_BANDS_BIRTHS
#undef FEMALE_BANDS_ALL

CLONED
void carecap_migration_half(double *restrict half, const double *restrict net, const double *restrict extra,
                            const double *restrict columnSums, int central, ptrdiff_t width) {
    if (extra) {
        for (ptrdiff_t c = 0; c < width; c++) {
            const double volume = central == 0 ? 0 : central == 2 ? net[c] * (columnSums[c] / 1000) : net[c];
            half[c] = 0.5 * (volume + extra[c] * (columnSums[c] / 1000));
        }
    } else if (central == 2) {
        for (ptrdiff_t c = 0; c < width; c++) half[c] = 0.5 * (net[c] * (columnSums[c] / 1000));
    } else if (central == 1) {
        for (ptrdiff_t c = 0; c < width; c++) half[c] = 0.5 * net[c];
    }
}

#define BIRTHS_CASE(withMigration)                                                                             \
    do {                                                                                                       \
        ptrdiff_t c = 0;                                                                                       \
        for (; c + T <= width; c += T)                                                                         \
            births_columns(births, femaleStart, femaleEnd, weights, first, last, shares, half, tfr, width, c,  \
                           T, withMigration);                                                                  \
        if (c < width) /* the rest at once */                                                                  \
            births_columns(births, femaleStart, femaleEnd, weights, first, last, shares, half, tfr, width, c,  \
                           (int)(width - c), withMigration);                                                   \
    } while (0)

#define BIRTHS_ARGUMENTS double *restrict births, const double *restrict femaleStart, const double *restrict femaleEnd, \
    const double *restrict weights, ptrdiff_t first, ptrdiff_t last, const double *restrict shares,                  \
    const double *restrict half, const double *restrict tfr, ptrdiff_t width

#if CAREACAP_X86_DISPATCH
__attribute__((target("avx512f"))) static void births_avx512(BIRTHS_ARGUMENTS) {
    enum { T = TILE_AVX512 };
    if (shares) BIRTHS_CASE(1); else BIRTHS_CASE(0);
}
__attribute__((target("avx2"))) static void births_avx2(BIRTHS_ARGUMENTS) {
    enum { T = TILE_AVX2 };
    if (shares) BIRTHS_CASE(1); else BIRTHS_CASE(0);
}
#endif
static void births_base(BIRTHS_ARGUMENTS) {
    enum { T = TILE_BASE };
    if (shares) BIRTHS_CASE(1); else BIRTHS_CASE(0);
}

void carecap_births(double *restrict births, const double *restrict femaleStart, const double *restrict femaleEnd,
                    const double *restrict weights, ptrdiff_t first, ptrdiff_t last, const double *restrict shares,
                    const double *restrict half, const double *restrict tfr, ptrdiff_t width) {
#if CAREACAP_X86_DISPATCH
    if (has_avx512) { births_avx512(births, femaleStart, femaleEnd, weights, first, last, shares, half, tfr, width); return; }
    if (has_avx2) { births_avx2(births, femaleStart, femaleEnd, weights, first, last, shares, half, tfr, width); return; }
#endif
    births_base(births, femaleStart, femaleEnd, weights, first, last, shares, half, tfr, width);
}

#undef BIRTHS_CASE

CLONED
void carecap_infants(double *restrict maleZero, double *restrict femaleZero, const double *restrict births,
                     double femaleShare, double maleInfant, double femaleInfant,
                     const double *restrict maleFactor, const double *restrict femaleFactor,
                     double maleEnd, double femaleEnd, const double *restrict half,
                     double *restrict columnSums, ptrdiff_t lo, ptrdiff_t hi) {
    // The cases as loops of their own: with `if (sums)` inside, the compiler masked the sums' loads and
    // stores instead, and a masked access through a null pointer (no sums) cost a microcode assist per
    // vector, which made the deterministic projection 20% slower.
    double *restrict sums = columnSums;
    const double maleQ = 1 - maleInfant, femaleQ = 1 - femaleInfant;
#define INFANTS_LOOP(withFactor, withSums)                                                                       \
    for (ptrdiff_t c = lo; c < hi; c++) {                                                                         \
        const double female = births[c] * femaleShare;                                                            \
        const double male = births[c] - female;                                                                   \
        const double maleSurvival = withFactor ? nonnegative(1 - maleQ * maleFactor[c]) : maleInfant;             \
        const double femaleSurvival = withFactor ? nonnegative(1 - femaleQ * femaleFactor[c]) : femaleInfant;     \
        const double m = nonnegative(male * maleSurvival + maleEnd * half[c]);                                     \
        const double f = nonnegative(female * femaleSurvival + femaleEnd * half[c]);                               \
        maleZero[c] = m;                                                                                          \
        femaleZero[c] = f;                                                                                        \
        if (withSums) { sums[c] += m; sums[c] += f; }                                                             \
    }
    if (maleFactor) {
        if (sums) { INFANTS_LOOP(1, 1) } else { INFANTS_LOOP(1, 0) }
    } else {
        if (sums) { INFANTS_LOOP(0, 1) } else { INFANTS_LOOP(0, 0) }
    }
#undef INFANTS_LOOP
}

// no_builtin: without sums the compiler would turn each row's loop into a call of memcpy (one per row of 32).
__attribute__((target_clones("avx512f", "avx2", "default"), no_builtin("memcpy", "memmove")))
void carecap_copy_in(double *restrict to, const double *restrict from, ptrdiff_t fromStride, ptrdiff_t rows,
                     ptrdiff_t width, double *restrict columnSums) {
    if (columnSums) {
        for (ptrdiff_t c = 0; c < width; c++) columnSums[c] = 0;
        for (ptrdiff_t row = 0; row < rows; row++) {
            const double *restrict source = from + row * fromStride;
            double *restrict target = to + row * width;
            for (ptrdiff_t c = 0; c < width; c++) {
                target[c] = source[c];
                columnSums[c] += source[c];
            }
        }
    } else {
        for (ptrdiff_t row = 0; row < rows; row++) {
            const double *restrict source = from + row * fromStride;
            double *restrict target = to + row * width;
            for (ptrdiff_t c = 0; c < width; c++) target[c] = source[c];
        }
    }
}

CLONED
void carecap_interpolate_cells(double *to, const double *a, const double *b, double w, const double *group,
                               ptrdiff_t groupStride, ptrdiff_t rows, ptrdiff_t width) {
    for (ptrdiff_t row = 0; row < rows; row++) {
        const double *restrict x = a + row * width, *restrict y = b + row * width;
        double *restrict into = to + row * width;
        if (group) {
            const double *restrict g = group + row * groupStride;
            for (ptrdiff_t c = 0; c < width; c++) into[c] = x[c] + w * (y[c] - x[c]) + g[c];
        } else {
            for (ptrdiff_t c = 0; c < width; c++) into[c] = x[c] + w * (y[c] - x[c]);
        }
    }
}

CLONED
void carecap_add_group(double *to, const double *from, const double *group, ptrdiff_t groupStride, ptrdiff_t rows,
                       ptrdiff_t width) {
    for (ptrdiff_t row = 0; row < rows; row++) {
        const double *restrict x = from + row * width, *restrict g = group + row * groupStride;
        double *restrict into = to + row * width;
        for (ptrdiff_t c = 0; c < width; c++) into[c] = x[c] + g[c];
    }
}
