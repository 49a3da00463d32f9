import Foundation
import Testing
@testable import Demography

@Suite struct RatesAndSplittingTests {
    @Test func splittingKeepsEveryGroupOfEveryCensusRowAndMakesNoNegativeCount() throws {
        // Each of the 19 groups of each sex of each row must be the sum of its single years
        // (0 → age 0; 1-4 → ages 1...4; ...; 85+ → 85...100), to 1e-9 relative.
        let census = try TestData.census.get()
        let splitter = try AgeSplitter.fitted(to: try TestData.wpp.get(), year: 2020)
        let bounds = [0, 1] + Array(stride(from: 5, through: 85, by: 5)) + [101]
        var worst = 0.0, checked = 0
        for row in census.rows {
            for sex in Sex.allCases {
                guard let groups = row.ageGroups(sex) else { continue }
                let single = try splitter.split(groups: groups, sex: sex)
                #expect(single.count == 101)
                #expect(single.allSatisfy { $0 >= 0 && $0.isFinite }, "negative count in \(row.key)")
                #expect(single[0] == groups[0])
                for g in 0..<19 {
                    let sum = single[bounds[g]..<bounds[g + 1]].reduce(0, +)
                    let difference = groups[g] == 0 ? abs(sum) : relativeDifference(sum, groups[g])
                    worst = max(worst, difference)
                }
                checked += 1
            }
        }
        #expect(checked == 2 * census.rows.count)
        #expect(worst <= 1e-9, "largest relative difference of a group total: \(worst)")
    }

