#include "CarecapDemand.h"
#include "groups_core.h"

#pragma clang fp contract(off)

// Swift's min(x, y): y < x ? y : x.
static inline double swiftMin(double x, double y) { return y < x ? y : x; }

// DemandCoefficients.scaledShare: a share times the draw's factor, capped at 1 (unchanged at factor 1).
static inline double scaledShare(double share, double factor) { return factor != 1.0 ? swiftMin(1.0, share * factor) : share; }

// DemandCoefficients.carers(slots:) with continuous carers.
static inline double carersFor(double slots, double carersPerSlot) { return slots > 0 ? slots * carersPerSlot : 0.0; }

// The standard basis's demand (DemandCoefficients.standardSlots, standardBeds, standardNursingBeds, socialWorkers):
// one definition for the block's demand and the followers' rows made again from their bases, so both give the
// same bits.
static inline double standardSlots(const carecap_demand_coefficients c, double residents) {
    return c.slotsPer1000Residents * residents / 1000;
}
static inline double standardBeds(const carecap_demand_coefficients c, double elderly60plus) {
    return c.bedsPer1000Elderly * elderly60plus / 1000;
}
static inline double nursingBeds(const carecap_demand_coefficients c, double beds) { return c.nursingBedShare * beds; }
static inline double socialWorkers(const carecap_demand_coefficients c, double beds) {
    return c.socialWorkersPer100Beds * beds / 100;
}

// The loop with every row a `restrict` parameter: clang takes `restrict` from parameters (as no-alias scopes that
// survive inlining) but not from local pointers, and with 19 rows that might overlap it did not vectorise the loop
// at all (one column at a time, 4–5% of a national run).
static inline __attribute__((always_inline))
void demand_columns(const double *restrict m6to12, const double *restrict m12to24, const double *restrict m24to36,
                    const double *restrict a60plus, const double *restrict a60to69, const double *restrict a70to79,
                    const double *restrict a80plus, const double *restrict residents, const double *restrict e,
                    const double *restrict f, double *restrict disabled, double *restrict slotsPropensity,
                    double *restrict carersPropensity, double *restrict bedsPropensity, double *restrict nursingPropensity,
                    double *restrict workersPropensity, double *restrict slotsStandard, double *restrict carersStandard,
                    double *restrict bedsStandard, double *restrict nursingStandard, double *restrict workersStandard,
                    const carecap_demand_coefficients c, ptrdiff_t width, const int withFollowers) {
    for (ptrdiff_t i = 0; i < width; i++) {
        const double enrolment0to2 = scaledShare(c.enrolment0to2, e[i]);
        const double care1 = scaledShare(c.institutionalCare60to69, f[i]);
        const double care2 = scaledShare(c.institutionalCare70to79, f[i]);
        const double care3 = scaledShare(c.institutionalCare80plus, f[i]);
        const double inInstitutions = scaledShare(c.disabledInInstitutions, f[i]);
        const double enrolled = enrolment0to2 * (2 * m6to12[i] + m12to24[i] + m24to36[i]);
        slotsPropensity[i] = enrolled;
        if (withFollowers) carersPropensity[i] = carersFor(enrolled, c.carersPerSlot);
        const double users1 = care1 * a60to69[i], users2 = care2 * a70to79[i], users3 = care3 * a80plus[i];
        const double users = users1 + users2 + users3;
        const double disabled1 = c.disability60to69 * a60to69[i], disabled2 = c.disability70to79 * a70to79[i];
        const double disabled3 = c.disability80plus * a80plus[i];
        bedsPropensity[i] = users;
        nursingPropensity[i] = swiftMin(users1, inInstitutions * disabled1) + swiftMin(users2, inInstitutions * disabled2)
            + swiftMin(users3, inInstitutions * disabled3);
        disabled[i] = disabled1 + disabled2 + disabled3;
        // The followers' rows (`carecap_follower_kind`), which a caller that makes them again from their bases
        // leaves out (`carecap_demand_kept`).
        if (!withFollowers) continue;
        workersPropensity[i] = socialWorkers(c, users);
        const double slots = standardSlots(c, residents[i]);
        slotsStandard[i] = slots;
        carersStandard[i] = carersFor(slots, c.carersPerSlot);
        const double beds = standardBeds(c, a60plus[i]);
        bedsStandard[i] = beds;
        nursingStandard[i] = nursingBeds(c, beds);
        workersStandard[i] = socialWorkers(c, beds);
    }
}

// demand_columns on a layout's rows (unpacked here: each row a restrict parameter of the loop).
static inline __attribute__((always_inline))
void demand_of_rows(const carecap_demand_rows r, const carecap_demand_coefficients *k, const double *enrolment,
                    const double *institutionalCare, ptrdiff_t width, const int withFollowers) {
    demand_columns(r.months6to12, r.months12to24, r.months24to36, r.aged60plus, r.aged60to69, r.aged70to79, r.aged80plus,
                   r.residents, enrolment, institutionalCare, r.disabled, r.slotsPropensity, r.carersPropensity,
                   r.bedsPropensity, r.nursingPropensity, r.workersPropensity, r.slotsStandard, r.carersStandard,
                   r.bedsStandard, r.nursingStandard, r.workersStandard, *k, width, withFollowers);
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void carecap_demand_kept(const carecap_demand_rows *rows, const carecap_demand_coefficients *k, const double *enrolment,
                         const double *institutionalCare, ptrdiff_t width) {
    demand_of_rows(*rows, k, enrolment, institutionalCare, width, 0);
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void carecap_demand(const carecap_demand_rows *rows, const carecap_demand_coefficients *k, const double *enrolment,
                    const double *institutionalCare, ptrdiff_t width) {
    demand_of_rows(*rows, k, enrolment, institutionalCare, width, 1);
}

// Each kind's loop on its own (restrict parameters, so that it vectorises), with the same helpers as
// demand_columns (and households as the groups make them, groups_core.h) for the same base value.
__attribute__((target_clones("avx512f", "avx2", "default")))
void carecap_follower_row(carecap_follower_kind kind, double *restrict to, const double *restrict base,
                          const carecap_demand_coefficients *k, double groupQuarters, double personsPerHousehold,
                          ptrdiff_t width) {
    const carecap_demand_coefficients c = *k;
    switch (kind) {
    case carecap_follower_households:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = carecap_households_of(base[i], groupQuarters, personsPerHousehold);
        break;
    case carecap_follower_slots_standard:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = standardSlots(c, base[i]);
        break;
    case carecap_follower_carers_standard:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = carersFor(standardSlots(c, base[i]), c.carersPerSlot);
        break;
    case carecap_follower_carers_propensity:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = carersFor(base[i], c.carersPerSlot);
        break;
    case carecap_follower_workers_propensity:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = socialWorkers(c, base[i]);
        break;
    case carecap_follower_beds_standard:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = standardBeds(c, base[i]);
        break;
    case carecap_follower_nursing_standard:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = nursingBeds(c, standardBeds(c, base[i]));
        break;
    case carecap_follower_workers_standard:
        for (ptrdiff_t i = 0; i < width; i++) to[i] = socialWorkers(c, standardBeds(c, base[i]));
        break;
    }
}
