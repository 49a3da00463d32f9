/// The "did you mean" hint, for the command line's own lookups (presets, rule ids).
public enum ScenarioSuggestion {
    public static func hint(for word: String, among candidates: [String]) -> String {
        Suggestion.hint(for: word, among: candidates)
    }
}
