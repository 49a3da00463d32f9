import Foundation
import Results

/// Headline differences between runs (or variants of one run): each measure's total shortfall (P50, both
/// bases) in the last year both runs judge, and each plan target's probability of being met.
package struct RunComparison {
    package struct Line: Sendable {
        package let label: String
        package let unit: String
        package let values: [Double?]
    }

    package let names: [String]
    package let year: Int
    package let lines: [Line]
    package let language: Language

    package init(runs: [(name: String, run: RunResult)], language: Language) {
        self.language = language
        names = runs.map(\.name)
        let common = runs.map { Set($0.run.keyYears) }.reduce(Set(runs.first?.run.keyYears ?? [])) { $0.intersection($1) }
        year = common.max() ?? runs.map(\.run.horizon).min() ?? 0
        var lines: [Line] = []
        let y = year
        for measure in ResultMeasure.capacity {
            for basis in [ResultBasis.standard, .propensity] {
                let label = Labels.text("measure.\(measure.rawValue)", language) + "（" + Labels.text("basis.\(basis.rawValue)", language) + "）"
                let unit = Labels.text("unitname.\(ReportTables.unitKey(measure.unit))", language)
                lines.append(Line(label: language == .zh ? label : label.replacingOccurrences(of: "（", with: " (").replacingOccurrences(of: "）", with: ")"),
                                  unit: unit, values: runs.map { $0.run.shortfall.p50(RunResult.totalArea, y, measure, basis) }))
            }
        }
        var targets: [(String, String, Int)] = []
        for r in runs {
            for f in r.run.findings where f.kind == .program && !targets.contains(where: { $0 == (f.rule, f.metric, f.year) }) {
                targets.append((f.rule, f.metric, f.year))
            }
        }
        let tables = runs.first.map { ReportTables(run: $0.run, language: language) }
        for (rule, metric, year) in targets {
            let label = "\(Labels.text("compare.target", language)) \(tables?.metricLabel(metric) ?? metric) \(year) (\(rule))"
            lines.append(Line(label: label, unit: "P(met) %", values: runs.map { r in
                r.run.findings.first { $0.kind == .program && $0.rule == rule && $0.metric == metric && $0.year == year }
                    .map { 100 * $0.probabilityMet }
            }))
        }
        self.lines = lines
    }

    package var csv: String {
        // Run names come from folder and variant names: text cells, guarded; the values are numbers.
        var w = CSVWriter(header: ["item", "unit"] + names + (names.count == 2 ? ["difference"] : []))
        for l in lines {
            w.text(l.label)
            w.text(l.unit)
            for value in l.values { w.number(value ?? .nan, decimals: 2) }
            if names.count == 2 { w.number(difference(l) ?? .nan, decimals: 2) }
            w.endRow()
        }
        return w.string
    }

    func difference(_ l: Line) -> Double? {
        guard l.values.count == 2, let a = l.values[0], let b = l.values[1] else { return nil }
        return b - a
    }

    package var text: String {
        var header = [Labels.text("col.measure", language), Labels.text("col.unit", language)] + names
        if names.count == 2 { header.append(Labels.text("compare.difference", language)) }
        var rows: [[String]] = []
        for l in lines {
            var row = [l.label, l.unit] + l.values.map { $0.map { ReportNumber.format($0, .integer) } ?? "—" }
            if names.count == 2 {
                row.append(difference(l).map { ($0 > 0.5 ? "+" : "") + ReportNumber.format($0, .integer) } ?? "—")
            }
            rows.append(row)
        }
        var widths = header.map(DisplayWidth.of)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        func line(_ cells: [String]) -> String {
            var text = cells.enumerated().map { DisplayWidth.pad($0.element, to: widths[$0.offset], right: $0.offset >= 2) }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var out = Labels.fill("compare.title", language, [String(year)]) + "\n"
        out += line(header) + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }
}
