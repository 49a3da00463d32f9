#ifndef CARECAP_DEMAND_H
#define CARECAP_DEMAND_H

#include <stddef.h>

/// The coefficients DemandRows reads (DemandCoefficients' continuous-carer fields).
typedef struct {
    double enrolment0to2;
    double institutionalCare60to69, institutionalCare70to79, institutionalCare80plus;
    double disability60to69, disability70to79, disability80plus;
    double disabledInInstitutions;
    double carersPerSlot;
    double slotsPer1000Residents, bedsPer1000Elderly, nursingBedShare, socialWorkersPer100Beds;
} carecap_demand_coefficients;

/// The rows of one block-year, each `width` columns: the service groups read and the demand written.
/// No written row overlaps another row.
typedef struct {
    const double *months6to12, *months12to24, *months24to36;
    const double *aged60plus, *aged60to69, *aged70to79, *aged80plus, *residents;
    double *disabled;
    double *slotsPropensity, *carersPropensity, *bedsPropensity, *nursingPropensity, *workersPropensity;
    double *slotsStandard, *carersStandard, *bedsStandard, *nursingStandard, *workersStandard;
} carecap_demand_rows;

/// Demand on both bases for columns 0..<width, with `enrolment[c]` and `institutionalCare[c]` the columns'
/// behaviour factors: DemandCoefficients.demand(for:enrolment:institutionalCare:into:) with continuous
/// carers, the same IEEE operations in the same order (no contraction; Swift's min(x, y) as `y < x ? y : x`),
/// so the same bits.
///
/// Why C: the eleven input and ten output rows are in one buffer, so Swift's loop could not be shown free of
/// aliasing and ran one column at a time (5.7% of a national run); here the rows are restrict parameters.
void carecap_demand(const carecap_demand_rows *rows, const carecap_demand_coefficients *k, const double *enrolment,
                    const double *institutionalCare, ptrdiff_t width);

/// carecap_demand's rows less those of the followers (`carecap_follower_kind`: every demand on the standard basis,
/// and observed use's carers and social workers), which are then neither read nor written: observed use's slots,
/// beds and nursing beds and the disabled elderly, with the same operations, so the same bits. For a chunk whose
/// followers are made again from their bases a year at a time (CapacitySimulation): their rows here were written
/// for nothing, four divisions per draw-year among them.
void carecap_demand_kept(const carecap_demand_rows *rows, const carecap_demand_coefficients *k, const double *enrolment,
                         const double *institutionalCare, ptrdiff_t width);

/// The drawn columns whose every draw is a non-decreasing function of another's in the same draw (DemandRows'
/// followers): their rows are made again from that base row (`carecap_follower_row`) instead of being kept.
typedef enum {
    carecap_follower_households = 0,        ///< max(0, total − groupQuarters) / personsPerHousehold, from the residents
    carecap_follower_slots_standard,        ///< slotsPer1000Residents × residents / 1000
    carecap_follower_carers_standard,       ///< the carers of the standard slots, from the residents
    carecap_follower_carers_propensity,     ///< the carers of the enrolled children (observed-use slots)
    carecap_follower_workers_propensity,    ///< socialWorkersPer100Beds × users / 100, from observed-use beds
    carecap_follower_beds_standard,         ///< bedsPer1000Elderly × residents 60+ / 1000
    carecap_follower_nursing_standard,      ///< nursingBedShare × the standard beds, from residents 60+
    carecap_follower_workers_standard,      ///< socialWorkersPer100Beds × the standard beds / 100, from residents 60+
} carecap_follower_kind;

/// to[c] = the follower `kind` of base[c] for c < width: the operations carecap_demand (and, for households,
/// carecap_year_groups) apply to the same base value, in the same order, so the same bits.
void carecap_follower_row(carecap_follower_kind kind, double *restrict to, const double *restrict base,
                          const carecap_demand_coefficients *k, double groupQuarters, double personsPerHousehold,
                          ptrdiff_t width);

#endif
