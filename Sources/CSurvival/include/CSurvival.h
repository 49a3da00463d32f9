#ifndef CAREACAP_CSURVIVAL_H
#define CAREACAP_CSURVIVAL_H

#include <stddef.h>
#include "CarecapFixedPoint.h"
#include "CarecapGroups.h"

/// One sex's survival step of a block of W columns, ages 1 to ages - 2 (the open age and age 0 are
/// the caller's): to[x][c] from from[x - 1][c], columns lo..<hi. The same IEEE operations in the same
/// order as ProjectionBlockKernel's Swift loop (no contraction into fused multiply-adds), so the bits
/// are the same; compiled twice (AVX2 and the baseline) and chosen at load by the CPU (ifunc).
///
/// - survival: S[x], the step's survival ratios of the sex;
/// - mortality: per column factor on death probabilities (a draw's), or NULL;
/// - shares, half: migration age shares of the sex and half the step's migrants per column, or NULL;
/// - columnSums: when not NULL, columnSums[c] += to[x][c] as each cell is written, x = 1, 2, …,
///   ages - 2 in order (the column's running sum; each column's additions depend only on that column).
/// target, source and columnSums never overlap each other or the inputs (restrict).
void carecap_survive_ages(double *restrict target, const double *restrict source, const double *survival,
                          const double *mortality, const double *shares, const double *half,
                          double *restrict columnSums, ptrdiff_t ages, ptrdiff_t width, ptrdiff_t lo, ptrdiff_t hi);

/// to[row][c] = a + w × (b − a) (+ group[row × groupStride + c] when group is not NULL), every row: the
/// cells a share w of the step from a to b, as ProjectionBlockKernel's `interpolated`.
void carecap_interpolate_cells(double *to, const double *a, const double *b, double w, const double *group,
                               ptrdiff_t groupStride, ptrdiff_t rows, ptrdiff_t width);

#endif
