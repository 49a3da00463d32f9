/// A jurisdiction's rule set: an overlay file that replaces named values of the catalogue with its
/// plan's own, each with its reference, and names the plan's responsible units.
public struct RulePreset: Sendable {
    /// What one preset changes in one rule.
    public struct Change: Sendable {
        public let ruleID: String
        /// Parameter name → the plan's dated values; they replace the catalogue's values.
        public let values: [String: [DatedValue]]
        /// Parameter name → the values in force after the change, in the catalogue parameter's shape.
        public let parameters: [String: RuleParameter.Value]
        public let responsibleUnits: [String]?
        /// Turns the rule's check on or off under this preset.
        public let checked: Bool?
        public let status: RuleStatus?
        /// Clauses of the plan about the rule that set no value (a task naming units, a related target).
        public let seeAlso: [RuleReference]
        public let note: String?

        /// The plan's references for this rule, one line; nil when the change cites nothing.
        public var source: String? {
            let refs = RuleReference.merged(values.keys.sorted().flatMap { values[$0]!.map(\.reference) } + seeAlso)
            return refs.isEmpty ? nil : refs.map(\.text).joined(separator: "; ")
        }
    }

    public let id: String
    public let nameZH: String
    public let nameEN: String
    /// The plan the preset comes from: title as published and issuing number.
    public let plan: RuleReference
    public let changes: [Change]
    public let file: String

    /// The plan's title and number, one line.
    public var document: String { plan.text }
}
