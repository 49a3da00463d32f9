import Foundation
import Testing
@testable import Demography

@Suite struct MalformedFileTests {
    static let header = (["code", "level", "province", "prefecture", "county", "total", "male", "female",
                          "family_households", "family_household_population", "households_with_65plus"]
                         + CensusRow.ageGroupLabels.map { "M_\($0)" } + CensusRow.ageGroupLabels.map { "F_\($0)" })
        .joined(separator: ",")
    /// A valid county row: 10 people in each of the 38 cells → total 380.
    static func row(code: String = "533103", total: String = "380", male: String = "190", cell: String = "10") -> String {
        ([code, "county", "云南省", "德宏州", "芒市", total, male, "190", "100", "300", "20"]
         + [String](repeating: "10", count: 37) + [cell]).joined(separator: ",")
    }

    func censusError(_ text: String, bytes extra: [UInt8] = []) throws -> DataFileError {
        let path = try TestData.temporaryFile("census-\(UUID().uuidString).csv", contents: Array(text.utf8) + extra)
        do {
            _ = try CensusTable.load(path: path)
        } catch let error as DataFileError {
            #expect(error.path == path)
            return error
        }
        Issue.record("no DataFileError for \(text.prefix(60))")
        return DataFileError(path: "", line: -1, expected: "", found: "")
    }

