import Foundation
import Testing

/// Bad data files and data that cannot be calibrated, through the real binary: exit 2 with the
/// file, line, column and the scenario key that named the file, or a printed and stored warning.
@Suite struct DataFileErrorCLITests {
    static let data = CommandRunner.packageRoot.appendingPathComponent("Scenarios/data")

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-datafile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The shipped census with its 533102 line repeated after the 533103 line.
    func censusWithDuplicate(in folder: URL) throws -> (path: URL, firstLine: Int, duplicateLine: Int) {
        let text = try String(contentsOf: Self.data.appendingPathComponent("census2020/county_age5_sex.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("533102,") })
        let after = try #require(lines.firstIndex { $0.hasPrefix("533103,") })
        lines.insert(lines[first], at: after + 1)
        let url = folder.appendingPathComponent("census.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return (url, first + 1, after + 2)
    }

    func scenario(in folder: URL, census: String, wpp: String = "\(data.path)/wpp2024_china", horizon: Int = 2025,
                  areas: String? = "[\"533102\", \"533103\"]", extra: String = "") throws -> URL {
        let url = folder.appendingPathComponent("s.yaml")
        try """
            carecap: 1
            name: datafile
            population:
              census: \(census)
              wpp: \(wpp)
              horizon: \(horizon)
            \(areas.map { "  areas: \($0)" } ?? "")
            \(extra)
            """.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test(arguments: [true, false])
    func duplicateCensusCodeExitsTwoNamingBothLinesAndTheKey(areasGiven: Bool) throws {
        // With `areas` omitted the duplicate was projected twice and crashed the report
        // (ReportTables); with areas given the second row was ignored.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let census = try censusWithDuplicate(in: folder)
        let file = try scenario(in: folder, census: "census.csv", areas: areasGiven ? "[\"533102\"]" : nil)
        let result = try CommandRunner.run(["run", file.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("census.csv:\(census.duplicateLine):1: error: population.census: column code: expected each division code once (533102 is already on line \(census.firstLine)), found \"533102 again\""), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o").path))
    }

    @Test func sexRatioPer100ExitsTwoNamingTheWPPKey() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wpp = folder.appendingPathComponent("wpp")
        try FileManager.default.copyItem(at: Self.data.appendingPathComponent("wpp2024_china"), to: wpp)
        // Every ratio × 100 (1950: 1.061 → 106.1): the first value column is 1950, field 3 of line 2.
        let srb = wpp.appendingPathComponent("sexRatio.tsv")
        let lines = try String(contentsOf: srb, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        var fields = lines[1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        for i in 2..<fields.count { fields[i] = String(Double(fields[i])! * 100) }
        try ([lines[0], fields.joined(separator: "\t")].joined(separator: "\n") + "\n").write(to: srb, atomically: true, encoding: .utf8)
        let file = try scenario(in: folder, census: "\(Self.data.path)/census2020/county_age5_sex.csv", wpp: "wpp")
        let result = try CommandRunner.run(["project", file.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("sexRatio.tsv:2:3: error: population.wpp: column 1950: expected a sex ratio at birth from 0.8 to 1.4 males per female birth (this looks like males per 100 female births; give 1.061), found \"106.1\""), "\(result.stderr)")
    }

    @Test func horizonBeyondTheWPPYearsExitsTwoNamingTheHorizon() throws {
        // Death rates cut after 2025-2030 (the first 19 columns: 3 fixed and 1950-1955 ... 2025-2030):
        // a horizon of 2040 needs rates to 2040, and 2031 is the first year missing. Before, the
        // last column was held silently.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wpp = folder.appendingPathComponent("wpp")
        try FileManager.default.copyItem(at: Self.data.appendingPathComponent("wpp2024_china"), to: wpp)
        let mx = wpp.appendingPathComponent("mxM5.tsv")
        let lines = try String(contentsOf: mx, encoding: .utf8).split(whereSeparator: \.isNewline)
        let cut = lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).prefix(19).joined(separator: "\t") }
        try (cut.joined(separator: "\n") + "\n").write(to: mx, atomically: true, encoding: .utf8)
        let file = try scenario(in: folder, census: "\(Self.data.path)/census2020/county_age5_sex.csv", wpp: "wpp", horizon: 2040)
        let result = try CommandRunner.run(["project", file.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("mxM5.tsv: error: population.horizon: 2040 needs rates for 2031, and this file (named by population.wpp) covers only 1950-2030"), "\(result.stderr)")
    }

    @Test func areaCodeListedTwiceIsAnErrorNamingBothPositions() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try scenario(in: folder, census: "\(Self.data.path)/census2020/county_age5_sex.csv",
                                areas: "[\"533102\", \"533103\", \"533102\"]")
        // Before, the second 533102 was dropped without a word (or, with other selections, counted twice).
        let result = try CommandRunner.run(["project", file.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("population.areas[2]"), "\(result.stderr)")
        #expect(result.stderr.contains("population.areas[0]"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o").path))
    }

    @Test func prefectureListedWithItsOwnCountyIsAnError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try scenario(in: folder, census: "\(Self.data.path)/census2020/county_age5_sex.csv",
                                areas: "[\"533100\", \"530000\"]")
        // 530000 (Yunnan) holds 533100 (Dehong): both rows would be projected and counted twice.
        let result = try CommandRunner.run(["project", file.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("s.yaml:7:21: error: population.areas[1]: \"533100\" lies within \"530000\" (population.areas[0] and population.areas[1])"), "\(result.stderr)")
    }

    @Test func calibrationFallbackIsPrintedByProjectAndRunAndStoredInTheManifest() throws {
        // 瑞丽市 without women aged 15-49 (cells emptied, sex and total columns lowered to match):
        // before, a calibrated TFR in the thousands, silently.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOf: Self.data.appendingPathComponent("census2020/county_age5_sex.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let index = try #require(lines.firstIndex { $0.hasPrefix("533102,") })
        var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for age in stride(from: 15, through: 45, by: 5) {
            let column = header.firstIndex(of: "F_\(age)-\(age + 4)")!
            let removed = Int(fields[column])!
            fields[column] = "0"
            fields[5] = String(Int(fields[5])! - removed)
            fields[7] = String(Int(fields[7])! - removed)
        }
        // The census refuses household members past the total: cap them at the lowered total.
        fields[9] = String(min(Int(fields[9])!, Int(fields[5])!))
        lines[index] = fields.joined(separator: ",")
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("census.csv"), atomically: true, encoding: .utf8)
        let file = try scenario(in: folder, census: "census.csv", extra: "supply:\n  \"533102\": { nursery_slots: 100, beds: 100 }")
        let warning = "warning: 瑞丽市 (533102): TFR not calibrated: no women aged 15-49 in the census; the prefecture 533100 德宏傣族景颇族自治州's calibrated TFR"
        for command in ["project", "run"] {
            let out = folder.appendingPathComponent(command).path
            let result = try CommandRunner.run([command, file.path, "--out", out])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(warning), "\(command): \(result.stderr)")
            let manifest = try String(contentsOfFile: "\(out)/manifest.json", encoding: .utf8)
            #expect(manifest.contains("瑞丽市 (533102): TFR not calibrated: no women aged 15-49"), "\(command)")
        }
    }
}
