import Foundation
import Testing
@testable import Scenario
import Demography

/// `population.group_quarters` (estimated by default, `none`, or a file) and
/// `mortality.e0_offset` as a number, a mapping or a file.
@Suite struct GroupQuartersKeyTests {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-gq-keys-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for name in ["census.csv", "gq.csv", "e0.csv"] { FileManager.default.createFile(atPath: url.appendingPathComponent(name).path, contents: Data()) }
        return url
    }()

    func section(_ extra: String) throws -> PopulationSection {
        let path = Self.folder.appendingPathComponent("s-\(UUID().uuidString).yaml")
        try "carecap: 1\npopulation:\n  census: census.csv\n  wpp: .\n  horizon: 2030\n\(extra)\n".write(to: path, atomically: true, encoding: .utf8)
        return try #require(try ScenarioLoader.load(path: path.path).population)
    }

    @Test func groupQuartersDefaultsToEstimatedAndTakesNoneOrAFile() throws {
        #expect(try section("").groupQuarters == .estimated)
        #expect(try section("  group_quarters: none").groupQuarters == .none)
        guard case let .file(file) = try section("  group_quarters: gq.csv").groupQuarters else { Issue.record("not a file"); return }
        #expect(file.written == "gq.csv" && file.keyPath == "population.group_quarters")
    }

    @Test func e0OffsetIsANumberOrAFile() throws {
        let number = try section("  mortality: { e0_offset: 1.5 }")
        #expect(number.e0Offset == ["*": 1.5] && number.e0OffsetFile == nil)
        let file = try section("  mortality: { e0_offset: e0.csv }")
        #expect(file.e0OffsetFile?.keyPath == "population.mortality.e0_offset" && file.e0Offset.isEmpty)
    }

    @Test func missingGroupQuartersFileIsAnErrorAtItsKey() throws {
        #expect {
            try section("  group_quarters: missing.csv")
        } throws: { error in
            "\(error)".contains("population.group_quarters") && "\(error)".contains("missing.csv")
        }
    }

    /// `population.reference`: year-end unless the scenario says census; anything else names the key
    /// and the two values.
    @Test func referenceDefaultsToYearEnd() throws {
        #expect(try section("").reference == .yearEnd)
        #expect(try section("  reference: census").reference == .census)
        #expect(try section("  reference: year-end").reference == .yearEnd)
        #expect {
            try section("  reference: yearend")
        } throws: { error in
            "\(error)".contains("population.reference") && "\(error)".contains("census, year-end")
        }
    }
}
