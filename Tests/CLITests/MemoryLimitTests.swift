import Foundation
import Testing

/// `--memory-limit`: a run whose estimated peak memory passes the limit is refused before it runs, with
/// the estimate and the limit; the estimate is not below the peak actually measured.
@Suite struct MemoryLimitTests {
    func scenario(draws: Int, horizon: Int) throws -> (folder: URL, file: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = CommandRunner.packageRoot.path
        let text = try String(contentsOfFile: "\(root)/Scenarios/dehong-2022-2035.yaml", encoding: .utf8)
            .replacingOccurrences(of: "data/", with: "\(root)/Scenarios/data/")
            .replacingOccurrences(of: "horizon: 2035", with: "horizon: \(horizon)")
            .replacingOccurrences(of: #"draws: \d+"#, with: "draws: \(draws)", options: .regularExpression)
        let file = folder.appendingPathComponent("dehong.yaml").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    @Test func hundredThousandDrawsBeyondTheLimitAreRefusedBeforeRunning() throws {
        // The issue's reproduction: 100,000 draws of Dehong to 2100. The estimate is 7.41 GB
        // (RunMemoryEstimateTests works out its terms), so a 4 GB limit refuses it at once.
        let (folder, file) = try scenario(draws: 100_000, horizon: 2100)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let started = Date()
        let result = try CommandRunner.run(["run", file, "--out", out, "--quiet", "--memory-limit", "4G", "--jobs", "2"])
        #expect(result.status == 2)
        // 7.31 GB since the draws keep shared normals per draw (0.58 GB more per-draw state, by hand in
        // RunMemoryEstimateTests); 7.30 GB since results and views take 9 KB per area-year with reports,
        // not 36 KB: 6 rows × 81 years × 9 KB = 4.27 MB instead of 17.1 MB; 7.36 GB since each running area
        // also holds one year of its integers (2 × 34 × 100,000 × 8 B = 54.4 MB more, RunMemoryEstimateTests);
        // 7.41 GB since each running area also holds one year of its followers (2 × 24 × 100,000 × 8 B = 38.4 MB
        // more, times the estimate's 1.25 margin on the simulation's terms).
        #expect(result.stderr.contains("\(file): error: this run needs an estimated 7.41 GB (per-draw totals 2.89 GB, per-draw samples 2.98 GB"), "\(result.stderr)")
        #expect(result.stderr.contains("5 areas × 81 years × 100000 draws"))
        #expect(result.stderr.contains("more than the limit of 4.00 GB (--memory-limit 4G)"))
        #expect(Date().timeIntervalSince(started) < 30, "refused before simulating")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test(arguments: ["4Q", "-1G", "0", "G", "1e3"])
    func malformedMemoryLimitIsBadInput(_ limit: String) throws {
        let result = try CommandRunner.run(["run", "Scenarios/dehong-2022-2035.yaml", "--memory-limit", limit, "--out", "/nonexistent/x"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--memory-limit"), "\(result.stderr)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
    func memoryEstimateIsAtLeastTheMeasuredPeak() throws {
        // 2,000 draws of Dehong to 2040: per-draw totals and samples dominate. First the estimate (a
        // 1 KB limit refuses and prints it), then the same run measured by /usr/bin/time -v.
        let (folder, file) = try scenario(draws: 2000, horizon: 2040)
        defer { try? FileManager.default.removeItem(at: folder) }
        let refused = try CommandRunner.run(["run", file, "--out", folder.appendingPathComponent("x").path, "--memory-limit", "1K", "--jobs", "2"])
        let estimate = try #require(Self.megabytes(after: "needs an estimated ", in: refused.stderr))
        let out = folder.appendingPathComponent("out").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-v", CommandRunner.binary.path, "run", file, "--out", out, "--quiet", "--jobs", "2", "--format", "csv", "--no-report"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        let line = try #require(text.split(separator: "\n").first { $0.contains("Maximum resident set size") })
        let peak = Double(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces))! / 1024   // KiB → MiB
        #expect(estimate >= peak, "estimate \(estimate) MB below the measured peak \(peak) MB")
        #expect(estimate <= 3 * peak, "estimate \(estimate) MB more than 3 × the measured peak \(peak) MB")
    }

    /// The size after `prefix`, in MiB ("57.6 MB", "1.20 GB").
    static func megabytes(after prefix: String, in text: String) -> Double? {
        guard let range = text.range(of: prefix) else { return nil }
        let words = text[range.upperBound...].split(separator: " ")
        guard words.count >= 2, let value = Double(words[0]) else { return nil }
        switch words[1].prefix(2) {
        case "KB": return value / 1024
        case "MB": return value
        case "GB": return value * 1024
        default: return nil
        }
    }
}
