#ifndef CARECAP_GROUPS_H
#define CARECAP_GROUPS_H

#include <stddef.h>

/// The 13 service groups of every column of a block (ServiceGroups.fill(cells:width:...) in Swift, whose
/// doc comment lists them): `cells` is 202 rows [sex × 101 + age] of `width` columns, `out` gets 13 rows
/// of `width`. Each group is the same additions in the same order as the Swift version (from 0.0, ages
/// ascending, male + female per age), so the bits are the same; compiled for AVX2 and the baseline and
/// chosen at load.
void carecap_service_groups(double *restrict out, const double *restrict cells, const double *personsPerHousehold,
                            const double *groupQuarters, ptrdiff_t width);

/// carecap_service_groups with the bands carecap_survive_female_bands wrote for the same cells (rows
/// [band × width + column]): the same values, with only ages 0-14 read from `cells`, except households (row 12),
/// which are not written: the simulation makes a year's households from its total (`carecap_year_groups`), and
/// the moments' households were a division per value for nothing.
void carecap_service_groups_from_bands(double *restrict out, const double *restrict cells, const double *restrict bands,
                                       const double *personsPerHousehold, const double *groupQuarters, ptrdiff_t width);

/// The projection's service ages of every column of a block (ServiceAgeAccumulator in Swift): `cells` is 202
/// rows of `width` columns; `rows` points at column 0 of the block in a table of rows `rowStride` apart,
/// indexed by ServiceAgeGroup's raw values (0 6-12 months, 1 12-24, 2 24-36, 3 3-5, 4 0-14, 5 15-59, 6 60+,
/// 7 65+, 8 80+, 9 total, 11 60-69, 12 70-79, 13 0-2; row 10, households, is the caller's). The same
/// additions in the same order as the Swift version, so the same bits.
void carecap_service_ages(double *restrict rows, ptrdiff_t rowStride, const double *restrict cells, ptrdiff_t width);

/// carecap_service_ages of the cells plus a constant group (202 rows `groupStride` apart, column 0 of the block at
/// `group`), each cell read as cell + group's cell: the bits of carecap_service_ages over the cells the kernel
/// would have made with the group added (`carecap_add_group`, or its interpolation's last addition), without them
/// written and read again (a third of the deterministic projection's time).
void carecap_service_ages_with_group(double *restrict rows, ptrdiff_t rowStride, const double *restrict cells,
                                     const double *restrict group, ptrdiff_t groupStride, ptrdiff_t width);

/// A year's groups of a block's columns written into rows `rowStride` apart (CapacitySimulation's samples): for
/// each group g < households, rows[g × rowStride + c] = earlier + w × (later − earlier) + extra[g] (with
/// `interpolate`; a year-end between two moments) or later + extra[g], from the groups' rows [g × width + c];
/// then, `withHouseholds`, rows[households × rowStride + c] = max(0, rows[total × rowStride + c] − groupQuarters) /
/// personsPerHousehold (without it, where households follow the residents and are made again from them, the row
/// is left as it is). The operations of the Swift loops they replace, in the same order (Swift's max(0, v) as
/// `v >= 0 ? v : 0`), so the same bits; compiled for AVX-512, AVX2 and the baseline (Swift's loops ran two
/// columns at a time).
void carecap_year_groups(double *restrict rows, ptrdiff_t rowStride, const double *restrict earlier,
                         const double *restrict later, int interpolate, double w, const double *restrict extra,
                         ptrdiff_t households, ptrdiff_t total, double groupQuarters, double personsPerHousehold,
                         int withHouseholds, ptrdiff_t width);

/// to[slot × toStride + c] = from[rows[slot] × fromStride + c] for slot < count and c < width: a chunk's stored rows
/// into the samples in one call (a memmove per row of 32 values cost more than the copying).
void carecap_copy_rows(double *restrict to, ptrdiff_t toStride, const double *restrict from, ptrdiff_t fromStride,
                       const ptrdiff_t *restrict rows, ptrdiff_t count, ptrdiff_t width);

#endif
