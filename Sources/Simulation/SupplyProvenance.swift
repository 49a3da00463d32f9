import Planning
import Results
import Scenario

/// What each area's supply of a measure rests on: the `sources:` the scenario gives for each part of it
/// (the level, the institutions, the planned changes, the carers trained under `workforce`, the
/// districts' deliveries). The measure is `declared` only when every part cites a document; a part with
/// no source is an assumption (issue 11: no finding may rest on an unlabeled assumption).
package enum SupplyProvenance {
    package struct Entry: Sendable, Equatable {
        package let basis: SupplyBasis
        /// Each part's document or assumption, "; " between them, in the order of the parts.
        package let citation: String
    }

    static func entries(_ parts: [Measure: [SupplyDeclaration.Source]], given: AreaSupply?,
                        workforce: WorkforceSection) -> [Measure: Entry] {
        var out: [Measure: Entry] = [:]
        for measure in Measure.allCases {
            guard let list = parts[measure], !list.isEmpty else {
                out[measure] = Entry(basis: .notProvided, citation: "")
                continue
            }
            var basis = SupplyBasis.declared
            var texts: [String] = []
            for part in list {
                let source: SupplySource
                switch part {
                case .level: source = given?.sources[measure.rawValue] ?? .unstated
                case .institutions: source = given?.sources["institutions"] ?? .unstated
                case .changes: source = given?.sources["changes"] ?? .unstated
                case .training: source = workforce.source ?? .unstated
                // A district's facility is what the scenario expects the developer to deliver.
                case .districts: source = SupplySource(basis: .assumption, text: "districts' planned deliveries")
                }
                if source.basis == .assumption { basis = .assumption }
                if !texts.contains(source.label) { texts.append(source.label) }
            }
            out[measure] = Entry(basis: basis, citation: texts.joined(separator: "; "))
        }
        return out
    }
}
