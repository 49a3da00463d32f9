import Foundation
import Testing

/// `population.group_quarters` and `mortality.e0_offset: FILE` through the real binary: bad files
/// exit 2 naming file, line, column and key; codes the run does not project are warnings.
@Suite struct GroupQuartersCLITests {
    static let data = CommandRunner.packageRoot.appendingPathComponent("Scenarios/data")

    func folderWithScenario(_ extra: String, files: [String: String]) throws -> (URL, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-gq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let url = folder.appendingPathComponent("s.yaml")
        try """
            carecap: 1
            name: groups
            population:
              census: \(Self.data.path)/census2020/county_age5_sex.csv
              wpp: \(Self.data.path)/wpp2024_china
              horizon: 2022
              areas: ["533102", "533103"]
            \(extra)
            """.write(to: url, atomically: true, encoding: .utf8)
        return (folder, url)
    }

    @Test func offsetFileWithBadValueExitsTwoNamingLineColumnAndKey() throws {
        let (folder, file) = try folderWithScenario("  mortality: { e0_offset: e0.csv }", files: ["e0.csv": "code,male,female\n533102,1,abc\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["project", file.path, "--out", folder.appendingPathComponent("o").path, "--quiet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("e0.csv:2:3: error: population.mortality.e0_offset: column female: expected years of life expectancy from -20 to 20, found \"abc\""), "\(result.stderr)")
    }

    @Test func offsetFileCodeOutsideTheRunIsAWarning() throws {
        let (folder, file) = try folderWithScenario("  mortality: { e0_offset: e0.csv }",
                                                    files: ["e0.csv": "code,male,female\n533102,1,1\n110101,2,2\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["project", file.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("e0.csv:3: warning: population.mortality.e0_offset: code 110101 is not an area of this run; its e0 offsets are not used"), "\(result.stderr)")
    }

    @Test func groupQuartersCellAboveCensusExitsTwoNamingTheKey() throws {
        // 芒市 (533103) has far fewer than ten million men aged 20-24.
        let (folder, file) = try folderWithScenario("  group_quarters: gq.csv",
                                                    files: ["gq.csv": "code,sex,age_group,count\n533103,male,20-24,9999999\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CommandRunner.run(["project", file.path, "--out", folder.appendingPathComponent("o").path, "--quiet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("gq.csv:2:4: error: population.group_quarters: column count: expected at most the census count"), "\(result.stderr)")
    }
}
