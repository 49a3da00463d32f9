import Demography
import Foundation
import struct Numerics.FNV1a64
import Planning
import Scenario

/// Merges the shard folders of one run (`carecap merge`) into the result `CapacitySimulation.run`
/// would have returned, bit for bit:
/// - an area's quantiles, met shares and central path are computed from its own draws only (its random
///   streams follow the seed and its code), so the shard's bits are the run's;
/// - the total's per-draw sums are integers of 1/1024 added in any order: the shards' integers add up
///   to the run's;
/// - a region whole in one shard has its quantiles from there (the same integer sums, the same
///   selection); a region cut by shard boundaries gets its shards' per-draw integer sums added, then the
///   same selection. Regions are merged one at a time: at most one region's draws are held.
package enum ShardMerge {
    package enum Failure: Error, CustomStringConvertible, Equatable {
        case notShardFolder(String, String)
        case damaged(String, String, String)
        case noShards
        case mixed(field: String, String, String, String, String)
        case duplicate(Int, Int, String, String)
        case missing([Int], Int, [Int])
        case otherTool(String, String, String)
        case scenarioChanged(String, String, String)
        case otherSplit(String, Int, Int, String)
        case otherShape(String, Int, Int, String)
        case otherInputs(String, String, String)

        package var description: String {
            switch self {
            case let .notShardFolder(path, why):
                return "\(path): error: not a carecap shard folder: \(why)"
            case let .damaged(path, file, why):
                return "\(path)/\(file): error: damaged shard file: \(why); run this shard again"
            case .noShards:
                return "error: no shard folders given; expected the N folders of `carecap run FILE --shard K/N`"
            case let .mixed(field, a, va, b, vb):
                return "error: these shards are not of one run: \(a) has \(field) \(va), \(b) has \(vb); expected every shard of one scenario, variant, seed and shard count"
            case let .duplicate(k, n, a, b):
                return "error: shard \(k) of \(n) is given twice: \(a) and \(b); expected each shard once"
            case let .missing(indexes, n, given):
                let list = indexes.count > 12 ? indexes.prefix(12).map(String.init).joined(separator: ", ") + ", … (\(indexes.count) in all)"
                    : indexes.map(String.init).joined(separator: ", ")
                return "error: shard\(indexes.count == 1 ? "" : "s") \(list) of \(n) missing (given: \(ShardMerge.ranges(given))); expected all \(n) shard folders"
            case let .otherTool(path, shardTool, tool):
                return "\(path): error: written by \(shardTool), this is \(tool); run the shards and the merge with the same carecap"
            case let .scenarioChanged(path, expected, found):
                return "\(path): error: the scenario file's text has changed since the shards ran (hash \(found), the shards' \(expected)); run the shards again, or give --scenario the file they ran"
            case let .otherSplit(path, k, n, why):
                return "\(path): error: shard \(k) of \(n) does not hold the areas this scenario gives it: \(why); were the shards run with another census or `areas:`?"
            case let .otherShape(path, k, n, why):
                return "\(path): error: shard \(k) of \(n) was run with \(why); run the shards again with this scenario"
            case let .otherInputs(path, expected, found):
                return "\(path): error: the scenario's data files now give other numbers than the shards used (input hash \(found), the shards' \(expected): a census, WPP, county_extra.csv or other file it reads has changed or differs on this machine); run the shards again, or merge where their data are"
            }
        }
    }

    /// "1-3, 5" for [1, 2, 3, 5].
    static func ranges(_ values: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < values.count {
            var j = i
            while j + 1 < values.count, values[j + 1] == values[j] + 1 { j += 1 }
            parts.append(j > i ? "\(values[i])-\(values[j])" : "\(values[i])")
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// Checks that `folders` are every shard of one run, once each, written by `tool` ("carecap x.y.z");
    /// returns them by shard index.
    package static func check(_ folders: [ShardArchive.Folder], tool: String) throws(Failure) -> [ShardArchive.Folder] {
        guard let first = folders.first else { throw .noShards }
        let n = first.manifest.shards
        guard n >= 1, n <= 100_000 else { throw .notShardFolder(first.path, "shard.json: \(n) shards, expected 1 to 100000") }
        for folder in folders where folder.manifest.tool != tool {
            throw .otherTool(folder.path, folder.manifest.tool, tool)
        }
        func same<T: Equatable>(_ field: String, _ value: (ShardManifest) -> T, _ text: (T) -> String) throws(Failure) {
            for folder in folders.dropFirst() where value(folder.manifest) != value(first.manifest) {
                throw .mixed(field: field, first.path, text(value(first.manifest)), folder.path, text(value(folder.manifest)))
            }
        }
        try same("scenario hash", \.scenarioHash) { $0 }
        try same("input hash", \.inputHash) { $0 }
        try same("variant", \.variant) { $0.map { "\"\($0)\"" } ?? "none (the base scenario)" }
        try same("seed", \.seed) { $0.map(String.init) ?? "none" }
        try same("draws", \.draws) { String($0) }
        try same("population detail", \.detail) { $0 }
        try same("shard count", \.shards) { String($0) }
        try same("area count", \.runAreaCount) { String($0) }
        var byIndex = [ShardArchive.Folder?](repeating: nil, count: n)
        for folder in folders {
            let k = folder.manifest.shard
            guard k >= 1, k <= n else { throw .notShardFolder(folder.path, "shard.json: shard \(k) of \(n), expected 1 to \(n)") }
            if let earlier = byIndex[k - 1] { throw .duplicate(k, n, earlier.path, folder.path) }
            byIndex[k - 1] = folder
        }
        let missing = (1...n).filter { byIndex[$0 - 1] == nil }
        guard missing.isEmpty else { throw .missing(missing, n, (1...n).filter { byIndex[$0 - 1] != nil }) }
        return byIndex.map { $0! }
    }

    /// The run's result from `shards` (checked, by index), for `plan` loaded from the shards' scenario.
    /// Refuses a scenario whose text is not the shards' (`shownAs`: the path to name in the message).
    package static func checkScenario(_ scenario: Scenario, shards: [ShardArchive.Folder], shownAs: String) throws(Failure) {
        let hash = FNV1a64.of(scenario.text).tagged
        for shard in shards where shard.manifest.scenarioHash != hash {
            throw .scenarioChanged(shownAs, shard.manifest.scenarioHash, hash)
        }
    }

    package static func merge(_ shards: [ShardArchive.Folder], plan: CapacityPlan, everyCentralYear: Bool, shownAs: String) throws(Failure)
        -> CapacitySimulation.Result
    {
        let simulation = CapacitySimulation(plan: plan, everyCentralYear: everyCentralYear)
        try checkScenario(plan.scenario, shards: shards, shownAs: shownAs)
        let fingerprint = PlanFingerprint.of(plan)
        for shard in shards where shard.manifest.inputHash != fingerprint {
            throw .otherInputs(shownAs, shard.manifest.inputHash, fingerprint)
        }
        let areas = plan.inputs.areas
        let regions = RunRegions(areas: areas)
        let split = RunShard.split(areas: areas, regions: regions, count: shards.count)
        let years = plan.years.count
        let draws = simulation.draws
        for shard in shards {
            let m = shard.manifest
            guard m.draws == draws, m.baseYear == plan.baseYear, m.horizon == plan.years.last! else {
                throw .otherShape(shard.path, m.shard, m.shards, "\(m.draws) draws over \(m.baseYear)-\(m.horizon); the scenario now gives \(draws) draws over \(plan.baseYear)-\(plan.years.last!)")
            }
            guard m.runAreaCount == areas.count else {
                throw .otherSplit(shard.path, m.shard, m.shards, "its run has \(m.runAreaCount) areas, the scenario gives \(areas.count)")
            }
            let expected = split[m.shard - 1].map { plan.areaCodes[$0] }
            guard m.areas == expected else {
                let extra = Set(m.areas).subtracting(expected).sorted(), lacking = Set(expected).subtracting(m.areas).sorted()
                throw .otherSplit(shard.path, m.shard, m.shards, "it has \(m.areas.count) areas, expected \(expected.count)"
                    + (extra.isEmpty ? "" : "; not expected: \(extra.prefix(5).joined(separator: ", "))")
                    + (lacking.isEmpty ? "" : "; lacking: \(lacking.prefix(5).joined(separator: ", "))"))
            }
        }

        // Areas: each shard's bits, by plan index.
        let perArea = ShardArchive.doublesPerArea(years: years, centralYears: simulation.centralYears.count)
        let valueCount = years * OutputColumns.count * 3, metCount = years * 2 * OutputColumns.measures.count
        var quantiles = [CapacitySimulation.AreaQuantiles?](repeating: nil, count: areas.count)
        for (k, shard) in shards.enumerated() {
            try shard.expect(ShardArchive.areasName, bytes: split[k].count * perArea * 8)
            let data = try shard.read(ShardArchive.areasName)
            for (i, area) in split[k].enumerated() {
                let start = i * perArea
                func doubles(_ from: Int, _ count: Int) -> [Double] { data.doubles(from: start + from, count: count) }
                quantiles[area] = .init(values: doubles(0, valueCount), metShare: doubles(valueCount, metCount),
                                        central: doubles(valueCount + metCount, perArea - valueCount - metCount))
            }
        }

        // The total: the shards' per-draw integers added.
        let totals = DrawTotals(draws: draws, years: years)
        for shard in shards {
            try shard.expect(ShardArchive.totalsName, bytes: totals.count * 8)
            try shard.read(ShardArchive.totalsName).withUnsafeBytes { totals.add(byDraw: $0) }
        }
        totals.finish(scale: CapacitySimulation.fixedPointScale)

        // Regions: whole ones copied, cut ones summed one at a time.
        let index = Dictionary(uniqueKeysWithValues: regions.regions.enumerated().map { ($0.element.key, $0.offset) })
        let quantileBytes = valueCount * 8
        let partialCells = RegionTotals.heldColumns * years * draws
        var regionValues = [[Double]](repeating: [], count: regions.regions.count)
        var parts = [[(shard: Int, offset: Int)]](repeating: [], count: regions.regions.count)
        // The shard that gave each whole region's quantiles: it must be the one holding all its areas.
        var wholeFrom = [Int](repeating: -1, count: regions.regions.count)
        for (k, shard) in shards.enumerated() {
            let m = shard.manifest
            try shard.expect(ShardArchive.regionsName, bytes: m.wholeRegions.count * quantileBytes + m.partialRegions.count * partialCells * 8)
            try shard.verify(ShardArchive.regionsName)
            for key in m.wholeRegions + m.partialRegions where index[key] == nil {
                throw .otherSplit(shard.path, m.shard, m.shards, "its region \(key) is not a region of this run")
            }
            if !m.wholeRegions.isEmpty {
                let data = try shard.read(ShardArchive.regionsName, offset: 0, count: m.wholeRegions.count * quantileBytes)
                for (i, key) in m.wholeRegions.enumerated() {
                    regionValues[index[key]!] = data.doubles(from: i * valueCount, count: valueCount)
                    wholeFrom[index[key]!] = k
                }
            }
            for (i, key) in m.partialRegions.enumerated() {
                parts[index[key]!].append((k, m.wholeRegions.count * quantileBytes + i * partialCells * 8))
            }
        }
        var shardOfArea = [Int](repeating: 0, count: areas.count)
        for (k, members) in split.enumerated() { for a in members { shardOfArea[a] = k } }
        let sums = UnsafeMutablePointer<Int64>.allocate(capacity: max(1, partialCells))
        defer { sums.deallocate() }
        for (r, region) in regions.regions.enumerated() {
            let holders = Set(region.members.map { shardOfArea[$0] })
            if wholeFrom[r] >= 0 {
                let k = wholeFrom[r]
                guard holders == [k], parts[r].isEmpty else {
                    throw .otherSplit(shards[k].path, k + 1, shards.count, "it lists region \(region.key) as whole, but the region's areas lie in shard\(holders.count == 1 ? "" : "s") \(holders.sorted().map { String($0 + 1) }.joined(separator: ", "))")
                }
                continue
            }
            guard Set(parts[r].map(\.shard)) == holders, parts[r].count == holders.count else {
                let k = holders.subtracting(parts[r].map(\.shard)).min() ?? holders.min()!
                throw .otherSplit(shards[k].path, k + 1, shards.count, "it lacks the per-draw sums of region \(region.key)")
            }
            sums.initialize(repeating: 0, count: partialCells)
            for (k, offset) in parts[r] {
                let data = try shards[k].read(ShardArchive.regionsName, offset: offset, count: partialCells * 8)
                data.withUnsafeBytes { raw in
                    for i in 0..<partialCells { sums[i] &+= Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
                }
            }
            regionValues[r] = RegionTotals.quantiles(of: region, sums: sums, draws: draws, years: years, supply: plan.supply, declared: plan.declared)
        }
        return CapacitySimulation.Result(plan: plan, draws: draws, areas: quantiles.map { $0! }, totals: totals, regions: regions,
                                         regionValues: regionValues, peakOpenRegions: parts.contains { !$0.isEmpty } ? 1 : 0,
                                         columnCount: OutputColumns.count, centralYears: simulation.centralYears)
    }
}
