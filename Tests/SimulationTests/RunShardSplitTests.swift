import Demography
import Testing
@testable import Simulation

/// `RunShard.split`: a partition of the areas into N consecutive ranges of the simulation order, cut at
/// prefecture boundaries when one lies within a quarter of a shard's size of the even cut.
@Suite struct RunShardSplitTests {
    /// Areas in prefectures of the given sizes, one province; codes pp0001, pp0002, … per prefecture pp.
    static func areas(prefectureSizes: [Int]) -> [ProjectionArea] {
        var out: [ProjectionArea] = []
        for (p, size) in prefectureSizes.enumerated() {
            let prefecture = "53\(p + 10)00"
            for i in 0..<size {
                out.append(ProjectionArea(key: "53\(p + 10)\(String(format: "%02d", i + 1))", name: "county", level: "county",
                                          province: "云南省", prefecture: "p\(p)", prefectureKey: prefecture, provinceKey: "530000"))
            }
        }
        return out
    }

    /// 10 areas in prefectures of 3, 3 and 4, two shards: the even cut is 10 × 1 / 2 = 5, the tolerance
    /// 10 / (4 × 2) = 1 (integer division); position 5 is inside the second prefecture (3..<6), 4 is
    /// too, 6 is its end: the cut moves to 6, giving 6 and 4 areas, no prefecture split.
    @Test func cutMovesToTheNearestPrefectureBoundaryWithinTolerance() {
        let areas = Self.areas(prefectureSizes: [3, 3, 4])
        let split = RunShard.split(areas: areas, regions: RunRegions(areas: areas), count: 2)
        #expect(split.map(\.count) == [6, 4])
        #expect(split[0] == Array(0..<6))
    }

    /// One prefecture of 12 areas in 3 shards: no boundary within 12 / 12 = 1 of the cuts 4 and 8, so
    /// the even cuts stand (the prefecture is split; its sums travel as partial sums).
    @Test func aLargePrefectureIsSplitEvenly() {
        let areas = Self.areas(prefectureSizes: [12])
        let split = RunShard.split(areas: areas, regions: RunRegions(areas: areas), count: 3)
        #expect(split.map(\.count) == [4, 4, 4])
    }

    /// Any N (including N above the number of areas): every area in exactly one shard, in simulation
    /// order, each shard within the tolerance of the mean.
    @Test(arguments: [1, 2, 3, 5, 7, 13, 40])
    func everyAreaOnceWithinTolerance(count: Int) {
        let areas = Self.areas(prefectureSizes: [5, 1, 7, 2, 9, 3, 4])
        let regions = RunRegions(areas: areas)
        let split = RunShard.split(areas: areas, regions: regions, count: count)
        #expect(split.count == count)
        #expect(split.flatMap { $0 } == regions.simulationOrder)
        let tolerance = areas.count / (4 * count)
        var start = 0
        for k in 0..<count {
            let ideal = (k + 1) * areas.count / count
            start += split[k].count
            #expect(abs(start - ideal) <= tolerance, "cut \(k + 1) at \(start), ideal \(ideal)")
        }
    }

    /// A shard can hold more than 1.25 × the mean when both its cuts move outwards: 100 areas in
    /// prefectures of 19, 37 and 44 (boundaries at 19 and 56), 4 shards. Even cuts 25, 50, 75, tolerance
    /// 100 / 16 = 6: cut 1 moves down to 19 (6 below), cut 2 up to 56 (6 above), cut 3 finds no boundary
    /// within 6 of 75 and stays: shard 2 holds 56 − 19 = 37 areas, more than the 1.25 × 25 + 1 = 32 the
    /// memory check assumed before, and exactly `maximumAreas` = 25 + 2 × 6 = 37.
    @Test func aShardHoldsAtMostTheEvenShareAndTwoTolerances() {
        let areas = Self.areas(prefectureSizes: [19, 37, 44])
        let split = RunShard.split(areas: areas, regions: RunRegions(areas: areas), count: 4)
        #expect(split.map(\.count) == [19, 37, 19, 25])
        #expect(RunShard.maximumAreas(total: 100, count: 4) == 37)
        // Any count and layout: no shard above the bound.
        for sizes in [[19, 37, 44], [5, 1, 7, 2, 9, 3, 4], [1, 30, 1, 30, 1, 30], [100]] {
            let areas = Self.areas(prefectureSizes: sizes)
            for count in 1...12 {
                let split = RunShard.split(areas: areas, regions: RunRegions(areas: areas), count: count)
                let bound = RunShard.maximumAreas(total: areas.count, count: count)
                #expect(split.allSatisfy { $0.count <= bound }, "\(sizes) in \(count): \(split.map(\.count)), bound \(bound)")
            }
        }
    }

    @Test func parsesKOfN() {
        #expect(RunShard(parsing: "3/8") == RunShard(index: 3, count: 8))
        #expect(RunShard(parsing: "1/1") == RunShard(index: 1, count: 1))
        for bad in ["0/3", "4/3", "3", "3/", "/3", "a/b", "3/8/1", "-1/2", "1/0"] { #expect(RunShard(parsing: bad) == nil, "\(bad)") }
    }
}
