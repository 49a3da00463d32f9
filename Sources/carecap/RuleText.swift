import Planning
import Reporting
import Scenario

/// Plain-text renderings of the rule catalogue for `carecap rules`.
enum RuleText {
    static func hint(_ word: String, _ candidates: [String]) -> String {
        ScenarioSuggestion.hint(for: word, among: candidates)
    }

    static func value(_ parameter: RuleParameter) -> String {
        valueText(parameter.value)
    }

    static func list(_ book: RuleBook) -> String {
        let width = book.rules.map(\.id.count).max() ?? 0
        var out = "Rules under preset \(book.presetID) (✓ = checked by `carecap check`):\n"
        for rule in book.rules {
            let mark = rule.checked ? "✓" : " "
            let parameters = rule.parameters.map { "\($0.name)=\(value($0))" }.joined(separator: " ")
            out += "\(mark) \(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(rule.nameZH) / \(rule.nameEN)\n"
            out += "  \(String(repeating: " ", count: width))  \(parameters)\n"
        }
        return out
    }

    static func show(_ rule: RuleDefinition, preset: String) -> String {
        var out = "\(rule.id) — \(rule.nameZH) / \(rule.nameEN)\n"
        out += "preset:    \(preset)\n"
        out += "scope:     \(rule.scope.rawValue)\(rule.checked ? " (checked by `carecap check`)" : " (not checked under this preset)")\n"
        out += "status:    \(rule.status.rawValue)\n"
        out += "formula:   \(rule.formula)\n"
        out += "evaluated: \(rule.evaluatedBy.map(\.rawValue).joined(separator: ", "))\n"
        if !rule.responsibleUnits.isEmpty {
            out += "units:     \(rule.responsibleUnits.joined(separator: "、"))\n"
        }
        out += "parameters:\n"
        for p in rule.parameters {
            out += "  \(p.name) = \(value(p)) \(p.unit) (\(p.unit.zh)) — \(p.meaning)\n"
            for v in p.values {
                out += "    from \(v.date): \(NumberFormatting.plain(v.value)) — \(v.reference.text)\n"
            }
        }
        for reference in rule.seeAlso {
            out += "see also:  \(reference.text)\n"
        }
        if let note = rule.note { out += "note:      \(note)\n" }
        out += "file:      Sources/Planning/Rules/\(rule.file)\n"
        return out
    }

    static func presets() -> String {
        var out = "national — 国家标准 / national values (RULES.md)\n"
        for preset in RuleCatalogue.presets {
            out += "\n\(preset.id) — \(preset.nameZH) / \(preset.nameEN)\n  document: \(preset.document)\n"
            for change in preset.changes {
                var parts = change.parameters.keys.sorted().map { "\($0)=\(valueText(change.parameters[$0]!))" }
                if let checked = change.checked { parts.append(checked ? "checked" : "not checked") }
                if parts.isEmpty { parts.append("same numbers, plan's own source and units") }
                out += "  \(change.ruleID): \(parts.joined(separator: ", "))\(change.source.map { " — \($0)" } ?? "")\n"
            }
        }
        return out
    }

    static func valueText(_ value: RuleParameter.Value) -> String {
        switch value {
        case .scalar(let v): NumberFormatting.plain(v)
        case .schedule(let steps): "{" + steps.map { "\($0.year): \(NumberFormatting.plain($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
