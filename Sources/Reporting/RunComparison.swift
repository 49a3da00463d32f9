import Foundation
import Results

/// Headline differences between runs (or variants of one run): each measure's total shortfall (P50, both
/// bases) in the last year both runs judge, and each plan target's probability of being met.
package struct RunComparison {
    package struct Line: Sendable {
        package let label: String
        package let unit: String
        package let values: [Double?]
        /// What the supply behind the line rests on, over the runs (the weakest); nil for a line that is not about supply.
        package var supplyBasis: SupplyBasis? = nil
    }

    /// Why two runs cannot be compared, in words: their totals would add up different places, or judge
    /// different years. nil when they can.
    package static func incomparable(_ runs: [(name: String, run: RunResult)]) -> String? {
        guard let first = runs.first else { return nil }
        func describe(_ r: RunResult) -> String {
            let names = r.areas.prefix(3).map { "\($0.name) \($0.code)" }.joined(separator: ", ")
            return r.areas.count > 3 ? "\(r.areas.count) areas (\(names), …)" : names
        }
        for other in runs.dropFirst() {
            if Set(other.run.areaCodes) != Set(first.run.areaCodes) {
                return "\(first.name) covers \(describe(first.run)) but \(other.name) covers \(describe(other.run)), so their totals count different places"
            }
        }
        return nil
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
                // A measure a run does not give is not provided there: no value, never a shortfall of the whole demand.
                let bases = runs.map { $0.run.supplyBasis(RunResult.totalArea, measure) ?? .notProvided }
                lines.append(Line(label: language == .zh ? label : label.replacingOccurrences(of: "（", with: " (").replacingOccurrences(of: "）", with: ")"),
                                  unit: unit, values: runs.indices.map { i in
                                      bases[i] == .notProvided ? nil : runs[i].run.shortfall.p50(RunResult.totalArea, y, measure, basis)
                                  }, supplyBasis: bases.reduce(SupplyBasis.declared) { $0.combined(with: $1) }))
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
            let found = runs.map { r in r.run.findings.first { $0.kind == .program && $0.rule == rule && $0.metric == metric && $0.year == year } }
            // A probability only where some run's outcome varies across draws; else met (100) or not (0), fixed by the inputs.
            let uncertain = found.contains { $0?.uncertain ?? false }
            lines.append(Line(label: label, unit: Labels.text(uncertain ? "compare.p_met" : "compare.fixed", language),
                              values: found.map { $0.map { 100 * $0.probabilityMet } },
                              supplyBasis: found.compactMap { $0?.supplyBasis }.reduce(SupplyBasis.declared) { $0.combined(with: $1) }))
        }
        self.lines = lines
    }

    package var csv: String {
        // Run names come from folder and variant names: text cells, guarded; the values are numbers.
        // An empty value is not provided (that run does not give the measure), never 0.
        var w = CSVWriter(header: ["item", "unit"] + names + (names.count == 2 ? ["difference"] : []) + ["provided", "supply_basis"])
        for l in lines {
            w.text(l.label)
            w.text(l.unit)
            for value in l.values { w.number(value ?? .nan, decimals: 2) }
            if names.count == 2 { w.number(difference(l) ?? .nan, decimals: 2) }
            w.text(l.values.allSatisfy { $0 != nil } ? "true" : "false")
            w.text(l.supplyBasis?.rawValue ?? "")
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
            let notProvided = Labels.text("value.not_provided", language)
            let mark = l.supplyBasis == .assumption ? Labels.text("mark.assumed", language) : ""
            var row = [l.label + mark, l.unit] + l.values.map { $0.map { ReportNumber.format($0, .integer) } ?? notProvided }
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
        if lines.contains(where: { $0.supplyBasis == .assumption }) { out += Labels.text("note.assumed_mark", language) + "\n" }
        return out
    }
}
