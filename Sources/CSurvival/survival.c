#include "CSurvival.h"

// Swift's max(0, v) is `v >= 0 ? v : 0`; contraction off keeps every product and sum rounded as Swift does.
#pragma clang fp contract(off)

static inline double nonnegative(double v) { return v >= 0 ? v : 0; }

// One row of survivors: `to[c] = expression` for c in lo..<hi, and `sums[c] += to[c]` when `sums` is not NULL
// (the value is added where it is stored, not read back), so that one loop is written per case.
#define SURVIVE_ROW(expression)                                                                      \
    do {                                                                                             \
        if (sums) {                                                                                  \
            for (ptrdiff_t c = lo; c < hi; c++) { const double v = (expression); to[c] = v; sums[c] += v; } \
        } else {                                                                                     \
            for (ptrdiff_t c = lo; c < hi; c++) to[c] = (expression);                                \
        }                                                                                            \
    } while (0)

__attribute__((target_clones("avx2", "default")))
void carecap_survive_ages(double *restrict target, const double *restrict source, const double *survival,
                          const double *mortality, const double *shares, const double *half,
                          double *restrict columnSums, ptrdiff_t ages, ptrdiff_t width, ptrdiff_t lo, ptrdiff_t hi) {
    double *restrict sums = columnSums;
    for (ptrdiff_t x = 1; x < ages - 1; x++) {
        const double s = survival[x];
        const double *restrict from = source + (x - 1) * width;
        double *restrict to = target + x * width;
        if (mortality) {
            const double q = 1 - s;
            if (shares) {
                const double atStart = shares[x - 1], atEnd = shares[x];
                SURVIVE_ROW(nonnegative((from[c] + atStart * half[c]) * nonnegative(1 - q * mortality[c]) + atEnd * half[c]));
            } else {
                SURVIVE_ROW(from[c] * nonnegative(1 - q * mortality[c]));
            }
        } else if (shares) {
            const double atStart = shares[x - 1], atEnd = shares[x];
            SURVIVE_ROW(nonnegative((from[c] + atStart * half[c]) * s + atEnd * half[c]));
        } else {
            SURVIVE_ROW(from[c] * s);
        }
    }
}

#undef SURVIVE_ROW

__attribute__((target_clones("avx2", "default")))
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
