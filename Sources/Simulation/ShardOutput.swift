import Foundation

/// What one shard of a run (`carecap run FILE --shard K/N`) computed: its areas' quantiles, its
/// per-draw totals over its areas (integers of 1/`CapacitySimulation.fixedPointScale`), and for every
/// region it touches either the region's quantiles (all its areas are here) or its per-draw partial
/// sums (the region is cut by a shard boundary; `ShardMerge` adds the shards' partials).
package struct ShardOutput: @unchecked Sendable {
    package let shard: RunShard
    /// The plan's area indexes of the shard, in simulation order.
    package let areas: [Int]
    /// Per area of `areas`, in that order.
    package let quantiles: [CapacitySimulation.AreaQuantiles]
    /// Not finished: still the integers a merge adds.
    let totals: DrawTotals
    package let regions: RunRegions
    let regionTotals: RegionTotals

    /// Indexes into `regions.regions` of the regions all of whose areas are in this shard.
    package var wholeRegions: [Int] {
        let values = regionTotals.finished()
        return values.indices.filter { !values[$0].isEmpty }
    }

    /// Indexes of the regions this shard holds some but not all areas of.
    package var partialRegions: [Int] { regionTotals.partialSums().map(\.region) }
}
