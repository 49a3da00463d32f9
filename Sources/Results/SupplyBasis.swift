/// What a supply value rests on, in every output that shows it (`supply_basis` in the CSVs, marks in the
/// reports and the console): a document the scenario cites, the scenario's assumption, or nothing (the
/// scenario does not give the measure: an empty cell, never 0).
package enum SupplyBasis: String, Sendable, Codable, CaseIterable {
    case declared
    case assumption
    case notProvided = "not_provided"

    /// The weaker of two: a value resting on any assumption is an assumption; on anything not provided, not provided.
    package func combined(with other: SupplyBasis) -> SupplyBasis {
        if self == .notProvided || other == .notProvided { return .notProvided }
        if self == .assumption || other == .assumption { return .assumption }
        return .declared
    }
}
