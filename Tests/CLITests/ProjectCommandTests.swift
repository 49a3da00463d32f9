import Foundation
import Testing

/// `carecap project` end to end on the Dehong example.
@Suite struct ProjectCommandTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func rows(_ csv: String) -> [[Substring]] {
        csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    @Test func dehongProjectionWritesFilesThatKeepTheCensus() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run").path
        // The example at the census moment (population.reference: census), so that 2020 is the census
        // itself; its data paths made absolute for the copy in the temporary folder.
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Scenarios")
        let example = try String(contentsOfFile: "Scenarios/dehong-population.yaml", encoding: .utf8)
            .replacingOccurrences(of: " data/", with: " \(root.path)/data/")
            .replacingOccurrences(of: "population:\n", with: "population:\n  reference: census\n")
        let scenario = folder.appendingPathComponent("dehong-census-moment.yaml")
        try example.write(to: scenario, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["project", scenario.path, "--out", out, "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2035"))
        for name in ["population.csv", "population.json", "service_ages.csv", "service_ages.json", "calibration.csv", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name) missing")
        }
        // Every JSON file the command writes parses.
        for name in try FileManager.default.contentsOfDirectory(atPath: out) where name.hasSuffix(".json") {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)"))
            #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(name) is not valid JSON")
        }
        let population = rows(try String(contentsOfFile: "\(out)/population.csv", encoding: .utf8))
        // 2020 totals are the census: 瑞丽 267,638 + 芒市 439,931 + 梁河 134,268 + 盈江 292,508 + 陇川 181,364
        // = 1,315,709 (cells are written to 2 decimals, so allow 0.005 per cell: 5 × 202 cells).
        let base = population.filter { $0[1] == "2020" }.reduce(0.0) { $0 + Double($1[4])! }
        #expect(abs(base - 1_315_709) < 5 * 202 * 0.005)
        // Age 0 in 2020 is the census age-0 count of 芒市: M_0 2,725 + F_0 2,492 = 5,217.
        let mangshiAge0 = population.filter { $0[0] == "533103" && $0[1] == "2020" && $0[3] == "0" }
            .reduce(0.0) { $0 + Double($1[4])! }
        #expect(abs(mangshiAge0 - 5217) < 0.02)
        // 16 years × 5 areas × 2 sexes × 101 ages
        #expect(population.count == 16 * 5 * 2 * 101)
        #expect(population.allSatisfy { Double($0[4])! >= 0 })
        // Each area's own calibrated level reproduces census age 0 (within 0.5%): the model's
        // age 0 is linear in TFR, so with the level used (shrunk toward the prefecture's) it is
        // model_age0, and with the own level model_age0 × own_tfr / tfr.
        let calibration = rows(try String(contentsOfFile: "\(out)/calibration.csv", encoding: .utf8))
        let header = try String(contentsOfFile: "\(out)/calibration.csv", encoding: .utf8)
            .prefix { $0 != "\n" }.split(separator: ",").map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let (tfr, own, target, model) = (try column("tfr"), try column("own_tfr"), try column("target_age0"), try column("model_age0"))
        for row in calibration {
            let ownModel = Double(row[model])! * Double(row[own])! / Double(row[tfr])!
            #expect(abs(ownModel - Double(row[target])!) / Double(row[target])! < 0.005, "\(row)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/service_ages.json")))
        #expect(((json as? [String: Any])?["service_ages"] as? [Any])?.count == 16 * 5 * 11)
    }

    @Test func sameScenarioGivesIdenticalFilesWhateverTheJobs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a").path, b = folder.appendingPathComponent("b").path
        #expect(try CommandRunner.run(["project", "Scenarios/sanya-population.yaml", "--out", a, "--jobs", "1", "--quiet"]).status == 0)
        #expect(try CommandRunner.run(["project", "Scenarios/sanya-population.yaml", "--out", b, "--jobs", "2", "--quiet"]).status == 0)
        for name in ["population.csv", "service_ages.csv", "calibration.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(b)/\(name)")))
        }
        // A folder that is not empty is refused and left alone.
        let again = try CommandRunner.run(["project", "Scenarios/sanya-population.yaml", "--out", a])
        #expect(again.status == 2 && again.stderr.contains("exists, is not empty"))
    }

    @Test func serviceDetailStreamsTheSameServiceAgesWithoutPopulation() throws {
        // --detail service runs the streaming projection that stores no cell; its service ages and
        // calibration must be the same bytes as a single-year run's, and five-year groups must be
        // the single years summed.
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let single = folder.appendingPathComponent("single").path
        let service = folder.appendingPathComponent("service").path
        let five = folder.appendingPathComponent("five").path
        #expect(try CommandRunner.run(["project", "Scenarios/sanya-population.yaml", "--out", single, "--quiet"]).status == 0)
        #expect(try CommandRunner.run(["project", "Scenarios/sanya-population.yaml", "--out", service, "--detail", "service", "--jobs", "1"]).status == 0)
        #expect(try CommandRunner.run(["project", "Scenarios/sanya-population.yaml", "--out", five, "--detail", "five-year", "--quiet"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(service)/population.csv"))
        for name in ["service_ages.csv", "service_ages.json", "calibration.csv"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(single)/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(service)/\(name)")), "\(name)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(single)/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(five)/\(name)")), "\(name)")
        }
        let singleRows = rows(try String(contentsOfFile: "\(single)/population.csv", encoding: .utf8))
        let fiveRows = rows(try String(contentsOfFile: "\(five)/population.csv", encoding: .utf8))
        #expect(singleRows.count == fiveRows.count * 101 / 21)
        let sumSingle = singleRows.reduce(0.0) { $0 + Double($1[4])! }, sumFive = fiveRows.reduce(0.0) { $0 + Double($1[4])! }
        #expect(abs(sumSingle - sumFive) < 0.005 * Double(singleRows.count))
    }

    @Test func unknownAreaIsPlacedInTheScenario() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = folder.appendingPathComponent("bad.yaml")
        try """
            carecap: 1
            population:
              census: \(CommandRunner.packageRoot.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(CommandRunner.packageRoot.path)/Scenarios/data/wpp2024_china
              horizon: 2030
              areas: ["533103", "533199"]
            """.write(to: scenario, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["project", scenario.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.yaml:6:21: error: population.areas[1]: no row with code \"533199\""), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("o").path))
    }

    func leafScenario(_ folder: URL, areas: String) throws -> URL {
        let scenario = folder.appendingPathComponent("leaves.yaml")
        try """
            carecap: 1
            population:
              census: \(CommandRunner.packageRoot.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(CommandRunner.packageRoot.path)/Scenarios/data/wpp2024_china
              horizon: 2021
              areas: \(areas)
            """.write(to: scenario, atomically: true, encoding: .utf8)
        return scenario
    }

    /// A prefecture code means its leaves: 三沙市 460300 is its three island zones, keyed by name, whose
    /// 2020 totals are the census's 1,549 + 639 + 145 = 2,333 (2 decimals a cell: 0.005 × 202 cells each).
    @Test func aPrefectureCodeProjectsItsZonesKeyedByName() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("o").path
        let result = try CommandRunner.run(["project", try leafScenario(folder, areas: "[\"460300\"]").path, "--out", out, "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let base = rows(try String(contentsOfFile: "\(out)/population.csv", encoding: .utf8)).filter { $0[1] == "2020" }
        var totals: [Substring: Double] = [:]
        for row in base { totals[row[0], default: 0] += Double(row[4])! }
        #expect(totals.keys.sorted() == ["中沙群岛的岛礁及其海域", "南沙群岛", "西沙群岛"])
        for (key, census) in [("西沙群岛", 1_549.0), ("南沙群岛", 639), ("中沙群岛的岛礁及其海域", 145)] {
            #expect(abs(totals[Substring(key)]! - census) < 202 * 0.005, "\(key)")
        }
    }

    /// A region with one of its own leaves is refused, naming both positions in the scenario.
    @Test func aRegionAndOneOfItsZonesTogetherAreAnError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try leafScenario(folder, areas: "[\"西沙群岛\", \"460300\"]")
        let result = try CommandRunner.run(["project", scenario.path, "--out", folder.appendingPathComponent("o").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("leaves.yaml:6:"), "\(result.stderr)")
        // Areas are taken in key order (460300 first), so the zone is the one found overlapping.
        #expect(result.stderr.contains("population.areas[0]: \"西沙群岛\" and population.areas[1] \"460300\" both contain 西沙群岛"), "\(result.stderr)")
    }
}
