import Foundation
import Testing

/// `carecap project` of a census with many areas and no `areas`: the long tables are written a block of
/// areas at a time (never held whole), and a census too large for --memory-limit is refused before it
/// is parsed.
@Suite struct ProjectMemoryTests {
    /// A census of `count` county rows: the real county rows repeated with new codes 900000, 900001, ...
    func syntheticCensus(count: Int, horizon: Int) throws -> (folder: URL, scenario: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-bigcensus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = CommandRunner.packageRoot.path
        let lines = try String(contentsOfFile: "\(root)/Scenarios/data/census2020/county_age5_sex.csv", encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        let counties = lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false)[1] == "county" }
        var text = String(lines[0]) + "\n"
        for i in 0..<count {
            let fields = counties[i % counties.count].split(separator: ",", omittingEmptySubsequences: false)
            text += (["\(900_000 + i)"] + fields.dropFirst().map(String.init)).joined(separator: ",") + "\n"
        }
        try text.write(to: folder.appendingPathComponent("census.csv"), atomically: true, encoding: .utf8)
        let scenario = folder.appendingPathComponent("big.yaml").path
        try """
            carecap: 1
            name: big
            population:
              census: census.csv
              wpp: \(root)/Scenarios/data/wpp2024_china
              base_year: 2020
              horizon: \(horizon)
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        return (folder, scenario)
    }

    @Test func largeCensusWithoutAreasIsWrittenInBlocks() throws {
        // 300 areas × 6 years × 202 lines (2 sexes × 101 ages) = 363,600 lines: two blocks of at most
        // 200,000 lines (165 areas each). The CSV is whole and the JSON has the same rows in the same order
        // (above 200 areas the JSON twins are written only with --json).
        let (folder, scenario) = try syntheticCensus(count: 300, horizon: 2025)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let result = try CommandRunner.run(["project", scenario, "--out", out, "--quiet", "--jobs", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOfFile: "\(out)/population.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 363_600)
        #expect(csv[0] == "area,year,sex,age,population")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/population.json")))
        let rows = try #require((object as? [String: Any])?["population"] as? [[String: Any]])
        #expect(rows.count == 363_600)
        for index in [0, 1, 199_999, 200_000, 200_001, 363_599] {
            let fields = csv[index + 1].split(separator: ",")
            let row = rows[index]
            #expect(row["area"] as? String == String(fields[0]) && (row["year"] as? NSNumber)?.stringValue == String(fields[1])
                    && row["sex"] as? String == String(fields[2]) && (row["age"] as? NSNumber)?.intValue == Int(fields[3])
                    && abs(((row["population"] as? NSNumber)?.doubleValue ?? -1) - Double(fields[4])!) < 1e-9, "row \(index)")
        }
        #expect(csv.last?.hasPrefix("900299,2025,F,100,") == true)
        let service = try String(contentsOfFile: "\(out)/service_ages.csv", encoding: .utf8).split(separator: "\n")
        #expect(service.count == 1 + 300 * 6 * 11)
        // Without --json, the same run writes the CSVs only, byte for byte the same.
        let csvOnly = folder.appendingPathComponent("csv-only").path
        let plain = try CommandRunner.run(["project", scenario, "--out", csvOnly, "--quiet", "--jobs", "2"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(csvOnly)/population.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(csvOnly)/service_ages.json"))
        for name in ["population.csv", "service_ages.csv", "calibration.csv", "calibration.json"] {
            #expect(FileManager.default.contents(atPath: "\(csvOnly)/\(name)") == FileManager.default.contents(atPath: "\(out)/\(name)"), "\(name)")
        }
    }

    @Test func censusTooLargeForTheMemoryLimitIsRefusedBeforeParsing() throws {
        // 300 county lines, 2020-2035: tables 300 × 16 × (202 + service groups) × 8 B, plus 160 MB for
        // the block being written: more than 64 MB whatever the rest.
        let (folder, scenario) = try syntheticCensus(count: 300, horizon: 2035)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let result = try CommandRunner.run(["project", scenario, "--out", out, "--memory-limit", "64M"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(scenario): error: this projection needs an estimated "), "\(result.stderr)")
        #expect(result.stderr.contains("300 areas × 16 years"))
        #expect(result.stderr.contains("more than the limit of 64.0 MB (--memory-limit 64M)"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
