import Foundation
import Testing
@testable import Demography

@Suite struct CohortComponentProjectorTests {
    /// Rates with S = 1 everywhere (no deaths), TFR 0 (no births) and no migration.
    static func idleRates(areas: Int, steps: Int) throws -> ProjectionRates {
        var shares = [Double](repeating: 0, count: steps * 101)
        for step in 0..<steps { shares[step * 101 + 30] = 1 }
        return try ProjectionRates(
            baseYear: 2020, stepCount: steps, areaCount: areas,
            survivalProfiles: [[Double](repeating: 1, count: steps * 202)],
            mortalityProfileOfArea: [Int](repeating: 0, count: areas),
            fertilityShares: shares, tfr: [Double](repeating: 0, count: steps * areas),
            sexRatioAtBirth: [Double](repeating: 1.1, count: steps))
    }

    @Test func withoutEventsEveryoneAgesOneYearAYear() async throws {
        // Base: area a holds 1000·(a+1) + age at every age (sex-specific offset for females), so
        // after k steps the cohort at age x is the base cohort at age x − k; ages below k are
        // empty (no births), and 100+ holds the sum of base ages 100 − k ... 100.
        let areas = 13, steps = 7
        var base = PopulationArray(areaCount: areas)
        for area in 0..<areas { for sex in Sex.allCases { for age in 0...100 {
            base[sex, age, area] = Double(1000 * (area + 1) + age + (sex == .female ? 500 : 0))
        } } }
        let projection = try await CohortComponentProjector(taskCount: 2).project(base: base, rates: Self.idleRates(areas: areas, steps: steps))
        for area in 0..<areas {
            for k in 0...steps {
                for sex in Sex.allCases {
                    for age in 0..<100 {
                        let expected = age < k ? 0 : base[sex, age - k, area]
                        #expect(projection.population(area: area, year: 2020 + k, sex: sex, age: age) == expected)
                    }
                    let open = (100 - k...100).reduce(0.0) { $0 + base[sex, $1, area] }
                    #expect(projection.population(area: area, year: 2020 + k, sex: sex, age: 100) == open)
                }
                #expect(projection.total(area: area, year: 2020 + k) == base.total(area: area))
            }
        }
    }

