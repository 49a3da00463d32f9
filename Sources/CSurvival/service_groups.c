#include "CarecapGroups.h"

#pragma clang fp contract(off)

// Swift's max(0, v).
static inline double nonnegative(double v) { return v >= 0 ? v : 0; }

__attribute__((target_clones("avx2", "default")))
void carecap_service_groups(double *restrict out, const double *restrict cells, const double *personsPerHousehold,
                            const double *groupQuarters, ptrdiff_t W) {
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
    for (int g = 0; g < 7; g++) {
        double *restrict to = out + rows[g] * W;
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
    double *a0to14 = out + 4 * W, *a15to59 = out + 5 * W, *a60plus = out + 6 * W, *a60to69 = out + 7 * W;
    double *a70to79 = out + 8 * W, *a65plus = out + 9 * W, *a80plus = out + 10 * W, *total = out + 11 * W;
    double *households = out + 12 * W;
    for (ptrdiff_t c = 0; c < W; c++) {
        a60plus[c] = a60to69[c] + a70to79[c] + a80plus[c];
        a65plus[c] = a65plus[c] + a70to79[c] + a80plus[c];
        total[c] = a0to14[c] + a15to59[c] + a60plus[c];
        households[c] = nonnegative(total[c] - groupQuarters[c]) / personsPerHousehold[c];
    }
}
