/// A jurisdiction's rule set: the national values with what its plan sets instead.
public struct RulePreset: Sendable {
    /// What one preset changes in one rule.
    public struct Change: Sendable {
        public let ruleID: String
        /// Parameter name → new value.
        public let parameters: [String: RuleParameter.Value]
        /// Replaces the rule's source line when the number comes from this plan.
        public let source: String?
        /// Replaces the rule's responsible units when this plan names them.
        public let responsibleUnits: [String]?
        /// Turns the rule's check on or off under this preset.
        public let checked: Bool?

        public init(
            rule ruleID: String, parameters: [String: RuleParameter.Value] = [:], source: String? = nil,
            responsibleUnits: [String]? = nil, checked: Bool? = nil
        ) {
            self.ruleID = ruleID
            self.parameters = parameters
            self.source = source
            self.responsibleUnits = responsibleUnits
            self.checked = checked
        }
    }

    public let id: String
    public let nameZH: String
    public let nameEN: String
    /// The plan the preset comes from.
    public let document: String
    public let changes: [Change]

    public init(id: String, nameZH: String, nameEN: String, document: String, changes: [Change]) {
        self.id = id
        self.nameZH = nameZH
        self.nameEN = nameEN
        self.document = document
        self.changes = changes
    }
}
