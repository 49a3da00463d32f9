import Foundation
import Testing
@testable import Scenario

/// A variant or sweep point name that cannot be a folder name, and where its error must point.
struct BadOutputName: Sendable, CustomTestStringConvertible {
    let name: String
    /// The YAML of the `variants:` entries or the `sweep:` section, after `carecap: 1` and `districts: []`.
    let yaml: String
    let line: Int
    let column: Int
    let path: String
    let fragment: String

    var testDescription: String { name }
}

/// Variant names become folder names under `run --all-variants`; each of these was written (or
/// overwrote something) before the check, or was refused only after earlier variants were written.
/// Lines count from `carecap: 1` (line 1), `districts: []` (2), `variants:` or `sweep:` (3); a key
/// indented by two spaces is at column 3.
let badOutputNames: [BadOutputName] = [
    // Written as the variant's folder, then overwritten by the comparison table of the same name.
    BadOutputName(name: "comparison.csv", yaml: "variants:\n  comparison.csv: { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.comparison.csv", fragment: "name of a file the run writes"),
    BadOutputName(name: "manifest.JSON (case-insensitive)", yaml: "variants:\n  manifest.JSON: { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.manifest.JSON", fragment: "name of a file the run writes"),
    BadOutputName(name: "results.gpkg", yaml: "variants:\n  results.gpkg: { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.results.gpkg", fragment: "name of a file the run writes"),
    BadOutputName(name: "..", yaml: "variants:\n  \"..\": { as_of: 2025 }", line: 4, column: 3,
                  path: "variants...", fragment: "\"..\" is not a folder name"),
    BadOutputName(name: ".", yaml: "variants:\n  \".\": { as_of: 2025 }", line: 4, column: 3,
                  path: "variants..", fragment: "\".\" is not a folder name"),
    BadOutputName(name: "empty", yaml: "variants:\n  \"\": { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.", fragment: "expected a non-empty name"),
    BadOutputName(name: "base", yaml: "variants:\n  base: { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.base", fragment: "base scenario's folder"),
    BadOutputName(name: "Base (case-insensitive)", yaml: "variants:\n  Base: { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.Base", fragment: "base scenario's folder"),
    BadOutputName(name: "slash", yaml: "variants:\n  a/b: { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.a/b", fragment: "cannot contain \"/\""),
    BadOutputName(name: "backslash", yaml: "variants:\n  'a\\b': { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.a\\b", fragment: "cannot contain \"/\" or \"\\\""),
    BadOutputName(name: "leading dot", yaml: "variants:\n  .hidden: { as_of: 2025 }", line: 4, column: 3,
                  path: "variants..hidden", fragment: "starting with \".\""),
    BadOutputName(name: "NUL", yaml: "variants:\n  \"a\\0b\": { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.a\u{0}b", fragment: "NUL"),
    BadOutputName(name: "line break", yaml: "variants:\n  \"a\\nb\": { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.a\nb", fragment: "control characters"),
    // 70 three-byte characters: 210 bytes, past the 200 a folder name may take with its temporary suffix.
    BadOutputName(name: "too long", yaml: "variants:\n  \(String(repeating: "德", count: 70)): { as_of: 2025 }", line: 4, column: 3,
                  path: "variants.\(String(repeating: "德", count: 70))", fragment: "at most 200 bytes, found 210"),
    // The second maps to the folder of the first: " " is written as "_", and case is ignored.
    BadOutputName(name: "two variants, one folder", yaml: "variants:\n  low fertility: { as_of: 2025 }\n  Low_Fertility: { as_of: 2024 }",
                  line: 5, column: 3, path: "variants.Low_Fertility", fragment: "would be written to the folder \"Low_Fertility\", as \"low fertility\" is"),
    // Sweep points are named `parameter=value`: a repeated value repeats the name.
    BadOutputName(name: "sweep with a repeated value", yaml: "sweep: { parameter: as_of, values: [2024, 2025, 2024] }",
                  line: 3, column: 49, path: "sweep.values[2]", fragment: "would be written to the folder \"as_of=2024\""),
    // A sweep point's name with a path separator: the value is the text "a/b".
    BadOutputName(name: "sweep value with a slash", yaml: "sweep:\n  - { parameter: rules, values: [national, \"a/b\"] }",
                  line: 4, column: 44, path: "sweep[0].values[1]", fragment: "cannot contain \"/\""),
    // A sweep point that collides with a named variant's folder.
    BadOutputName(name: "sweep point named like a variant", yaml: "variants:\n  as_of=2024: { as_of: 2023 }\nsweep: { parameter: as_of, values: [2024] }",
                  line: 5, column: 37, path: "sweep.values[0]", fragment: "as \"as_of=2024\" is"),
]

