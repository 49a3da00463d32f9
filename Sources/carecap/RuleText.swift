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

    /// One line per rule: checked mark, id, which command evaluates it under the preset, and the documents
    /// its values in force come from (a plan's rule out of force names the preset it belongs to).
    static func list(_ book: RuleBook) -> String {
        let width = book.rules.map(\.id.count).max() ?? 0
        let evaluations = book.rules.map(evaluation)
        let evaluationWidth = evaluations.map(\.count).max() ?? 0
        var out = "Rules under preset \(book.presetID) (✓ = checked by `carecap check`; evaluated by check, run, both, or catalogue only; document):\n"
        for (rule, evaluated) in zip(book.rules, evaluations) {
            let mark = book.isChecked(rule.id) ? "✓" : " "
            out += "\(mark) \(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  "
            out += "\(evaluated.padding(toLength: evaluationWidth, withPad: " ", startingAt: 0))  \(documents(rule))\n"
        }
        return out
    }

    /// "check", "run", "check and run", or "catalogue only", with why a plan's rule is not evaluated.
    static func evaluation(_ rule: RuleDefinition) -> String {
        if !rule.inForce, let owner = rule.localTo {
            // The plan's own preset, then any preset whose plan sets every parameter of the rule.
            let others = RuleCatalogue.presets.filter { p in p.id != owner && p.changes.contains { $0.ruleID == rule.id && !$0.values.isEmpty } }
            return "catalogue only (in force under \(([owner] + others.map(\.id)).joined(separator: ", ")))"
        }
        return rule.evaluationText
    }

    /// The distinct documents of the values in force, in order.
    static func documents(_ rule: RuleDefinition) -> String {
        var seen: [String] = []
        for p in rule.parameters { for r in p.references where !seen.contains(r.document) { seen.append(r.document) } }
        return seen.joined(separator: "; ")
    }

    static func show(_ rule: RuleDefinition, preset: String) -> String {
        var out = "\(rule.id) — \(rule.nameZH) / \(rule.nameEN)\n"
        out += "preset:    \(preset)\n"
        out += "scope:     \(rule.scope.rawValue)\(rule.inForce && rule.checked ? " (checked by `carecap check`)" : " (not checked under this preset)")\n"
        out += "status:    \(rule.status.rawValue)\n"
        out += "formula:   \(rule.formula)\n"
        out += "evaluated: \(evaluation(rule))\n"
        if let owner = rule.localTo { out += "plan:      \(owner) (a plan's rule, not a national standard)\n" }
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
