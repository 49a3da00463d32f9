import CSurvival
import Planning

/// Demand on both bases for every column of a block-year at once: `DemandCoefficients.demand(for:
/// enrolment:institutionalCare:into:)` with its operations in the same order, so each value has the same
/// bits, but one output row at a time over `width` columns (vectorised, in C: `carecap_demand`) instead of one
/// column at a time.
///
/// Why: a national run asks for demand 92 million times (areas × years × draws); per column, building
/// the population and the demand vector and scattering ten values into the rows took about 5% of it.
enum DemandRows {
    /// Reads the service groups (`ServiceGroups.fill(cells:...)`'s rows, [group × stride + column]) from
    /// `rows` and writes demand (standard, propensity) and the disabled elderly into the rows of
    /// `OutputColumns`, columns 0..<width of rows `stride` apart. `enrolment` and `institutionalCare` hold
    /// each column's behaviour factors.
    static func fill(rows: UnsafeMutablePointer<Double>, stride: Int, width W: Int, coefficients k: DemandCoefficients,
                     enrolment: UnsafePointer<Double>, institutionalCare: UnsafePointer<Double>) {
        guard k.carerArithmetic == .continuous else {
            // Whole classes per band: the scalar path (a branch per value in any case).
            for c in 0..<W {
                let people = ServiceGroups.population(rows: rows, width: stride, column: c)
                var demand = DemandVector.zero
                k.demand(for: people, enrolment: enrolment[c], institutionalCare: institutionalCare[c], into: &demand)
                for (i, measure) in OutputColumns.measures.enumerated() {
                    rows[(OutputColumns.demandStandard + i) * stride + c] = demand[measure, .standard]
                    rows[(OutputColumns.demandPropensity + i) * stride + c] = demand[measure, .propensity]
                }
                rows[OutputColumns.disabledElderly * stride + c] = demand.disabledElderly
            }
            return
        }
        func row(_ index: Int) -> UnsafeMutablePointer<Double> { rows + index * stride }
        func standard(_ m: Measure) -> UnsafeMutablePointer<Double> { row(Self.standardRow(m)) }
        func propensity(_ m: Measure) -> UnsafeMutablePointer<Double> { row(OutputColumns.demandPropensity + Self.index(m)) }
        // The loop is C (carecap_demand): the same operations in the same order as
        // `DemandCoefficients.demand`, over rows C may treat as apart.
        var layout = carecap_demand_rows(
            months6to12: row(0), months12to24: row(1), months24to36: row(2), aged60plus: row(Self.elderly),
            aged60to69: row(7), aged70to79: row(8), aged80plus: row(10), residents: row(Self.residents),
            disabled: row(OutputColumns.disabledElderly),
            slotsPropensity: propensity(.nurserySlots), carersPropensity: propensity(.nurseryCarers),
            bedsPropensity: propensity(.beds), nursingPropensity: propensity(.nursingBeds),
            workersPropensity: propensity(.socialWorkers),
            slotsStandard: standard(.nurserySlots), carersStandard: standard(.nurseryCarers),
            bedsStandard: standard(.beds), nursingStandard: standard(.nursingBeds), workersStandard: standard(.socialWorkers))
        var coefficients = carecap_demand_coefficients(
            enrolment0to2: k.enrolment0to2, institutionalCare60to69: k.institutionalCare60to69,
            institutionalCare70to79: k.institutionalCare70to79, institutionalCare80plus: k.institutionalCare80plus,
            disability60to69: k.disability60to69, disability70to79: k.disability70to79, disability80plus: k.disability80plus,
            disabledInInstitutions: k.disabledInInstitutions, carersPerSlot: k.carersPerSlot,
            slotsPer1000Residents: k.slotsPer1000Residents, bedsPer1000Elderly: k.bedsPer1000Elderly,
            nursingBedShare: k.nursingBedShare, socialWorkersPer100Beds: k.socialWorkersPer100Beds)
        carecap_demand(&layout, &coefficients, enrolment, institutionalCare, W)
    }

