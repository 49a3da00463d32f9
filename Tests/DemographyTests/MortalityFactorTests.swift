import Foundation
import Testing
@testable import Demography

/// The block kernel with a per-column mortality factor (the Monte Carlo path) against a plain
/// single-area cohort-component step written out below, independently of the kernel's layout,
/// blocking and vector loops.
@Suite struct MortalityFactorTests {
    /// One area's rates for one step, in the units of `ProjectionRates`.
    struct StepRates {
        /// Survival ratios [sex][age], S[0] = L0/l0, S[x] = Lx/L(x−1), S[100] = T100/T99.
        var survival: [[Double]]
        /// Death probabilities are multiplied by this factor: S' = max(0, 1 − (1 − S)·m).
        var mortalityFactor: Double
        /// Age-specific fertility rates by age of mother (TFR × share).
        var asfr: [Double]
        var sexRatioAtBirth: Double
        var migration: ProjectionRates.MigrationVolumeKind = .none
        /// A rate per 1,000 start-of-year population, or a count, per `migration`.
        var netMigration = 0.0
        /// Shares of the year's net migrants [sex][age], summing to 1.
        var migrationShares: [[Double]] = [[Double](repeating: 0, count: 101), [Double](repeating: 0, count: 101)]
    }

    /// One annual step of one area, P[sex][age] → (P'[sex][age], births).
    ///
    /// Derivation (UN CCMPP, one-year steps, S labelled by the age reached; migrants split evenly
    /// between the start and the end of the year):
    /// - A mortality factor m scales the probability of dying within the step, 1 − S, so the
    ///   survival ratio becomes S' = 1 − m(1 − S), and never below 0 (m > 1 with S near 0).
    /// - Net migrants N (a count, or rate × start population / 1,000) arrive half at the start, by
    ///   age at the start, and are exposed to the year's mortality with the residents; the other
    ///   half arrive at the end, by age at the end: with h = N/2 and shares σ,
    ///   P'[x] = (P[x−1] + hσ[x−1])·S'[x] + hσ[x] for x = 1…99, and for the open group
    ///   P'[100] = (P[99] + P[100] + h(σ[99] + σ[100]))·S'[100] + hσ[100]. A cell that emigration
    ///   would make negative is 0.
    /// - Births B = Σ ASFR[x]·(W[x] + W'[x])/2, the rate on the mean of the women exposed at the
    ///   start (W = F + hσ_F, residents and first-half migrants) and the women at the end (W' = F',
    ///   after both halves).
    /// - Females are B/(1 + SRB) of births, males the rest; infants alive at the end are
    ///   B_s·S'[s,0] (S[0] = L0/l0, person-years at age 0 per birth) plus the end-half migrants
    ///   at age 0.
    static func plainStep(_ P: [[Double]], _ r: StepRates) -> (population: [[Double]], births: Double) {
        let m = r.mortalityFactor
        func survival(_ sex: Int, _ age: Int) -> Double { max(0, 1 - m * (1 - r.survival[sex][age])) }
        var startTotal = 0.0
        for sex in 0..<2 { for age in 0...100 { startTotal += P[sex][age] } }
        let migrants: Double
        switch r.migration {
        case .none: migrants = 0
        case .ratePerThousand: migrants = r.netMigration * startTotal / 1000
        case .total: migrants = r.netMigration
        }
        let h = migrants / 2
        let σ = r.migrationShares
        var end = [[Double]](repeating: [Double](repeating: 0, count: 101), count: 2)
        for sex in 0..<2 {
            for age in 1...99 {
                end[sex][age] = max(0, (P[sex][age - 1] + h * σ[sex][age - 1]) * survival(sex, age) + h * σ[sex][age])
            }
            let openStart = P[sex][99] + P[sex][100] + h * (σ[sex][99] + σ[sex][100])
            end[sex][100] = max(0, openStart * survival(sex, 100) + h * σ[sex][100])
        }
        var births = 0.0
        for age in 0...100 where r.asfr[age] != 0 {
            let womenAtStart = P[1][age] + h * σ[1][age]
            births += r.asfr[age] * (womenAtStart + end[1][age]) / 2
        }
        let female = births / (1 + r.sexRatioAtBirth)
        let male = births - female
        end[0][0] = max(0, male * survival(0, 0) + h * σ[0][0])
        end[1][0] = max(0, female * survival(1, 0) + h * σ[1][0])
        return (end, births)
    }

