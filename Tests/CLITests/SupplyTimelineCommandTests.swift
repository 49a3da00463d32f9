import Foundation
import Testing

/// `carecap run` refuses supply that would go negative or is dated before the projection, and warns
/// (terminal and manifest) about supply dated after the horizon.
@Suite struct SupplyTimelineCommandTests {
    /// The report fixture (two Dehong counties, 2020-2025, 20 draws) with 瑞丽市's `changes:` replaced.
    func scenario(changes: String) throws -> (folder: URL, file: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-supply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = CommandRunner.packageRoot.path
        let text = try String(contentsOfFile: "\(root)/Tests/Fixtures/report-run.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../../Scenarios", with: "\(root)/Scenarios")
            .replacingOccurrences(of: "changes: { nursery_slots: { 2023: 120 } }", with: "changes: \(changes)")
        let file = folder.appendingPathComponent("supply.yaml").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    /// 1-based line and column of the first occurrence of `needle` in the file.
    func position(of needle: String, in file: String) throws -> (Int, Int) {
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() {
            if let range = line.range(of: needle) { return (i + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1) }
        }
        throw CocoaError(.coderReadCorrupt)
    }

    @Test func closureLargerThanStockIsAnError() throws {
        // 瑞丽市 has 581 beds (report-run.yaml); closing 100,000 in 2024 would leave 581 − 100,000 = −99,419.
        let (folder, file) = try scenario(changes: "{ beds: { 2024: -100000 } }")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["run", file, "--out", folder.appendingPathComponent("out").path, "--quiet"])
        let (line, column) = try position(of: "2024: -100000", in: file)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file):\(line):\(column): error: supply.533102.changes.beds.2024: beds would fall below zero in 2024: 581 at the end of 2023, a change of -100000 gives -99419; expected a level ≥ 0"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func closureAfterEarlierClosuresBelowZeroIsAnError() throws {
        // 321 slots − 300 (2022) = 21; −30 in 2023 would give −9.
        let (folder, file) = try scenario(changes: "{ nursery_slots: { 2022: -300, 2023: -30 } }")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["run", file, "--out", folder.appendingPathComponent("out").path, "--quiet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("supply.533102.changes.nursery_slots.2023: nursery_slots would fall below zero in 2023: 21 at the end of 2022, a change of -30 gives -9"), "\(result.stderr)")
    }

    @Test func changeBeforeBaseYearIsAnError() throws {
        let (folder, file) = try scenario(changes: "{ beds: { 2019: 50 } }")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["run", file, "--out", folder.appendingPathComponent("out").path, "--quiet"])
        let (line, column) = try position(of: "2019: 50", in: file)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file):\(line):\(column): error: supply.533102.changes.beds.2019: a change dated 2019 is not after the base year 2020"), "\(result.stderr)")
        #expect(result.stderr.contains("expected a year from 2021 to 2025, or the change folded into supply.533102.beds"))
    }

    @Test func changeAfterHorizonIsAWarningPrintedAndStored() throws {
        let (folder, file) = try scenario(changes: "{ nursery_slots: { 2023: 120, 2030: 60 } }")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let result = try CommandRunner.run(["run", file, "--out", out, "--format", "csv", "--no-report"])
        let (line, column) = try position(of: "2030: 60", in: file)
        let warning = "\(file):\(line):\(column): supply.533102.changes.nursery_slots.2030: ignored, after the horizon 2025"
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: \(warning)"), "\(result.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/manifest.json"))) as? [String: Any]
        let warnings = manifest?["warnings"] as? [String] ?? []
        #expect(warnings.contains(warning), "\(warnings)")
    }
}
