import Foundation
import Testing
@testable import Scenario

/// Tags ask YAML for a type or a constructor; a scenario has no use for one, and readers would drop it
/// without a word. Each is refused at the line and column where it is written.
@Suite struct YAMLTagTests {
    static let supply = "supply: {\"533103\": {beds: 1}}\n"

    /// (scenario text, line, column, key path, the tag as the message shows it). Columns counted by
    /// hand from 1: `name: ` is 6 characters, so a tag after it starts at column 7.
    @Test(arguments: [
        ("carecap: 1\nname: !!python/object/apply:os.system [\"ls\"]\n" + supply, 2, 7, "name", "!!python/object/apply:os.system"),
        ("carecap: 1\nname: !foo bar\n" + supply, 2, 7, "name", "!foo"),
        ("carecap: 1\nname: !!binary aGVsbG8=\n" + supply, 2, 7, "name", "!!binary"),
        ("carecap: 1\nsupply: !custom {\"533103\": {beds: 1}}\n", 2, 9, "supply", "!custom"),
        ("carecap: 1\nsupply:\n  \"533103\": {beds: !!set [1]}\n", 3, 20, "supply.533103.beds", "!!set"),
        ("carecap: 1\n!key name: x\n" + supply, 2, 1, "name", "!key"),
        ("carecap: 1\nname: ! x\n" + supply, 2, 7, "name", "!"),
    ])
    func unknownYAMLTagIsAnErrorWithLineAndColumn(yaml: String, line: Int, column: Int, path: String, tag: String) {
        #expect {
            try ScenarioLoader.load(text: yaml, file: "tagged.yaml")
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.line == line && error.column == column && error.keyPath == path
                && error.message.hasPrefix("unsupported YAML tag \(tag);")
        }
    }

    /// YAML's own core tags change nothing a reader does: still accepted.
    @Test func coreSchemaTagsAreAccepted() throws {
        let scenario = try ScenarioLoader.load(text: "carecap: 1\nname: !!str 芒市\nsupply: !!map {\"533103\": {beds: 1}}\n", file: "core.yaml")
        #expect(scenario.name == "芒市")
    }

    /// 21 × 20 = 420 points, over the limit of 400: the message says the limit and the count, not
    /// "found a mapping".
    @Test func sweepOverTheLimitSaysTheLimitAndTheCount() {
        let a = (0..<21).map(String.init).joined(separator: ", ")
        let b = (0..<20).map(String.init).joined(separator: ", ")
        let yaml = """
            carecap: 1
            supply: {"533103": {beds: 1}}
            sweep:
              - { parameter: population.migration.net_rate_per_1000, values: [\(a)] }
              - { parameter: population.fertility.tfr, values: [\(b)] }

            """
        #expect {
            try ScenarioLoader.load(text: yaml, file: "sweep.yaml")
        } throws: { error in
            guard let error = error as? ScenarioError else { return false }
            return error.keyPath == "sweep" && error.line == 4
                && error.message == "expected at most 400 sweep points, found 420 (21 × 20 values)"
        }
    }
}