    /// Runs the block kernel over `columns` areas, each with its own profile, TFR, net migration
    /// and mortality factor, as `CapacitySimulation` calls it; returns [year][column][sex×101+age]
    /// and births [year][column] (year 0 has none).
    static func runKernel(rates: ProjectionRates, base: [[[Double]]], profileOfColumn: [Int], tfr: [Double],
                          netMigration: [Double], mortalityFactor: [Double]) -> ([[[Double]]], [[Double]]) {
        let width = base.count
        let rows = PopulationLayout.cellsPerArea
        var flatBase = [Double](repeating: 0, count: rows * width)
        for column in 0..<width { for sex in 0..<2 { for age in 0...100 {
            flatBase[(sex * 101 + age) * width + column] = base[column][sex][age]
        } } }
        var runs: [ProjectionBlockKernel.Run] = []
        profileOfColumn.withUnsafeBufferPointer {
            ProjectionBlockKernel.runs(profileOfColumn: $0, range: 0..<width, into: &runs)
        }
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: width))
        defer { scratch.deallocate() }
        var cellsByYear: [[[Double]]] = []
        var birthsByYear: [[Double]] = []
        flatBase.withUnsafeBufferPointer { b in tfr.withUnsafeBufferPointer { t in
        netMigration.withUnsafeBufferPointer { n in mortalityFactor.withUnsafeBufferPointer { m in
            ProjectionBlockKernel(rates: rates).run(
                width: width, runs: runs, base: b.baseAddress!, baseRowStride: width,
                tfr: t.baseAddress!, netMigration: n.baseAddress!, rateRowStride: width,
                scratch: scratch, mortalityFactor: m.baseAddress!) { _, cells, births in
                cellsByYear.append((0..<width).map { c in (0..<rows).map { cells[$0 * width + c] } })
                birthsByYear.append(births.map { b in (0..<width).map { b[$0] } } ?? [])
            }
        } } } }
        return (cellsByYear, birthsByYear)
    }

    @Test func mortalityFactorOnTheUNReferenceMatchesAPlainStepTo1e12() throws {
        // The three units of Tests/Fixtures/ccmpp_reference (S, ASFR and SRB constant over ten
        // steps, no migration), each with death probabilities × 0.8, × 1 and × 1.25 in three
        // columns of one block. Rates hold one fertility schedule for all areas, and the units'
        // schedules differ, so each unit is its own kernel call.
        let baseRows = try TestData.referenceRows("base_population.csv")
        let survivalRows = try TestData.referenceRows("survival_ratio.csv")
        let asfrRows = try TestData.referenceRows("asfr.csv")
        let srbRows = try TestData.referenceRows("srb.csv")
        let units = try TestData.referenceRows("units.csv").map { $0["unit"]! }
        let factors = [0.8, 1.0, 1.25]
        let steps = 10
        func sexIndex(_ row: [String: String]) -> Int { row["sex"] == "M" ? 0 : 1 }

        var base: [[[Double]]] = [], survival: [[[Double]]] = [], asfr: [[Double]] = [], srb: [Double] = []
        for unit in units {
            var p = [[Double]](repeating: [Double](repeating: 0, count: 101), count: 2)
            for row in baseRows where row["unit"] == unit { p[sexIndex(row)][Int(row["age"]!)!] = Double(row["value"]!)! }
            var s = p.map { $0.map { _ in 0.0 } }
            for row in survivalRows where row["unit"] == unit { s[sexIndex(row)][Int(row["age"]!)!] = Double(row["value"]!)! }
            var f = [Double](repeating: 0, count: 101)
            for row in asfrRows where row["unit"] == unit { f[Int(row["age"]!)!] = Double(row["value"]!)! }
            base.append(p); survival.append(s); asfr.append(f)
            srb.append(Double(srbRows.first { $0["unit"] == unit }!["value"]!)!)
        }
        var worstCell = 0.0, worstBirth = 0.0, columnsChecked = 0
        for u in units.indices {
            let tfr = asfr[u].reduce(0, +)
            let shares = asfr[u].map { $0 / tfr }
            let rates = try ProjectionRates(
                baseYear: 2020, stepCount: steps, areaCount: factors.count,
                survivalProfiles: [Array((0..<steps).map { _ in survival[u][0] + survival[u][1] }.joined())],
                mortalityProfileOfArea: [Int](repeating: 0, count: factors.count),
                fertilityShares: Array((0..<steps).map { _ in shares }.joined()),
                tfr: [Double](repeating: tfr, count: steps * factors.count),
                sexRatioAtBirth: [Double](repeating: srb[u], count: steps))
            let (cells, births) = Self.runKernel(
                rates: rates, base: [[[Double]]](repeating: base[u], count: factors.count),
                profileOfColumn: [Int](repeating: 0, count: factors.count),
                tfr: [Double](repeating: tfr, count: steps * factors.count),
                netMigration: [Double](repeating: 0, count: steps * factors.count), mortalityFactor: factors)
            #expect(cells.count == steps + 1)
            for (column, m) in factors.enumerated() {
                var p = base[u]
                let r = StepRates(survival: survival[u], mortalityFactor: m, asfr: asfr[u], sexRatioAtBirth: srb[u])
                for year in 1...steps {
                    let (next, b) = Self.plainStep(p, r)
                    p = next
                    for sex in 0..<2 { for age in 0...100 {
                        worstCell = max(worstCell, relativeDifference(cells[year][column][sex * 101 + age], p[sex][age]))
                    } }
                    worstBirth = max(worstBirth, relativeDifference(births[year][column], b))
                }
                columnsChecked += 1
            }
            // A factor above 1 must cost lives, below 1 save them (a sign check on the direction).
            let total = { (column: Int) in cells[steps][column].reduce(0, +) }
            #expect(total(0) > total(1) && total(1) > total(2))
        }
        #expect(columnsChecked == 9)
        #expect(worstCell <= 1e-12, "largest relative difference in a cell: \(worstCell)")
        #expect(worstBirth <= 1e-12, "largest relative difference in births: \(worstBirth)")
    }

    @Test(arguments: [ProjectionRates.MigrationVolumeKind.ratePerThousand, .total])
    func mortalityFactorWithMigrationAndTwoProfilesMatchesAPlainStep(migration: ProjectionRates.MigrationVolumeKind) throws {
        // Seven synthetic areas in one block, two survival profiles (runs 0..<3 and 3..<7), TFR
        // and net migration varying by area and step, factors 0.8…1.25 by column. Migration stays
        // a few per thousand, so no cell comes near the clamp at 0.
        let areas = 7, steps = 6
        // Survival falls with age and a little with each step.
        var profileA = [Double](repeating: 0, count: steps * 202)
        for i in profileA.indices {
            let age = Double(i % 101), step = Double(i / 202)
            profileA[i] = 1 - 0.0004 * age - 0.00001 * step
        }
        let profileB = profileA.map { 1 - (1 - $0) * 1.3 }
        var shares = [Double](repeating: 0, count: steps * 101)
        for step in 0..<steps { for age in 15...49 { shares[step * 101 + age] = Double(50 - abs(age - 29)) / 1 } }
        for step in 0..<steps {
            let sum = shares[(step * 101)..<(step * 101 + 101)].reduce(0, +)
            for age in 0...100 { shares[step * 101 + age] /= sum }
        }
        // Migrants spread evenly over ages 0-59 of both sexes (120 cells).
        var migrationShares = [Double](repeating: 0, count: 202)
        for i in migrationShares.indices where i % 101 < 60 { migrationShares[i] = 1.0 / 120 }
        var tfr = [Double](repeating: 0, count: steps * areas), net = tfr
        for i in tfr.indices {
            let k = Double(i % 9)
            tfr[i] = 0.9 + Double(i % 5) / 10
            net[i] = migration == .total ? k * 30 - 120 : k - 4
        }
        let profileOfColumn = [0, 0, 0, 1, 1, 1, 1]
        let factors = [0.8, 1.0, 1.25, 0.9, 1.1, 1.25, 0.8]
        let rates = try ProjectionRates(
            baseYear: 2020, stepCount: steps, areaCount: areas,
            survivalProfiles: [profileA, profileB], mortalityProfileOfArea: profileOfColumn,
            fertilityShares: shares, tfr: tfr, sexRatioAtBirth: (0..<steps).map { (s: Int) -> Double in 1.05 + Double(s) / 100 },
            migrationVolume: migration, migrationShares: migrationShares, netMigration: net)
        var base = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: 101), count: 2), count: areas)
        for area in 0..<areas { for sex in 0..<2 { for age in 0...100 {
            let code: Int = (area * 7919 + age * 104_729 + sex * 31) % 5000
            base[area][sex][age] = Double(code) + 500 + 1.0 / 3
        } } }
        let (cells, births) = Self.runKernel(rates: rates, base: base, profileOfColumn: profileOfColumn,
                                             tfr: tfr, netMigration: net, mortalityFactor: factors)
        var worstCell = 0.0, worstBirth = 0.0
        for column in 0..<areas {
            var p = base[column]
            for step in 0..<steps {
                let profile = [profileA, profileB][profileOfColumn[column]]
                let s = (0..<2).map { sex in Array(profile[((step * 2 + sex) * 101)..<((step * 2 + sex) * 101 + 101)]) }
                let r = StepRates(survival: s, mortalityFactor: factors[column],
                                  asfr: (0...100).map { tfr[step * areas + column] * shares[step * 101 + $0] },
                                  sexRatioAtBirth: rates.sexRatioAtBirth[step], migration: migration,
                                  netMigration: net[step * areas + column],
                                  migrationShares: [Array(migrationShares[0..<101]), Array(migrationShares[101..<202])])
                let (next, b) = Self.plainStep(p, r)
                p = next
                for sex in 0..<2 { for age in 0...100 {
                    worstCell = max(worstCell, relativeDifference(cells[step + 1][column][sex * 101 + age], p[sex][age]))
                } }
                worstBirth = max(worstBirth, relativeDifference(births[step + 1][column], b))
            }
        }
        #expect(worstCell <= 1e-12, "largest relative difference in a cell: \(worstCell)")
        #expect(worstBirth <= 1e-12, "largest relative difference in births: \(worstBirth)")
    }
}
