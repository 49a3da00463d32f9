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

    /// Uniform numbers on [0, 1) from a 64-bit LCG (Knuth's MMIX constants), the same for a seed every run.
    static func uniforms(seed: UInt64) -> () -> Double {
        var state = seed
        return {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// A block of `width` columns filled by `DemandRows.fill`: groups of random sizes, with a column of zeros
    /// (no children: carers 0 by the guard) and one tiny; behaviour factors exactly 1 (no scaling), below and
    /// above (80+ care × 2 passes the cap of 1: 0.6 × 2).
    static func filledBlock(_ k: DemandCoefficients, width: Int, seed: UInt64) -> (rows: [Double], enrolment: [Double], care: [Double]) {
        let next = uniforms(seed: seed)
        var rows = [Double](repeating: 0, count: OutputColumns.count * width)
        for g in 0..<ServiceGroups.groupCount {
            for c in 0..<width { rows[g * width + c] = c == 0 ? 0 : c == 1 ? 1e-9 : next() * 50_000 }
        }
        let enrolment = (0..<width).map { c in c % 3 == 0 ? 1 : 0.5 + 1.5 * next() }
        let care = (0..<width).map { c in c % 4 == 0 ? 1 : c % 4 == 1 ? 2 : 0.5 + next() }
        rows.withUnsafeMutableBufferPointer { r in
            DemandRows.fill(rows: r.baseAddress!, stride: width, width: width, coefficients: k, enrolment: enrolment, institutionalCare: care)
        }
        return (rows, enrolment, care)
    }

    /// Continuous carers' coefficients, a block `filledBlock` made with them, and their followers (no group quarters).
    static func continuousBlock(socialWorkers: Double, width: Int, seed: UInt64, personsPerHousehold: Double)
        -> (DemandCoefficients, (rows: [Double], enrolment: [Double], care: [Double]), [DemandRows.Follower?]) {
        let k = coefficients(.continuous, socialWorkers: socialWorkers)
        return (k, filledBlock(k, width: width, seed: seed),
                DemandRows.followers(coefficients: k, groupQuarters: 0, personsPerHousehold: [personsPerHousehold]))
    }

    @Test(arguments: [CarerArithmetic.continuous, .interpolated], [0.0, 1.0])
    func rowsEqualTheScalarDemandOfEachColumn(arithmetic: CarerArithmetic, socialWorkers: Double) {
        let k = Self.coefficients(arithmetic, socialWorkers: socialWorkers)
        let width = 9
        let (rows, enrolment, care) = Self.filledBlock(k, width: width, seed: 0x9E37_79B9_7F4A_7C15)
        rows.withUnsafeBufferPointer { r in
            for c in 0..<width {
                let people = ServiceGroups.population(rows: r.baseAddress!, width: width, column: c)
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

/// With every demand follower made again (`followersMadeAgain`, `carecap_demand_kept`), the rows the block keeps
/// get the bits the whole demand gives them, and the followers' rows are not written (a NaN left in them stays).
@Suite struct DemandKeptRowsTests {
    @Test(arguments: [0.0, 1.7])
    func keptRowsEqualTheWholeDemand(socialWorkers: Double) {
        let width = 13
        let (k, (whole, enrolment, care), followers) = DemandRowsTests.continuousBlock(socialWorkers: socialWorkers, width: width,
                                                                                       seed: 0x5EED_0F_DE3A4D, personsPerHousehold: 2.5)
        #expect(DemandRows.demandFollowerColumns.allSatisfy { followers[$0] != nil })
        // The groups as the whole block had them, every demand row NaN, then only the kept rows filled.
        var rows = whole
        for row in OutputColumns.demandStandard...OutputColumns.disabledElderly { for c in 0..<width { rows[row * width + c] = .nan } }
        rows.withUnsafeMutableBufferPointer { r in
            DemandRows.Prepared(coefficients: k).fill(rows: r.baseAddress!, stride: width, width: width, enrolment: enrolment,
                                                      institutionalCare: care, followersMadeAgain: true)
        }
        for row in OutputColumns.demandStandard...OutputColumns.disabledElderly {
            let follows = DemandRows.demandFollowerColumns.contains(row)
            for c in 0..<width {
                if follows {
                    #expect(rows[row * width + c].isNaN, "row \(row) column \(c) written")
                } else {
                    #expect(rows[row * width + c].bitPattern == whole[row * width + c].bitPattern, "row \(row) column \(c)")
                }
            }
        }
        // Four rows kept: observed use's slots, beds and nursing beds, and the disabled elderly.
        #expect((OutputColumns.demandStandard...OutputColumns.disabledElderly).filter { !DemandRows.demandFollowerColumns.contains($0) }.count == 4)
    }
}

/// A follower's quantiles, taken from its base column's order statistics, equal selecting the follower's
/// own samples (the path every other column takes) bit for bit: its samples are f(base) draw by draw.
@Suite struct DemandFollowerTests {
    /// The simulation keeps no follower's draws: it makes them again from the base row a year at a time
    /// (`DemandRows.Prepared.followerRow`, in C). Each follower's row must be, bit for bit, what the block's demand
    /// (`DemandRows.fill`) wrote for it, and households what `ServiceGroups.households` gives (the operations
    /// `carecap_year_groups` repeats), or the regions' sums and the probabilities of meeting the standards would
    /// differ from before. Columns of zeros and of 1e-9 included (carers 0 below a slot, households floored at 0).
    /// (Social workers per 100 beds 0 and 1.7: with 1, a product by it is exact, and a misplaced one would pass.)
    @Test(arguments: [CarerArithmetic.continuous, .interpolated], [0.0, 1.7])
    func followerRowsEqualTheBlocksOwnRows(arithmetic: CarerArithmetic, socialWorkers: Double) {
        let k = DemandRowsTests.coefficients(arithmetic, socialWorkers: socialWorkers)
        let width = 11, groupQuarters = 20_000.0, personsPerHousehold = 2.7
        let (rows, _, _) = DemandRowsTests.filledBlock(k, width: width, seed: 0x0DDB_A11C_0FFE_E123)
        let followers = DemandRows.followers(coefficients: k, groupQuarters: groupQuarters, personsPerHousehold: [personsPerHousehold])
        let prepared = DemandRows.Prepared(coefficients: k)
        var checked = 0
        rows.withUnsafeBufferPointer { r in
            for (column, follower) in followers.enumerated() {
                guard let follower else { continue }
                var made = [Double](repeating: .nan, count: width)
                made.withUnsafeMutableBufferPointer {
                    prepared.followerRow(follower, into: $0.baseAddress!, base: r.baseAddress! + follower.base * width,
                                         groupQuarters: groupQuarters, personsPerHousehold: personsPerHousehold, width: width)
                }
                for c in 0..<width {
                    let expected = column == OutputColumns.population + ServiceGroups.groupCount - 1
                        ? ServiceGroups.households(total: r[follower.base * width + c], groupQuarters: groupQuarters,
                                                   personsPerHousehold: personsPerHousehold)
                        : r[column * width + c]
                    #expect(made[c].bitPattern == expected.bitPattern, "column \(column), draw \(c): \(made[c]) vs \(expected)")
                    // And the follower's own function, which its quantiles come from.
                    #expect(made[c].bitPattern == follower.value(r[follower.base * width + c], 0).bitPattern)
                }
                checked += 1
            }
        }
        #expect(checked == (arithmetic == .continuous ? 8 : 6))
    }

    @Test(arguments: [CarerArithmetic.continuous, .interpolated])
    func followersGiveTheQuantilesOfTheirOwnSamples(arithmetic: CarerArithmetic) {
        let k = DemandRowsTests.coefficients(arithmetic, socialWorkers: 1)
        let followers = DemandRows.followers(coefficients: k, groupQuarters: 1234.5, personsPerHousehold: [2.7])
        // Standard slots, beds, nursing beds, social workers, observed-use social workers and households always
        // follow; carers on both bases only with continuous arithmetic (whole classes are not a product with
        // the slots).
        let expectedCount = arithmetic == .continuous ? 8 : 6
        #expect(followers.compactMap { $0 }.count == expectedCount)
        let next = DemandRowsTests.uniforms(seed: 99)
        let draws = 1000
        let selection = QuantileSelection(count: draws, fractions: [0.1, 0.5, 0.9])
        for (column, follower) in followers.enumerated() {
            guard let follower else { continue }
            // Base samples with ties and values below the group quarters (households floored at 0).
            var base = (0..<draws).map { d in d % 7 == 0 ? 1000.0 : next() * 60_000 }
            var own = base.map { follower.value($0, 0) }
            base.withUnsafeMutableBufferPointer { b in
                own.withUnsafeMutableBufferPointer { o in
                    selection.select(b)
                    selection.select(o)
                    for q in 0..<3 {
                        #expect(selection.quantile(b, q) { follower.value($0, 0) }.bitPattern == selection.quantile(o, q).bitPattern,
                                "column \(column) q \(q)")
                        #expect(selection.quantile(b, q) { max(0, follower.value($0, 0) - 50) }.bitPattern
                            == selection.quantile(o, q) { max(0, $0 - 50) }.bitPattern)
                    }
                }
            }
        }
        // A negative coefficient would reverse the order: that column is then selected on its own.
        var reversed = k
        reversed.bedsPer1000Elderly = -1
        let without = DemandRows.followers(coefficients: reversed, groupQuarters: 0, personsPerHousehold: [2.7])
        #expect(without[OutputColumns.demandStandard + 2] == nil)
    }

    /// Every follower's value of its base's sample is, bit for bit, what `DemandRows.fill` writes in the
    /// follower's own row for that column (the invariant the shortcut rests on), and every base is a column
    /// of its own with a lower index.
    @Test(arguments: [0.0, 1.0])
    func followersReproduceTheFilledRows(socialWorkers: Double) {
        let width = 12
        let (_, (rows, _, _), followers) = DemandRowsTests.continuousBlock(socialWorkers: socialWorkers, width: width, seed: 7,
                                                                           personsPerHousehold: 2.7)
        for (column, follower) in followers.enumerated() {
            guard let follower, column != OutputColumns.population + ServiceGroups.groupCount - 1 else { continue }
            #expect(follower.base < column && followers[follower.base] == nil)
            for c in 0..<width {
                #expect(follower.value(rows[follower.base * width + c], 0).bitPattern == rows[column * width + c].bitPattern,
                        "column \(column), draw \(c)")
            }
        }
    }
}
