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

#endif
