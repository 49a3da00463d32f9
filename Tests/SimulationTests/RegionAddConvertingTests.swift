import CSurvival
import Demography
import Foundation
import Planning
import Testing
@testable import Simulation

/// `RegionTotals.addConverting` (an area's samples turned into integers as they are added to its regions)
/// gives the regions and the run's totals the same integers as the two-step path it replaced for most areas,
/// `storeIntegers` and then `add(_:year:integers:shortfall:)`: the same quantiles (bit for bit), the same
/// partial sums of a shard, the same totals. Checked on six areas in three prefectures of two provinces,
/// an area without supply (no shortfall added), and samples beyond the fast conversion's ±2⁵⁰/1024 in a
/// year's first addition (stored) and a later one (added), which both paths redo one value at a time.
@Suite struct RegionAddConvertingTests {
    static func area(_ key: String, prefecture: String, province: String) -> ProjectionArea {
        ProjectionArea(key: key, name: key, level: "county", province: "p\(province)", prefecture: "f\(prefecture)",
                       prefectureKey: prefecture, provinceKey: province, prefectureName: "F\(prefecture)")
    }

    static let areas = [
        area("110101", prefecture: "110100", province: "110000"), area("110102", prefecture: "110100", province: "110000"),
        area("110201", prefecture: "110200", province: "110000"), area("110202", prefecture: "110200", province: "110000"),
        area("120101", prefecture: "120100", province: "120000"), area("120102", prefecture: "120100", province: "120000"),
    ]

    /// What one path leaves: every whole region's quantiles (as bit patterns), a shard's partial sums, and the
    /// run's per-draw totals as integers.
    struct Outcome: Equatable {
        var quantiles: [[UInt64]]
        var partial: [Int: [Int64]]
        var totals: Data
    }

    static func run(converting: Bool, draws: Int, simulated: [Int]?) -> Outcome {
        let years = 3, kept = CapacitySimulation.drawnColumns, held = RegionTotals.heldColumns
        let regions = RunRegions(areas: areas)
        let supply = areas.indices.map { a in
            (0..<years).map { y in
                MeasureValues(nurserySlots: 100 * Double(a + y), nurseryCarers: 0.5, beds: 1e3 + 0.5 / 1024, nursingBeds: 0,
                              socialWorkers: 7)
            }
        }
        // Area 3 gives no supply: its regions' shortfall is unknown, and it adds no shortfall.
        let declared = areas.indices.map { $0 == 3 ? Set<Measure>() : Set(Measure.allCases) }
        let root = DrawTotals(draws: draws, years: years)
        let totals = RegionTotals(regions: regions, draws: draws, years: years, supply: supply, declared: declared,
                                  simulated: simulated, root: root)
        let integers = UnsafeMutablePointer<Int64>.allocate(capacity: held * draws)
        defer { integers.deallocate() }
        for a in simulated ?? Array(areas.indices) {
            precondition(totals.areaReachesTotals[a], "every area here lies in a province")
            var samples = FixedPointTests.randomValues(years * kept * draws, seed: UInt64(a + 1) &* 7919)
                .map { abs($0) }
            // Beyond the fast path: area 0 is its prefecture's first (stored), area 1 its second (added).
            if a <= 1 { samples[(1 * kept + 2) * draws + draws / 2] = 3 * 0x1p50 / 1024 }
            if a == 1 { samples[(2 * kept + OutputColumns.demandStandard) * draws] = 2 * 0x1p50 / 1024 }
            let targets = totals.open(area: a)
            let shortfall = !declared[a].isEmpty
            samples.withUnsafeBufferPointer { s in
                for y in 0..<years {
                    let column: (Int) -> UnsafePointer<Double> = { s.baseAddress! + (y * kept + $0) * draws }
                    if converting {
                        totals.addConverting(targets, year: y, column: column, supplyOfYear: supply[a][y], shortfall: shortfall)
                    } else {
                        RegionTotals.storeIntegers(column: column, supplyOfYear: supply[a][y], draws: draws, shortfall: shortfall,
                                                   into: integers)
                        totals.add(targets, year: y, integers: integers, shortfall: shortfall)
                    }
                }
            }
            totals.finish(area: a)
        }
        var partial: [Int: [Int64]] = [:]
        for (r, sums) in totals.partialSums() {
            partial[r] = Array(UnsafeBufferPointer(start: sums, count: years * held * draws))
        }
        return Outcome(quantiles: totals.finished().map { $0.map(\.bitPattern) }, partial: partial, totals: root.integerBytes())
    }

    @Test(arguments: [1, 7, 64])
    func convertingAsAddedGivesTheSameSums(_ draws: Int) {
        let converted = Self.run(converting: true, draws: draws, simulated: nil)
        let twoStep = Self.run(converting: false, draws: draws, simulated: nil)
        // Five regions with rows (three prefectures, two provinces), each with quantiles.
        #expect(converted.quantiles.count == 5 && converted.quantiles.allSatisfy { !$0.isEmpty })
        #expect(converted == twoStep)
        // The totals are not all zeros (the comparison compares something).
        #expect(converted.totals.contains { $0 != 0 })
    }

    /// A shard of areas 0, 1, 2 and 4: prefecture 110200, both provinces and 120100 are cut, their sums kept whole.
    @Test func aShardsPartialSumsAreTheSame() {
        let converted = Self.run(converting: true, draws: 9, simulated: [0, 1, 2, 4])
        let twoStep = Self.run(converting: false, draws: 9, simulated: [0, 1, 2, 4])
        #expect(converted.partial.count == 4)
        #expect(converted == twoStep)
    }
}
