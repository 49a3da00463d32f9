/// The catalogue of rules (RULES.md) and the presets built on it.
public enum RuleCatalogue {
    /// Every preset id, national first.
    public static var presetIDs: [String] { ["national"] + presets.map(\.id) }

    public static func preset(_ id: String) -> RulePreset? {
        presets.first { $0.id == id }
    }

    public static func nationalRule(_ id: String) -> RuleDefinition? {
        nationalRules.first { $0.id == id }
    }
}
