import Demography

/// One shard of a run (`carecap run FILE --shard K/N`): which of the plan's leaf areas shard K of N
/// projects and simulates.
///
/// The split is a function of the run's areas and N only, so every shard (on whatever machine) and the
/// merge compute the same one. Areas are taken in the simulation's order (`RunRegions.simulationOrder`:
/// by province, then prefecture, then code) and cut into N consecutive ranges of nearly equal size. Each
/// cut is moved to the nearest prefecture boundary (a province boundary is one too) when one lies within
/// a quarter of a shard's size, so a prefecture is split only when it is large against a shard; each cut
/// stays within a quarter of a shard's size of the even cut, so a shard holds at most about 1.5 × the
/// mean (both of its cuts moved outwards; `maximumAreas`). Why whole prefectures: a region whose
/// areas all lie in one shard has its quantiles taken there; only a region cut by a shard boundary
/// travels as per-draw partial sums (draws × years × columns integers) to the merge, and with
/// consecutive ranges at most two prefectures and two provinces are cut at each boundary.
package struct RunShard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based: shard 1 of N to shard N of N.
    package let index: Int
    package let count: Int

    package init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "K/N" (1 ≤ K ≤ N ≤ 100,000); nil otherwise.
    package init?(parsing argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]),
              n >= 1, n <= 100_000, k >= 1, k <= n else { return nil }
        self.init(index: k, count: n)
    }

    package var description: String { "\(index)/\(count)" }

    /// The most areas a shard of `count` can hold out of `total`: the even share, ⌈total / count⌉, plus
    /// each of its two cuts moved outwards by the tolerance, ⌊total / (4 × count)⌋.
    package static func maximumAreas(total: Int, count: Int) -> Int {
        let n = max(1, count), a = max(0, total)
        return min(a, (a + n - 1) / n + 2 * (a / (4 * n)))
    }

    /// The plan's area indexes of every shard, in simulation order: element K − 1 is shard K's. Shards
    /// may be empty when N exceeds the number of areas.
    package static func split(areas: [ProjectionArea], regions: RunRegions, count: Int) -> [[Int]] {
        let order = regions.simulationOrder
        let total = order.count
        let n = max(1, count)
        // A boundary before position i is clean when areas i − 1 and i lie in different prefectures (an
        // area with no prefecture is its own group).
        func group(_ position: Int) -> String {
            let area = areas[order[position]]
            return area.provinceKey + "/" + (area.prefectureKey.isEmpty ? "#" + area.key : area.prefectureKey)
        }
        var clean = [Bool](repeating: false, count: total + 1)
        clean[0] = true
        clean[total] = true
        if total > 1 { for i in 1..<total { clean[i] = group(i - 1) != group(i) } }
        let tolerance = total / (4 * n)
        var cuts = [0]
        for k in 1..<n {
            // Integer arithmetic: the ideal cut is the same on every machine.
            let ideal = k * total / n
            var cut = ideal
            for distance in 0...tolerance {
                if ideal - distance > cuts.last!, clean[ideal - distance] { cut = ideal - distance; break }
                if ideal + distance <= total, clean[ideal + distance] { cut = ideal + distance; break }
            }
            cuts.append(max(cuts.last!, min(total, cut)))
        }
        cuts.append(total)
        return (0..<n).map { Array(order[cuts[$0]..<cuts[$0 + 1]]) }
    }
}
