#ifndef CAREACAP_CSURVIVAL_H
#define CAREACAP_CSURVIVAL_H

#include <stddef.h>
#include "CarecapExp.h"
#include "CarecapFixedPoint.h"
#include "CarecapGroups.h"
#include "CarecapNormal.h"
#include "CarecapDemand.h"
#include "CarecapDeviations.h"
#include "CarecapWindow.h"

// ProjectionBlockKernel's per-column loops in C, so that they are compiled for AVX-512 and AVX2 beside the
// baseline and chosen by the CPU (at load, or at the call for the tiled loops of carecap_survive_sex and
// carecap_births, whose tile of columns kept in registers depends on the instruction set). Each performs the same IEEE operations in the same order per
// column as the Swift loops they replace (no contraction into fused multiply-adds; max(0, v) as
// `v >= 0 ? v : 0`), so the bits do not depend on the vector width, the block's width or a column's place.
// Pointers marked restrict never overlap each other.

/// One sex's survival step of a block of W columns, ages 1 to ages - 1 (the open interval included; age 0 is
/// carecap_infants'): to[x][c] from from[x - 1][c] (and from[ages - 1][c] for the open interval), columns lo..<hi.
///
/// - survival: S[x], the step's survival ratios of the sex;
/// - mortality: per column factor on death probabilities (a draw's), S' = max(0, 1 − (1 − S)·m), or NULL;
/// - shares, half: migration age shares of the sex and half the step's migrants per column, or NULL;
/// - columnSums: when not NULL, columnSums[c] += to[x][c] as each cell is written, x = 1, 2, …, ages - 1 in
///   order (the column's running sum; each column's additions depend only on that column).
/// Runs of columns pass through all ages at once with their factor, half and sum held in registers.
void carecap_survive_sex(double *restrict target, const double *restrict source, const double *restrict survival,
                         const double *restrict mortality, const double *restrict shares, const double *restrict half,
                         double *restrict columnSums, ptrdiff_t ages, ptrdiff_t width, ptrdiff_t lo, ptrdiff_t hi);

/// carecap_survive_sex for the women with a mortality factor (not NULL) and 101 ages, the same bits, that also
/// writes the service groups' age bands of male + female at the step's end: bands[band × width + c] for the
/// bands 3-5, 15-59, 60-69, 65-69, 70-79 and 80-100 (in that order), each summed from 0.0 over its ages in
/// ascending order of (maleTarget[x][c] + target[x][c]), as carecap_service_groups sums them. `maleTarget` is the
/// men's rows of the same step, already written. Why: the groups read every cell of a moment again from the L2
/// cache (9% of a national run); here each woman's cell is in a register and each man's in L1.
///
/// With `births` (not NULL) it also makes the step's births of columns lo..<hi, carecap_births' (weights, first,
/// last, tfr; the shares and half are the survival's), each age's term added once that age's cells at the start
/// and end are in hand (the same operations in the same order, so the same bits); `last` must be below 100
/// (ages − 1), whose end cell is the open interval's. NULL leaves births to carecap_births.
void carecap_survive_female_bands(double *restrict target, const double *restrict source, const double *restrict survival,
                                  const double *restrict mortality, const double *restrict shares,
                                  const double *restrict half, double *restrict columnSums,
                                  const double *restrict maleTarget, double *restrict bands,
                                  const double *restrict weights, ptrdiff_t first, ptrdiff_t last,
                                  const double *restrict tfr, double *restrict births, ptrdiff_t width,
                                  ptrdiff_t lo, ptrdiff_t hi);

/// Half the step's net migrants per column, half[c] = 0.5 × (central + extra[c] × (columnSums[c] / 1000)) with
/// central 0 (`central` 0), net[c] (1) or net[c] × (columnSums[c] / 1000) (2, per 1,000 residents); without
/// `extra` (NULL) 0.5 × central, and half is left untouched when central is 0 too.
void carecap_migration_half(double *restrict half, const double *restrict net, const double *restrict extra,
                            const double *restrict columnSums, int central, ptrdiff_t width);

/// The step's births per column: acc[c] = Σ w[x] × (start[x][c] + shares[x] × half[c] + end[x][c]) over x in
/// first...last with w[x] ≠ 0, in that order from 0 (without the shares term when shares is NULL), then
/// births[c] = tfr[c] × acc[c] × 0.5. start and end are the female rows (row stride width) at the step's start
/// and end; `weights` is read only when first ≤ last.
void carecap_births(double *restrict births, const double *restrict femaleStart, const double *restrict femaleEnd,
                    const double *restrict weights, ptrdiff_t first, ptrdiff_t last, const double *restrict shares,
                    const double *restrict half, const double *restrict tfr, ptrdiff_t width);

/// Age 0 of columns lo..<hi: B_F = B × femaleShare, B_M = B − B_F, P[s][0] = max(0, B_s × S_s + end_s × half[c]),
/// S_s the infant survival ratio, or max(0, 1 − (1 − S_s) × factor_s[c]) with the mortality factors (both NULL or
/// neither). When columnSums is not NULL, columnSums[c] += the male cell, then += the female cell.
void carecap_infants(double *restrict maleZero, double *restrict femaleZero, const double *restrict births,
                     double femaleShare, double maleInfant, double femaleInfant,
                     const double *restrict maleFactor, const double *restrict femaleFactor,
                     double maleEnd, double femaleEnd, const double *restrict half,
                     double *restrict columnSums, ptrdiff_t lo, ptrdiff_t hi);

/// The instruction set of carecap_survive_sex and carecap_births: 2 AVX-512, 1 AVX2, 0 the baseline (always 0
/// off x86-64). `requested` ≥ 0 sets it, at most what the CPU supports (tests run every path this way; each gives
/// the same bits); -1 only reads it. Returns the level in effect.
int carecap_kernel_instruction_set(int requested);

/// A block's base: to[row × width + c] = from[row × fromStride + c] for rows × width cells; with columnSums (not
/// NULL), columnSums[c] = the column's cells added from 0.0 in row order (as the Swift loop it replaces did).
void carecap_copy_in(double *restrict to, const double *restrict from, ptrdiff_t fromStride, ptrdiff_t rows,
                     ptrdiff_t width, double *restrict columnSums);

/// to[row][c] = a + w × (b − a) (+ group[row × groupStride + c] when group is not NULL), every row: the
/// cells a share w of the step from a to b, as ProjectionBlockKernel's `interpolated`.
void carecap_interpolate_cells(double *to, const double *a, const double *b, double w, const double *group,
                               ptrdiff_t groupStride, ptrdiff_t rows, ptrdiff_t width);

/// to[row × width + c] = from[row × width + c] + group[row × groupStride + c], every row: the households' cells plus
/// the constant group, as ProjectionBlockKernel's `output` (one addition per cell, so the same bits). Why C: the
/// Swift loop was compiled for the baseline's two-double vectors and was a third of the deterministic projection.
void carecap_add_group(double *to, const double *from, const double *group, ptrdiff_t groupStride, ptrdiff_t rows,
                       ptrdiff_t width);

#endif
