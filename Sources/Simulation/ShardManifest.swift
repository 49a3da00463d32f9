import Foundation

/// `shard.json`: what a shard folder holds and what it belongs to. The merge refuses shards whose
/// scenario hash, input hash, variant, seed, draws, detail, tool or shard count differ, a scenario file
/// whose text changed since the shards ran, and data files that now give other numbers.
package struct ShardManifest: Codable, Sendable, Equatable {
    /// The layout of the folder; a merge refuses another.
    package static let currentFormat = "carecap shard 1"

    package struct File: Codable, Sendable, Equatable {
        package var name: String
        package var bytes: Int
        /// FNV-1a 64 of the file's bytes, hex: a truncated or damaged file is refused by name.
        package var fnv1a64: String
    }

    package var format: String
    package var tool: String
    /// The scenario file as the shard's command named it (the merged manifest says the same), the
    /// working directory it was named from, and the hash of its text.
    package var scenario: String
    package var workingDirectory: String
    package var scenarioHash: String
    package var scenarioName: String
    /// `PlanFingerprint` of the plan the shard simulated: the numbers read from the scenario's data files.
    package var inputHash: String
    package var variant: String?
    package var seed: UInt64?
    package var draws: Int
    /// The population detail (`--detail`): which central years the areas carry.
    package var detail: String
    package var shard: Int
    package var shards: Int
    package var baseYear: Int
    package var horizon: Int
    /// Leaf areas of the whole run, and this shard's, by code in simulation order.
    package var runAreaCount: Int
    package var areas: [String]
    /// Region keys whose quantiles this shard computed (all their areas are here), and region keys whose
    /// per-draw partial sums it holds, in the order of `regions.bin`.
    package var wholeRegions: [String]
    package var partialRegions: [String]
    package var files: [File]

    enum CodingKeys: String, CodingKey {
        case format, tool, scenario, scenarioHash = "scenario_hash", scenarioName = "scenario_name", inputHash = "input_hash"
        case workingDirectory = "working_directory", variant, seed, draws, detail, shard, shards
        case baseYear = "base_year", horizon, runAreaCount = "run_area_count", areas
        case wholeRegions = "whole_regions", partialRegions = "partial_regions", files
    }
}
