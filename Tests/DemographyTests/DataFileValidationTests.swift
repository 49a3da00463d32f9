import Foundation
import Testing
@testable import Demography

/// Data files whose values cannot be true are errors naming the file, line, column (name and
/// 1-based field number) and what was expected; each test is named for a defect that once passed
/// silently or crashed.
@Suite struct DataFileValidationTests {
    static let header = MalformedFileTests.header

    func loadError<T>(_ name: String, _ text: String, _ load: (String) throws -> T) throws -> DataFileError {
        let path = try TestData.temporaryFile("\(UUID().uuidString)-\(name)", contents: Array(text.utf8))
        do {
            _ = try load(path)
        } catch let error as DataFileError {
            #expect(error.path == path)
            return error
        }
        Issue.record("no DataFileError for \(name)")
        return DataFileError(path: "", line: -1, expected: "", found: "")
    }

    func censusError(_ rows: [String]) throws -> DataFileError {
        try loadError("census.csv", ([Self.header] + rows).joined(separator: "\n") + "\n") { try CensusTable.load(path: $0) }
    }

    // MARK: census

    @Test func censusCellsSummingPastIntMaxAreAnError() throws {
        // 38 cells of 10^18 sum to 3.8·10^19 > Int.max ≈ 9.22·10^18: this trapped in ageCellSum.
        // Every count is now bounded by ten billion, so the first cell (M_0, field 12) is refused.
        let huge = "1000000000000000000"
        let row = (["533103", "county", "云南省", "德宏州", "芒市", "380", "190", "190", "", "", ""]
                   + [String](repeating: huge, count: 38)).joined(separator: ",")
        let error = try censusError([row])
        #expect(error.line == 2 && error.column == "M_0" && error.field == 12 && error.found == huge)
        #expect(error.expected == "a whole number from 0 to 10000000000")
    }

