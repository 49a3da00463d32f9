import Foundation

/// The rule catalogue as loaded from the rule files shipped with Planning (Sources/Planning/Rules/
/// catalogue and presets, SwiftPM resources): rules in index order, their groups, and the presets.
public struct RuleCatalogueFiles: Sendable {
    public let rules: [RuleDefinition]
    public let groups: [RuleGroup]
    public let presets: [RulePreset]

    /// A file's path as errors name it and its text.
    public typealias File = (path: String, text: String)

    /// Parses and cross-checks every file: schema, duplicate ids, index against files both ways,
    /// presets against the rules they change.
    public static func parse(index: File, rules ruleFiles: [File], presets presetFiles: [File]) throws(RuleFileError) -> RuleCatalogueFiles {
        var byID: [String: RuleDefinition] = [:]
        for file in ruleFiles {
            let rule = try RuleFileSchema.rule(file.text, file: file.path)
            if let first = byID[rule.id] {
                throw RuleFileError(file: file.path, line: 1, column: 1,
                                    message: "duplicate rule id \"\(rule.id)\", first defined in \(first.file)")
            }
            byID[rule.id] = rule
        }
        let indexed = try RuleFileSchema.index(index.text, file: index.path)
        let reader = RuleFileReader(file: index.path)
        var ordered: [RuleDefinition] = []
        var listed: Set<String> = []
        for (_, idNodes) in indexed {
            for (id, node) in idNodes {
                guard listed.insert(id).inserted else { throw reader.error(node, "rule \"\(id)\" listed twice") }
                guard let rule = byID[id] else { throw reader.error(node, "rule \"\(id)\" is listed but has no file \(id).yaml") }
                ordered.append(rule)
            }
        }
        for file in ruleFiles {
            let rule = byID.values.first { $0.file == file.path }!
            guard listed.contains(rule.id) else {
                throw RuleFileError(file: file.path, line: 1, column: 1,
                                    message: "rule \"\(rule.id)\" is not listed in \(index.path)")
            }
        }
        var presets: [RulePreset] = []
        for file in presetFiles {
            let preset = try RuleFileSchema.preset(file.text, file: file.path, catalogue: ordered)
            if let first = presets.first(where: { $0.id == preset.id }) {
                throw RuleFileError(file: file.path, line: 1, column: 1,
                                    message: "duplicate preset id \"\(preset.id)\", first defined in \(first.file)")
            }
            presets.append(preset)
        }
        try checkAttribution(ordered, presets: presets)
        return RuleCatalogueFiles(rules: ordered, groups: indexed.map(\.group), presets: presets)
    }

    /// Every rule's values come from the document that sets them: a local rule's (`local_to`) from its
    /// preset's plan, a national rule's from no jurisdiction's plan (a plan's number is not a national one).
    static func checkAttribution(_ rules: [RuleDefinition], presets: [RulePreset]) throws(RuleFileError) {
        let plans = Dictionary(presets.map { ($0.plan.document, $0.id) }, uniquingKeysWith: { first, _ in first })
        for rule in rules {
            let values = rule.parameters.flatMap { p in p.values.map { (p.name, $0) } }
            if let owner = rule.localTo {
                guard let preset = presets.first(where: { $0.id == owner }) else {
                    throw RuleFileError(file: rule.file, line: 1, column: 1,
                                        message: "local_to: unknown preset \"\(owner)\"; expected one of: \(presets.map(\.id).joined(separator: ", "))")
                }
                if let (name, v) = values.first(where: { $0.1.reference.document != preset.plan.document }) {
                    throw RuleFileError(file: rule.file, line: 1, column: 1,
                                        message: "parameters.\(name) on \(v.date) cites \"\(v.reference.document)\"; a rule local_to \(owner) takes its values from \"\(preset.plan.document)\"")
                }
            } else if let (name, v) = values.first(where: { plans[$0.1.reference.document] != nil }) {
                throw RuleFileError(file: rule.file, line: 1, column: 1,
                                    message: "parameters.\(name) on \(v.date) cites the plan of \(plans[v.reference.document]!), not a national document; add local_to: \(plans[v.reference.document]!)")
            }
        }
    }

    /// Reads `catalogue/` and `presets/` under a folder; paths in errors are relative to it.
    public static func load(from folder: URL) throws(RuleFileError) -> RuleCatalogueFiles {
        func read(_ sub: String) throws(RuleFileError) -> [File] {
            let dir = folder.appendingPathComponent(sub)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
            } catch {
                throw RuleFileError(file: sub, line: 0, column: 0, message: "cannot read the folder: \(error.localizedDescription)")
            }
            var files: [File] = []
            for name in names {
                let path = "\(sub)/\(name)"
                guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path),
                      let text = String(data: data, encoding: .utf8)
                else { throw RuleFileError(file: path, line: 0, column: 0, message: "cannot read the file as UTF-8") }
                files.append((path, text))
            }
            return files
        }
        let catalogue = try read("catalogue")
        guard let index = catalogue.first(where: { $0.path == "catalogue/index.yaml" }) else {
            throw RuleFileError(file: "catalogue/index.yaml", line: 0, column: 0, message: "the catalogue index is missing")
        }
        return try parse(index: index, rules: catalogue.filter { $0.path != index.path }, presets: try read("presets"))
    }

    /// The folder holding the shipped rule files (the Planning module's resources).
    public static var shippedFolder: URL? { Bundle.module.resourceURL }
}

/// The shipped catalogue and its presets, loaded once.
public enum RuleCatalogue {
    /// The shipped files, loaded on first use, or the first error in them (file, line, column and
    /// key). A shipped file that breaks the schema is a build defect the tests catch; the command
    /// line still reports it as bad input (exit 2) rather than trapping.
    public static let loaded: Result<RuleCatalogueFiles, RuleFileError> = load(from: RuleCatalogueFiles.shippedFolder)

    /// Loads a catalogue folder without throwing; nil folder: the resources were not found.
    static func load(from folder: URL?) -> Result<RuleCatalogueFiles, RuleFileError> {
        guard let folder else {
            return .failure(RuleFileError(file: "Planning resources", line: 0, column: 0,
                                          message: "the rule files are not installed beside the program"))
        }
        do {
            return .success(try RuleCatalogueFiles.load(from: folder))
        } catch {
            return .failure(error)
        }
    }

    /// The shipped catalogue; empty when `loaded` failed (commands check `loaded` first).
    public static var shipped: RuleCatalogueFiles {
        (try? loaded.get()) ?? RuleCatalogueFiles(rules: [], groups: [], presets: [])
    }

    /// Every rule with its catalogue values (the `national` preset), in the index's order.
    public static var nationalRules: [RuleDefinition] { shipped.rules }
    public static var groups: [RuleGroup] { shipped.groups }
    /// Jurisdiction presets: each sets what its plan sets on top of the catalogue values.
    public static var presets: [RulePreset] { shipped.presets }

    /// Every preset id, national first.
    public static var presetIDs: [String] { ["national"] + presets.map(\.id) }

    public static func preset(_ id: String) -> RulePreset? {
        presets.first { $0.id == id }
    }

    public static func nationalRule(_ id: String) -> RuleDefinition? {
        nationalRules.first { $0.id == id }
    }
}
