import Foundation
import Testing
@testable import Demography

/// The default fertility path follows WPP 2024's national TFR from each area's calibrated level,
/// and calibrated levels are shrunk toward their prefecture's by the infants they rest on.
@Suite struct FertilityPathAndShrinkageTests {
    /// Children aged 0 (both sexes) at 1 Nov of `year`.
    static func ageZero(_ result: ProjectionResult, area: Int, year: Int) -> Double {
        result.population(area: area, year: year, sex: .male, age: 0) + result.population(area: area, year: year, sex: .female, age: 0)
    }

    @Test func nationalBirthsFollowWPPBirthsScaledByTheCalibrationRatio() async throws {
        // The nation row calibrated to its census age 0, TFR following WPP (the default path and
        // schedule), no migration. Children aged 0 on 1 Nov t are the births of Nov t−1 to Oct t
        // surviving; WPP's births.tsv counts calendar years. Both move with the same TFR series,
        // so age0(t) / births_WPP(t) stays at its 2021 value c = age0(2021) / births_WPP(2021)
        // up to the two-month shift of the windows and the census's own age structure: within 1.5%
        // for 2022 and 2023 (births.tsv ends in 2023), while the constant path that was the default
        // is 18% and 22% above c × births_WPP (11.17 and 10.85 million against 9.39 and 8.82).
        let wppBirths = try WPPRates.loadYearSeries(path: TestData.wppDirectory + "/births.tsv", minimum: 0)
        // The nation's own row as one unit (`areasAsNamed`), not its leaves.
        var setup = ProjectionSetup(areaCodes: ["全国"], baseYear: 2020, horizon: 2023)
        setup.areasAsNamed = true
        #expect(setup.fertility.path == .followingWPP && setup.fertility.schedule == .followingYear)
        let inputs = try ProjectionInputs.prepare(census: try TestData.census.get(), wpp: try TestData.wpp.get(), setup: setup)
        let result = try await CohortComponentProjector().project(inputs)
        let ratio = Self.ageZero(result, area: 0, year: 2021) / (1000 * wppBirths.value(year: 2021))
        for year in 2022...2023 {
            let expected = ratio * 1000 * wppBirths.value(year: year)
            let model = Self.ageZero(result, area: 0, year: year)
            #expect(abs(model / expected - 1) < 0.015, "\(year): \(model) vs \(expected)")
        }
    }

    /// The calibration of the census row `code` projected as one unit (a prefecture's own row, not its leaves).
    static func prepare(_ census: CensusTable, _ code: String) throws -> AreaCalibration {
        var setup = ProjectionSetup(areaCodes: [code], baseYear: 2020, horizon: 2021)
        setup.areasAsNamed = true
        return try ProjectionInputs.prepare(census: census, wpp: TestData.wpp.get(), setup: setup).calibration[0]
    }

    @Test func largeCountyKeepsItsOwnTFRWithinOnePercent() throws {
        // 宝安区 (Shenzhen) counted 40,646 children aged 0: w = 40,646 / (40,646 + 300) = 0.99267,
        // so its level moves by 0.00733 of the log distance to 深圳市's own level (within 1% for any
        // prefecture level within a factor e^(0.01/0.00733) ≈ 3.9 of its own).
        let census = try TestData.census.get()
        let shenzhen = try #require(try Self.prepare(census, "440300").ownTFR)
        let baoan = try Self.prepare(census, "440306")
        let own = try #require(baoan.ownTFR)
        let w = 40_646.0 / (40_646 + 300)
        #expect(abs(baoan.credibilityWeight - w) < 1e-12)
        #expect(abs(baoan.tfr - exp(w * log(own) + (1 - w) * log(shenzhen))) < 1e-12)
        #expect(abs(baoan.tfr / own - 1) < 0.01)
        #expect(baoan.tfrCalibrated && baoan.warnings.isEmpty)
    }

    @Test func twoInfantUnitTakesItsPrefecturesTFRWithinOnePercent() throws {
        // 盈江县's census row cut to a unit of about 1,100 people (every cell ÷ 200) whose women
        // aged 15-49 are fewer still (÷ 5,000) and with 2 children aged 0 (a boy and a girl): its
        // own level is several times 德宏's. w = 2 / (2 + 300) = 0.00662 keeps 0.66% of the log
        // distance: within 1% of the prefecture's for an own level within a factor 4.5 of it.
        let row = try #require(try TestData.census.get().rows.first { $0.code == "533123" })
        let labels = ["0", "1-4"] + stride(from: 5, through: 80, by: 5).map { "\($0)-\($0 + 4)" } + ["85+"]
        var cells: [String: Int] = [:]
        for (sex, groups) in [("M", row.maleAgeGroups!), ("F", row.femaleAgeGroups!)] {
            for (label, count) in zip(labels, groups) {
                let womenAtBirthAges = sex == "F" && (15...45).contains(Int(label.prefix { $0 != "-" }) ?? -1)
                cells["\(sex)_\(label)"] = Int((count / (womenAtBirthAges ? 5_000 : 200)).rounded())
            }
        }
        cells["M_0"] = 1
        cells["F_0"] = 1
        let census = try CalibrationFallbackTests.census(set: ["533123": cells])
        let unit = try #require(census.rows.first { $0.code == "533123" })
        try #require(unit.total >= 1_000)
        let dehong = try #require(try Self.prepare(census, "533100").ownTFR)
        let c = try Self.prepare(census, "533123")
        let own = try #require(c.ownTFR)
        #expect(own / dehong > 1.5)
        let w = 2.0 / 302
        #expect(abs(c.tfr - exp(w * log(own) + (1 - w) * log(dehong))) < 1e-12)
        #expect(abs(c.tfr / dehong - 1) < 0.01)
        let warning = try #require(c.warnings.first)
        #expect(warning.hasPrefix("盈江县 (533123): calibrated TFR ") && warning.contains("shrunk toward the prefecture 533100"))
    }
}
