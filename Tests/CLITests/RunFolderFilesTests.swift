import Foundation
import Testing

/// Every file `carecap run` writes on each example is valid in its format, the store opens as a
/// GeoPackage, and `carecap report` rebuilds the reports from the store byte for byte.
@Suite struct RunFolderFilesTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A CSV reader written for this test alone, over bytes (not the project's reader): RFC 4180 fields,
    /// quoted fields with doubled quotes, LF or CRLF rows, an optional byte-order mark.
    static func csvRows(_ data: Data) -> [[String]]? {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [[String]] = [], row: [String] = [], field: [UInt8] = []
        var i = 0, inQuotes = false, wasQuoted = false
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuotes = false }
                } else { field.append(b) }
            } else if b == 0x22 {
                guard field.isEmpty else { return nil }   // a quote inside an unquoted field is not RFC 4180
                inQuotes = true
                wasQuoted = true
            } else if b == 0x2C {
                row.append(String(decoding: field, as: UTF8.self)); field = []; wasQuoted = false
            } else if b == 0x0A {
                row.append(String(decoding: field, as: UTF8.self)); field = []; wasQuoted = false
                rows.append(row); row = []
            } else if b != 0x0D {
                guard !wasQuoted else { return nil }
                field.append(b)
            }
            i += 1
        }
        guard !inQuotes, field.isEmpty, row.isEmpty else { return nil }   // every row ends with a line break
        return rows
    }

    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }

    static func shell(_ tool: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(arguments: [("Scenarios/dehong-2022-2035.yaml", 5), ("Scenarios/sanya-2023-2030.yaml", 4),
                      ("Scenarios/heilongjiang-2022-2030.yaml", 13)])
    func everyFileIsValidAndTheReportsRebuildFromTheStore(scenario: String, areas: Int) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run").path
        let run = try CommandRunner.run(["run", scenario, "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names.contains("results.gpkg") && names.contains("report.html") && names.contains("findings.json"))
        #expect(!names.contains { $0.hasPrefix(".") }, "no temporary files left: \(names)")
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)"))
            if name.hasSuffix(".json") {
                #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is not valid JSON")
            } else if name.hasSuffix(".csv") {
                let rows = try #require(Self.csvRows(data), "\(name) is not RFC 4180")
                let width = rows.first?.count ?? 0
                #expect(width > 1 && rows.allSatisfy { $0.count == width }, "\(name): every row has the header's fields")
                // Numbers, or empty exactly where the file says why: supply not provided (`provided` false),
                // a finding not assessed (`status`), or an outcome fixed by the inputs (no probability).
                let header = rows[0]
                func cell(_ row: [String], _ name: String) -> String? { header.firstIndex(of: name).map { row[$0] } }
                for column in ["p10", "p50", "p90", "year", "required", "provided", "shortfall", "probability_met", "population"] {
                    guard let c = header.firstIndex(of: column) else { continue }
                    // In supply.csv and shortfall.csv `provided` is the flag (true/false), not a number.
                    if column == "provided" && header.contains("supply_basis") { continue }
                    #expect(rows.dropFirst().allSatisfy { row in
                        if Double(row[c]) != nil { return true }
                        guard row[c].isEmpty else { return false }
                        if cell(row, "provided") == "false" { return true }
                        if cell(row, "status") == "not_assessed" { return true }
                        return column == "probability_met" && cell(row, "outcome") == "fixed by inputs"
                    }, "\(name): \(column) numeric, or empty where the row says why")
                }
                if let c = header.firstIndex(of: "provided"), header.contains("supply_basis") {
                    // Not provided is never a number: every value of such a row is empty.
                    #expect(rows.dropFirst().filter { $0[c] == "false" }.allSatisfy { row in ["p10", "p50", "p90"].allSatisfy { cell(row, $0) == "" } })
                }
            }
        }
        // The long tables hold every area and the total: demand has 11 columns a year.
        let demand = try #require(Self.csvRows(try Data(contentsOf: URL(fileURLWithPath: "\(out)/demand.csv"))))
        #expect(Set(demand.dropFirst().map { $0[0] }).count == areas + 1)

        // The store: an SQLite file with the GeoPackage application id, intact, one point per area.
        if let sqlite = Self.tool("sqlite3") {
            let check = try Self.shell(sqlite, ["\(out)/results.gpkg", "PRAGMA application_id; PRAGMA integrity_check; SELECT count(*) FROM areas WHERE geom IS NOT NULL; SELECT count(*) FROM demand;"])
            let lines = check.out.split(separator: "\n").map(String.init)
            // 0x47504B47 = 1196444487 ("GPKG"); the demand rows equal the CSV's.
            #expect(lines == ["1196444487", "ok", String(areas), String(demand.count - 1)], "\(check.out) \(check.err)")
        }
        if let ogrinfo = Self.tool("ogrinfo") {
            let info = try Self.shell(ogrinfo, ["-ro", "-so", "\(out)/results.gpkg", "areas"])
            #expect(info.status == 0, "\(info.err)")
            #expect(info.out.contains("Geometry: Point") && info.out.contains("Feature Count: \(areas)"), "\(info.out)")
            #expect(!info.err.contains("ERROR") && !info.err.contains("Warning"), "\(info.err)")
        }

        // Reports rebuilt from the store have the run's bytes.
        var before: [String: Data] = [:]
        for name in ["report.html", "report.xlsx", "report.md"] { before[name] = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)")) }
        let report = try CommandRunner.run(["report", out, "--quiet"])
        #expect(report.status == 0, "\(report.stderr)")
        for (name, data) in before {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)")) == data, "\(name) rebuilt from results.gpkg differs")
        }
    }

    @Test func aRerunReplacesThePreviousResultOnlyWhenComplete() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run").path
        #expect(try CommandRunner.run(["run", "Tests/Fixtures/report-run.yaml", "--out", out, "--quiet", "--no-report"]).status == 0)
        let first = try Data(contentsOf: URL(fileURLWithPath: "\(out)/demand.csv"))
        // A second run into the same folder replaces it (same scenario, same bytes).
        #expect(try CommandRunner.run(["run", "Tests/Fixtures/report-run.yaml", "--out", out, "--quiet", "--no-report"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/demand.csv")) == first)
        // A run that fails (an unknown variant) leaves the previous result and no temporary folder.
        let bad = try CommandRunner.run(["run", "Tests/Fixtures/report-run.yaml", "--out", out, "--variant", "nope"])
        #expect(bad.status == 2)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/demand.csv")) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["run"])
        // A folder that is not a run is never replaced.
        let other = folder.appendingPathComponent("notes").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: "\(other)/mine.txt"))
        let refused = try CommandRunner.run(["run", "Tests/Fixtures/report-run.yaml", "--out", other, "--quiet"])
        #expect(refused.status == 2 && refused.stderr.contains("not a carecap run folder"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: other) == ["mine.txt"])
    }

    @Test func anOutputThatCannotBeWrittenExitsThree() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The parent of --out is a file: the folder cannot be created.
        let file = folder.appendingPathComponent("plain-file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let result = try CommandRunner.run(["run", "Tests/Fixtures/report-run.yaml", "--out", "\(file)/run", "--quiet"])
        #expect(result.status == 3, "\(result.status) \(result.stderr)")
        #expect(result.stderr.contains("cannot create") && result.stderr.contains(folder.lastPathComponent), "\(result.stderr)")
    }

    @Test func outputsChooseTheViews() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run").path
        let result = try CommandRunner.run(["run", "Tests/Fixtures/report-run.yaml", "--out", out, "--quiet", "--format", "csv", "--format", "md"])
        #expect(result.status == 0, "\(result.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out))
        #expect(names.contains("results.gpkg") && names.contains("manifest.json") && names.contains("demand.csv") && names.contains("report.md"))
        #expect(!names.contains("demand.json") && !names.contains("report.html") && !names.contains("report.xlsx"))
    }
}