    @Test func resultsDoNotDependOnTheTaskCount() async throws {
        // Per-area arithmetic is the same whatever block an area falls in, so 1, 2 and 5 tasks
        // must agree bit for bit. Rates: a realistic-looking decreasing S, TFR varying by area,
        // two mortality profiles interleaved, and migration by rate.
        let areas = 37, steps = 5
        var base = PopulationArray(areaCount: areas)
        for area in 0..<areas { for sex in Sex.allCases { for age in 0...100 {
            let code: Int = area * 7919 + age * 104_729 + sex.rawValue * 31
            base[sex, age, area] = Double(code % 5000) + 10
        } } }
        let profileA = (0..<(steps * 202)).map { 1 - 0.0005 * Double($0 % 101) }
        let profileB = profileA.map { $0 * 0.999 }
        var shares = [Double](repeating: 0, count: steps * 101)
        for step in 0..<steps { for age in 15...49 { shares[step * 101 + age] = 1.0 / 35 } }
        let migrationShares = (0..<202).map { Double(($0 % 101) < 60 ? 1 : 0) / 120 }
        let rates = try ProjectionRates(
            baseYear: 2020, stepCount: steps, areaCount: areas,
            survivalProfiles: [profileA, profileB],
            mortalityProfileOfArea: (0..<areas).map { $0 % 3 == 0 ? 1 : 0 },
            fertilityShares: shares, tfr: (0..<(steps * areas)).map { 1 + Double($0 % 11) / 10 },
            sexRatioAtBirth: [Double](repeating: 1.1, count: steps),
            migrationVolume: .ratePerThousand, migrationShares: migrationShares,
            netMigration: (0..<(steps * areas)).map { Double($0 % 9) - 4 })
        let one = try await CohortComponentProjector(taskCount: 1).project(base: base, rates: rates)
        for tasks in [2, 5] {
            let other = try await CohortComponentProjector(taskCount: tasks).project(base: base, rates: rates)
            for area in 0..<areas { for year in 2020...2025 { for sex in Sex.allCases { for age in 0...100 {
                #expect(one.population(area: area, year: year, sex: sex, age: age).bitPattern
                        == other.population(area: area, year: year, sex: sex, age: age).bitPattern)
            } } } }
        }
    }

    @Test func reproducesTheUNReferenceStepTo1e12() async throws {
        // Tests/Fixtures/ccmpp_reference: inputs and the output of the UN's project_ccmpp_z_by_z
        // (z = 1, no migration) for three units over 2021-2030. ASFR is given per unit; here it is
        // passed as TFR = Σ ASFR times shares ASFR / TFR, which reproduces each ASFR to an ulp.
        let base = try TestData.referenceRows("base_population.csv")
        let survival = try TestData.referenceRows("survival_ratio.csv")
        let asfr = try TestData.referenceRows("asfr.csv")
        let srb = try TestData.referenceRows("srb.csv")
        let expected = try TestData.referenceRows("population.csv")
        let expectedBirths = try TestData.referenceRows("births.csv")
        let units = try TestData.referenceRows("units.csv").map { $0["unit"]! }
        #expect(units.count == 3)
        var worstCell = 0.0, worstBirth = 0.0
        for unit in units {
            var population = PopulationArray(areaCount: 1)
            for row in base where row["unit"] == unit {
                population[row["sex"] == "M" ? .male : .female, Int(row["age"]!)!, 0] = Double(row["value"]!)!
            }
            var ratios = [Double](repeating: 0, count: 202)
            for row in survival where row["unit"] == unit {
                ratios[(row["sex"] == "M" ? 0 : 101) + Int(row["age"]!)!] = Double(row["value"]!)!
            }
            var fertility = [Double](repeating: 0, count: 101)
            for row in asfr where row["unit"] == unit { fertility[Int(row["age"]!)!] = Double(row["value"]!)! }
            let tfr = fertility.reduce(0, +)
            let shares = fertility.map { $0 / tfr }
            let ratio = Double(srb.first { $0["unit"] == unit }!["value"]!)!
            let rates = try ProjectionRates(
                baseYear: 2020, stepCount: 10, areaCount: 1,
                survivalProfiles: [Array((0..<10).map { _ in ratios }.joined())],
                mortalityProfileOfArea: [0],
                fertilityShares: Array((0..<10).map { _ in shares }.joined()),
                tfr: [Double](repeating: tfr, count: 10), sexRatioAtBirth: [Double](repeating: ratio, count: 10))
            let projection = try await CohortComponentProjector().project(base: population, rates: rates)
            for row in expected where row["unit"] == unit {
                let value = projection.population(area: 0, year: Int(row["year"]!)!, sex: row["sex"] == "M" ? .male : .female,
                                                  age: Int(row["age"]!)!)
                worstCell = max(worstCell, relativeDifference(value, Double(row["value"]!)!))
            }
            for row in expectedBirths where row["unit"] == unit && row["sex"] == "T" {
                let value = projection.births(area: 0, year: Int(row["year"]!)!)
                worstBirth = max(worstBirth, relativeDifference(value, Double(row["value"]!)!))
            }
        }
        #expect(worstCell <= 1e-12, "largest relative difference in a cell: \(worstCell)")
        #expect(worstBirth <= 1e-12, "largest relative difference in births: \(worstBirth)")
    }

    @Test func rejectsInconsistentInputs() throws {
        #expect(throws: ProjectionInputError.self) {
            try ProjectionRates(baseYear: 2020, stepCount: 2, areaCount: 1, survivalProfiles: [[1]],
                                mortalityProfileOfArea: [0], fertilityShares: [], tfr: [], sexRatioAtBirth: [])
        }
        #expect(throws: ProjectionInputError.self) {
            try ProjectionRates(baseYear: 2020, stepCount: 1, areaCount: 1,
                                survivalProfiles: [[Double](repeating: .nan, count: 202)],
                                mortalityProfileOfArea: [0], fertilityShares: [Double](repeating: 0, count: 101),
                                tfr: [1], sexRatioAtBirth: [1.1])
        }
    }
}
