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
        func standard(_ m: Measure) -> UnsafeMutablePointer<Double> { row(OutputColumns.demandStandard + index(m)) }
        func propensity(_ m: Measure) -> UnsafeMutablePointer<Double> { row(OutputColumns.demandPropensity + index(m)) }
        let m6to12 = row(0), m12to24 = row(1), m24to36 = row(2), a60plus = row(6), a60to69 = row(7)
        let a70to79 = row(8), a80plus = row(10), residents = row(11)
        let disabled = row(OutputColumns.disabledElderly)
        let slotsPropensity = propensity(.nurserySlots), carersPropensity = propensity(.nurseryCarers)
        let bedsPropensity = propensity(.beds), nursingPropensity = propensity(.nursingBeds)
        let workersPropensity = propensity(.socialWorkers)
        let slotsStandard = standard(.nurserySlots), carersStandard = standard(.nurseryCarers)
        let bedsStandard = standard(.beds), nursingStandard = standard(.nursingBeds), workersStandard = standard(.socialWorkers)
        let perSlot = k.carersPerSlot
        for c in 0..<W {
            // The behaviours of the draw (`DemandCoefficients.scaled`): shares capped at 1.
            let e = enrolment[c], f = institutionalCare[c]
            let enrolment0to2 = e != 1 ? min(1, k.enrolment0to2 * e) : k.enrolment0to2
            let care1 = f != 1 ? min(1, k.institutionalCare60to69 * f) : k.institutionalCare60to69
            let care2 = f != 1 ? min(1, k.institutionalCare70to79 * f) : k.institutionalCare70to79
            let care3 = f != 1 ? min(1, k.institutionalCare80plus * f) : k.institutionalCare80plus
            let inInstitutions = f != 1 ? min(1, k.disabledInInstitutions * f) : k.disabledInInstitutions
            let enrolled = enrolment0to2 * (2 * m6to12[c] + m12to24[c] + m24to36[c])
            slotsPropensity[c] = enrolled
            carersPropensity[c] = Standard.carers(slots: enrolled, perSlot: perSlot)
            let users1 = care1 * a60to69[c], users2 = care2 * a70to79[c], users3 = care3 * a80plus[c]
            let users = users1 + users2 + users3
            let disabled1 = k.disability60to69 * a60to69[c], disabled2 = k.disability70to79 * a70to79[c]
            let disabled3 = k.disability80plus * a80plus[c]
            bedsPropensity[c] = users
            nursingPropensity[c] = min(users1, inInstitutions * disabled1) + min(users2, inInstitutions * disabled2)
                + min(users3, inInstitutions * disabled3)
            workersPropensity[c] = k.socialWorkersPer100Beds * users / 100
            disabled[c] = disabled1 + disabled2 + disabled3
            let slots = Standard.slots(k, residents: residents[c])
            slotsStandard[c] = slots
            carersStandard[c] = Standard.carers(slots: slots, perSlot: perSlot)
            let beds = Standard.beds(k, elderly60plus: a60plus[c])
            bedsStandard[c] = beds
            nursingStandard[c] = Standard.nursingBeds(k, beds: beds)
            workersStandard[c] = Standard.socialWorkers(k, beds: beds)
        }
    }

    /// Demand on the standard basis from one service group: the arithmetic `fill` uses (and
    /// `DemandCoefficients.demand`), in one place so that `followers` derives the same numbers.
    enum Standard {
        @inline(__always) static func slots(_ k: DemandCoefficients, residents: Double) -> Double {
            k.slotsPer1000Residents * residents / 1000
        }
        @inline(__always) static func carers(slots: Double, perSlot: Double) -> Double { slots > 0 ? slots * perSlot : 0 }
        @inline(__always) static func beds(_ k: DemandCoefficients, elderly60plus: Double) -> Double {
            k.bedsPer1000Elderly * elderly60plus / 1000
        }
        @inline(__always) static func nursingBeds(_ k: DemandCoefficients, beds: Double) -> Double { k.nursingBedShare * beds }
        @inline(__always) static func socialWorkers(_ k: DemandCoefficients, beds: Double) -> Double {
            k.socialWorkersPer100Beds * beds / 100
        }
        /// Households: residents outside group quarters over the persons per household.
        @inline(__always) static func households(total: Double, groupQuarters: Double, personsPerHousehold: Double) -> Double {
            max(0, total - groupQuarters) / personsPerHousehold
        }
    }

    /// A drawn column whose sample in every draw is a non-decreasing function of another drawn column's
    /// sample in the same draw (the standard demand of a measure from its service group, households
    /// from the residents).
    struct Follower {
        let base: Int
        let value: (Double) -> Double
    }

    /// The followers of a year, by drawn column (nil: a column of its own). Why: the order statistics
    /// of f(X) for a non-decreasing f are f of X's, the same doubles, so their quantiles come from the
    /// base column's selection — a quarter of the selections an area needs. Only where every
    /// coefficient is ≥ 0 (multiplying or dividing by it keeps the order) and carers are continuous.
    static func followers(coefficients k: DemandCoefficients, groupQuarters: Double, personsPerHousehold: Double) -> [Follower?] {
        var list = [Follower?](repeating: nil, count: CapacitySimulation.drawnColumns)
        let residents = OutputColumns.totalResidents, elderly = OutputColumns.population + 6
        precondition(OutputColumns.populationGroups[elderly] == "60+" && OutputColumns.populationGroups[residents] == "total")
        func nonNegative(_ values: Double...) -> Bool { values.allSatisfy { $0 >= 0 } }
        if personsPerHousehold > 0 {
            list[OutputColumns.population + ServiceGroups.groupCount - 1] = Follower(base: residents) {
                Standard.households(total: $0, groupQuarters: groupQuarters, personsPerHousehold: personsPerHousehold)
            }
        }
        let perSlot = k.carersPerSlot
        func standard(_ m: Measure) -> Int { OutputColumns.demandStandard + index(m) }
        if nonNegative(k.slotsPer1000Residents) {
            list[standard(.nurserySlots)] = Follower(base: residents) { Standard.slots(k, residents: $0) }
            if k.carerArithmetic == .continuous, nonNegative(perSlot) {
                list[standard(.nurseryCarers)] = Follower(base: residents) {
                    Standard.carers(slots: Standard.slots(k, residents: $0), perSlot: perSlot)
                }
            }
        }
        if nonNegative(k.bedsPer1000Elderly) {
            list[standard(.beds)] = Follower(base: elderly) { Standard.beds(k, elderly60plus: $0) }
            if nonNegative(k.nursingBedShare) {
                list[standard(.nursingBeds)] = Follower(base: elderly) { Standard.nursingBeds(k, beds: Standard.beds(k, elderly60plus: $0)) }
            }
            if nonNegative(k.socialWorkersPer100Beds) {
                list[standard(.socialWorkers)] = Follower(base: elderly) { Standard.socialWorkers(k, beds: Standard.beds(k, elderly60plus: $0)) }
            }
        }
        return list
    }

    private static func index(_ measure: Measure) -> Int {
        switch measure {
        case .nurserySlots: 0
        case .nurseryCarers: 1
        case .beds: 2
        case .nursingBeds: 3
        case .socialWorkers: 4
        }
    }
}
