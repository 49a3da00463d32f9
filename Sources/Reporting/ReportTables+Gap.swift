import Foundation
import Planning
import Results

/// 表3: the supply-demand gap per measure and target year, on both bases side by side.
extension ReportTables {
    // MARK: (c) gap

    /// Whether the run has more than one draw, so that P10 and P90 differ from the median and get columns.
    var hasRange: Bool { run.draws > 1 }

    /// Per measure and target year: supply now and planned, then demand (P50, P10, P90) and gap on the
    /// standard basis (what the rules require) and on the observed-use basis (what people are expected
    /// to use), then what the supply rests on. The two bases are two quantities: each keeps its own name.
    package func gap(area: String) -> ReportTable {
        var columns: [ReportTable.Column] = [
            .init(t("col.measure"), .text), .init(t("col.unit"), .text), .init(t("col.target_year"), .year),
            .init(tf("col.current_supply", run.baseYear), .integer), .init(t("col.planned_supply"), .integer),
        ]
        for basis in ["standard", "use"] {
            columns.append(.init(t("col.\(basis)_demand"), .integer))
            if hasRange {
                columns.append(.init(t("col.\(basis)_demand_p10"), .integer))
                columns.append(.init(t("col.\(basis)_demand_p90"), .integer))
            }
            columns.append(.init(t("col.\(basis)_gap"), .integer))
        }
        columns.append(.init(t("col.supply_basis"), .text))
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        let notProvided = ReportTable.Cell.text(t("supply_basis.not_provided"))
        for m in run.requiredMeasures {
            let known = declared(area, m)
            for y in run.keyYears {
                guard let standard = run.demand.value(area, y, m, .standard) else { continue }
                let use = run.demand.value(area, y, m, .propensity)
                var row: [ReportTable.Cell] = [.text(measureName(m)), .text(unitName(m)), .number(Double(y))]
                row.append(known ? (run.supply.p50(area, run.baseYear, m, .planned).map { .number($0) } ?? .missing) : notProvided)
                row.append(known ? (run.supply.p50(area, y, m, .planned).map { .number($0) } ?? .missing) : notProvided)
                for (demand, basis) in [(standard as Quantiles?, ResultBasis.standard), (use, .propensity)] {
                    row.append(demand.map { .number($0.p50) } ?? .missing)
                    if hasRange {
                        row.append(demand.map { .number($0.p10) } ?? .missing)
                        row.append(demand.map { .number($0.p90) } ?? .missing)
                    }
                    // No supply given: the gap is unknown, not the whole demand and not zero.
                    row.append(known ? (run.shortfall.p50(area, y, m, basis).map { .number($0) } ?? .missing) : notProvided)
                }
                row.append(.text(t("supply_basis.\((run.supplyBasis(area, m) ?? .notProvided).rawValue)")))
                if known, let g = run.shortfall.p50(area, y, m, .standard), g > 0.5 { emphasized.insert(rows.count) }
                rows.append(row)
            }
        }
        var table = ReportTable(key: "c-gap", title: "\(t("table.c")) — \(run.areaName(area, language))",
                                sheetName: t("sheet.c"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.gap_bases"), hasRange ? t("note.gap_range") : t("note.gap_deterministic"), t("note.dash"),
                       t("note.earliest_level")]
        // The rule each measure's standard-basis demand applies, named once here rather than on every row.
        let ruled = run.requiredMeasures.compactMap { m in run.rule(of: m).map { "\(measureName(m)) — \(ruleName($0.id))" } }
        if !ruled.isEmpty { table.notes.append(tf("note.gap_rules", ruled.joined(separator: language == .zh ? "；" : "; "))) }
        if let note = notRequiredNote() { table.notes.append(note) }
        if run.requiredMeasures.contains(where: { run.supplyBasis(area, $0) == .assumption }) { table.notes.append(t("note.supply_basis")) }
        return table
    }

    /// The note naming the measures this run requires nothing of (`RunResult.measuresNotRequired`), with the
    /// rule each lacks; nil when every measure has a standard.
    func notRequiredNote() -> String? {
        let names = run.measuresNotRequired.map { m in run.rule(of: m).map { language == .zh ? "\(measureName(m))（\(ruleName($0.id))）" : "\(measureName(m)) (\(ruleName($0.id)))" } ?? measureName(m) }
        guard !names.isEmpty else { return nil }
        return tf("note.not_required", names.joined(separator: language == .zh ? "、" : ", "))
    }

    func ruleName(_ id: String) -> String {
        guard let rule = rules?.rule(id) else { return id }
        if idsHidden { return language == .zh ? rule.nameZH : rule.nameEN }
        return language == .zh ? "\(rule.nameZH)（\(id)）" : "\(rule.nameEN) (\(id))"
    }

    /// 约束性 / 预期性 as the rule file states it (`status:`); a conversion default or secondary source is
    /// 参考性. A rule the rule book does not hold falls back on the findings' nature.
    func ruleStatus(_ id: String) -> RuleStatus? {
        if let rule = rules?.rule(id) { return rule.status }
        switch run.findings.first(where: { $0.rule == id })?.nature {
        case .binding: return .binding
        case .expected: return .expected
        default: return nil
        }
    }

    func responsible(_ id: String) -> String {
        guard let units = rules?.rule(id)?.responsibleUnits, !units.isEmpty else { return "" }
        return units.joined(separator: language == .zh ? "、" : ", ")
    }

    /// A rule's source in the report's language: the documents' own titles, numbers and clauses in both
    /// languages (a Chinese title stays Chinese in English); the quotes and explanatory notes, written in
    /// English in the rule files, only in English, except quotes that are the document's own Chinese words.
    /// `fallback` (the finding's or parameter's stored source) serves where the rule book lacks the rule.
    func sourceText(rule id: String, fallback: String) -> String {
        guard language == .zh else { return fallback }
        guard let rule = rules?.rule(id), !rule.references.isEmpty else { return Self.chineseHead(fallback) }
        return rule.references.map { r in
            let head = [r.document, r.number, r.clause].compactMap { $0 }.joined(separator: " ")
            guard let quote = r.quote, !ZHText.hasEnglishRun(quote) else { return head }
            return "\(head)（“\(quote)”）"
        }.joined(separator: "；")
    }

    /// A stored source cut before its first English parenthesis: "文件 条款 (note)" → "文件 条款".
    static func chineseHead(_ text: String) -> String {
        guard ZHText.hasEnglishRun(text) else { return text }
        let parts = text.components(separatedBy: "; ").map { part -> String in
            let head = part.components(separatedBy: " (").first ?? part
            return ZHText.hasEnglishRun(head) ? "" : head
        }.filter { !$0.isEmpty }
        return parts.joined(separator: "；")
    }
}

/// The test a Chinese report's text must pass: no English sentence. An English sentence is taken to be
/// a run of three or more ASCII words (letters, with digits, hyphens, apostrophes inside) separated by
/// spaces or simple punctuation only; identifiers (`nursery-slots-per-1000`, `P10`), units (`m²`) and
/// codes are single tokens and never make a run on their own.
package enum ZHText {
    package static func englishRuns(_ text: String, minimumWords: Int = 3) -> [String] {
        var runs: [String] = []
        var words: [String] = []
        var word = ""
        func endWord() {
            // A word has a letter: numbers, codes and dates (2035, 533102) are not words of a sentence.
            if word.contains(where: { $0.isASCII && $0.isLetter }) { words.append(word) } else if !word.isEmpty { endRun() }
            word = ""
        }
        func endRun() {
            if words.count >= minimumWords { runs.append(words.joined(separator: " ")) }
            words = []
        }
        for ch in text {
            if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "-" || ch == "'" || ch == "_" || ch == "." || ch == "/") {
                word.append(ch)
            } else if ch == " " || ch == "," || ch == ";" || ch == ":" {
                endWord()
            } else {
                endWord()
                endRun()
            }
        }
        endWord()
        endRun()
        return runs
    }

    package static func hasEnglishRun(_ text: String) -> Bool { !englishRuns(text).isEmpty }
}
