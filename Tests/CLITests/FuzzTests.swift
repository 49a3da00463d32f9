import Foundation
import Testing

/// Random mutations of valid scenario, census and WPP files, each run through the real binary as a
/// subprocess. Whatever the input, the binary must end with exit 0, 1 or 2 (never a signal, a trap,
/// or a hang), say what is wrong on exit 2, leave no temporary folder, and write no NaN or infinity.
///
/// `make test` runs a fixed few hundred cases (seeded, so a failure is reproduced from its seed).
/// `make fuzz` runs the same cases for as long as `CARECAP_FUZZ_SECONDS` says (10 minutes there),
/// from `CARECAP_FUZZ_SEED` when set. Failing cases are kept on disk; the failure names the folder.
@Suite(.serialized) struct FuzzTests {
    /// The files a case may mutate, with the command that reads them.
    enum Target: CaseIterable {
        case runScenario, checkScenario, projectScenario, census, deathRatesMale, fertilityShares,
             sexRatio, tfr, migrationFemale, points

        var file: String {
            switch self {
            case .runScenario: "run.yaml"
            case .checkScenario: "check.yaml"
            case .projectScenario: "project.yaml"
            case .census: "census.csv"
            case .deathRatesMale: "wpp/mxM5.tsv"
            case .fertilityShares: "wpp/percentASFR5.tsv"
            case .sexRatio: "wpp/sexRatio.tsv"
            case .tfr: "wpp/tfr.tsv"
            case .migrationFemale: "wpp/migrationF5.tsv"
            case .points: "points.csv"
            }
        }

        var delimiter: Character? {
            switch self {
            case .runScenario, .checkScenario, .projectScenario: nil
            case .census, .points: ","
            default: "\t"
            }
        }
    }

    struct Failure: CustomStringConvertible, Sendable {
        let seed: UInt64
        let folder: String
        let what: String
        var description: String { "seed \(seed) (\(folder)): \(what)" }
    }

    static let defaultCases = 600

    /// Cases run and failures seen, shared by the concurrent cases.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Failure] = []
        private var run = 0
        private var statuses: [String: Int] = [:]
        func record(_ result: (failure: Failure?, status: String)) {
            lock.lock(); defer { lock.unlock() }
            run += 1
            statuses[result.status, default: 0] += 1
            if let failure = result.failure { seen.append(failure) }
        }
        /// How the cases ended, per mutated file and exit status: shows whether mutations reach past
        /// the first syntax check.
        var summary: String {
            lock.lock(); defer { lock.unlock() }
            return statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
        var count: Int { lock.lock(); defer { lock.unlock() }; return run }
        var failures: [Failure] { lock.lock(); defer { lock.unlock() }; return seen.sorted { $0.seed < $1.seed } }
    }

