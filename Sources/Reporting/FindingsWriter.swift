import Foundation
import Planning

/// Renders `carecap check` findings as a table, CSV, JSON or Markdown.
package struct FindingsWriter: Sendable {
    package enum Format: String, Sendable, CaseIterable {
        case table, csv, json, markdown
    }

    package let language: Language
    /// Rule ids to their Chinese names: a zh table names a rule in Chinese (the id stays in csv and json).
    package let ruleNames: [String: String]

    package init(language: Language = .zh, ruleNames: [String: String] = [:]) {
        self.language = language
        self.ruleNames = ruleNames
    }

    func ruleLabel(_ id: String) -> String { language == .zh ? ruleNames[id] ?? id : id }

    package func render(_ findings: [Finding], as format: Format, subjectNames: [String: String] = [:]) -> String {
        switch format {
        case .table: table(findings, subjectNames: subjectNames)
        case .csv: csv(findings)
        case .json: json(findings)
        case .markdown: markdown(findings, subjectNames: subjectNames)
        }
    }

    static let columns = ["subject", "kind", "rule", "metric", "required", "provided", "shortfall", "unit", "status", "source", "needs"]

    // MARK: CSV and JSON keep the order findings were made in, and raw numbers.

    package func csv(_ findings: [Finding]) -> String {
        // Through the one writer, typed: text cells guarded against formulas, numbers left as numbers.
        var w = CSVWriter(header: Self.columns)
        for f in findings {
            w.text(f.subject)
            w.text(f.kind.rawValue)
            w.text(f.rule)
            w.text(f.metric)
            // A not-assessed finding leaves what it lacks empty (never 0) and names the key in `needs`.
            func number(_ v: Double) { if v.isFinite { w.numeral(NumberFormatting.plain(v)) } else { w.text("") } }
            number(f.required)
            number(f.provided)
            number(f.shortfall)
            w.text(f.unitText)
            w.text(f.status.rawValue)
            w.text(f.source)
            w.text(f.needs ?? "")
            w.endRow()
        }
        return w.string
    }

    package func json(_ findings: [Finding]) -> String {
        var out = "{\n  \"findings\": ["
        for (i, f) in findings.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"subject\": \(JSONText.string(f.subject)), \"kind\": \(JSONText.string(f.kind.rawValue)), "
            out += "\"rule\": \(JSONText.string(f.rule)), \"metric\": \(JSONText.string(f.metric)), "
            func number(_ v: Double) -> String { v.isFinite ? NumberFormatting.plain(v) : "null" }
            out += "\"required\": \(number(f.required)), \"provided\": \(number(f.provided)), "
            out += "\"shortfall\": \(number(f.shortfall)), \"unit\": \(JSONText.string(f.unitText)), "
            out += "\"status\": \(JSONText.string(f.status.rawValue)), \"source\": \(JSONText.string(f.source))"
            if let needs = f.needs { out += ", \"needs\": \(JSONText.string(needs))" }
            if !f.responsibleUnits.isEmpty {
                out += ", \"responsible_units\": [\(f.responsibleUnits.map(JSONText.string).joined(separator: ", "))]"
            }
            out += "}"
        }
        out += findings.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    // MARK: Table and Markdown group by subject, subjects with a failure first, failures first within.

    struct Group {
        let subject: String
        let kind: Finding.Kind
        let findings: [Finding]
        var fails: Int { findings.filter { $0.status == .fail }.count }
    }

    func groups(_ findings: [Finding]) -> [Group] {
        var order: [String] = []
        var bySubject: [String: [Finding]] = [:]
        for f in findings {
            let key = "\(f.kind.rawValue)\u{0}\(f.subject)"
            if bySubject[key] == nil { order.append(key) }
            bySubject[key, default: []].append(f)
        }
        let groups = order.map { key -> Group in
            let items = bySubject[key]!
            let sorted = items.filter { $0.status == .fail } + items.filter { $0.status == .pass } + items.filter { $0.status == .notAssessed }
            return Group(subject: items[0].subject, kind: items[0].kind, findings: sorted)
        }
        return groups.filter { $0.fails > 0 } + groups.filter { $0.fails == 0 }
    }

    func heading(_ group: Group, _ names: [String: String]) -> String {
        let kind = Labels.text(group.kind.rawValue, prefix: "kind", language)
        let name = names["\(group.kind.rawValue):\(group.subject)"].map { " \($0)" } ?? ""
        let status = group.fails > 0 ? Labels.text("fail", language)
            : group.findings.allSatisfy { $0.status == .notAssessed } ? Labels.text("not_assessed", language) : Labels.text("pass", language)
        return "\(kind) \(group.subject)\(name) — \(status)"
    }

    func row(_ f: Finding) -> [String] {
        func number(_ v: Double) -> String { v.isFinite ? NumberFormatting.display(v, share: f.unit.isShare) : "—" }
        let status = f.needs.map { Labels.fill("not_assessed.needs", language, [$0]) } ?? Labels.text(f.status.rawValue, language)
        return [Labels.text(f.metric, prefix: "metric", language), ruleLabel(f.rule),
                number(f.required), f.needs == nil ? number(f.provided) : Labels.text("supply_basis.not_provided", language),
                f.status == .fail ? number(f.shortfall) : "",
                f.unit == .share ? "" : Labels.text(f.unitText, prefix: "unit", language),
                status]
    }

    var headers: [String] {
        ["metric", "rule", "required", "provided", "shortfall", "unit", "status"].map { Labels.text($0, language) }
    }

    package func summary(_ findings: [Finding]) -> String {
        let fails = findings.filter { $0.status == .fail }.count
        let unjudged = findings.filter { $0.status == .notAssessed }.count
        let failingSubjects = Set(findings.filter { $0.status == .fail }.map { "\($0.kind)\u{0}\($0.subject)" }).count
        let judged = findings.count - unjudged
        var text = String(format: Labels.text("summary", language), judged, judged - fails, fails, failingSubjects)
        if unjudged > 0 { text += Labels.fill("summary.not_assessed", language, [String(unjudged)]) }
        return text
    }

    package func table(_ findings: [Finding], subjectNames: [String: String] = [:]) -> String {
        let groups = groups(findings)
        let rows = groups.flatMap { $0.findings.map(row) }
        var widths = headers.map(DisplayWidth.of)
        for r in rows {
            for (i, cell) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) }
        }
        let numeric: Set<Int> = [2, 3, 4]
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                parts.append(DisplayWidth.pad(cell, to: widths[i], right: numeric.contains(i)))
            }
            var text = "  " + parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var out = ""
        for group in groups {
            out += heading(group, subjectNames) + "\n"
            out += line(headers) + "\n"
            for f in group.findings { out += line(row(f)) + "\n" }
            out += "\n"
        }
        out += summary(findings) + "\n"
        return out
    }

    package func markdown(_ findings: [Finding], subjectNames: [String: String] = [:]) -> String {
        var out = ""
        let columns = headers + [Labels.text("source", language)]
        for group in groups(findings) {
            out += "### \(MarkdownText.escape(heading(group, subjectNames)))\n\n"
            out += "| " + columns.joined(separator: " | ") + " |\n"
            out += "|" + columns.enumerated().map { [2, 3, 4].contains($0.offset) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
            for f in group.findings {
                let cells = row(f) + [f.source]
                out += "| " + cells.map(MarkdownText.escape).joined(separator: " | ") + " |\n"
            }
            out += "\n"
        }
        out += summary(findings) + "\n"
        return out
    }
}
