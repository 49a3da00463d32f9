import Demography
import Foundation
import Numerics
import Testing
@testable import Scenario
@testable import Simulation

/// The Monte Carlo components: what each one guarantees, checked on its draws or on a whole run.
@Suite struct UncertaintyComponentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A one-county scenario (芒市) with `uncertainty` as given, no central migration.
    func scenario(horizon: Int = 2030, uncertainty: String) throws -> Scenario {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-uq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("s.yaml")
        try """
            carecap: 1
            name: test
            population:
              census: \(Self.root.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(Self.root.path)/Scenarios/data/wpp2024_china
              horizon: \(horizon)
              areas: ["533103"]
            supply:
              "533103": { nursery_slots: 800, beds: 2000, nursing_beds: 900, social_workers: 10 }
            uncertainty: \(uncertainty)
            """.write(to: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: file.path)
    }

    /// Standard deviation of `values` (n − 1 in the denominator).
    func sd(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }

    /// `draws` deviations of one area, from the defaults with `edit` applied.
    func deviations(draws: Int, steps: Int, mobility: Double, code: String = "533103",
                    edit: (inout UncertaintySpec) -> Void = { _ in }) throws -> [AreaDeviation] {
        var spec = UncertaintySpec.defaults
        spec.draws = draws
        spec.seed = 11
        edit(&spec)
        let d = DrawDeviations(spec: spec, steps: steps, areaCodes: [code])
        return (0..<draws).map { draw in
            var one = AreaDeviation.central(steps: steps)
            d.next(draw: draw, code: code, mobility: mobility, stream: d.stream(forArea: code, draw: draw), into: &one)
            return one
        }
    }

    @Test func drawsWithEverySDZeroEqualTheDeterministicPath() async throws {
        // Every sd 0 and no under-count: each draw runs the kernel with factors exp(0) = 1 and adds 0
        // migrants, so every quantile equals the central path; the kernel recomputes 1 − (1 − S)·1,
        // which may differ from S in the last bit, hence a relative tolerance of 1e-12.
        let s = try scenario(uncertainty: """
            { draws: 5, seed: 3, tfr: { sd: 0 }, e0: { sd: 0, sd_per_year: 0 },
                migration: { sd: 0, per_1000: 0, per_1000_per_mobility: 0 },
                enrolment: { sd: 0, sd_per_year: 0 }, institutional_care: { sd: 0, sd_per_year: 0 },
                undercount_0_4: { mean: 0, sd: 0 } }
            """)
        #expect(s.uncertainty == UncertaintySpec.defaults.withoutSpread.with(draws: 5, seed: 3))
        let drawn = try await CapacitySimulation(plan: CapacityPlan(scenario: s)).run(jobs: 1)
        var deterministic = s
        deterministic.uncertainty = nil
        let central = try await CapacitySimulation(plan: CapacityPlan(scenario: deterministic)).run(jobs: 1)
        let a = drawn.areas[0].values, b = central.areas[0].values
        #expect(a.count == b.count)
        for i in a.indices {
            #expect(abs(a[i] - b[i]) <= 1e-12 * max(1, abs(b[i])), "value \(i): \(a[i]) against \(b[i])")
        }
    }

    @Test func migrationDrawsAreNonZeroWhenTheAssumptionIsZero() throws {
        // A county with 20% in-migrants: sd = 4 + 30 × 0.2 = 10 per 1,000 in every year (the AR(1)
        // starts stationary). 4,000 draws estimate an sd within about 10 / √8000 ≈ 0.11 (1 sd).
        let draws = try deviations(draws: 4000, steps: 10, mobility: 0.2)
        for step in [0, 9] {
            let rates = draws.map { $0.migrationPerThousand[step] }
            #expect(abs(sd(rates) - 10) < 0.5, "step \(step): sd \(sd(rates))")
        }
        // Lag-1 correlation of a stationary AR(1) is its persistence, 0.7 (sampling sd ≈ 0.01).
        let x = draws.map { $0.migrationPerThousand[4] }, y = draws.map { $0.migrationPerThousand[5] }
        let cov = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } / Double(x.count)
        #expect(abs(cov / (sd(x) * sd(y)) - 0.7) < 0.05)
        // And through the whole run: with the scenario's migration at zero (its scale has nothing to
        // scale) and only the additive component on, the horizon's total has a band.
    }

    @Test func additiveMigrationSpreadsTheRunWhenTheAssumptionIsZero() async throws {
        let s = try scenario(uncertainty: """
            { draws: 200, seed: 5, tfr: { sd: 0 }, e0: { sd: 0, sd_per_year: 0 }, migration: { sd: 0.5 },
                enrolment: { sd: 0, sd_per_year: 0 }, institutional_care: { sd: 0, sd_per_year: 0 },
                undercount_0_4: { mean: 0, sd: 0 } }
            """)
        let result = try await CapacitySimulation(plan: CapacityPlan(scenario: s)).run(jobs: 1)
        let columns = OutputColumns.count, last = result.plan.years.count - 1
        let q = (0..<3).map { result.areas[0].values[(last * columns + OutputColumns.totalResidents) * 3 + $0] }
        // 芒市 (about 0.4 M residents) has an in-migrant share near 0.1, so about 7 per 1,000 a year;
        // over 10 years of an AR(1) with persistence 0.7 the cumulated sd is about
        // 7 × √(10 × 1.7 / 0.3) ≈ 53 per 1,000, so P90 − P10 ≈ 2 × 1.28 × 5.3% ≈ 13% of the total: above 5%.
        #expect((q[2] - q[0]) / q[1] > 0.05, "P10 \(q[0]), P50 \(q[1]), P90 \(q[2])")
    }

    @Test func e0SpreadWidensWithTheHorizon() throws {
        // Level sd 1 year plus a random walk of 0.25 a year: the sd after k steps is √(1 + k × 0.0625):
        // 1.031 after 1 step, 1.392 after 15. Sampling error with 4,000 draws about 1.1% of the sd.
        let draws = try deviations(draws: 4000, steps: 15, mobility: 0)
        let first = sd(draws.map { $0.e0Shift[0] }), last = sd(draws.map { $0.e0Shift[14] })
        #expect(abs(first - (1.0 + 0.0625).squareRoot()) < 0.05)
        #expect(abs(last - (1.0 + 15 * 0.0625).squareRoot()) < 0.06)
        #expect(last > first * 1.25)
    }

    @Test func behavioursDriftApartUnlessTheScenarioCorrelatesThem() throws {
        // Separate factors with correlation 0: the sample correlation of their logs is near 0 (sd of
        // the estimate 1/√4000 ≈ 0.016); with behaviour_correlation 0.6 it is 0.6 (equal structures).
        func correlation(_ draws: [AreaDeviation], year: Int) -> Double {
            let x = draws.map { log($0.enrolmentFactor[year]) }, y = draws.map { log($0.institutionalCareFactor[year]) }
            let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
            let cov = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / Double(x.count - 1)
            return cov / (sd(x) * sd(y))
        }
        let apart = try deviations(draws: 4000, steps: 10, mobility: 0)
        #expect(abs(correlation(apart, year: 10)) < 0.06)
        let together = try deviations(draws: 4000, steps: 10, mobility: 0) { spec in
            spec.behaviourCorrelation = 0.6
            spec.institutionalCare = spec.enrolment
        }
        #expect(abs(correlation(together, year: 10) - 0.6) < 0.06)
        // Drift: enrolment's log sd after 10 years is √(0.2² + 10 × 0.08²) = √0.104 ≈ 0.322, against 0.2 at the base.
        #expect(abs(sd(apart.map { log($0.enrolmentFactor[0]) }) - 0.2) < 0.012)
        #expect(abs(sd(apart.map { log($0.enrolmentFactor[10]) }) - 0.104.squareRoot()) < 0.02)
    }

    @Test func undercountRaisesTheBaseAtAges0To4ByItsMean() throws {
        // 1 + u with u ~ N(0.03, 0.015²): mean 1.03, sd 0.015 (estimates within 3 sampling sds).
        let factors = try deviations(draws: 4000, steps: 1, mobility: 0).map(\.undercountFactor)
        #expect(abs(factors.reduce(0, +) / 4000 - 1.03) < 0.001)
        #expect(abs(sd(factors) - 0.015) < 0.001)
    }

    @Test func e0ResponseMatchesAFiniteDifferenceByHand() throws {
        // Constant hazard μ: e0 = 1/μ, so e0(θ) for exp(θ)·μ is e^−θ/μ and −de0/dθ = e0 (entropy 1).
        // The life table (ages 0-100+, linear within a year) keeps that within a fraction of a percent.
        let mx = [Double](repeating: 0.01, count: PopulationLayout.ageCount)
        let response = MortalityModel.e0PerLogMortality(mx: mx, sex: .female, infantSeparation: .coaleDemeny)
        let e0 = LifeTable(mx: mx, sex: .female).e0
        #expect(abs(response / e0 - 1) < 0.01, "response \(response), e0 \(e0)")
        // Against a central difference of whole tables with another step (±0.1%), built independently:
        // the two differ by the truncation error of h = 0.01, about R·h²/6 ≈ 1.7e-5 of R.
        let up = LifeTable(mx: mx.map { $0 * 1.001 }, sex: .female).e0
        let down = LifeTable(mx: mx.map { $0 * 0.999 }, sex: .female).e0
        #expect(abs(response / ((down - up) / (log(1.001) - log(0.999))) - 1) < 1e-4)
    }

    @Test func e0ResponseOfChinaTablesIsBelowTheOldConstant() throws {
        // China's tables, WPP 2024, 2021: e0 about 75 (men) and 81 (women), Keyfitz's entropy about
        // 0.13-0.14, so R = e0 × H about 10-11 years, under the 11.7 used before; women's is lower
        // (mortality concentrated at old ages).
        let wpp = try WPPRates.load(directory: Self.root.appendingPathComponent("Scenarios/data/wpp2024_china").path)
        let model = MortalityModel(wpp: wpp)
        let male = MortalityModel.e0PerLogMortality(mx: model.singleYearRates(sex: .male, time: 2021.5), sex: .male, infantSeparation: .coaleDemeny)
        let female = MortalityModel.e0PerLogMortality(mx: model.singleYearRates(sex: .female, time: 2021.5), sex: .female, infantSeparation: .coaleDemeny)
        #expect((9...11.7).contains(male) && (8...11.7).contains(female), "male \(male), female \(female)")
        #expect(female < male)
    }

    @Test func eightyPercentBandsCoverEightyPercentOfTruthsFromTheSameProcess() async throws {
        // 2,000 truths: the draws of one run (seed 101); the band: P10-P90 of 4,000 independent draws
        // of the same process (seed 202), every default component on. Each truth is an independent
        // draw of the process, so it falls inside with probability 0.8; over 2,000 truths the share's
        // sd is √(0.16 / 2000) ≈ 0.9 points, and the band's quantile error (each end √(0.09 / 4000)
        // ≈ 0.5 points of probability) adds about 0.7: 80 ± 3 holds at about 2.7 sds.
        func run(_ seed: Int, _ draws: Int) async throws -> CapacitySimulation.Result {
            try await CapacitySimulation(plan: CapacityPlan(scenario: scenario(horizon: 2030, uncertainty: "{ draws: \(draws), seed: \(seed) }"))).run(jobs: 2)
        }
        let truths = try await run(101, 2000), band = try await run(202, 4000)
        let columns = OutputColumns.count
        let checked = ["total", "6-12m", "80+"].map { OutputColumns.population + OutputColumns.populationGroups.firstIndex(of: $0)! }
            + [OutputColumns.demandPropensity]
        for year in [2025, 2030] {
            let y = year - 2020
            for column in checked {
                let p10 = band.areas[0].values[(y * columns + column) * 3], p90 = band.areas[0].values[(y * columns + column) * 3 + 2]
                let inside = (0..<2000).filter { draw in
                    let v = truths.total(draw: draw, year: year, column: column)
                    return v >= p10 && v <= p90
                }.count
                #expect((1540...1660).contains(inside), "\(year) column \(column): \(inside) of 2000 inside [\(p10), \(p90)]")
            }
        }
    }
}

extension UncertaintySpec {
    func with(draws: Int, seed: UInt64) -> UncertaintySpec {
        var copy = self
        copy.draws = draws
        copy.seed = seed
        return copy
    }
}
