import Foundation
import Planning
import Results

/// 表5: every assumption with its source and the range explored.
extension ReportTables {
    // MARK: (e) assumptions

    /// One row per assumption: its central value, the P10 and P90 of the draws where it is drawn (two
    /// number cells, not a "P10-P90" text), the variants that change it, and its source. A share is shown
    /// as a percentage (55, not 0.55) with "%" as its unit.
    package func assumptions() -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("col.parameter"), .text), .init(t("col.value"), .auto), .init(t("col.unit"), .text),
            .init(t("col.basis"), .text), .init(t("col.range_p10"), .auto), .init(t("col.range_p90"), .auto),
            .init(t("col.range_note"), .text), .init(t("col.source"), .text),
        ]
        var rows: [[ReportTable.Cell]] = []
        // The population's central assumptions first: every figure below rests on them.
        for a in run.manifest.demography {
            // A described assumption, not a number: its words go in the notes column, the value column stays numeric.
            rows.append([.text(Labels.table["demography.\(a.topic)"].map { language == .zh ? $0.zh : $0.en } ?? a.topic), .missing,
                         .text(""), .text(t("basis.central")), .missing, .missing,
                         .text(language == .zh ? (a.valueZH ?? a.value) : a.value), .text(t("source.scenario_population"))])
        }
        func levelSD(_ name: RunManifest.UncertaintyComponent.Name) -> Double? {
            run.manifest.uncertainty.first { $0.name == name }?.sd
        }
        let oldPropensitySD = levelSD(.propensityLog)
        for p in run.manifest.demandParameters {
            let scale = p.unit.isShare ? 100.0 : 1.0
            var low: ReportTable.Cell = .missing, high: ReportTable.Cell = .missing
            // The level's spread: childcare enrolment and institutional care each have their own.
            let propensitySD = (p.name.contains("enrolment") ? levelSD(.enrolmentLog) : levelSD(.institutionalCareLog)) ?? oldPropensitySD ?? 0
            // Disability prevalence is not drawn; the share of the disabled in institutions moves with institutional care.
            if p.basis == .propensity && propensitySD > 0 && p.name.hasPrefix("propensity.") && !p.name.hasPrefix("propensity.disability_") {
                // A log-normal level: P10 and P90 are the central value divided and multiplied by exp(1.2816 sd).
                let f = exp(1.2816 * propensitySD)
                low = .number(scale * p.value / f)
                high = .number(scale * p.value * f)
            }
            var variants: [String] = []
            let short = p.name.components(separatedBy: ".").last ?? p.name
            for v in run.variants {
                if v.text.contains(p.name) || (short.hasPrefix("enrolment") && v.text.contains("enrolment")) {
                    variants.append("\(v.name): \(v.text)")
                }
            }
            let rule = String(p.name.prefix { $0 != "." })
            rows.append([.text(parameterLabel(p.name)), .number(scale * p.value), .text(unitLabel(p.unit)), .text(t("basis.\(p.basis.rawValue)")),
                         low, high, variants.isEmpty ? .text("") : .code(variants.joined(separator: "; ")), .text(sourceText(rule: rule, fallback: p.source))])
        }
        for c in run.manifest.uncertainty where c.sd > 0 {
            rows.append([.text(t("uncertainty.\(c.name.rawValue)")), .number(c.sd), .text(t("unit.sd")), .text(t("basis.draws")),
                         .missing, .missing, .text(tf("range.component", run.draws, Self.short(c.shared), Self.short(c.persistence))),
                         .text(t("source.scenario_uncertainty"))])
        }
        for v in run.variants where !rows.contains(where: { if case .code(let s) = $0[6] { return s.contains(v.name + ":") } else { return false } }) {
            rows.append([.text(tf("variant.row", v.name)), .missing, .text(""), .text(t("basis.variant")),
                         .missing, .missing, .code(v.text), .text(t("source.scenario_variants"))])
        }
        var table = ReportTable(key: "e-assumptions", title: t("table.e"), sheetName: t("sheet.e"), columns: columns, rows: rows)
        table.notes = [t("note.assumptions"), t("note.dash")]
        return table
    }

    func parameterLabel(_ name: String) -> String {
        // The parameter's id stays beside its name so that a reader finds it in the rule file.
        if let entry = Labels.table["param.\(name)"] { return language == .zh ? "\(entry.zh)（\(name)）" : "\(entry.en) (\(name))" }
        return name
    }

    /// `{ a: { b: 1 } }` → `a: { b: 1 }`: the outer braces of a variant's edits only.
    static func unbrace(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("{"), t.hasSuffix("}") else { return t }
        return String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
    }

    static func short(_ v: Double) -> String {
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
