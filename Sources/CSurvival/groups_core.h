#ifndef CARECAP_GROUPS_CORE_H
#define CARECAP_GROUPS_CORE_H

// Every product and sum rounded on its own, as Swift computes them.
#pragma clang fp contract(off)

/// Households of a column: max(0, residents − group quarters) / persons per household (ServiceGroups.households,
/// with Swift's max(0, v) as `v >= 0 ? v : 0`). One definition for the moments' groups, the year-ends' groups
/// and the followers' rows (demand.c), so all give the same bits.
static inline double carecap_households_of(double total, double groupQuarters, double personsPerHousehold) {
    const double v = total - groupQuarters;
    return (v >= 0 ? v : 0) / personsPerHousehold;
}

#endif
