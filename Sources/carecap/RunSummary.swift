import Foundation
import Planning
import Reporting
import Simulation

/// What `carecap run` prints: the largest shortfalls and the program targets with the probability of
/// meeting them; and, across variants, a comparison of the headline shortfalls.
struct RunSummary {
    let tables: RunTables
    let findings: [RunTables.RunFinding]

    init(tables: RunTables) {
        self.tables = tables
        self.findings = tables.findings
    }

    static func folderName(_ variant: String?) -> String {
        guard let variant else { return "base" }
        return String(variant.map { "/\\:*?\"<>| ".contains($0) ? "_" : $0 })
    }

    var name: String { tables.result.plan.scenario.variant ?? "base" }

    static func count(_ value: Double) -> String { NumberFormatting.display(value.rounded(), unit: "") }

    var text: String {
        let plan = tables.result.plan
        let draws = tables.result.draws
        var out = "\(plan.scenario.name)\(plan.scenario.variant.map { " — variant \($0)" } ?? ""): "
        out += "\(plan.areaCodes.count) areas, \(plan.baseYear)-\(plan.years.last!), "
        out += draws > 1 ? "\(draws) draws (P50 [P10–P90])\n" : "one deterministic path\n"

        let programs = findings.filter { $0.kind == "program" }
        if !programs.isEmpty {
            out += "\nProgram targets (all areas):\n"
            for f in programs {
                let unit = RuleUnit(label: f.unit)
                let value = unit == .share ? String(format: "%.1f%%", 100 * f.provided) : Self.count(f.provided)
                let target = unit == .share ? String(format: "%.1f%%", 100 * f.required) : Self.count(f.required)
                let perThousand = f.metric.contains("per_1000") || unit?.isPerThousand == true
                let rate = perThousand ? String(format: "%.2f", f.provided) : value
                let targetText = perThousand ? String(format: "%.2f", f.required) : target
                out += "  \(f.year)  \(f.rule) \(f.metric): \(rate) against \(targetText) \(f.unit)"
                out += f.status == "pass" ? " — met" : " — NOT met"
                if draws > 1 { out += String(format: ", P(met) = %.0f%%", 100 * f.probabilityMet) }
                out += "\n"
            }
        }
        // The requirement in each target year at the standard rate, next to any total the plan sets.
        let slotTargets = plan.targets.filter { $0.quantity == .total(.nurserySlots) || $0.quantity == .total(.nurseryCarers) || $0.quantity == .total(.beds) }
        for target in slotTargets where plan.years.contains(target.year) {
            let measure: Measure
            switch target.quantity {
            case .total(let m): measure = m
            default: continue
            }
            let column = OutputColumnsPublic.demandStandard(measure)
            let q = tables.totalQuantiles(column: column, year: target.year)
            out += "  \(target.year)  \(measure.rawValue) required by the standard: \(Self.count(q.p50))"
            if draws > 1 { out += " [\(Self.count(q.p10))–\(Self.count(q.p90))]" }
            out += " vs the plan's \(Self.count(target.required)); planned supply \(Self.count(tables.result.plan.supply.reduce(0) { $0 + $1[target.year - plan.baseYear][measure] }))\n"
        }

        let areaFindings = findings.filter { $0.kind == "area" && $0.status == "fail" }
            .sorted { ($0.shortfall / max(1, $0.required), $0.subject) > ($1.shortfall / max(1, $1.required), $1.subject) }
        out += "\nLargest shortfalls (standard basis, P50, share of the requirement missing):\n"
        if areaFindings.isEmpty { out += "  none: every area meets every standard in the target years\n" }
        let names = Dictionary(plan.inputs.areas.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        for f in areaFindings.prefix(10) {
            out += "  \(f.year)  \(f.subject) \(names[f.subject] ?? "")  \(f.metric): need \(Self.count(f.required)), have \(Self.count(f.provided)), short \(Self.count(f.shortfall))"
            out += String(format: " (%.0f%%)", 100 * f.shortfall / max(1, f.required))
            if draws > 1 { out += String(format: ", P(met) = %.0f%%", 100 * f.probabilityMet) }
            out += "\n"
        }
        return out
    }

    /// Total shortfall (sum over areas, standard basis) at the last finding year per measure, and each
    /// program target's probability, one row per variant.
    static func comparison(_ summaries: [RunSummary]) -> (text: String, csv: String) {
        guard let first = summaries.first else { return ("", "") }
        let year = first.tables.findingYears.last!
        var csv = "variant,year,measure,basis,p10,p50,p90\n"
        var text = "Comparison across variants: total shortfall in \(year), P50, standard basis / propensity basis\n"
        let measures = Measure.allCases
        let header = ["variant"] + measures.map(\.rawValue)
        var rows: [[String]] = []
        for s in summaries {
            var row = [s.name]
            for measure in measures {
                for basis in DemandBasis.allCases {
                    let q = s.tables.totalQuantiles(column: OutputColumnsPublic.shortfall(measure, basis), year: year)
                    csv += "\(s.name),\(year),\(measure.rawValue),\(basis.rawValue),\(String(format: "%.2f", q.p10)),\(String(format: "%.2f", q.p50)),\(String(format: "%.2f", q.p90))\n"
                    if basis == .standard { row.append(count(q.p50)) } else { row[row.count - 1] += " / " + count(q.p50) }
                }
            }
            rows.append(row)
        }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidthPublic.of(c)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, widths[i] - c.count)) + c }.joined(separator: "  ")
        }
        text += line(header) + "\n"
        for r in rows { text += line(r) + "\n" }
        return (text, csv)
    }
}
