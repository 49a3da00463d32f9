import Planning

/// Demand on both bases for every column of a block-year at once: `DemandCoefficients.demand(for:
/// enrolment:institutionalCare:into:)` with its operations in the same order, so each value has the same
/// bits, but one output row at a time over `width` columns (vectorised) instead of one column at a time.
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
        let m6to12 = row(0), m12to24 = row(1), m24to36 = row(2), a60plus = row(Self.elderly), a60to69 = row(7)
        let a70to79 = row(8), a80plus = row(10), residents = row(Self.residents)
        let disabled = row(OutputColumns.disabledElderly)
        let slotsPropensity = propensity(.nurserySlots), carersPropensity = propensity(.nurseryCarers)
        let bedsPropensity = propensity(.beds), nursingPropensity = propensity(.nursingBeds)
        let workersPropensity = propensity(.socialWorkers)
        let slotsStandard = standard(.nurserySlots), carersStandard = standard(.nurseryCarers)
        let bedsStandard = standard(.beds), nursingStandard = standard(.nursingBeds), workersStandard = standard(.socialWorkers)
        for c in 0..<W {
            // The behaviours of the draw (`DemandCoefficients.scaled`): shares capped at 1.
            let e = enrolment[c], f = institutionalCare[c]
            let enrolment0to2 = DemandCoefficients.scaledShare(k.enrolment0to2, by: e)
            let care1 = DemandCoefficients.scaledShare(k.institutionalCare60to69, by: f)
            let care2 = DemandCoefficients.scaledShare(k.institutionalCare70to79, by: f)
            let care3 = DemandCoefficients.scaledShare(k.institutionalCare80plus, by: f)
            let inInstitutions = DemandCoefficients.scaledShare(k.disabledInInstitutions, by: f)
            let enrolled = enrolment0to2 * (2 * m6to12[c] + m12to24[c] + m24to36[c])
            slotsPropensity[c] = enrolled
            carersPropensity[c] = k.carers(slots: enrolled)
            let users1 = care1 * a60to69[c], users2 = care2 * a70to79[c], users3 = care3 * a80plus[c]
            let users = users1 + users2 + users3
            let disabled1 = k.disability60to69 * a60to69[c], disabled2 = k.disability70to79 * a70to79[c]
            let disabled3 = k.disability80plus * a80plus[c]
            bedsPropensity[c] = users
            nursingPropensity[c] = min(users1, inInstitutions * disabled1) + min(users2, inInstitutions * disabled2)
                + min(users3, inInstitutions * disabled3)
            workersPropensity[c] = k.socialWorkers(beds: users)
            disabled[c] = disabled1 + disabled2 + disabled3
            let slots = k.standardSlots(residents: residents[c])
            slotsStandard[c] = slots
            carersStandard[c] = k.carers(slots: slots)
            let beds = k.standardBeds(elderly60plus: a60plus[c])
            bedsStandard[c] = beds
            nursingStandard[c] = k.standardNursingBeds(beds: beds)
            workersStandard[c] = k.socialWorkers(beds: beds)
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
        /// The follower's sample from the base's, in year index `year`.
        let value: (_ base: Double, _ year: Int) -> Double
    }

    /// An area's followers, by drawn column (nil: a column of its own). Why: the order statistics of f(X)
    /// for a non-decreasing f are f of X's, the same doubles, so their quantiles come from the base
    /// column's selection — a quarter of the selections an area needs. Only where every coefficient is
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
