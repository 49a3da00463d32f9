/// The rules in force for one scenario: a preset applied to the national catalogue, then the
/// scenario's own overrides. Order follows the catalogue.
public struct RuleBook: Sendable {
    public enum LookupError: Error, Equatable, Sendable {
        case unknownPreset(String)
        case unknownRule(String)
        case unknownParameter(rule: String, parameter: String)
        case wrongShape(rule: String, parameter: String, expected: String)
    }

    public let presetID: String
    public private(set) var rules: [RuleDefinition]

    public init(preset presetID: String = "national") throws(LookupError) {
        var rules = RuleCatalogue.nationalRules
        if presetID != "national" {
            guard let preset = RuleCatalogue.preset(presetID) else { throw .unknownPreset(presetID) }
            for index in rules.indices where rules[index].localTo == presetID { rules[index].inForce = true }
            for change in preset.changes {
                guard let index = rules.firstIndex(where: { $0.id == change.ruleID }) else {
                    throw .unknownRule(change.ruleID)
                }
                for (name, values) in change.values {
                    guard let p = rules[index].parameters.firstIndex(where: { $0.name == name }) else {
                        throw .unknownParameter(rule: change.ruleID, parameter: name)
                    }
                    rules[index].parameters[p].replaceValues(values)
                }
                // Another plan's rule with every number from this plan (the schema refuses a partial set).
                if !change.values.isEmpty { rules[index].inForce = true }
                // The plan's clauses come after the catalogue's: merged references print each clause once.
                rules[index].seeAlso += change.seeAlso
                if let units = change.responsibleUnits { rules[index].responsibleUnits = units }
                if let checked = change.checked { rules[index].checked = checked }
                if let status = change.status { rules[index].status = status }
                if let note = change.note { rules[index].note = note }
            }
        }
        self.presetID = presetID
        self.rules = rules
    }

    public subscript(id: String) -> RuleDefinition {
        guard let rule = rules.first(where: { $0.id == id }) else {
            preconditionFailure("rule \(id) is not in the catalogue")
        }
        return rule
    }

    public func rule(_ id: String) -> RuleDefinition? {
        rules.first { $0.id == id }
    }

    public func isChecked(_ id: String) -> Bool {
        guard let rule = rule(id) else { return false }
        return rule.inForce && rule.checked
    }

    /// Whether the rule applies under this book's preset (a national rule always; a plan's rule under its preset).
    public func isInForce(_ id: String) -> Bool {
        rule(id)?.inForce ?? false
    }

    /// Sets one parameter, as a scenario's `overrides` does; the value must have the parameter's shape.
    public mutating func override(rule id: String, parameter name: String, with value: RuleParameter.Value)
        throws(LookupError)
    {
        guard let r = rules.firstIndex(where: { $0.id == id }) else { throw .unknownRule(id) }
        guard let p = rules[r].parameters.firstIndex(where: { $0.name == name }) else {
            throw .unknownParameter(rule: id, parameter: name)
        }
        switch (rules[r].parameters[p].value, value) {
        case (.scalar, .scalar), (.schedule, .schedule):
            rules[r].parameters[p].override(with: value, reference: .scenarioOverride(rule: id, parameter: name))
            // A scenario that sets a plan's rule opts in to it; its values print as the scenario's.
            rules[r].inForce = true
        case (.scalar, .schedule):
            throw .wrongShape(rule: id, parameter: name, expected: "a number")
        case (.schedule, .scalar):
            throw .wrongShape(rule: id, parameter: name, expected: "a mapping of year to value")
        }
    }

    /// Switches a rule's check on or off, as `overrides: {rule: {checked: false}}` does.
    public mutating func setChecked(rule id: String, _ checked: Bool) throws(LookupError) {
        guard let r = rules.firstIndex(where: { $0.id == id }) else { throw .unknownRule(id) }
        rules[r].checked = checked
        // Turning on a plan's rule under another preset puts it in force with the numbers the scenario gives.
        if checked { rules[r].inForce = true }
    }
}
