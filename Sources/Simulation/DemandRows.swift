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
        Prepared(coefficients: k).fill(rows: rows, stride: stride, width: W, enrolment: enrolment, institutionalCare: institutionalCare)
    }

    /// `fill` with the coefficients and the rows' places worked out once (per area), not at each block-year:
    /// finding each measure's row (a search of `OutputColumns.measures`), reading the lazily made constants and
    /// copying the coefficients cost about as much as the demand itself (3 million calls in a national run).
    /// A class holding raw memory, so that a call copies nothing.
    final class Prepared {
        let coefficients: DemandCoefficients
        let continuous: Bool
        /// `carecap_demand_coefficients` of the coefficients, and the rows in `carecap_demand_rows`' field order.
        private let constants: UnsafeMutablePointer<carecap_demand_coefficients>
        private let rowIndex: UnsafeMutablePointer<Int>

        init(coefficients k: DemandCoefficients) {
            coefficients = k
            continuous = k.carerArithmetic == .continuous
            constants = .allocate(capacity: 1)
            constants.initialize(to: carecap_demand_coefficients(
                enrolment0to2: k.enrolment0to2, institutionalCare60to69: k.institutionalCare60to69,
                institutionalCare70to79: k.institutionalCare70to79, institutionalCare80plus: k.institutionalCare80plus,
                disability60to69: k.disability60to69, disability70to79: k.disability70to79, disability80plus: k.disability80plus,
                disabledInInstitutions: k.disabledInInstitutions, carersPerSlot: k.carersPerSlot,
                slotsPer1000Residents: k.slotsPer1000Residents, bedsPer1000Elderly: k.bedsPer1000Elderly,
                nursingBedShare: k.nursingBedShare, socialWorkersPer100Beds: k.socialWorkersPer100Beds))
            func standard(_ m: Measure) -> Int { DemandRows.standardRow(m) }
            func propensity(_ m: Measure) -> Int { OutputColumns.demandPropensity + DemandRows.index(m) }
            let rows = [0, 1, 2, DemandRows.elderly, 7, 8, 10, DemandRows.residents, OutputColumns.disabledElderly,
                        propensity(.nurserySlots), propensity(.nurseryCarers), propensity(.beds), propensity(.nursingBeds),
                        propensity(.socialWorkers),
                        standard(.nurserySlots), standard(.nurseryCarers), standard(.beds), standard(.nursingBeds),
                        standard(.socialWorkers)]
            rowIndex = .allocate(capacity: rows.count)
            rowIndex.initialize(from: rows, count: rows.count)
        }

        deinit {
            constants.deallocate()
            rowIndex.deallocate()
        }

        /// A follower's row from its base row (`carecap_follower_row`): the values the kernel's demand (and
        /// households) gave the same draws, made again from the base instead of kept.
        func followerRow(_ follower: Follower, into to: UnsafeMutablePointer<Double>, base: UnsafePointer<Double>,
                         groupQuarters: Double, personsPerHousehold: Double, width: Int) {
            carecap_follower_row(follower.kind, to, base, constants, groupQuarters, personsPerHousehold, width)
        }

        /// `followersMadeAgain`: the rows of `DemandRows.demandFollowerColumns` are not needed (the caller makes them
        /// again from their bases, `followerRow`) and are left as they are; the other rows get the same bits.
        func fill(rows: UnsafeMutablePointer<Double>, stride: Int, width W: Int,
                  enrolment: UnsafePointer<Double>, institutionalCare: UnsafePointer<Double>, followersMadeAgain: Bool = false) {
            guard continuous else {
                // Whole classes per band: the scalar path (a branch per value in any case).
                let k = coefficients
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
            // The loop is C (carecap_demand): the same operations in the same order as
            // `DemandCoefficients.demand`, over rows C may treat as apart.
            let r = rowIndex
            func row(_ i: Int) -> UnsafeMutablePointer<Double> { rows + r[i] * stride }
            var layout = carecap_demand_rows(
                months6to12: row(0), months12to24: row(1), months24to36: row(2), aged60plus: row(3),
                aged60to69: row(4), aged70to79: row(5), aged80plus: row(6), residents: row(7), disabled: row(8),
                slotsPropensity: row(9), carersPropensity: row(10), bedsPropensity: row(11), nursingPropensity: row(12),
                workersPropensity: row(13), slotsStandard: row(14), carersStandard: row(15), bedsStandard: row(16),
                nursingStandard: row(17), workersStandard: row(18))
            if followersMadeAgain {
                carecap_demand_kept(&layout, constants, enrolment, institutionalCare, W)
            } else {
                carecap_demand(&layout, constants, enrolment, institutionalCare, W)
            }
        }
    }

    /// The drawn rows of the groups the standard basis reads: total residents and the residents aged 60+.
    static let residents = OutputColumns.totalResidents
    static let elderly = OutputColumns.population + OutputColumns.populationGroups.firstIndex(of: "60+")!

    /// A drawn column whose sample in every draw is a non-decreasing function of another drawn column's
    /// sample in the same draw (the standard demand of a measure from its service group, households
    /// from the residents).
    struct Follower {
        let base: Int
        /// The same function in C, for whole rows (`carecap_follower_row`, `Prepared.followerRow`).
        let kind: carecap_follower_kind
        /// The follower's sample from the base's, in year index `year`.
        let value: (_ base: Double, _ year: Int) -> Double
    }

    /// The demand columns that can be followers (`followers`): every measure on the standard basis, and observed
    /// use's carers and social workers. When all are, `Prepared.fill` need not write them (`carecap_demand_kept`).
    static let demandFollowerColumns: [Int] = OutputColumns.measures.indices.map { OutputColumns.demandStandard + $0 }
        + [OutputColumns.demandPropensity + index(.nurseryCarers), OutputColumns.demandPropensity + index(.socialWorkers)]

    /// An area's followers, by drawn column (nil: a column of its own). Why: the order statistics of f(X)
    /// for a non-decreasing f are f of X's, the same doubles, so their quantiles come from the base
    /// column's selection — a third of the selections an area needs (8 of 24 columns). A base is always
    /// a column of its own with a lower index, so it is selected first in a year. Only where every coefficient is
    /// ≥ 0 (multiplying or dividing by it keeps the order) and carers are continuous. Households follow
    /// the residents with each year's persons per household (`personsPerHousehold[year]`).
    static func followers(coefficients k: DemandCoefficients, groupQuarters: Double, personsPerHousehold: [Double]) -> [Follower?] {
        var list = [Follower?](repeating: nil, count: CapacitySimulation.drawnColumns)
        if personsPerHousehold.allSatisfy({ $0 > 0 }) {
            list[OutputColumns.population + ServiceGroups.groupCount - 1] = Follower(base: residents, kind: carecap_follower_households) { total, year in
                ServiceGroups.households(total: total, groupQuarters: groupQuarters, personsPerHousehold: personsPerHousehold[year])
            }
        }
        if k.slotsPer1000Residents >= 0 {
            list[standardRow(.nurserySlots)] = Follower(base: residents, kind: carecap_follower_slots_standard) { x, _ in k.standardSlots(residents: x) }
            if k.carerArithmetic == .continuous, k.carersPerSlot >= 0 {
                list[standardRow(.nurseryCarers)] = Follower(base: residents, kind: carecap_follower_carers_standard) { x, _ in
                    k.carers(slots: k.standardSlots(residents: x))
                }
            }
        }
        // Observed use: carers follow the enrolled children (slots) and social workers the institutional
        // users (beds), each a product with a coefficient of the run.
        let slotsPropensity = OutputColumns.demandPropensity + index(.nurserySlots)
        let bedsPropensity = OutputColumns.demandPropensity + index(.beds)
        if k.carerArithmetic == .continuous, k.carersPerSlot >= 0 {
            list[OutputColumns.demandPropensity + index(.nurseryCarers)] = Follower(base: slotsPropensity, kind: carecap_follower_carers_propensity) { x, _ in
                k.carers(slots: x)
            }
        }
        if k.socialWorkersPer100Beds >= 0 {
            list[OutputColumns.demandPropensity + index(.socialWorkers)] = Follower(base: bedsPropensity, kind: carecap_follower_workers_propensity) { x, _ in
                k.socialWorkers(beds: x)
            }
        }
        if k.bedsPer1000Elderly >= 0 {
            list[standardRow(.beds)] = Follower(base: elderly, kind: carecap_follower_beds_standard) { x, _ in k.standardBeds(elderly60plus: x) }
            if k.nursingBedShare >= 0 {
                list[standardRow(.nursingBeds)] = Follower(base: elderly, kind: carecap_follower_nursing_standard) { x, _ in
                    k.standardNursingBeds(beds: k.standardBeds(elderly60plus: x))
                }
            }
            if k.socialWorkersPer100Beds >= 0 {
                list[standardRow(.socialWorkers)] = Follower(base: elderly, kind: carecap_follower_workers_standard) { x, _ in
                    k.socialWorkers(beds: k.standardBeds(elderly60plus: x))
                }
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
