import Planning

/// Demand on both bases for every column of a block-year at once: `DemandCoefficients.demand(for:
/// enrolment:institutionalCare:into:)` with its operations in the same order, so each value has the same
/// bits, but one output row at a time over `width` columns (vectorised) instead of one column at a time.
///
/// Why: a national run asks for demand 92 million times (areas × years × draws); per column, building
/// the population and the demand vector and scattering ten values into the rows took about 5% of it.
enum DemandRows {
    /// Reads the service groups (`ServiceGroups.fill(cells:...)`'s rows, [group × width + column]) from
    /// `rows` and writes demand (standard, propensity) and the disabled elderly into the rows of
    /// `OutputColumns`. `enrolment` and `institutionalCare` hold each column's behaviour factors.
    static func fill(rows: UnsafeMutablePointer<Double>, width W: Int, coefficients k: DemandCoefficients,
                     enrolment: UnsafePointer<Double>, institutionalCare: UnsafePointer<Double>) {
        guard k.carerArithmetic == .continuous else {
            // Whole classes per band: the scalar path (a branch per value in any case).
            for c in 0..<W {
                let people = ServiceGroups.population(rows: rows, width: W, column: c)
                var demand = DemandVector.zero
                k.demand(for: people, enrolment: enrolment[c], institutionalCare: institutionalCare[c], into: &demand)
                for (i, measure) in OutputColumns.measures.enumerated() {
                    rows[(OutputColumns.demandStandard + i) * W + c] = demand[measure, .standard]
                    rows[(OutputColumns.demandPropensity + i) * W + c] = demand[measure, .propensity]
                }
                rows[OutputColumns.disabledElderly * W + c] = demand.disabledElderly
            }
            return
        }
        func row(_ index: Int) -> UnsafeMutablePointer<Double> { rows + index * W }
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
            carersPropensity[c] = enrolled > 0 ? enrolled * perSlot : 0
            let users1 = care1 * a60to69[c], users2 = care2 * a70to79[c], users3 = care3 * a80plus[c]
            let users = users1 + users2 + users3
            let disabled1 = k.disability60to69 * a60to69[c], disabled2 = k.disability70to79 * a70to79[c]
            let disabled3 = k.disability80plus * a80plus[c]
            bedsPropensity[c] = users
            nursingPropensity[c] = min(users1, inInstitutions * disabled1) + min(users2, inInstitutions * disabled2)
                + min(users3, inInstitutions * disabled3)
            workersPropensity[c] = k.socialWorkersPer100Beds * users / 100
            disabled[c] = disabled1 + disabled2 + disabled3
            let slots = k.slotsPer1000Residents * residents[c] / 1000
            slotsStandard[c] = slots
            carersStandard[c] = slots > 0 ? slots * perSlot : 0
            let beds = k.bedsPer1000Elderly * a60plus[c] / 1000
            bedsStandard[c] = beds
            nursingStandard[c] = k.nursingBedShare * beds
            workersStandard[c] = k.socialWorkersPer100Beds * beds / 100
        }
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
