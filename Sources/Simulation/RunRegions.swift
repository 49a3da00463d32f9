import Demography
import Results

/// The prefectures and provinces of a run that get rows of their own in the long tables, and the order
/// in which the simulation takes the areas so that each region's areas are simulated together.
///
/// A region gets rows when at least two of the run's leaf areas lie in it and it does not hold every
/// area of the run: a region of one area would repeat that area's rows, and a region of all areas would
/// repeat `total`'s. A prefecture and its province with the same members both get rows (they name
/// different regions). A key that is also a leaf area's code (a prefecture-level city without
/// counties is a leaf, and has no prefecture above it) is never a region key, so rows stay unique.
///
/// Regions are the census hierarchy's (`ProjectionArea.prefectureKey`, `.provinceKey`), not code
/// prefixes: zones have no code and sort after every coded area, and 五台山 (170971) lies in 忻州市.
package struct RunRegions: Sendable {
    package struct Region: Sendable, Equatable {
        package let key: String
        package let name: String
        package let level: RunManifest.Region.Level
        /// Indexes into the plan's areas, ascending.
        package let members: [Int]
    }

    /// Prefectures by key, then provinces by key: the order of their rows.
    package let regions: [Region]
    /// Per area of the plan: the indexes into `regions` of the regions it belongs to (none, one or two).
    package let regionsOfArea: [[Int]]
    /// The plan's area indexes in the order the simulation's blocks take them: by province key, then
    /// prefecture key, then code. Each province's areas are consecutive, and each prefecture's within
    /// its province, so a region's per-draw sums are held only while blocks holding its areas run
    /// (see `RegionTotals`). The order changes no number: every area's column is computed on its own.
    package let simulationOrder: [Int]

    package init(areas: [ProjectionArea]) {
        let leafKeys = Set(areas.map(\.key))
        func grouped(_ key: (ProjectionArea) -> String, level: RunManifest.Region.Level,
                     name: (ProjectionArea) -> String) -> [Region]
        {
            var members: [String: [Int]] = [:]
            for (i, area) in areas.enumerated() where !key(area).isEmpty { members[key(area), default: []].append(i) }
            return members.keys.sorted().compactMap { k in
                let list = members[k]!
                guard list.count >= 2, list.count < areas.count, !leafKeys.contains(k), k != RunResult.totalArea else { return nil }
                return Region(key: k, name: name(areas[list[0]]), level: level, members: list)
            }
        }
        let prefectures = grouped(\.prefectureKey, level: .prefecture) { $0.prefectureName.isEmpty ? $0.prefecture : $0.prefectureName }
        let provinces = grouped(\.provinceKey, level: .province) { $0.province }
        regions = prefectures + provinces
        var of = [[Int]](repeating: [], count: areas.count)
        for (r, region) in regions.enumerated() { for a in region.members { of[a].append(r) } }
        regionsOfArea = of
        simulationOrder = areas.indices.sorted {
            (areas[$0].provinceKey, areas[$0].prefectureKey, $0) < (areas[$1].provinceKey, areas[$1].prefectureKey, $1)
        }
    }

    /// The manifest's description of each region, members by code.
    package func manifestRegions(areaCodes: [String]) -> [RunManifest.Region] {
        regions.map { RunManifest.Region(key: $0.key, name: $0.name, level: $0.level, members: $0.members.map { areaCodes[$0] }) }
    }
}
