/// A name that becomes a folder on disk: a variant's or sweep point's folder under `run --all-variants`,
/// and the scenario's `name` in the default path `Results/<name>/<run id>`. Checked when the scenario is
/// loaded, so a name that would escape the results folder, hide itself, or land on one of the run's own
/// files is refused before anything is projected or written.
package enum OutputName {
    /// The folder of the base scenario beside its variants.
    package static let baseFolder = "base"

    /// Files a run folder or a folder of variants holds (compared case-insensitively, as macOS and
    /// Windows file systems do). Reporting's views write these names; a test keeps the two lists equal.
    package static let reservedFileNames: Set<String> = {
        var names: Set<String> = ["results.gpkg", "manifest.json", "report.html", "report.xlsx", "report.md",
                                  "comparison.csv", "comparison-report.csv", "results.gpkg-journal",
                                  "results.gpkg-wal", "results.gpkg-shm"]
        for table in ["population", "demand", "supply", "shortfall", "pyramid", "population_detail", "findings"] {
            names.insert("\(table).csv")
            names.insert("\(table).json")
        }
        return names
    }()

    /// Characters a folder name cannot hold on Windows or that a shell quotes: written as `_`.
    static let replacedCharacters: Set<Character> = [":", "*", "?", "\"", "<", ">", "|", " "]

    /// Longest folder name in UTF-8 bytes: file systems allow 255, and the temporary name
    /// `.NAME.partial-PID` adds up to 30.
    package static let maximumBytes = 200

    /// The folder a variant (or the base, nil) is written to under `--all-variants`.
    package static func folderName(_ variant: String?) -> String {
        guard let variant else { return baseFolder }
        return String(variant.map { replacedCharacters.contains($0) ? "_" : $0 })
    }

    /// The folder of the scenario's name under `Results/`: path separators too are written as `_`, since
    /// the name is a title first (`德宏州 2022/2035`).
    package static func scenarioFolderName(_ name: String) -> String {
        String(name.map { replacedCharacters.contains($0) || $0 == "/" || $0 == "\\" ? "_" : $0 })
    }

    /// Why `name` cannot be a variant's folder name, or nil when it can.
    package static func problemAsVariant(_ name: String) -> String? {
        if name.contains("/") || name.contains("\\") {
            return "a variant name becomes a folder name and cannot contain \"/\" or \"\\\""
        }
        if let problem = problemAsFolder(name) { return problem }
        let folder = folderName(name).lowercased()
        if folder == baseFolder {
            return "\"\(baseFolder)\" is the base scenario's folder beside the variants; choose another name"
        }
        if reservedFileNames.contains(folder) {
            return "\"\(name)\" is the name of a file the run writes beside or inside the variants' folders; choose another name"
        }
        return nil
    }

    /// Why `name` cannot name the scenario's folder in `Results/`, or nil when it can.
    package static func problemAsScenarioName(_ name: String) -> String? {
        problemAsFolder(scenarioFolderName(name)).map { "the name is the results folder's name (Results/<name>/): \($0)" }
    }

    /// The name as a message shows it: control characters escaped, at most 60 characters.
    package static func visible(_ name: String) -> String {
        let escaped = name.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return escaped.count > 60 ? escaped.prefix(60) + "…" : escaped
    }

    private static func problemAsFolder(_ name: String) -> String? {
        if name.isEmpty { return "expected a non-empty name" }
        if name.contains("\u{0}") { return "a name cannot contain the NUL character" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "a name cannot contain control characters (line breaks, tabs)"
        }
        if name == "." || name == ".." { return "\"\(name)\" is not a folder name" }
        if name.hasPrefix(".") { return "a name starting with \".\" makes a hidden folder (and carecap's temporary folders start with \".\"); choose a name that starts with a letter or digit" }
        if name.utf8.count > maximumBytes {
            return "expected a name of at most \(maximumBytes) bytes, found \(name.utf8.count) bytes"
        }
        return nil
    }
}