    /// The drawn rows of the groups the standard basis reads: total residents and the residents aged 60+.
    static let residents = OutputColumns.totalResidents
    static let elderly = OutputColumns.population + OutputColumns.populationGroups.firstIndex(of: "60+")!

    /// A drawn column whose sample in every draw is a non-decreasing function of another drawn column's
    /// sample in the same draw (the standard demand of a measure from its service group, households
    /// from the residents).
    struct Follower {
        let base: Int
        /// The follower's sample from the base's, in year index `year`.
        let value: (_ base: Double, _ year: Int) -> Double
    }

    /// An area's followers, by drawn column (nil: a column of its own). Why: the order statistics of f(X)
    /// for a non-decreasing f are f of X's, the same doubles, so their quantiles come from the base
    /// column's selection — a third of the selections an area needs (8 of 24 columns). A base is always
    /// a column of its own with a lower index, so it is selected first in a year. Only where every coefficient is
    /// ≥ 0 (multiplying or dividing by it keeps the order) and carers are continuous. Households follow
    /// the residents with each year's persons per household (`personsPerHousehold[year]`).
    static func followers(coefficients k: DemandCoefficients, groupQuarters: Double, personsPerHousehold: [Double]) -> [Follower?] {
        var list = [Follower?](repeating: nil, count: CapacitySimulation.drawnColumns)
        if personsPerHousehold.allSatisfy({ $0 > 0 }) {
            list[OutputColumns.population + ServiceGroups.groupCount - 1] = Follower(base: residents) { total, year in
                ServiceGroups.households(total: total, groupQuarters: groupQuarters, personsPerHousehold: personsPerHousehold[year])
            }
        }
        if k.slotsPer1000Residents >= 0 {
            list[standardRow(.nurserySlots)] = Follower(base: residents) { x, _ in k.standardSlots(residents: x) }
            if k.carerArithmetic == .continuous, k.carersPerSlot >= 0 {
                list[standardRow(.nurseryCarers)] = Follower(base: residents) { x, _ in k.carers(slots: k.standardSlots(residents: x)) }
            }
        }
        // Observed use: carers follow the enrolled children (slots) and social workers the institutional
        // users (beds), each a product with a coefficient of the run.
        let slotsPropensity = OutputColumns.demandPropensity + index(.nurserySlots)
        let bedsPropensity = OutputColumns.demandPropensity + index(.beds)
        if k.carerArithmetic == .continuous, k.carersPerSlot >= 0 {
            list[OutputColumns.demandPropensity + index(.nurseryCarers)] = Follower(base: slotsPropensity) { x, _ in k.carers(slots: x) }
        }
        if k.socialWorkersPer100Beds >= 0 {
            list[OutputColumns.demandPropensity + index(.socialWorkers)] = Follower(base: bedsPropensity) { x, _ in k.socialWorkers(beds: x) }
        }
        if k.bedsPer1000Elderly >= 0 {
            list[standardRow(.beds)] = Follower(base: elderly) { x, _ in k.standardBeds(elderly60plus: x) }
            if k.nursingBedShare >= 0 {
                list[standardRow(.nursingBeds)] = Follower(base: elderly) { x, _ in k.standardNursingBeds(beds: k.standardBeds(elderly60plus: x)) }
            }
            if k.socialWorkersPer100Beds >= 0 {
                list[standardRow(.socialWorkers)] = Follower(base: elderly) { x, _ in k.socialWorkers(beds: k.standardBeds(elderly60plus: x)) }
            }
        }
        return list
    }

    private static func standardRow(_ measure: Measure) -> Int { OutputColumns.demandStandard + index(measure) }

    /// The measure's place in `OutputColumns.measures`.
    private static func index(_ measure: Measure) -> Int {
        OutputColumns.measures.firstIndex(of: measure)!
    }
}
