#ifndef CAREACAP_FIXED_POINT_H
#define CAREACAP_FIXED_POINT_H

#include <stddef.h>
#include <stdint.h>

/// The simulation's fixed-point loops (RegionTotals, DrawTotals): an area's samples turned into integers
/// of 1/scale, and those integers added into sums. Compiled twice (AVX2 and the baseline) and chosen at
/// load by the CPU (ifunc), with the same IEEE operations as the Swift they replace, so the same integers.

/// into[i] = round(values[i] × scale) to the nearest integer, ties to even (the default rounding mode),
/// as Swift's `Int64((v × scale).rounded(.toNearestOrEven))`, i in 0..<count, by adding 1.5·2⁵².
/// Returns nonzero when some |values[i] × scale| is not below 2⁵⁰ (or is NaN): `into` is then not
/// all valid, and the caller redoes the row the slow way (which traps on what no Int64 holds).
ptrdiff_t carecap_fixed_point(int64_t *restrict into, const double *restrict values, double scale, ptrdiff_t count);

/// As carecap_fixed_point, of the shortfall max(0, values[i] − supply), Swift's max: `v >= 0 ? v : 0`
/// (NaN and −0.0 as Swift's; NaN gives 0).
ptrdiff_t carecap_fixed_point_shortfall(int64_t *restrict into, const double *restrict values, double supply,
                                        double scale, ptrdiff_t count);

/// What carecap_add_fixed_point does with each integer: adds it to `to[i]` (&+=), stores it there (as
/// carecap_fixed_point), or takes back what an addition with the same operands added (&-=).
typedef enum {
    carecap_fixed_point_add = 0,
    carecap_fixed_point_store = 1,
    carecap_fixed_point_take_back = 2,
} carecap_fixed_point_mode;

/// carecap_fixed_point's integers, round(values[i] × scale), added into `to`, stored there, or taken back
/// (`mode`; taking back returns 0). Why: a region's sums get an area's samples in one pass, without the area's
/// integers written and read again. Returns nonzero as carecap_fixed_point does; `to` then holds the pass's
/// integers (or its sums plus them) including the invalid ones, and the caller takes them back and redoes the row.
ptrdiff_t carecap_add_fixed_point(int64_t *restrict to, const double *restrict values, double scale, ptrdiff_t count,
                                  carecap_fixed_point_mode mode);

/// carecap_add_fixed_point of the shortfall max(0, values[i] − supply).
ptrdiff_t carecap_add_fixed_point_shortfall(int64_t *restrict to, const double *restrict values, double supply,
                                            double scale, ptrdiff_t count, carecap_fixed_point_mode mode);

/// to[i] &+= from[i], i in 0..<count: two's complement, wrapping as Swift's &+. No overlap.
void carecap_add_int64(int64_t *restrict to, const int64_t *restrict from, ptrdiff_t count);

/// to[i] &+= value, i in 0..<count.
void carecap_add_int64_constant(int64_t *restrict to, int64_t value, ptrdiff_t count);

/// How many values[i] − supply are not above 1e-9 (a draw with no shortfall; NaN counts as one), i < count.
ptrdiff_t carecap_count_met(const double *restrict values, double supply, ptrdiff_t count);

/// into[i] = (double)from[i], i < count; returns nonzero when every value lies in [−2⁵³, 2⁵³), where the
/// conversion is exact (the region sums' order statistics are then those of their doubles).
ptrdiff_t carecap_int64_to_double(double *restrict into, const int64_t *restrict from, ptrdiff_t count);

#endif
