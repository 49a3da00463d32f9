import Foundation
import Testing

/// `carecap report` and `carecap compare` on a tiny run made in a temporary folder.
@Suite struct ReportCommandTests {
    let scenario = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/report-run.yaml").path

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func data(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func reportReproducesTheRunsFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r").path
        let run = try CommandRunner.run(["run", scenario, "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let names = ["report.html", "report.xlsx", "report.md"]
        // When `run` writes reports itself, `report` must give the same bytes.
        let fromRun = try names.filter { FileManager.default.fileExists(atPath: "\(out)/\($0)") }.map { ($0, try data("\(out)/\($0)")) }
        let report = try CommandRunner.run(["report", out])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("report.html"))
        for (name, bytes) in fromRun { #expect(try data("\(out)/\(name)") == bytes, "\(name)") }
        let first = try names.map { try data("\(out)/\($0)") }
        // A second time, and on a copy of the folder: the same bytes (the workbook too: fixed zip dates).
        let copy = folder.appendingPathComponent("copy").path
        try FileManager.default.copyItem(atPath: out, toPath: copy)
        for name in names { try FileManager.default.removeItem(atPath: "\(copy)/\(name)") }
        #expect(try CommandRunner.run(["report", copy, "--quiet"]).status == 0)
        #expect(try CommandRunner.run(["report", out, "--quiet"]).status == 0)
        for (i, name) in names.enumerated() {
            #expect(try data("\(out)/\(name)") == first[i], "\(name)")
            #expect(try data("\(copy)/\(name)") == first[i], "\(name)")
        }
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(html.contains("瑞丽市") && !html.contains("http"))
    }

    @Test func languageFormatAndExcelCSV() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r").path
        #expect(try CommandRunner.run(["run", scenario, "--out", out, "--quiet"]).status == 0)
        for name in ["report.html", "report.xlsx", "report.md"] { try? FileManager.default.removeItem(atPath: "\(out)/\(name)") }
        let result = try CommandRunner.run(["report", out, "--lang", "en", "--format", "md", "--excel-csv", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(out)/report.md"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/report.html"))
        #expect(try String(contentsOfFile: "\(out)/report.md", encoding: .utf8).contains("Supply-demand gap"))
        let csv = try data("\(out)/findings.csv")
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        // Once only, and the folder still reads back.
        #expect(try CommandRunner.run(["report", out, "--excel-csv", "--format", "html", "--quiet"]).status == 0)
        #expect(Array(try data("\(out)/findings.csv").prefix(6)) != [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF])
        #expect(try String(contentsOfFile: "\(out)/report.html", encoding: .utf8).contains("芒市"))
        let bad = try CommandRunner.run(["report", folder.appendingPathComponent("nothing").path])
        #expect(bad.status == 2 && bad.stderr.contains("nothing: the run folder does not exist"))
        let empty = try CommandRunner.run(["report", folder.path])
        #expect(empty.status == 2 && empty.stderr.contains("results.gpkg is missing"))
    }

    @Test func compareTwoRunsAndVariants() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a").path, b = folder.appendingPathComponent("b").path
        #expect(try CommandRunner.run(["run", scenario, "--out", a, "--quiet"]).status == 0)
        #expect(try CommandRunner.run(["run", scenario, "--variant", "stricter-slots", "--out", b, "--quiet"]).status == 0)
        let result = try CommandRunner.run(["compare", a, b, "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("difference (B−A)"))
        let csv = try String(contentsOfFile: folder.appendingPathComponent("comparison-report.csv").path, encoding: .utf8)
        // 6 instead of 4.5 slots per 1,000: the standard-basis slot shortfall grows.
        let line = try #require(csv.split(separator: "\n").first { $0.hasPrefix("nursery slots (standard)") })
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        #expect((Double(fields[3]) ?? 0) > (Double(fields[2]) ?? 0) && (Double(fields[4]) ?? 0) > 0)
        // A folder of variants.
        let variants = folder.appendingPathComponent("v").path
        #expect(try CommandRunner.run(["run", scenario, "--all-variants", "--out", variants, "--quiet"]).status == 0)
        let all = try CommandRunner.run(["compare", variants])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("base") && all.stdout.contains("stricter-slots"))
    }

    /// `compare` run twice over the same folders rewrites its CSV in place (never deleting it first), and
    /// every file it writes parses; runs of different areas are refused in words (exit 2) unless --force.
    @Test func compareTwiceAndRefusesOtherAreas() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a").path, b = folder.appendingPathComponent("b").path
        #expect(try CommandRunner.run(["run", scenario, "--out", a, "--quiet"]).status == 0)
        #expect(try CommandRunner.run(["run", scenario, "--out", b, "--quiet"]).status == 0)
        let path = folder.appendingPathComponent("comparison-report.csv").path
        for _ in 0..<2 {
            let result = try CommandRunner.run(["compare", a, b, "--lang", "en"])
            #expect(result.status == 0, "\(result.stderr)")
            let rows = try #require(RunFolderFilesTests.csvRows(try data(path)), "comparison-report.csv is not RFC 4180")
            #expect(rows.first == ["item", "unit", "A a", "B b", "difference", "provided", "supply_basis"])
            // The fixture gives every capacity measure, on assumptions: every line provided; a run against
            // itself differs by 0.
            #expect(rows.dropFirst().allSatisfy { $0.count == 7 && $0[5] == "true" && $0[4] == "0.00" })
            #expect(result.stdout.contains("[assumed]"))
        }
        // One area instead of two: the totals count different places.
        let one = folder.appendingPathComponent("one.yaml")
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
            .replacingOccurrences(of: "areas: [\"533102\", \"533103\"]", with: "areas: [\"533102\"]")
            .replacingOccurrences(of: "../../Scenarios/", with: CommandRunner.packageRoot.appendingPathComponent("Scenarios").path + "/")
        try text.write(to: one, atomically: true, encoding: .utf8)
        let c = folder.appendingPathComponent("c").path
        let single = try CommandRunner.run(["run", one.path, "--out", c, "--quiet"])
        #expect(single.status == 0, "\(single.stderr)")
        let refused = try CommandRunner.run(["compare", a, c])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("cannot compare") && refused.stderr.contains("count different places") && refused.stderr.contains("--force"))
        #expect(!refused.stderr.contains("Error Domain"))
        let forced = try CommandRunner.run(["compare", a, c, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
    }
}
