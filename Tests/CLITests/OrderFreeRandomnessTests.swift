import Foundation
import Testing

/// The order of `population.areas` never changes a byte of the run's tables: each area's random streams
/// follow its code, areas are listed in code order, and totals over areas are summed in fixed point.
@Suite struct OrderFreeRandomnessTests {
    static let codes = ["533102", "533103", "533122", "533123", "533124"]

    /// Dehong's five counties to 2026 with 30 draws and every uncertainty component, areas in `order`.
    func scenario(_ order: [String], in folder: URL, name: String) throws -> String {
        let root = CommandRunner.packageRoot.path
        let list = order.map { "\"\($0)\"" }.joined(separator: ", ")
        var text = try String(contentsOfFile: "\(root)/Scenarios/dehong-2022-2035.yaml", encoding: .utf8)
            .replacingOccurrences(of: "data/", with: "\(root)/Scenarios/data/")
            .replacingOccurrences(of: "horizon: 2035", with: "horizon: 2026")
            .replacingOccurrences(of: "areas: [\(Self.codes.map { "\"\($0)\"" }.joined(separator: ", "))]", with: "areas: [\(list)]")
        text = text.replacingOccurrences(of: #"draws: \d+"#, with: "draws: 30", options: .regularExpression)
        #expect(text.contains("areas: [\(list)]") && text.contains("draws: 30"))
        let file = folder.appendingPathComponent("\(name).yaml").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A permutation from a seeded linear congruential generator (Knuth's MMIX constants), so the test
    /// is the same on every run.
    static func shuffled(_ codes: [String], seed: UInt64) -> [String] {
        var state = seed
        var out = codes
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
        }
        return out
    }

    @Test func reversedAndShuffledAreasGiveIdenticalFiles() throws {
        try identicalFiles(codes: Self.codes, expectedRows: Self.codes + ["total"])
    }

    /// Areas of two prefectures of 云南 and one of 贵州: the prefecture and province rows (summed per
    /// draw in fixed point as `total` is) are the same bytes whatever the order and the jobs.
    @Test func regionRowsAreTheSameWhateverTheOrderAndTheJobs() throws {
        let codes = ["520102", "520103", "530502", "530521", "533102", "533103"]
        try identicalFiles(codes: codes, expectedRows: codes + ["520100", "530500", "533100", "520000", "530000", "total"])
    }

    func identicalFiles(codes: [String], expectedRows: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-order-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let orders: [(String, [String], String)] = [
            ("forward", codes, "2"), ("reversed", codes.reversed(), "1"),
            ("shuffled", Self.shuffled(codes, seed: 9), "2"),
        ]
        #expect(orders[2].1 != codes && orders[2].1 != codes.reversed())
        var outputs: [String] = []
        for (name, order, jobs) in orders {
            let file = try scenario(order, in: folder, name: name)
            let out = folder.appendingPathComponent("out-\(name)").path
            let result = try CommandRunner.run(["run", file, "--out", out, "--quiet", "--format", "csv", "--jobs", jobs])
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(out)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: outputs[0]).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.contains("demand.csv") && files.contains("shortfall.csv") && files.contains("findings.csv"))
        for name in files {
            let reference = try Data(contentsOf: URL(fileURLWithPath: "\(outputs[0])/\(name)"))
            for other in outputs.dropFirst() {
                #expect(try Data(contentsOf: URL(fileURLWithPath: "\(other)/\(name)")) == reference, "\(name) differs in \(other)")
            }
        }
        // The areas are listed in code order whatever order the scenario gives, then the regions.
        let demand = try String(contentsOfFile: "\(outputs[1])/demand.csv", encoding: .utf8)
        let listed = demand.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        var firstSeen: [String] = []
        for code in listed where !firstSeen.contains(code) { firstSeen.append(code) }
        #expect(firstSeen == expectedRows)
    }
}