@Suite struct OutputNameTests {
    @Test("a variant name that cannot be a folder is an error at load, at its line", arguments: badOutputNames)
    func variantNamesThatCannotBeFoldersAreErrorsAtLoad(_ c: BadOutputName) {
        let yaml = "carecap: 1\ndistricts: []\n" + c.yaml + "\n"
        do {
            let scenario = try ScenarioLoader.load(text: yaml, file: "names.yaml")
            Issue.record("loaded with variants \(scenario.variantNames); expected an error containing \(c.fragment)")
        } catch {
            #expect(error.file == "names.yaml")
            #expect(error.line == c.line, "\(error)")
            #expect(error.column == c.column, "\(error)")
            #expect(error.keyPath == c.path, "\(error)")
            #expect(error.message.contains(c.fragment), "\(error)")
        }
    }

    @Test func loadingOneVariantChecksEveryName() {
        // `--variant good` reads the variants too: the bad name is refused even when another is asked for.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-names-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml").path
        try? "carecap: 1\ndistricts: []\nvariants:\n  good: { as_of: 2024 }\n  \"..\": { as_of: 2025 }\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: file, variant: "good") }
    }

    @Test("the scenario's name that would leave Results/ is an error at its line",
          arguments: [("..", "\"..\" is not a folder name"), (".", "\".\" is not a folder name"),
                      (".hidden", "starting with \".\""), ("\"a\\0\"", "NUL")])
    func scenarioNameOutsideResultsIsAnError(_ written: String, _ fragment: String) {
        let yaml = "carecap: 1\nname: \(written)\ndistricts: []\n"
        do {
            _ = try ScenarioLoader.load(text: yaml, file: "named.yaml")
            Issue.record("loaded name \(written); expected an error")
        } catch {
            // `name:` is on line 2; its value starts at column 7.
            #expect(error.line == 2 && error.column == 7 && error.keyPath == "name", "\(error)")
            #expect(error.message.contains(fragment) && error.message.contains("Results/<name>/"), "\(error)")
        }
    }

    @Test func scenarioNameFromAHiddenFileIsAnError() {
        // No `name:`: the file's name without its extension, ".hidden", would name a hidden folder.
        #expect {
            try ScenarioLoader.load(text: "carecap: 1\ndistricts: []\n", file: ".hidden.yaml")
        } throws: { error in
            let error = error as? ScenarioError
            return error?.keyPath == "name" && error?.line == nil && (error?.message.contains("give one with `name:`") ?? false)
        }
    }

    @Test func titlesWithSlashesAndSpacesStillNameAFolder() throws {
        // A title is not a path: "/" and " " are written as "_" in Results/<name>/.
        let scenario = try ScenarioLoader.load(text: "carecap: 1\nname: 德宏州 2022/2035\ndistricts: []\n", file: "t.yaml")
        #expect(OutputName.scenarioFolderName(scenario.name) == "德宏州_2022_2035")
        #expect(OutputName.folderName("low fertility") == "low_fertility" && OutputName.folderName(nil) == "base")
    }

    @Test func sweepPointsOfMappingsHaveDistinctNames() throws {
        // Before, each mapping value was named "a mapping", so two points shared one folder.
        let scenario = try ScenarioLoader.load(text: """
            carecap: 1
            districts: []
            sweep: { parameter: overrides.nursery-slots-per-1000, values: [{ slots_per_1000: 5 }, { slots_per_1000: 6 }] }
            """, file: "sweep.yaml")
        #expect(scenario.variantNames == ["overrides.nursery-slots-per-1000={ slots_per_1000: 5 }",
                                          "overrides.nursery-slots-per-1000={ slots_per_1000: 6 }"])
    }
}