    @Test func censusFilesWithErrorsNameFileLineAndColumn() throws {
        let valid = try CensusTable.load(path: TestData.temporaryFile("ok.csv", contents: Array((Self.header + "\n" + Self.row() + "\n").utf8)))
        #expect(valid.rows.count == 1 && valid.rows[0].ageCellSum == 380)

        var error = try censusError(Self.header + "\n" + Self.row(cell: "abc") + "\n")
        #expect(error.line == 2 && error.column == "F_85+" && error.found == "abc")
        #expect(error.description.hasSuffix(":2:49: error: column F_85+: expected a whole number from 0 to 10000000000, found \"abc\""))

        error = try censusError(Self.header + "\n" + Self.row() + "\n" + Self.row(code: "533102", cell: "-3") + "\n")
        #expect(error.line == 3 && error.column == "F_85+" && error.found == "-3")

        error = try censusError(Self.header + "\n" + Self.row() + ",99\n")
        #expect(error.line == 2 && error.expected == "49 fields as in the header" && error.found == "50 fields")

        error = try censusError(Self.header.replacingOccurrences(of: ",M_5-9", with: "") + "\n")
        #expect(error.line == 1 && error.column == "M_5-9")

        error = try censusError("")
        #expect(error.line == 1 && error.found == "an empty file")

        error = try censusError(Self.header + "\n", bytes: [0x35, 0x33, 0xFF, 0xFE, 0x0A])
        #expect(error.line == 2 && error.expected == "UTF-8 text")

        error = try censusError(Self.header + "\n" + Self.row(total: "3.5e2") + "\n")
        #expect(error.column == "total" && error.found == "3.5e2")

        error = try censusError(Self.header + "\n" + Self.row(code: "53A103") + "\n")
        #expect(error.column == "code")

        let missing = try TestData.temporaryFile("x", contents: []) + ".does-not-exist"
        #expect(throws: DataFileError(path: missing, line: 0, expected: "a readable file", found: "nothing: the path does not exist")) {
            try CensusTable.load(path: missing)
        }
    }

    @Test func rowsWithoutUsableAgeDataAreWarningsOrErrors() throws {
        // Row 533102 has no age cells at all; row 533103 says total 381 (male 191) but its cells sum to 380.
        let noAges = (["533102", "county", "云南省", "德宏州", "瑞丽市", "5", "3", "2", "1", "5", ""]
                      + [String](repeating: "", count: 38)).joined(separator: ",")
        let text = [Self.header, noAges, Self.row(total: "381", male: "191"), Self.row(code: "533124")].joined(separator: "\n")
        let census = try CensusTable.load(path: TestData.temporaryFile("warnings.csv", contents: Array(text.utf8)))
        let selection = try census.select()
        #expect(selection.rows.map(\.code) == ["533124"])
        #expect(selection.warnings.map(\.problem) == [.noAgeData, .ageCellsDoNotSumToTotal(sum: 380, total: 381)])
        #expect(selection.warnings[0].description.contains("瑞丽市"))
        #expect(selection.warnings[1].line == 3)
        #expect(throws: CensusSelectionError.self) { try census.select(codes: ["533102"]) }
        #expect(throws: CensusSelectionError.self) { try census.select(codes: ["533103"]) }
        #expect(throws: CensusSelectionError.unknownArea(path: census.path, key: "999999")) { try census.select(codes: ["999999"]) }
        #expect(try census.select(codes: ["533124"]).rows.count == 1)
    }

    @Test func wppFilesWithErrorsNameFileLineAndColumn() throws {
        let goodMx = (["country_code\tcountry\tage\t2020-2025"]
                      + WPPRates.deathRateAges.map { "156\tChina\t\($0)\t0.01" }).joined(separator: "\n")
        #expect(try WPPRates.loadDeathRates(path: TestData.temporaryFile("mx.tsv", contents: Array(goodMx.utf8))).values.count == 22)

        func error(_ name: String, _ text: String, _ read: (String) throws -> Void) throws -> DataFileError {
            let path = try TestData.temporaryFile(name, contents: Array(text.utf8))
            do { try read(path) } catch let error as DataFileError {
                #expect(error.path == path)
                return error
            }
            Issue.record("no DataFileError for \(name)")
            return DataFileError(path: "", line: -1, expected: "", found: "")
        }
        var e = try error("mxM5.tsv", goodMx.replacingOccurrences(of: "\t15\t0.01", with: "\t15\t-0.2")) { _ = try WPPRates.loadDeathRates(path: $0) }
        #expect(e.line == 6 && e.column == "2020-2025" && e.found == "-0.2")
        e = try error("mxF5.tsv", goodMx.replacingOccurrences(of: "\t20\t", with: "\t21\t")) { _ = try WPPRates.loadDeathRates(path: $0) }
        #expect(e.line == 7 && e.column == "age" && e.expected == "age 20" && e.found == "21")
        e = try error("tfr.tsv", "country_code\tcountry\t2019\t2020\n156\tChina\t1.5\tx\n") { _ = try WPPRates.loadYearSeries(path: $0, minimum: 0) }
        #expect(e.line == 2 && e.column == "2020" && e.found == "x")
        e = try error("sexRatio.tsv", "country_code\tcountry\t2019\t2020\n156\tChina\t1.1\n") { _ = try WPPRates.loadYearSeries(path: $0, minimum: 0.5) }
        #expect(e.line == 2 && e.found == "3 fields")
        e = try error("percentASFR5.tsv", "country_code\tcountry\tage\t2020\n156\tChina\t10-14\t0.1\n") { _ = try WPPRates.loadFertilityPercent(path: $0) }
        #expect(e.line == 3 && e.column == "age" && e.expected == "age 15-19" && e.found == "end of file")
        e = try error("migrationM5.tsv", "country_code\tcountry\tage\tsoon\n") { _ = try WPPRates.loadNetMigrants(path: $0) }
        #expect(e.line == 1 && e.column == "soon")
        e = try error("tfrprojMed.tsv", "country_code\tcountry\t2024\n") { _ = try WPPRates.loadYearSeries(path: $0, minimum: 0) }
        #expect(e.line == 2 && e.expected == "a data row")
        e = try error("mxM5-nocol.tsv", "country_code\tage\t2020-2025\n") { _ = try WPPRates.loadDeathRates(path: $0) }
        #expect(e.line == 1 && e.column == "country")
    }
}
