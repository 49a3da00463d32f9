import Foundation
import Planning
import Yams

/// Reads and validates a scenario file (DESIGN.md "Scenario file: the normative core").
public enum ScenarioLoader {
    static let topLevelKeys = ["carecap", "name", "description", "rules", "overrides", "as_of", "population",
                               "districts", "supply", "demand", "workforce", "uncertainty", "variants", "sweep",
                               "outputs", "siting"]

    /// Loads the scenario, or one of its variants (a name from `variants:` or a sweep point).
    public static func load(path: String, displayPath: String? = nil, variant: String? = nil) throws(ScenarioError) -> Scenario {
        var document = try YAMLDocument.load(path: path, displayPath: displayPath)
        if let variant {
            document = try applyVariant(variant, to: document)
        }
        var scenario = try build(document, folder: URL(fileURLWithPath: path).deletingLastPathComponent())
        scenario.variant = variant
        return scenario
    }

    static func applyVariant(_ name: String, to document: YAMLDocument) throws(ScenarioError) -> YAMLDocument {
        let reader = NodeReader(file: document.file)
        let top = try reader.fields(document.root, "", known: topLevelKeys)
        let variants = try ScenarioVariants.read(top, reader)
        guard let variant = variants.first(where: { $0.name == name }) else {
            let names = variants.map(\.name)
            throw ScenarioError(file: document.file, line: nil, column: nil, keyPath: "variants",
                                message: "no variant \"\(name)\"\(Suggestion.hint(for: name, among: names)); the scenario has: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
        }
        return YAMLDocument(file: document.file, text: document.text, root: ScenarioVariants.apply(variant.edits, to: document.root))
    }

    public static func load(text: String, file: String) throws(ScenarioError) -> Scenario {
        let document = try YAMLDocument.parse(text: text, file: file)
        return try build(document, folder: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    static func build(_ document: YAMLDocument, folder: URL) throws(ScenarioError) -> Scenario {
        let reader = NodeReader(file: document.file)
        let root = document.root
        guard case .mapping = root else {
            throw reader.expected("a mapping that starts with `carecap: 1`", root, "")
        }
        let top = try reader.fields(root, "", known: topLevelKeys, required: ["carecap"])

        let versionNode = top["carecap"]!
        let versions = Scenario.supportedVersions.map(String.init).joined(separator: ", ")
        let versionValue = try reader.number(versionNode, "carecap", what: "a schema version (\(versions))")
        guard let version = Int(exactly: versionValue), Scenario.supportedVersions.contains(version) else {
            throw reader.error(versionNode, "carecap",
                               "unsupported schema version \(NodeReader.describe(versionNode)); this carecap reads version \(versions)")
        }

        let name = try top["name"].map { n throws(ScenarioError) in try reader.text(n, "name") }
            ?? URL(fileURLWithPath: document.file).deletingPathExtension().lastPathComponent
        if let problem = OutputName.problemAsScenarioName(name) {
            throw top["name"].map { reader.error($0, "name", problem) }
                ?? reader.error(nil, "name", "\(problem) (the name comes from the file's name; give one with `name:`)")
        }
        let rules = try ruleBook(top, reader)
        let asOf = try top["as_of"].map { n throws(ScenarioError) in try reader.year(n, "as_of") }
        let supply = try top["supply"].map { n throws(ScenarioError) in try SupplyReader(reader: reader).areas(n, "supply") } ?? []
        let districts = try top["districts"].map { n throws(ScenarioError) in
            try DistrictReader(reader: reader, rules: rules).districts(n, "districts")
        } ?? []

        let population = try top["population"].map { n throws(ScenarioError) in
            try PopulationReader(reader: reader, folder: folder).section(n, "population")
        }
        let sections = RunSectionsReader(reader: reader)
        let uncertainty = try top["uncertainty"].map { n throws(ScenarioError) in try sections.uncertainty(n, "uncertainty") }
        let demand = try top["demand"].map { n throws(ScenarioError) in try sections.demand(n, "demand") } ?? DemandSection()
        let workforce = try top["workforce"].map { n throws(ScenarioError) in try sections.workforce(n, "workforce") } ?? WorkforceSection()
        let variants = try ScenarioVariants.read(top, reader).map { variant in
            Scenario.VariantSummary(name: variant.name, edits: variant.edits.map { ($0.written, ScenarioVariants.flowText($0.value)) })
        }
        var outputFormats: [String]? = nil
        if let outputs = top["outputs"] {
            // The store (gpkg) is always written; naming it is allowed.
            let known = ["gpkg", "csv", "json", "xlsx", "html", "md"]
            outputFormats = []
            for (i, item) in try reader.list(outputs, "outputs", of: "output formats").enumerated() {
                let format = try reader.text(item, "outputs[\(i)]", what: "an output format")
                guard known.contains(format) else {
                    throw reader.expected("one of \(known.joined(separator: ", "))", item, "outputs[\(i)]",
                                          hint: Suggestion.hint(for: format, among: known))
                }
                outputFormats?.append(format)
            }
        }
        let siting = try top["siting"].map { n throws(ScenarioError) in
            var sitingReader = SitingReader(reader: reader, folder: folder)
            sitingReader.workforce = workforce
            return try sitingReader.section(n, "siting")
        }
        if top["districts"] == nil && top["supply"] == nil && population == nil && siting == nil {
            throw reader.error(root, "", "nothing to do: expected `districts`, `supply`, `population`, `siting` or more")
        }
        var scenario = Scenario(file: document.file, version: version, name: name, rules: rules, asOfYear: asOf,
                                population: population, districts: districts, supply: supply)
        scenario.uncertainty = uncertainty
        scenario.demand = demand
        scenario.workforce = workforce
        scenario.variants = variants
        scenario.outputs = outputFormats
        scenario.siting = siting
        scenario.text = document.text
        return scenario
    }

    static func ruleBook(_ top: Fields, _ reader: NodeReader) throws(ScenarioError) -> RuleBook {
        var book: RuleBook
        let presets = RuleCatalogue.presetIDs
        if let presetNode = top["rules"] {
            let id = try reader.text(presetNode, "rules", what: "a rule preset (\(presets.joined(separator: ", ")))")
            do {
                book = try RuleBook(preset: id)
            } catch {
                throw reader.error(presetNode, "rules",
                                   "unknown rule preset \"\(id)\"\(Suggestion.hint(for: id, among: presets)); expected one of: \(presets.joined(separator: ", "))")
            }
        } else {
            book = try! RuleBook(preset: "national")
        }
        guard let overrides = top["overrides"] else { return book }
        let ruleIDs = book.rules.map(\.id)
        for (ruleID, ruleKey, value) in try reader.entries(overrides, "overrides", what: "rule ids to parameters") {
            let rulePath = "overrides.\(ruleID)"
            guard let rule = book.rule(ruleID) else {
                throw reader.error(ruleKey, rulePath,
                                   "unknown rule \"\(ruleID)\"\(Suggestion.hint(for: ruleID, among: ruleIDs)); `carecap rules list` shows them")
            }
            let names = rule.parameters.map(\.name) + ["checked"]
            for (parameter, parameterKey, parameterValue) in try reader.entries(value, rulePath, what: "parameters to values") {
                let path = "\(rulePath).\(parameter)"
                if parameter == "checked" {
                    // Read first: inside `try!` a bad value would trap instead of being reported.
                    let checked = try reader.bool(parameterValue, path)
                    try! book.setChecked(rule: ruleID, checked)
                    continue
                }
                guard let definition = rule.parameter(parameter) else {
                    throw reader.error(parameterKey, path,
                                       "unknown parameter \"\(parameter)\" of rule \(ruleID)\(Suggestion.hint(for: parameter, among: names)); expected one of: \(names.joined(separator: ", "))")
                }
                let newValue = try parameterValueOf(definition, parameterValue, path, reader)
                try! book.override(rule: ruleID, parameter: parameter, with: newValue)
            }
        }
        return book
    }

    static func parameterValueOf(_ definition: RuleParameter, _ node: Node, _ path: String,
                                 _ reader: NodeReader) throws(ScenarioError) -> RuleParameter.Value
    {
        func scalar(_ node: Node, _ path: String) throws(ScenarioError) -> Double {
            if definition.unit == .share { return try reader.fraction(node, path) }
            if definition.unit == .year { return Double(try reader.year(node, path)) }
            if definition.integral {
                let value = try reader.number(node, path, what: "a whole number > 0 (\(definition.unit))")
                guard value > 0, value.rounded() == value, value <= Double(NodeReader.maximumCount) else {
                    throw reader.expected("a whole number > 0 (\(definition.unit))", node, path)
                }
                return value
            }
            return try reader.positive(node, path, unit: definition.unitText)
        }
        switch definition.value {
        case .scalar:
            return .scalar(try scalar(node, path))
        case .schedule:
            var steps: [RuleParameter.YearValue] = []
            for (key, keyNode, value) in try reader.entries(node, path, what: "years to values") {
                let year = try reader.year(key: key, keyNode, "\(path).\(key)")
                steps.append(.init(year, try scalar(value, "\(path).\(key)")))
            }
            guard !steps.isEmpty else { throw reader.expected("at least one year: value", node, path) }
            return .schedule(steps.sorted { $0.year < $1.year })
        }
    }
}
