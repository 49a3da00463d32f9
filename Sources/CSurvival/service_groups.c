#include "CarecapGroups.h"
#include "groups_core.h"

#pragma clang fp contract(off)

// The groups made of others, the total and the households. The rows are `restrict` parameters so that the loop
// vectorises (rows of one buffer addressed from locals may overlap as far as the compiler knows).
static inline __attribute__((always_inline))
void totals(const double *restrict a0to14, const double *restrict a15to59, double *restrict a60plus,
            const double *restrict a60to69, const double *restrict a70to79, double *restrict a65plus,
            const double *restrict a80plus, double *restrict total, double *restrict households,
            const double *restrict groupQuarters, const double *restrict personsPerHousehold, ptrdiff_t W,
            const int withHouseholds) {
    for (ptrdiff_t c = 0; c < W; c++) {
        const double sixtyPlus = a60to69[c] + a70to79[c] + a80plus[c];
        a60plus[c] = sixtyPlus;
        a65plus[c] = a65plus[c] + a70to79[c] + a80plus[c];
        const double all = a0to14[c] + a15to59[c] + sixtyPlus;
        total[c] = all;
        if (withHouseholds) households[c] = carecap_households_of(all, groupQuarters[c], personsPerHousehold[c]);
    }
}

// The groups of carecap_service_groups; with `bands` (carecap_survive_female_bands' rows, the same sums), the six
// bands without age 0 are copied from them and only ages 0-14 are read from the cells.
static inline __attribute__((always_inline))
void serviceGroups(double *restrict out, const double *restrict cells, const double *restrict bands,
                   const double *personsPerHousehold, const double *groupQuarters, ptrdiff_t W, const int withHouseholds) {
    const ptrdiff_t ages = 101;
    const double *female = cells + ages * W;
    for (ptrdiff_t c = 0; c < W; c++) {
        out[c] = 0.5 * (cells[c] + female[c]);
        out[W + c] = cells[W + c] + female[W + c];
        out[2 * W + c] = cells[2 * W + c] + female[2 * W + c];
    }
    // Rows 3, 4, 5, 7, 8, 9, 10: ages 3-5, 0-14, 15-59, 60-69, 70-79, 65-69, 80-100.
    static const ptrdiff_t rows[7] = {3, 4, 5, 7, 8, 9, 10};
    static const ptrdiff_t first[7] = {3, 0, 15, 60, 70, 65, 80};
    static const ptrdiff_t last[7] = {5, 14, 59, 69, 79, 69, 100};
    // Each group's sums of TILE columns are held in registers over its ages (two loads and two additions
    // per value, no store until the group is done); each column still adds m + f from 0.0, ages ascending.
    enum { TILE = 16 };
    // Each group's row in `bands` (-1: 0-14, which holds age 0, born after the survival pass).
    static const int band[7] = {0, -1, 1, 2, 4, 3, 5};
    for (int g = 0; g < 7; g++) {
        double *restrict to = out + rows[g] * W;
        if (bands && band[g] >= 0) {
            const double *restrict from = bands + band[g] * W;
            for (ptrdiff_t c = 0; c < W; c++) to[c] = from[c];
            continue;
        }
        ptrdiff_t c0 = 0;
        for (; c0 + TILE <= W; c0 += TILE) {
            double acc[TILE];
            for (int k = 0; k < TILE; k++) acc[k] = 0;
            for (ptrdiff_t age = first[g]; age <= last[g]; age++) {
                const double *m = cells + age * W + c0, *f = female + age * W + c0;
                for (int k = 0; k < TILE; k++) acc[k] += m[k] + f[k];
            }
            for (int k = 0; k < TILE; k++) to[c0 + k] = acc[k];
        }
        for (ptrdiff_t c = c0; c < W; c++) to[c] = 0;
        for (ptrdiff_t age = first[g]; age <= last[g]; age++) {
            const double *m = cells + age * W, *f = female + age * W;
            for (ptrdiff_t c = c0; c < W; c++) to[c] += m[c] + f[c];
        }
    }
    totals(out + 4 * W, out + 5 * W, out + 6 * W, out + 7 * W, out + 8 * W, out + 9 * W, out + 10 * W, out + 11 * W,
           out + 12 * W, groupQuarters, personsPerHousehold, W, withHouseholds);
}

