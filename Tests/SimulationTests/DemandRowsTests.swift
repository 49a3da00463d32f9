import Planning
import Testing
@testable import Simulation

/// `DemandRows.fill` computes a block-year's demand one row at a time; it must give each column the
/// bits `DemandCoefficients.demand(for:enrolment:institutionalCare:into:)` gives that column alone (the
/// independent path: the scalar code the simulation used before, and what `carecap check` uses).
@Suite struct DemandRowsTests {
    static func coefficients(_ arithmetic: CarerArithmetic, socialWorkers: Double) -> DemandCoefficients {
        DemandCoefficients(
            slotsPer1000Residents: 4.5, bedsPer1000Elderly: 40, nursingBedShare: 0.6, socialWorkersPer100Beds: socialWorkers,
            caps: (infant: 10, toddler: 15, older: 20, mixed: 18), ratios: (infant: 3, toddler: 5, older: 7, mixed: 5),
            classMix: (infant: 0.05, toddler: 0.25, older: 0.7, mixed: 0), carerArithmetic: arithmetic, enrolment0to2: 0.08,
            institutionalCare: (age60to69: 0.004, age70to79: 0.01, age80plus: 0.6),
            disability: (age60to69: 0.0628, age70to79: 0.1255, age80plus: 0.3138), disabledInInstitutions: 0.9)
    }

    @Test(arguments: [CarerArithmetic.continuous, .interpolated], [0.0, 1.0])
    func rowsEqualTheScalarDemandOfEachColumn(arithmetic: CarerArithmetic, socialWorkers: Double) {
        let k = Self.coefficients(arithmetic, socialWorkers: socialWorkers)
        let width = 9
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var rows = [Double](repeating: 0, count: OutputColumns.count * width)
        // Groups: random sizes, with a column of zeros (no children: carers 0 by the guard) and one tiny.
        for g in 0..<ServiceGroups.groupCount {
            for c in 0..<width { rows[g * width + c] = c == 0 ? 0 : c == 1 ? 1e-9 : next() * 50_000 }
        }
        // Factors: exactly 1 (no scaling), below, and above (80+ care × 2 passes the cap of 1: 0.6 × 2).
        let enrolment = (0..<width).map { c in c % 3 == 0 ? 1 : 0.5 + 1.5 * next() }
        let care = (0..<width).map { c in c % 4 == 0 ? 1 : c % 4 == 1 ? 2 : 0.5 + next() }
        rows.withUnsafeMutableBufferPointer { r in
            enrolment.withUnsafeBufferPointer { e in
                care.withUnsafeBufferPointer { f in
                    DemandRows.fill(rows: r.baseAddress!, width: width, coefficients: k, enrolment: e.baseAddress!, institutionalCare: f.baseAddress!)
                }
            }
            for c in 0..<width {
                let people = ServiceGroups.population(rows: UnsafePointer(r.baseAddress!), width: width, column: c)
                var expected = DemandVector.zero
                k.demand(for: people, enrolment: enrolment[c], institutionalCare: care[c], into: &expected)
                // And the coefficients scaled first (a copy), the path `scaled` documents.
                var scaled = DemandVector.zero
                k.scaled(enrolment: enrolment[c], institutionalCare: care[c]).demand(for: people, into: &scaled)
                for (i, measure) in OutputColumns.measures.enumerated() {
                    for (basis, row) in [(DemandBasis.standard, OutputColumns.demandStandard), (.propensity, OutputColumns.demandPropensity)] {
                        let got = r[(row + i) * width + c]
                        #expect(got.bitPattern == expected[measure, basis].bitPattern, "column \(c) \(measure) \(basis): \(got) vs \(expected[measure, basis])")
                        #expect(got.bitPattern == scaled[measure, basis].bitPattern)
                    }
                }
                #expect(r[OutputColumns.disabledElderly * width + c].bitPattern == expected.disabledElderly.bitPattern)
            }
        }
    }
}
