import Foundation
import Testing

/// `carecap optimize` through the real binary: the Dehong example writes its files and headline, a rerun
/// writes the same bytes, `--write-lp` writes a model, and bad requests exit 2 with a clear message.
@Suite("carecap optimize")
struct OptimizeCommandTests {
    static let example = "Scenarios/dehong-nursing-siting.yaml"

    /// The Dehong example with a 1 % gap, written into `folder` with its data paths made absolute: GLPK (the
    /// solver of a build without HiGHS) proves 1 % within seconds but not the example's 0.01 % within its
    /// 60 s, and a run stopped by a time limit need not repeat itself.
    static func quickExample(in folder: URL) throws -> String {
        let data = CommandRunner.packageRoot.appendingPathComponent("Scenarios/data").path
        let text = try String(contentsOf: CommandRunner.packageRoot.appendingPathComponent(example), encoding: .utf8)
            .replacingOccurrences(of: "mip_gap: 0.0001", with: "mip_gap: 0.01")
            .replacingOccurrences(of: " data/", with: " \(data)/")
        let path = folder.appendingPathComponent("dehong-quick.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func dehongExampleWritesPlanAndSummary() throws {
        let folder = try OutputFolderSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("one").path
        let lp = folder.appendingPathComponent("model.lp").path
        let result = try CommandRunner.run(["optimize", try Self.quickExample(in: folder), "--out", out, "--write-lp", lp])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("dehong-nursing-siting: optimal by"))
        #expect(result.stdout.contains("2025 opened:"))
        for name in ["plan.csv", "assignment.csv", "unmet.csv", "summary.json", "siting.gpkg", "report.md", "schematic.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as! [String: Any]
        #expect(summary["status"] as? String == "optimal")
        #expect((summary["by_year"] as? [[String: Any]])?.count == 11)
        let report = try String(contentsOfFile: "\(out)/report.md", encoding: .utf8)
        #expect(report.contains("## Plan") && report.contains("## Capacity against demand by year"))
        #expect(report.contains("schematic, not a map"))
        let svg = try String(contentsOfFile: "\(out)/schematic.svg", encoding: .utf8)
        #expect(svg.contains("not a map"))
        // The GeoPackage: 17 sites (five counties × three, two new districts) and 5 zones, read back as SQLite.
        let gpkg = try Data(contentsOf: URL(fileURLWithPath: "\(out)/siting.gpkg"))
        #expect(gpkg.starts(with: Data("SQLite format 3".utf8)))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            let counts = Process()
            counts.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            counts.arguments = ["\(out)/siting.gpkg", "SELECT (SELECT count(*) FROM sites) || ',' || (SELECT count(*) FROM zones) || ',' || (SELECT count(*) FROM gpkg_geometry_columns)"]
            let pipe = Pipe()
            counts.standardOutput = pipe
            try counts.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            counts.waitUntilExit()
            #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "17,5,2")
        }
        let model = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(model.contains("Minimize") && model.contains("Subject To") && model.hasSuffix("End\n"))
    }

    /// The same scenario and solver give the same files; only the solve time in summary.json may differ.
    @Test func rerunIsIdentical() throws {
        let folder = try OutputFolderSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var contents: [[String: String]] = []
        for name in ["first", "second"] {
            let out = folder.appendingPathComponent(name).path
            let result = try CommandRunner.run(["optimize", try Self.quickExample(in: folder), "--out", out, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            var files: [String: String] = [:]
            for file in ["plan.csv", "assignment.csv", "unmet.csv", "summary.json"] {
                let text = try String(contentsOfFile: "\(out)/\(file)", encoding: .utf8)
                files[file] = text.split(separator: "\n").filter { !$0.contains("\"seconds\"") }.joined(separator: "\n")
            }
            contents.append(files)
        }
        #expect(contents[0] == contents[1])
    }

    @Test func unknownSolverIsBadInput() throws {
        let result = try CommandRunner.run(["optimize", Self.example, "--solver", "cplex", "--out", "/tmp/carecap-never-\(UUID().uuidString)"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown solver \"cplex\""))
    }

    @Test func scenarioWithoutSitingIsBadInput() throws {
        let result = try CommandRunner.run(["optimize", "Scenarios/dehong-districts.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("has no `siting:` section"))
    }
}