__attribute__((target_clones("avx2", "default")))
void carecap_service_groups(double *restrict out, const double *restrict cells, const double *personsPerHousehold,
                            const double *groupQuarters, ptrdiff_t W) {
    serviceGroups(out, cells, NULL, personsPerHousehold, groupQuarters, W, 1);
}

// no_builtin: the six bands' rows are copied by a loop the compiler otherwise made a call of memmove per row (a
// row is a chunk's 32 values: the call cost more than the copy; 0.5% of a national run's samples).
__attribute__((target_clones("avx2", "default"), no_builtin("memcpy", "memmove")))
void carecap_service_groups_from_bands(double *restrict out, const double *restrict cells, const double *restrict bands,
                                       const double *personsPerHousehold, const double *groupQuarters, ptrdiff_t W) {
    serviceGroups(out, cells, bands, personsPerHousehold, groupQuarters, W, 0);
}

// The projection's service ages (ServiceAgeAccumulator), TILE_AGES columns at a time with every group's sums in
// registers through one pass over the ages: per column the same additions in the same order as the Swift it
// replaced (b = male + female per age; each sum from 0.0, ages ascending).
enum { TILE_AGES = 8 };

// With `group` (withGroup constant), each cell is read as cell + group's cell (rows [sex × 101 + age] `groupStride`
// apart): the operation the kernel's `output` (`carecap_add_group`) or interpolation would have made, so the same
// bits without the cells plus group written and read again.
static inline __attribute__((always_inline))
void service_ages_columns(double *restrict rows, ptrdiff_t n, const double *restrict cells, ptrdiff_t W, ptrdiff_t c0,
                          const int count, const double *restrict group, ptrdiff_t groupStride, const int withGroup) {
    const double *female = cells + 101 * W;
    const double *groupFemale = withGroup ? group + 101 * groupStride : 0;
#define MALE(age, k) (withGroup ? cells[(age) * W + c0 + (k)] + group[(age) * groupStride + c0 + (k)] : cells[(age) * W + c0 + (k)])
#define FEMALE(age, k) (withGroup ? female[(age) * W + c0 + (k)] + groupFemale[(age) * groupStride + c0 + (k)] : female[(age) * W + c0 + (k)])
    double total[TILE_AGES], g0to14[TILE_AGES], g0to2[TILE_AGES], g3to5[TILE_AGES], g15to59[TILE_AGES];
    double g60plus[TILE_AGES], g60to69[TILE_AGES], g65plus[TILE_AGES], g70to79[TILE_AGES], g80plus[TILE_AGES];
    for (int k = 0; k < count; k++) {
        total[k] = 0; g0to14[k] = 0; g0to2[k] = 0; g3to5[k] = 0; g15to59[k] = 0;
        g60plus[k] = 0; g60to69[k] = 0; g65plus[k] = 0; g70to79[k] = 0; g80plus[k] = 0;
    }
    // Rows of ServiceAgeGroup's raw values.
    double *months6to12 = rows, *months12to24 = rows + n, *months24to36 = rows + 2 * n;
    // Ages in the bands of the groups, each band a loop of its own (the groups it adds to are fixed).
#define BAND(first, last, ADD)                                                                                      \
    for (ptrdiff_t age = first; age <= last; age++) {                                                             \
        for (int k = 0; k < count; k++) { const double b = MALE(age, k) + FEMALE(age, k); total[k] += b; ADD }    \
    }
    for (int k = 0; k < count; k++) {
        const double b0 = MALE(0, k) + FEMALE(0, k);
        total[k] += b0; g0to14[k] += b0; g0to2[k] += b0;
        months6to12[c0 + k] = 0.5 * b0;
        const double b1 = MALE(1, k) + FEMALE(1, k);
        total[k] += b1; g0to14[k] += b1; g0to2[k] += b1;
        months12to24[c0 + k] = b1;
        const double b2 = MALE(2, k) + FEMALE(2, k);
        total[k] += b2; g0to14[k] += b2; g0to2[k] += b2;
        months24to36[c0 + k] = b2;
    }
    BAND(3, 5, g0to14[k] += b; g3to5[k] += b;)
    BAND(6, 14, g0to14[k] += b;)
    BAND(15, 59, g15to59[k] += b;)
    BAND(60, 64, g60plus[k] += b; g60to69[k] += b;)
    BAND(65, 69, g60plus[k] += b; g65plus[k] += b; g60to69[k] += b;)
    BAND(70, 79, g60plus[k] += b; g65plus[k] += b; g70to79[k] += b;)
    BAND(80, 100, g60plus[k] += b; g65plus[k] += b; g80plus[k] += b;)
#undef BAND
#undef MALE
#undef FEMALE
    for (int k = 0; k < count; k++) {
        const ptrdiff_t c = c0 + k;
        rows[3 * n + c] = g3to5[k]; rows[4 * n + c] = g0to14[k]; rows[5 * n + c] = g15to59[k];
        rows[6 * n + c] = g60plus[k]; rows[7 * n + c] = g65plus[k]; rows[8 * n + c] = g80plus[k];
        rows[9 * n + c] = total[k]; rows[11 * n + c] = g60to69[k]; rows[12 * n + c] = g70to79[k];
        rows[13 * n + c] = g0to2[k];
    }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void carecap_service_ages(double *restrict rows, ptrdiff_t n, const double *restrict cells, ptrdiff_t W) {
    ptrdiff_t c = 0;
    for (; c + TILE_AGES <= W; c += TILE_AGES) service_ages_columns(rows, n, cells, W, c, TILE_AGES, 0, 0, 0);
    if (c < W) service_ages_columns(rows, n, cells, W, c, (int)(W - c), 0, 0, 0);
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void carecap_service_ages_with_group(double *restrict rows, ptrdiff_t n, const double *restrict cells,
                                     const double *restrict group, ptrdiff_t groupStride, ptrdiff_t W) {
    ptrdiff_t c = 0;
    for (; c + TILE_AGES <= W; c += TILE_AGES) service_ages_columns(rows, n, cells, W, c, TILE_AGES, group, groupStride, 1);
    if (c < W) service_ages_columns(rows, n, cells, W, c, (int)(W - c), group, groupStride, 1);
}

// One group's row, interpolated or not, as a loop over restrict parameters (so that it vectorises).
static inline __attribute__((always_inline))
void year_group(double *restrict to, const double *restrict a, const double *restrict b, int interpolate, double w,
                double extra, ptrdiff_t width) {
    if (interpolate) {
        for (ptrdiff_t c = 0; c < width; c++) to[c] = a[c] + w * (b[c] - a[c]) + extra;
    } else {
        for (ptrdiff_t c = 0; c < width; c++) to[c] = b[c] + extra;
    }
}

static inline __attribute__((always_inline))
void year_households(double *restrict to, const double *restrict total, double groupQuarters, double personsPerHousehold,
                     ptrdiff_t width) {
    for (ptrdiff_t c = 0; c < width; c++) to[c] = carecap_households_of(total[c], groupQuarters, personsPerHousehold);
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void carecap_year_groups(double *restrict rows, ptrdiff_t rowStride, const double *restrict earlier,
                         const double *restrict later, int interpolate, double w, const double *restrict extra,
                         ptrdiff_t households, ptrdiff_t total, double groupQuarters, double personsPerHousehold,
                         int withHouseholds, ptrdiff_t width) {
    for (ptrdiff_t g = 0; g < households; g++)
        year_group(rows + g * rowStride, earlier + g * width, later + g * width, interpolate, w, extra[g], width);
    if (withHouseholds)
        year_households(rows + households * rowStride, rows + total * rowStride, groupQuarters, personsPerHousehold, width);
}

// no_builtin: the compiler would otherwise turn each row's loop back into a call of memcpy.
__attribute__((target_clones("avx512f", "avx2", "default"), no_builtin("memcpy", "memmove")))
void carecap_copy_rows(double *restrict to, ptrdiff_t toStride, const double *restrict from, ptrdiff_t fromStride,
                       const ptrdiff_t *restrict rows, ptrdiff_t count, ptrdiff_t width) {
    for (ptrdiff_t slot = 0; slot < count; slot++) {
        double *restrict target = to + slot * toStride;
        const double *restrict source = from + rows[slot] * fromStride;
        for (ptrdiff_t c = 0; c < width; c++) target[c] = source[c];
    }
}
