import Demography
import Foundation
import Planning
import Scenario

/// The long-format tables of a capacity run (`area, year, measure, basis, p10, p50, p90`), its
/// findings and its manifest, as text. Areas are listed in projection order, then `total` (the sum
/// over areas, per draw, then its quantiles: not the sum of the areas' quantiles).
public struct RunTables: Sendable {
    public let result: CapacitySimulation.Result
    public static let totalArea = "total"

    public init(result: CapacitySimulation.Result) {
        self.result = result
    }

    var plan: CapacityPlan { result.plan }
    var years: Int { plan.years.count }

    /// P10/P50/P90 of `column` summed over areas in `year`, from the per-draw totals.
    public func totalQuantiles(column: Int, year: Int) -> (p10: Double, p50: Double, p90: Double) {
        var values = (0..<result.draws).map { result.total(draw: $0, year: year, column: column) }
        values.sort()
        return values.withUnsafeBufferPointer {
            (SortedQuantile.value($0, 0.1), SortedQuantile.value($0, 0.5), SortedQuantile.value($0, 0.9))
        }
    }

    func areaQuantiles(area: Int, column: Int, yearIndex: Int) -> (Double, Double, Double) {
        let v = result.areas[area].values
        let i = (yearIndex * OutputColumns.count + column) * 3
        return (v[i], v[i + 1], v[i + 2])
    }

