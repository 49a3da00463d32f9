import Foundation
import Planning
import Testing
@testable import Scenario
@testable import Simulation

/// A whole run's quantiles by selection (the predicted windows, the buckets where they do not serve) must be
/// exactly those of a full sort of every column's draws (`QuantileMethod.sorting`, an independent path: the
/// standard library's sort and the ranks GSL's rule reads): every area's and every region's P10/P50/P90 of
/// every column and year, bit for bit. The counties are those of RegionRowsTests (two prefectures of two
/// provinces and a third prefecture), over twenty years, so that the windows serve most column-years and the
/// regions' integer sums go through them too. (Checked to fail: with the windows' pair taken one rank low, every
/// area's quantiles differ.)
@Suite struct SelectionAgainstSortingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let codes = ["520102", "520103", "530502", "530521", "533102", "533103", "533122"]

    func plan(draws: Int, seed: Int) throws -> CapacityPlan {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-sorting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml")
        let text = """
            carecap: 1
            name: sorting
            population:
              census: \(Self.root.path)/Scenarios/data/census2020/county_age5_sex.csv
              wpp: \(Self.root.path)/Scenarios/data/wpp2024_china
              horizon: 2040
              areas: [\(Self.codes.map { "\"\($0)\"" }.joined(separator: ", "))]
              migration: { net_rate_per_1000: -2, profile: standard }
            supply:
              "533103": { nursery_slots: 800, beds: 4000, nursing_beds: 900 }
              "530502": { nursery_slots: 300, beds: 900 }
              "520102": { beds: 5000 }
            uncertainty: { draws: \(draws), seed: \(seed) }
            """
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try CapacityPlan(scenario: ScenarioLoader.load(path: file.path))
    }

    /// Equal as stored: the same bits, NaN (an unknown shortfall) equal to NaN.
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    @Test(arguments: [(100, 3), (400, 5)])
    func everyQuantileEqualsASort(draws: Int, seed: Int) async throws {
        let plan = try plan(draws: draws, seed: seed)
        let selected = try await CapacitySimulation(plan: plan).run(jobs: 2)
        let sorted = try await CapacitySimulation(plan: plan, quantileMethod: .sorting).run(jobs: 2)
        #expect(selected.areas.count == Self.codes.count)
        for (a, (s, t)) in zip(selected.areas, sorted.areas).enumerated() {
            let equal = Self.same(s.values, t.values)
            #expect(equal, "area \(Self.codes[a]): quantiles differ from a sort's")
            let sameShares = s.metShare == t.metShare
            #expect(sameShares, "area \(Self.codes[a]): shares of draws meeting the standard differ")
        }
        #expect(selected.regionValues.count == sorted.regionValues.count)
        for (r, (s, t)) in zip(selected.regionValues, sorted.regionValues).enumerated() {
            let equal = !s.isEmpty && Self.same(s, t)
            #expect(equal, "region \(selected.regions.regions[r].key): quantiles differ from a sort's")
        }
    }
}