    @Test func mutatedInputsNeverCrashTheBinary() throws {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["CARECAP_FUZZ_SECONDS"].flatMap(Double.init)
        let baseSeed = environment["CARECAP_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_201_101
        let corpus = try Self.makeCorpus()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)

        let tally = Tally()
        let started = Date()
        var batch: UInt64 = 0
        // Cases run as many at a time as the machine has cores, in batches, until the case count or
        // the time is spent.
        repeat {
            let batchSize = 24
            let first = baseSeed &+ batch &* UInt64(batchSize)
            DispatchQueue.concurrentPerform(iterations: batchSize) { index in
                tally.record(Self.runCase(seed: first &+ UInt64(index), corpus: corpus, root: root))
            }
            batch += 1
        } while seconds.map { Date().timeIntervalSince(started) < $0 } ?? (tally.count < Self.defaultCases)

        print("fuzz: \(tally.count) cases from seed \(baseSeed): \(tally.summary)")
        let failures = tally.failures
        #expect(failures.isEmpty, Comment(rawValue: "\(failures.count) of \(tally.count) mutated inputs broke the binary:\n"
                + failures.prefix(30).map(\.description).joined(separator: "\n")))
        if failures.isEmpty { try? FileManager.default.removeItem(at: root) }
    }

    /// One case: copy the corpus, mutate one file, run the command that reads it, judge the outcome.
    static func runCase(seed: UInt64, corpus: [String: String], root: URL) -> (failure: Failure?, status: String) {
        var mutator = InputMutator(seed: seed)
        // Half the cases mutate the census, whose rows feed every number; the rest any file.
        let target = Bool.random(using: &mutator.generator) ? .census : Target.allCases.randomElement(using: &mutator.generator)!
        let folder = root.appendingPathComponent("case-\(seed)")
        do {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("wpp"),
                                                    withIntermediateDirectories: true)
            var description = ""
            for (name, text) in corpus {
                var contents = text
                if name == target.file {
                    let mutation = mutator.mutate(text, delimiter: target.delimiter)
                    contents = mutation.text
                    description = "\(name): \(mutation.description)"
                }
                try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
            }
            let arguments: [String]
            switch target {
            case .checkScenario: arguments = ["check", "check.yaml"]
            case .projectScenario: arguments = ["project", "project.yaml", "--out", "out-project"]
            case .runScenario, .points:
                arguments = ["run", "run.yaml", "--out", "out/run", "--quiet", "--format", "csv", "--jobs", "1"]
            default:
                arguments = Bool.random(using: &mutator.generator)
                    ? ["project", "project.yaml", "--out", "out-project"]
                    : ["run", "run.yaml", "--out", "out/run", "--quiet", "--format", "csv", "--jobs", "1"]
            }
            let outcome = try runWithTimeout(arguments, in: folder, seconds: 120)
            let command = "carecap " + arguments.joined(separator: " ") + " after " + description
            let status = "\(target.file) → \(outcome.signalled ? "signal " : "exit ")\(outcome.status)"
            if let problem = judge(outcome, folder: folder) {
                return (Failure(seed: seed, folder: folder.path, what: "\(command): \(problem)"), status)
            }
            try? FileManager.default.removeItem(at: folder)
            return (nil, status)
        } catch {
            return (Failure(seed: seed, folder: folder.path, what: "harness: \(error)"), "harness error")
        }
    }

    struct Outcome {
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stderr: String
    }

    static func judge(_ outcome: Outcome, folder: URL) -> String? {
        if outcome.timedOut { return "did not finish in 120 s" }
        if outcome.signalled { return "killed by signal \(outcome.status): \(outcome.stderr.suffix(300))" }
        if ![0, 1, 2].contains(outcome.status) {
            return "exit \(outcome.status), expected 0, 1 or 2: \(outcome.stderr.suffix(300))"
        }
        if outcome.status == 2 && outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return "exit 2 without a message"
        }
        if outcome.stderr.contains("Fatal error") || outcome.stderr.contains("Stack dump") {
            return "trap: \(outcome.stderr.suffix(300))"
        }
        // Nothing left behind, and no NaN or infinity passed on in what was written.
        let files = FileManager.default.enumerator(atPath: folder.path).map { Array($0.compactMap { $0 as? String }) } ?? []
        if let partial = files.first(where: { $0.contains(".partial") }) { return "left \(partial)" }
        if outcome.status == 0 {
            for file in files where file.hasSuffix(".csv") && (file.hasPrefix("out/") || file.hasPrefix("out-project/")) {
                guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else {
                    return "\(file) is not UTF-8"
                }
                // Names may be any text ("NaN" or a number included): only the other columns are judged.
                let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                let header = rows.first ?? []
                let textColumns: Set<String> = ["area", "name", "subject", "kind", "rule", "metric", "unit", "status",
                                                "nature", "source", "measure", "basis", "sex", "group"]
                let valueColumns = header.indices.filter { !textColumns.contains(String(header[$0])) }
                // No count of people, places or staff in five counties can pass China's whole population.
                let counts = header.indices.filter { ["population", "p10", "p50", "p90", "required", "provided", "shortfall"].contains(String(header[$0])) }
                for row in rows.dropFirst() {
                    if let bad = valueColumns.first(where: { $0 < row.count && ["nan", "-nan", "inf", "-inf", "NaN", "Infinity", "-Infinity"].contains(String(row[$0])) }) {
                        return "\(file) holds \(row[bad]) in column \(header[bad])"
                    }
                    if let huge = counts.first(where: { $0 < row.count && (Double(row[$0]).map { abs($0) > 1.5e9 } ?? false) }) {
                        return "\(file) holds \(row[huge]), more than China's population"
                    }
                }
            }
        }
        return nil
    }

    static func runWithTimeout(_ arguments: [String], in directory: URL, seconds: Double) throws -> Outcome {
        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Output to files, not pipes: a child that writes a lot cannot stall on a full pipe.
        let stdoutURL = directory.appendingPathComponent(".stdout"), stderrURL = directory.appendingPathComponent(".stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: stdoutURL), err = try FileHandle(forWritingTo: stderrURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline { process.terminate(); timedOut = true; break }
            usleep(5_000)
        }
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return Outcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, stderr: stderr)
    }

    /// The valid inputs every case starts from: five Dehong counties (with their prefecture and province
    /// rows) of the 2020 census, the WPP 2024 tables, their points, and three small scenarios (the
    /// projection names no `areas`, so it takes every county row, duplicates included).
    static func makeCorpus() throws -> [String: String] {
        let root = CommandRunner.packageRoot
        var corpus: [String: String] = [:]
        // The shipped files end their lines with CRLF, which Swift counts as one Character: split on
        // "\n" only after making them LF.
        func lines(_ path: String) throws -> [Substring] {
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
                .replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        }
        let censusLines = try lines("Scenarios/data/census2020/county_age5_sex.csv")
        corpus["census.csv"] = ([censusLines[0]] + censusLines.filter { $0.hasPrefix("530000,") || $0.hasPrefix("5331") })
            .joined(separator: "\n") + "\n"
        let pointLines = try lines("Scenarios/data/geo/county_points.csv")
        corpus["points.csv"] = ([pointLines[0]] + pointLines.filter { $0.hasPrefix("5331") }).joined(separator: "\n") + "\n"
        let wpp = root.appendingPathComponent("Scenarios/data/wpp2024_china")
        for name in try FileManager.default.contentsOfDirectory(atPath: wpp.path) where name.hasSuffix(".tsv") {
            corpus["wpp/\(name)"] = try String(contentsOf: wpp.appendingPathComponent(name), encoding: .utf8)
        }
        corpus["check.yaml"] = try String(contentsOf: root.appendingPathComponent("Scenarios/dehong-districts.yaml"), encoding: .utf8)
        corpus["project.yaml"] = """
            carecap: 1
            name: fuzz projection
            population:
              census: census.csv
              wpp: wpp
              base_year: 2020
              horizon: 2030
              fertility: { calibrate_to_census: true, tfr_path: { type: linear, to: 0.9, by: 2028 } }
              migration: { net_rate_per_1000: -2 }

            """
        corpus["run.yaml"] = """
            carecap: 1
            name: fuzz run
            rules: dehong-2022
            population:
              census: census.csv
              points: points.csv
              wpp: wpp
              base_year: 2020
              horizon: 2026
              areas: ["533102", "533103", "533124"]
              fertility: { calibrate_to_census: true }
            workforce:
              carers_trained_per_year: 200
              training_from: 2022
              training_to: 2025
              carer_attrition: 0.08
            supply:
              "533102":
                name: 瑞丽市
                nursery_slots: 321
                carers: 46
                beds: 581
                nursing_beds: 203
                social_workers: 3
                changes: { nursery_slots: { 2023: 120, 2025: -100 }, beds: { 2024: 100 } }
              "533103":
                nursery_slots: 528
                carers: 75
                beds: 1530
                nursing_beds: 536
                social_workers: 8
            districts:
              - { id: mangshi-2023-a, area: "533103", households: 2600, approval_year: 2023, delivery_year: 2025,
                  elder_care_rooms_m2: [560], nursery: { classes: { infant: 1, toddler: 2, older: 3 }, carers: 16 } }
            uncertainty:
              draws: 6
              seed: 11
              tfr: { sd: 0.05, persistence: 0.95, shared: 0.7 }
              e0: { sd: 1.0, shared: 0.8 }
              propensity: { sd: 0.2, shared: 0.7 }
            variants:
              low-fertility: { population.fertility.tfr_path: { type: linear, to: 0.9, by: 2025 } }
              stricter-slots: { overrides.nursery-slots-per-1000.slots_per_1000: 6 }

            """
        return corpus
    }
}