    /// Rows for columns `columns` with names and basis labels, into one byte buffer (millions of rows
    /// for every county: no per-number String formatting).
    func table(_ columns: [(column: Int, measure: String, basis: String)]) -> String {
        var out = [UInt8]()
        let areaRows = (plan.inputs.areas.count + 1) * years * columns.count
        out.reserveCapacity(areaRows * 64 + 64)
        out.append(contentsOf: "area,year,measure,basis,p10,p50,p90\n".utf8)
        let labels = columns.map { Array(",\($0.measure),\($0.basis),".utf8) }
        func row(_ area: [UInt8], _ year: Int, _ label: [UInt8], _ q: (Double, Double, Double)) {
            out.append(contentsOf: area)
            out.append(UInt8(ascii: ","))
            PopulationCSVWriter.appendInteger(year, to: &out)
            out.append(contentsOf: label)
            PopulationCSVWriter.appendFixed(q.0, decimals: 2, to: &out)
            out.append(UInt8(ascii: ","))
            PopulationCSVWriter.appendFixed(q.1, decimals: 2, to: &out)
            out.append(UInt8(ascii: ","))
            PopulationCSVWriter.appendFixed(q.2, decimals: 2, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        for (a, info) in plan.inputs.areas.enumerated() {
            let key = Array(info.key.utf8)
            for y in 0..<years {
                for (i, c) in columns.enumerated() { row(key, plan.years[y], labels[i], areaQuantiles(area: a, column: c.column, yearIndex: y)) }
            }
        }
        let total = Array(Self.totalArea.utf8)
        for y in 0..<years {
            for (i, c) in columns.enumerated() { row(total, plan.years[y], labels[i], totalQuantiles(column: c.column, year: plan.years[y])) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var populationCSV: String {
        table(OutputColumns.populationGroups.enumerated().map { (OutputColumns.population + $0.offset, $0.element, "projected") })
    }

    public var demandCSV: String {
        var columns: [(Int, String, String)] = []
        for basis in DemandBasis.allCases {
            for (i, m) in OutputColumns.measures.enumerated() { columns.append((OutputColumns.demand(basis) + i, m.rawValue, basis.rawValue)) }
        }
        columns.append((OutputColumns.disabledElderly, "disabled_elderly", "propensity"))
        return table(columns)
    }

    public var supplyCSV: String {
        table(OutputColumns.measures.enumerated().map { (OutputColumns.supply + $0.offset, $0.element.rawValue, "planned") })
    }

    public var shortfallCSV: String {
        var columns: [(Int, String, String)] = []
        for basis in DemandBasis.allCases {
            for (i, m) in OutputColumns.measures.enumerated() { columns.append((OutputColumns.shortfall(basis) + i, m.rawValue, basis.rawValue)) }
        }
        return table(columns)
    }

    // MARK: Findings

    /// The rule that sets each measure's standard.
    static let ruleOfMeasure: [Measure: String] = [
        .nurserySlots: "nursery-slots-per-1000", .nurseryCarers: "nursery-carer-ratio",
        .beds: "institutional-beds-per-1000-elderly", .nursingBeds: "nursing-bed-share",
        .socialWorkers: "social-workers-per-100-beds",
    ]

    public struct RunFinding: Sendable {
        public let subject: String
        public let kind: String
        public let rule: String
        public let metric: String
        public let year: Int
        /// P50 of what is required; for a program target, the target itself.
        public let required: Double
        /// P50 of what exists (supply is planned, so the same in every draw, except rates per resident).
        public let provided: Double
        public let shortfall: Double
        public let unit: String
        public let probabilityMet: Double
        public let source: String
        public var status: String { shortfall <= 1e-6 * max(1, abs(required)) ? "pass" : "fail" }
    }

    /// Years in which areas are judged: each program target's year within the horizon, and the horizon.
    public var findingYears: [Int] {
        var years = Set(plan.targets.map(\.year).filter { plan.years.contains($0) })
        years.insert(plan.years.last!)
        return years.sorted()
    }

    /// Program targets over all areas, with the probability of being met; then, per area and finding
    /// year, each measure's standard requirement against supply, for the measures the area's supply
    /// declares (an undeclared measure is unknown, not zero: see the manifest's warnings).
    public var findings: [RunFinding] {
        var list: [RunFinding] = []
        let supplyTotals = (0..<years).map { y in plan.supply.reduce(MeasureValues.zero) { $0 + $1[y] } }
        let trained = (0..<years).map { y in plan.cumulativeTrained.reduce(0) { $0 + $1[y] } }
        for target in plan.targets where plan.years.contains(target.year) {
            var provided: [Double] = []
            for draw in 0..<result.draws {
                let residents = plan.years.map { result.total(draw: draw, year: $0, column: OutputColumns.totalResidents) }
                let totals = ProgramTotals(firstYear: plan.baseYear, supply: supplyTotals, residents: residents,
                                           cumulativeTrained: trained)
                if let value = totals.value(of: target.quantity, in: target.year) { provided.append(value) }
            }
            guard !provided.isEmpty else { continue }
            let probability = ProgramTargetEvaluator.probabilityMet(target, values: provided) ?? 0
            provided.sort()
            let median = provided.withUnsafeBufferPointer { SortedQuantile.value($0, 0.5) }
            list.append(RunFinding(subject: Self.totalArea, kind: "program", rule: target.rule, metric: target.metric,
                                   year: target.year, required: target.required, provided: median,
                                   shortfall: max(0, target.required - median), unit: target.unit.en,
                                   probabilityMet: probability, source: target.source))
        }
        for (a, info) in plan.inputs.areas.enumerated() {
            for year in findingYears {
                let y = year - plan.baseYear
                for (i, measure) in OutputColumns.measures.enumerated() where plan.declared[a].contains(measure) {
                    let required = areaQuantiles(area: a, column: OutputColumns.demandStandard + i, yearIndex: y).1
                    let provided = plan.supply[a][y][measure]
                    let rule = plan.scenario.rules[Self.ruleOfMeasure[measure]!]
                    let met = result.areas[a].metShare[y * 2 * OutputColumns.measures.count + i]
                    list.append(RunFinding(subject: info.key, kind: "area", rule: rule.id, metric: measure.rawValue,
                                           year: year, required: required, provided: provided,
                                           shortfall: max(0, required - provided), unit: measure.unit,
                                           probabilityMet: met, source: rule.source))
                }
            }
        }
        return list
    }

    public var findingsCSV: String { findingsCSV(findings) }

    /// findings.csv from findings already computed (they take a pass over every draw).
    public func findingsCSV(_ findings: [RunFinding]) -> String {
        var out = "subject,kind,rule,metric,year,required,provided,shortfall,unit,status,probability_met,source\n"
        for f in findings {
            let source = f.source.contains(",") || f.source.contains("\"")
                ? "\"" + f.source.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f.source
            // A unit such as "slots/1,000 residents" holds a comma: quote it like the source.
            let unit = f.unit.contains(",") ? "\"" + f.unit + "\"" : f.unit
            out += "\(f.subject),\(f.kind),\(f.rule),\(f.metric),\(f.year),\(Self.fixed(f.required, 4)),\(Self.fixed(f.provided, 4)),"
            out += "\(Self.fixed(f.shortfall, 4)),\(unit),\(f.status),\(Self.fixed(f.probabilityMet, 3)),\(source)\n"
        }
        return out
    }

    static func fixed(_ value: Double, _ decimals: Int = 2) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return text == "-0.00" || text.hasPrefix("-0.") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