    @Test func maleAndFemaleNotSummingToTotalIsAnError() throws {
        // male 190 + female 190 = 380, but the row says 400; reported against `total` (field 6).
        let error = try censusError([MalformedFileTests.row(total: "400")])
        #expect(error.line == 2 && error.column == "total" && error.field == 6 && error.found == "400")
        #expect(error.expected == "total = male + female = 190 + 190 = 380")
        #expect(error.named(by: "population.census").description
            .hasSuffix(":2:6: error: population.census: column total: expected total = male + female = 190 + 190 = 380, found \"400\""))
    }

    /// Found by the fuzz suite: a family-household population of 1 for 55,408 households gave 10 billion
    /// households. The row's default households are 100 and their people 300 (3 per household).
    @Test(arguments: [
        // 1 person for 100 households: 0.01 per household, below one.
        ("1", "100", "1 to 10 persons per family household (family_household_population ÷ family_households = 1 ÷ 100 = 0.01)"),
        // 300 people in 20 households: 15 per household, past the 2020 maximum of 5.0 and the bound of 10.
        ("300", "20", "1 to 10 persons per family household (family_household_population ÷ family_households = 300 ÷ 20 = 15)"),
        // 381 household members in a unit of 380 residents.
        ("381", "100", "family household population ≤ total 380"),
    ])
    func implausibleHouseholdSizeIsAnError(people: String, households: String, expected: String) throws {
        let row = MalformedFileTests.row().replacingOccurrences(of: ",100,300,20,", with: ",\(households),\(people),20,")
        let error = try censusError([row])
        #expect(error.line == 2 && error.column == "family_household_population" && error.field == 10)
        #expect(error.expected == expected)
    }

    @Test func householdsWithElderlyPastAllHouseholdsIsAnError() throws {
        // 20 households with someone 65+ is fine for 100 households; 101 is not.
        let row = MalformedFileTests.row().replacingOccurrences(of: ",100,300,20,", with: ",100,300,101,")
        let error = try censusError([row])
        #expect(error.line == 2 && error.column == "households_with_65plus" && error.field == 11)
        #expect(error.expected == "households with someone 65+ ≤ family households 100")
    }

    @Test func duplicateCensusCodeIsAnErrorNamingBothLines() throws {
        let error = try censusError([MalformedFileTests.row(), MalformedFileTests.row(code: "533102"), MalformedFileTests.row()])
        #expect(error.line == 4 && error.column == "code" && error.field == 1 && error.found == "533103 again")
        #expect(error.expected.contains("already on line 2"))
    }

    @Test func sexAgeCellsNotSummingToTheSexColumnAreAProblem() throws {
        // Cells 10 each: 190 male, 190 female, total 380. Saying male 200, female 180 keeps the
        // total right while both sexes are wrong: the male check fails first (field 7).
        let row = MalformedFileTests.row(male: "200").replacingOccurrences(of: ",200,190,", with: ",200,180,")
        let census = try CensusTable.load(path: TestData.temporaryFile("sexsum.csv", contents: Array(([Self.header, row].joined(separator: "\n")).utf8)))
        let problem = try #require(census.problem(of: census.rows[0]))
        #expect(problem.problem == .sexCellsDoNotSumToSexTotal(sex: .male, sum: 190, total: 200))
        #expect(problem.column == "male" && problem.field == 7)
        #expect(try census.select().rows.isEmpty)
        #expect(throws: CensusSelectionError.unusableArea(problem)) { try census.select(codes: ["533103"]) }
    }

    // MARK: WPP

    static let goodMx = (["country_code\tcountry\tage\t2020-2025\t2025-2030"]
                         + WPPRates.deathRateAges.map { "156\tChina\t\($0)\t0.01\t0.01" }).joined(separator: "\n")

    /// (label, age row to change, value, accepted): closed ages 0...1, the open group 100+ 0...10.
    static let deathRates: [(String, String, String, Bool)] = [
        ("closed age above 1", "\t50\t", "1.5", false),
        ("closed age of 1e300", "\t0\t", "1e300", false),
        ("closed age exactly 1", "\t95\t", "1", true),
        ("open age of 1e300", "\t100+\t", "1e300", false),
        ("open age of 11", "\t100+\t", "11", false),
        ("open age of 5", "\t100+\t", "5", true),
    ]

    @Test(arguments: deathRates)
    func deathRatesOutsideTheirPhysicalRangeAreAnError(_ c: (String, String, String, Bool)) throws {
        let text = Self.goodMx.replacingOccurrences(of: "\(c.1)0.01\t", with: "\(c.1)\(c.2)\t")
        #expect(text != Self.goodMx)
        if c.3 {
            #expect(throws: Never.self, "\(c.0)") { try WPPRates.loadDeathRates(path: TestData.temporaryFile("mx-ok.tsv", contents: Array(text.utf8))) }
        } else {
            let error = try loadError("mxM5.tsv", text) { try WPPRates.loadDeathRates(path: $0) }
            #expect(error.column == "2020-2025" && error.field == 4 && error.found == c.2, "\(c.0)")
            #expect(error.expected.contains(c.1 == "\t100+\t" ? "from 0 to 10" : "from 0 to 1 death"), "\(c.0): \(error.expected)")
        }
    }

    @Test func sexRatioGivenPer100BirthsIsAnErrorThatSaysSo() throws {
        let error = try loadError("sexRatio.tsv", "country_code\tcountry\t2019\t2020\n156\tChina\t1.1\t106\n") {
            try WPPRates.loadSexRatioAtBirth(path: $0)
        }
        #expect(error.line == 2 && error.column == "2020" && error.field == 4 && error.found == "106")
        #expect(error.expected.contains("from 0.8 to 1.4") && error.expected.contains("males per 100 female births; give 1.06"))
        let low = try loadError("sexRatio.tsv", "country_code\tcountry\t2020\n156\tChina\t0.5\n") { try WPPRates.loadSexRatioAtBirth(path: $0) }
        #expect(low.found == "0.5" && !low.expected.contains("per 100"))
    }

    @Test func fertilityPercentsNotSummingTo100AreAnError() throws {
        // Nine ages: eight of 11 and one of 12 sum to 100 in 2020; in 2021 the last is 13, sum 101,
        // more than the stated tolerance of 0.1 from 100.
        let ages = WPPRates.fertilityAges
        let rows = ages.enumerated().map { i, age in "156\tChina\t\(age)\t\(i == 8 ? 12 : 11)\t\(i == 8 ? 13 : 11)" }
        let text = (["country_code\tcountry\tage\t2020\t2021"] + rows).joined(separator: "\n")
        let error = try loadError("percentASFR5.tsv", text) { try WPPRates.loadFertilityPercent(path: $0) }
        #expect(error.line == 2 && error.column == "2021" && error.field == 5 && error.found == "a sum of 101.0")
        #expect(error.expected.contains("summing to 100 (±0.1)"))
        // Shares given as fractions get a hint.
        let fractions = ages.map { "156\tChina\t\($0)\t\(1.0 / 9)" }
        let hint = try loadError("percentASFR5.tsv", (["country_code\tcountry\tage\t2020"] + fractions).joined(separator: "\n")) {
            try WPPRates.loadFertilityPercent(path: $0)
        }
        #expect(hint.found.contains("shares as fractions?"))
    }

    /// (label, header periods, the offending label, expected start)
    static let periodOrders: [(String, String, String, String)] = [
        ("5-year period missing", "2020-2025\t2030-2035", "2030-2035", "2025"),
        ("5-year periods out of order", "2025-2030\t2020-2025", "2020-2025", "2030"),
        ("single years out of order", "2021\t2020", "2020", "2022"),
        ("single year missing", "2020\t2022", "2022", "2021"),
    ]

    @Test(arguments: periodOrders)
    func periodColumnsOutOfOrderOrMissingAreAnError(_ c: (String, String, String, String)) throws {
        let text = (["country_code\tcountry\tage\t\(c.1)"] + WPPRates.migrationAges.map { "156\tChina\t\($0)\t-1\t-1" })
            .joined(separator: "\n")
        let error = try loadError("migrationM5.tsv", text) { try WPPRates.loadNetMigrants(path: $0) }
        #expect(error.line == 1 && error.column == c.2 && error.field == 5, "\(c.0)")
        #expect(error.expected.contains("starting in \(c.3)") && error.expected.contains("none missing"), "\(c.0): \(error.expected)")
    }

    @Test func yearSeriesWithAMissingYearIsAnError() throws {
        let error = try loadError("tfr.tsv", "country_code\tcountry\t2019\t2021\tlast.observed\n156\tChina\t1.5\t1.4\t2021\n") {
            try WPPRates.loadTFR(path: $0)
        }
        #expect(error.line == 1 && error.column == "2021" && error.field == 4)
        #expect(error.expected.hasPrefix("year 2020 after 2019"))
    }

    @Test func wppYearsMissingForTheHorizonAreAGap() throws {
        let wpp = try TestData.wpp.get()
        // The shipped files cover 1950-2100 (mx to the end of 2095-2100): a horizon of 2100
        // needs calendar years 2020 (the step before the census, Nov 2019-Nov 2020, has its
        // mid-point in May 2020) to 2100; 2101 needs one more.
        #expect(WPPCoverageGap.first(in: wpp, setup: ProjectionSetup(baseYear: 2020, horizon: 2100), migrationProfileFromWPP: true) == nil)
        let gap = try #require(WPPCoverageGap.first(in: wpp, setup: ProjectionSetup(baseYear: 2020, horizon: 2101), migrationProfileFromWPP: false))
        #expect(gap.year == 2101 && gap.covered == 1950...2100 && gap.path.hasSuffix("mxM5.tsv") && !gap.isBeforeTable)
        let early = try #require(WPPCoverageGap.first(in: wpp, setup: ProjectionSetup(baseYear: 1940, horizon: 1960), migrationProfileFromWPP: false))
        #expect(early.year == 1940 && early.isBeforeTable)
    }

    @Test func badMigrationTableIsNotCalledAFertilityAssumption() throws {
        let zeros = (["country_code\tcountry\tage\t2020-2025"] + WPPRates.migrationAges.map { "156\tChina\t\($0)\t0" })
            .joined(separator: "\n")
        let path = try TestData.temporaryFile("migrationZ5.tsv", contents: Array(zeros.utf8))
        let table = try WPPRates.loadNetMigrants(path: path)
        var wpp = try TestData.wpp.get()
        wpp = WPPRates(maleDeathRates: wpp.maleDeathRates, femaleDeathRates: wpp.femaleDeathRates,
                       fertilityPercent: wpp.fertilityPercent, tfrEstimates: wpp.tfrEstimates, tfrMedium: wpp.tfrMedium,
                       sexRatioAtBirth: wpp.sexRatioAtBirth, maleNetMigrants: table, femaleNetMigrants: table)
        do {
            _ = try RogersCastroProfile.fitted(to: wpp, year: 2020)
            Issue.record("an all-zero migration table was fitted")
        } catch let error as MigrationError {
            #expect(error == .noAgePattern(paths: [path, path], year: 2020))
            #expect(error.description.contains("migration") && !error.description.contains("fertility"))
            #expect(error.description.contains("migrationZ5.tsv"))
        }
    }
}
