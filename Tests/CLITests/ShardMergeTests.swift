import Foundation
import Testing

/// `carecap run FILE --shard K/N` and `carecap merge`: N shards merged are the single run's folder byte
/// for byte (every file: store, CSVs, JSON, reports, manifest), whether the shards ran one after another
/// or at once in separate processes; a shard set that is not one run's is refused, naming what is wrong.
@Suite struct ShardMergeTests {
    /// Thirteen areas in five prefectures of 贵州 and 云南 (so regions are whole in some shards and cut by
    /// boundaries in others), 2020-2027, 40 draws with every uncertainty component of the Dehong example.
    static let codes = ["520102", "520103", "520111", "530502", "530521", "530523", "533102", "533103", "533122",
                        "533123", "533124", "530102", "530103"]

    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-shards-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    }

    /// Writes the scenario into `folder` as `name`.yaml; `seed` changes the scenario's text.
    static func scenario(in folder: Folder, name: String = "s", seed: Int = 2022) throws -> String {
        let root = CommandRunner.packageRoot.path
        var text = try String(contentsOfFile: "\(root)/Scenarios/dehong-2022-2035.yaml", encoding: .utf8)
            .replacingOccurrences(of: "data/", with: "\(root)/Scenarios/data/")
            .replacingOccurrences(of: "horizon: 2035", with: "horizon: 2027")
            .replacingOccurrences(of: #"areas: \[[^\]]*\]"#, with: "areas: [\(codes.map { "\"\($0)\"" }.joined(separator: ", "))]",
                                  options: .regularExpression)
            .replacingOccurrences(of: #"draws: \d+"#, with: "draws: 40", options: .regularExpression)
            .replacingOccurrences(of: #"seed: \d+"#, with: "seed: \(seed)", options: .regularExpression)
        #expect(text.contains("\"530103\"]") && text.contains("draws: 40") && text.contains("seed: \(seed)"))
        text += "\n"
        let file = folder.path("\(name).yaml")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func run(_ arguments: [String]) throws -> CommandRunner.Result {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 0, "carecap \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    /// Runs shards 1…N of `file` into `folder`/prefix-K, `concurrently` as N processes at once.
    static func shards(_ file: String, count: Int, in folder: Folder, prefix: String, concurrently: Bool = false) throws -> [String] {
        let outs = (1...count).map { folder.path("\(prefix)-\($0)") }
        if concurrently {
            let processes = try (1...count).map { k -> Process in
                let process = Process()
                process.executableURL = CommandRunner.binary
                process.arguments = ["run", file, "--shard", "\(k)/\(count)", "--out", outs[k - 1], "--quiet", "--jobs", "1"]
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            for process in processes {
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
            }
        } else {
            for k in 1...count {
                _ = try run(["run", file, "--shard", "\(k)/\(count)", "--out", outs[k - 1], "--quiet"])
            }
        }
        return outs
    }

    /// Every file of `a` equals its namesake in `b`, and both hold the same names.
    static func expectIdentical(_ a: String, _ b: String) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: a).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: b).sorted() == names)
        #expect(names.contains("results.gpkg") && names.contains("shortfall.csv") || names.contains("shard.json"))
        for name in names {
            let left = try Data(contentsOf: URL(fileURLWithPath: "\(a)/\(name)"))
            let right = try Data(contentsOf: URL(fileURLWithPath: "\(b)/\(name)"))
            #expect(left == right, "\(name) differs between \(a) and \(b)")
        }
    }

    /// 20 shards of 13 areas: seven are empty, and merge as well.
    @Test(arguments: [1, 2, 3, 7, 20])
    func shardsMergedAreTheSingleRunByteForByte(count: Int) throws {
        let folder = try Folder()
        let file = try Self.scenario(in: folder)
        _ = try Self.run(["run", file, "--out", folder.path("single"), "--quiet"])
        let shards = try Self.shards(file, count: count, in: folder, prefix: "shard")
        // In reverse order: the merge sorts by index.
        _ = try Self.run(["merge"] + shards.reversed() + ["--out", folder.path("merged"), "--quiet"])
        try Self.expectIdentical(folder.path("single"), folder.path("merged"))
        #expect(FileManager.default.fileExists(atPath: folder.path("merged/report.html")))
        // The regions (2 prefectures of 贵州 and 3 of 云南 with ≥ 2 areas, both provinces) are in the table.
        let demand = try String(contentsOfFile: folder.path("merged/demand.csv"), encoding: .utf8)
        for region in ["520100", "530500", "533100", "530100", "520000", "530000"] { #expect(demand.contains("\n\(region),")) }
    }

    @Test func shardsRunAtOnceInSeparateProcessesEqualShardsRunInTurn() throws {
        let folder = try Folder()
        let file = try Self.scenario(in: folder)
        let inTurn = try Self.shards(file, count: 3, in: folder, prefix: "turn")
        let atOnce = try Self.shards(file, count: 3, in: folder, prefix: "once", concurrently: true)
        for (a, b) in zip(inTurn, atOnce) { try Self.expectIdentical(a, b) }
        _ = try Self.run(["merge"] + atOnce + ["--out", folder.path("merged"), "--quiet", "--format", "csv"])
        _ = try Self.run(["run", file, "--out", folder.path("single"), "--quiet", "--format", "csv"])
        try Self.expectIdentical(folder.path("single"), folder.path("merged"))
    }

    /// A variant with a population detail, shards run from the scenario's folder with a relative path and
    /// merged from another folder: the merged folder equals the single run made in the scenario's folder
    /// (the manifest names the scenario as given, "s.yaml").
    @Test func aVariantWithDetailMergedFromAnotherFolder() throws {
        let folder = try Folder()
        _ = try Self.scenario(in: folder)
        let options = ["--variant", "low-fertility", "--detail", "single-year", "--quiet"]
        let single = try CommandRunner.run(["run", "s.yaml", "--out", folder.path("single")] + options + ["--format", "csv"], in: folder.url)
        #expect(single.status == 0, "\(single.stderr)")
        for k in 1...2 {
            let shard = try CommandRunner.run(["run", "s.yaml", "--shard", "\(k)/2", "--out", folder.path("v-\(k)")] + options, in: folder.url)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        // From the package root: the shards' relative scenario path is read from the folder they ran in.
        _ = try Self.run(["merge", folder.path("v-1"), folder.path("v-2"), "--out", folder.path("merged"), "--quiet", "--format", "csv"])
        try Self.expectIdentical(folder.path("single"), folder.path("merged"))
        #expect(FileManager.default.fileExists(atPath: folder.path("merged/population_detail.csv")))
        let manifest = try String(contentsOfFile: folder.path("merged/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"scenario\" : \"s.yaml\"") || manifest.contains("\"scenario\": \"s.yaml\""))
        #expect(manifest.contains("low-fertility"))
    }

    /// The census the shards read, changed after they ran: the scenario's text is the same, its numbers
    /// are not, and the merge refuses (the input hash over the plan).
    @Test func dataChangedSinceTheShardsRanIsRefused() throws {
        let folder = try Folder()
        let root = CommandRunner.packageRoot.path
        let census = folder.path("census.csv")
        try FileManager.default.copyItem(atPath: "\(root)/Scenarios/data/census2020/county_age5_sex.csv", toPath: census)
        let file = try Self.scenario(in: folder)
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "\(root)/Scenarios/data/census2020/county_age5_sex.csv", with: census)
        #expect(text.contains(census))
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let shards = try Self.shards(file, count: 2, in: folder, prefix: "shard")
        // One of 瑞丽市's males moved from ages 1-4 to age 0 (totals kept, so the row still adds up): a
        // different base population, the same scenario text.
        // The census has CRLF line ends (one Character in Swift: split on the pair).
        var lines = try String(contentsOfFile: census, encoding: .utf8).components(separatedBy: "\r\n")
        let row = try #require(lines.firstIndex { $0.hasPrefix("533102,") })
        var fields = lines[row].components(separatedBy: ",")
        let header = lines[0].components(separatedBy: ",")
        let column = try #require(header.firstIndex(of: "M_0"))
        let older = try #require(header.firstIndex(of: "M_1-4"))
        fields[column] = String(Int(fields[column])! + 1)
        fields[older] = String(Int(fields[older])! - 1)
        lines[row] = fields.joined(separator: ",")
        try lines.joined(separator: "\r\n").write(toFile: census, atomically: true, encoding: .utf8)
        let out = folder.path("out")
        let result = try CommandRunner.run(["merge"] + shards + ["--out", out, "--quiet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(file): error: the scenario's data files now give other numbers than the shards used"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aShardSetThatIsNotOneRunIsRefused() throws {
        let folder = try Folder()
        let file = try Self.scenario(in: folder)
        let three = try Self.shards(file, count: 3, in: folder, prefix: "three")
        let other = try Self.scenario(in: folder, name: "other", seed: 5)
        let foreign = try Self.shards(other, count: 3, in: folder, prefix: "foreign")
        let two = try Self.shards(file, count: 2, in: folder, prefix: "two")
        func refused(_ shards: [String], _ expected: String) throws {
            let out = folder.path("out")
            let result = try CommandRunner.run(["merge"] + shards + ["--out", out, "--quiet"])
            #expect(result.status == 2)
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        try refused([three[0], three[2]], "shard 2 of 3 missing (given: 1, 3); expected all 3 shard folders")
        try refused([three[0], three[1], three[1], three[2]], "shard 2 of 3 is given twice: \(three[1]) and \(three[1])")
        try refused([three[0], foreign[1], three[2]], "these shards are not of one run: \(three[0]) has scenario hash fnv1a64:")
        try refused([three[0], three[1], two[1]], "\(three[0]) has shard count 3, \(two[1]) has 2")
        try refused([three[0], three[1], folder.path("")], "error: not a carecap shard folder: it has no shard.json")
        // A truncated file: named, with its size against the manifest's.
        let areas = "\(three[1])/areas.bin"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: areas))
        try bytes.prefix(100).write(to: URL(fileURLWithPath: areas))
        try refused(three, "\(three[1])/areas.bin: error: damaged shard file: it has 100 bytes, shard.json says \(bytes.count)")
        // One changed byte: the hash names it.
        var changed = bytes
        changed[changed.count / 2] ^= 1
        try changed.write(to: URL(fileURLWithPath: areas))
        try refused(three, "\(three[1])/areas.bin: error: damaged shard file: its FNV-1a 64 hash is")
        try bytes.write(to: URL(fileURLWithPath: areas))
        // The scenario edited after the shards ran.
        try (String(contentsOfFile: file, encoding: .utf8) + "# edited\n").write(toFile: file, atomically: true, encoding: .utf8)
        try refused(three, "the scenario file's text has changed since the shards ran")
        // A hand-edited shard count.
        let manifest = "\(three[0])/shard.json"
        let original = try String(contentsOfFile: manifest, encoding: .utf8)
        try original.replacingOccurrences(of: "\"shards\" : 3", with: "\"shards\" : -1").write(toFile: manifest, atomically: true, encoding: .utf8)
        try refused([three[0]], "shard.json: -1 shards, expected 1 to 100000")
        // A value of the wrong type: the key and what was expected.
        try original.replacingOccurrences(of: "\"shards\" : 3", with: "\"shards\" : \"three\"").write(toFile: manifest, atomically: true, encoding: .utf8)
        try refused([three[0]], "shard.json is not a shard manifest (key shards: expected Int")
        try refused([file], "\(file): error: not a carecap shard folder: it is a file, not a folder")
    }

    @Test func shardOptionsAreChecked() throws {
        let folder = try Folder()
        let file = try Self.scenario(in: folder)
        for (arguments, expected) in [(["--shard", "4/3"], "'4/3' is invalid for '--shard <K/N>'"),
                                      (["--shard", "1/2", "--format", "csv"], "a shard writes no views"),
                                      (["--shard", "1/2", "--all-variants"], "--shard runs one scenario")] {
            let result = try CommandRunner.run(["run", file, "--out", folder.path("x")] + arguments)
            #expect(result.status == 2)
            #expect(result.stderr.contains(expected), "\(result.stderr)")
        }
    }
}