    @Test func openGroupSharesDecreaseWithAgeAndFollowTheFittedHazard() throws {
        // A Gompertz hazard fitted to rates generated from a known Gompertz (a = 0.15 at 85,
        // b = 0.1) must come back close to it; the 85+ shares then fall with age and sum to 1.
        let truth = GompertzHazard(levelAt85: 0.15, slope: 0.1)
        let starts: [Double] = [70, 75, 80, 85, 90, 95]
        let fitted = try GompertzHazard.fit(rates: starts.map { truth.centralRate(from: $0, width: 5) }, startAges: starts)
        #expect(abs(fitted.levelAt85 - 0.15) < 1e-6)
        #expect(abs(fitted.slope - 0.1) < 1e-6)
        let shares = fitted.openGroupShares()
        #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
        for i in 1..<15 { #expect(shares[i] < shares[i - 1]) }
    }

    @Test func constantDeathRateGivesTheAnalyticLifeExpectancy() {
        // With m constant and ax = 0.5: q = m / (1 + m/2), L_x = l_x (1 − q/2) = l_x / (1 + m/2) and
        // (1 − q/2) / q = 1/m, so Σ_{x<100} L_x = (1 − p^100)/m with p = 1 − q; with L100 = l100/m
        // the total is exactly 1/m (the exponential's e0) — here to rounding, 1e-12 relative.
        for m in [0.01, 0.02, 0.05, 0.2] {
            let mx = [Double](repeating: m, count: 101)
            let table = LifeTable(mx: mx, sex: .female, infantSeparation: .fixed(0.5))
            #expect(relativeDifference(table.e0, 1 / m) < 1e-12)
            // With the Coale–Demeny a0 only age 0 changes: e0 = (1 − q0) + a0 q0 + (1 − q0)/m,
            // since the table from age 1 on is again exponential (e1 = 1/m).
            let cd = LifeTable(mx: mx, sex: .male, infantSeparation: .coaleDemeny)
            let a0 = 0.045 + 2.684 * m
            let q0 = m / (1 + (1 - a0) * m)
            #expect(relativeDifference(cd.e0, (1 - q0) + a0 * q0 + (1 - q0) / m) < 1e-12)
            #expect(relativeDifference(LifeTable.lifeExpectancy(mx: mx, factor: 1, sex: .male), cd.e0) < 1e-12)
        }
    }

    @Test func lifeTableReproducesTheReferenceSurvivalRatios() throws {
        // life_table.csv gives mx (a0 = 0.1); the survival ratios in survival_ratio.csv are built
        // by the same formulas, so the table here must match them to rounding.
        let rows = try TestData.referenceRows("life_table.csv")
        let ratios = try TestData.referenceRows("survival_ratio.csv").filter { $0["unit"] == "533103" }
        for sex in Sex.allCases {
            let mx = rows.filter { $0["sex"] == sex.description }.map { Double($0["mx"]!)! }
            let table = LifeTable(mx: mx, sex: sex, infantSeparation: .fixed(0.1))
            let expected = ratios.filter { $0["sex"] == sex.description }.map { Double($0["value"]!)! }
            for (value, want) in zip(table.survivalRatios, expected) { #expect(relativeDifference(value, want) < 1e-13) }
        }
    }

    @Test func e0OffsetIsMetByTheRootFinder() throws {
        let model = MortalityModel(wpp: try TestData.wpp.get())
        for sex in Sex.allCases {
            let national = model.nationalLifeTable(sex: sex, time: 2021.3).e0
            for offset in [-4.0, 2.5] {
                let shifted = try model.lifeTable(sex: sex, time: 2021.3, e0Offset: offset)
                #expect(abs(shifted.table.e0 - (national + offset)) < 1e-9)
                #expect(offset < 0 ? shifted.rateFactor > 1 : shifted.rateFactor < 1)
            }
        }
    }

    @Test func wppMortalityGivesWPPLifeExpectancyFor2020() throws {
        // The ccmpp README reports e0 75.36 (M) and 81.00 (F) for these rates with a0 = 0.1; WPP's
        // published e0 for 2020 is 75.2 and 81.0. The model's tables for 2022.5 (the period's
        // mid-point) must be within 0.5 years of them.
        let model = MortalityModel(wpp: try TestData.wpp.get(), infantSeparation: .fixed(0.1))
        #expect(abs(model.nationalLifeTable(sex: .male, time: 2022.5).e0 - 75.36) < 0.05)
        #expect(abs(model.nationalLifeTable(sex: .female, time: 2022.5).e0 - 81.00) < 0.05)
    }

    @Test func tfrPathsStartAtTheLevelAndReachTheTarget() throws {
        let years = Array(2021...2040)
        let linear = try TFRPath.linear(target: 1.5, year: 2030).trajectory(level: 1.0, baseYear: 2020, years: years)
        // Linear: 1.0 + 0.5 × (y − 2020)/10, held from 2030.
        #expect(abs(linear[0] - 1.05) < 1e-12 && abs(linear[9] - 1.5) < 1e-12 && linear[19] == 1.5)
        let logistic = try TFRPath.logistic(target: 1.5, year: 2030).trajectory(level: 1.0, baseYear: 2020, years: years)
        // Symmetric about the mid-point 2025: value 1.25 there; reaches 1.5 in 2030.
        #expect(abs(logistic[4] - 1.25) < 1e-12 && abs(logistic[9] - 1.5) < 1e-12)
        for i in 1..<years.count { #expect(logistic[i] >= logistic[i - 1]) }
        // Fitted: history from a known logistic (lower 1, upper 2.5, rate −0.3, mid-point 2000).
        let truth = LogisticTrend(lower: 1, upper: 2.5, rate: -0.3, midpoint: 2000)
        let history = Dictionary(uniqueKeysWithValues: (1980...2020).map { ($0, truth.value(at: Double($0))) })
        let fitted = try LogisticTrend.fit(history: history)
        for year in [1985.0, 2000, 2030] { #expect(abs(fitted.value(at: year) - truth.value(at: year)) < 1e-5) }
        #expect(throws: FertilityError.self) { try LogisticTrend.fit(history: [2000: 1, 2001: 1]) }
    }

    @Test func rogersCastroFitRecoversAKnownSchedule() throws {
        // Group sums of a known schedule (not the default start) must be reproduced by the fit.
        let truth = RogersCastroProfile(a1: 0.03, alpha1: 0.12, a2: 0.08, alpha2: 0.13, mu2: 22, lambda2: 0.35, c: 0.002)
        var counts = [Double](repeating: 0, count: 21)
        for g in 0..<21 {
            for x in (5 * g)..<(5 * g + 5) { counts[g] -= 1000 * truth.rate(age: Double(x) + 0.5) }
        }
        let fitted = try RogersCastroProfile.fit(groupCounts: counts)
        let a = truth.shares(), b = fitted.shares()
        #expect(zip(a, b).map { abs($0 - $1) }.max()! < 1e-4)
        #expect(abs(b.reduce(0, +) - 1) < 1e-12)
        let wppProfile = try RogersCastroProfile.fitted(to: try TestData.wpp.get(), year: 2020)
        #expect(wppProfile.shares().allSatisfy { $0 >= 0 })
    }

    @Test func fertilitySharesKeepEachWPPGroupShare() throws {
        // The 2020 WPP percentages for 10-14 ... 50-54, divided by their sum, must equal the sums
        // of the single-year shares of each group.
        let wpp = try TestData.wpp.get()
        let shares = try FertilitySchedule.shares(wpp: wpp, year: 2020)
        let column = wpp.fertilityPercent.column(wpp.fertilityPercent.periodIndex(containing: 2020))
        let total = column.reduce(0, +)
        for g in 0..<9 {
            let sum = shares[(10 + 5 * g)..<(15 + 5 * g)].reduce(0, +)
            #expect(abs(sum - column[g] / total) < 1e-12)
        }
        #expect(shares[0..<10].allSatisfy { $0 == 0 } && shares[55...].allSatisfy { $0 == 0 })
    }
}
