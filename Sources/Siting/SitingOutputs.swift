import Demography
import Foundation

/// The files `carecap optimize` writes, as text: plan.csv, assignment.csv, unmet.csv, summary.json and
/// the headline. Fixed decimals and sorted rows, so that the same problem and solver give the same bytes.
package struct SitingOutputs {
    package let scenario: String
    package let result: SitingResult

    package init(scenario: String, result: SitingResult) {
        self.scenario = scenario
        self.result = result
    }

    /// Units to 4 decimals (assignments can be fractional), money to 2, trailing zeros kept for fixed width.
    static func units(_ value: Double) -> String { fixed(value, 4) }
    static func money(_ value: Double) -> String { fixed(value, 2) }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        // -0.0000 is round-off of a zero.
        if text.hasPrefix("-"), Double(text) == 0 { return String(text.dropFirst()) }
        return text
    }

    /// A CSV field: quoted where it has a comma, quote or line break; a leading = + - @ is defused with
    /// an apostrophe so a spreadsheet does not run it as a formula.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    package var planCSV: String {
        var lines = ["year,site,service,action,modules,capacity,cost"]
        for row in result.plan {
            lines.append([String(row.year), Self.field(row.site), Self.field(row.service), row.action, String(row.modules),
                          Self.units(row.capacity), Self.money(row.cost)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    package var assignmentCSV: String {
        var lines = ["year,zone,site,service,units"]
        for row in result.assignments {
            lines.append([String(row.year), Self.field(row.zone), Self.field(row.site), Self.field(row.service),
                          Self.units(row.units)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    package var unmetCSV: String {
        var lines = ["year,zone,service,units"]
        for row in result.unmet {
            lines.append([String(row.year), Self.field(row.zone), Self.field(row.service), Self.units(row.units)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A JSON string literal, by the escaper the run's JSON uses too.
    static func json(_ text: String) -> String { JSONStringLiteral.of(text) }

    /// Numbers in JSON: finite with fixed decimals (a JSON number has no infinity).
    static func number(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? fixed(value, decimals) : "null"
    }

    package var summaryJSON: String {
        let s = result.solution
        var lines: [String] = ["{"]
        lines.append("  \"scenario\": \(Self.json(scenario)),")
        lines.append("  \"status\": \(Self.json(s.status.rawValue)),")
        lines.append("  \"objective\": \(Self.number(s.objective, 6)),")
        lines.append("  \"bound\": \(Self.number(s.bound, 6)),")
        lines.append("  \"gap\": \(Self.number(s.gap, 9)),")
        lines.append("  \"solver\": \(Self.json(s.solver)),")
        lines.append("  \"seconds\": \(Self.number(s.seconds, 3)),")
        lines.append("  \"unmet_penalty\": \(Self.number(result.penalty, 2)),")
        lines.append("  \"unmet_penalty_is_default\": \(result.penaltyIsDefault),")
        lines.append("  \"variables\": \(result.variables),")
        lines.append("  \"constraints\": \(result.constraints),")
        lines.append("  \"total_unmet\": \(Self.number(result.totalUnmet, 4)),")
        lines.append("  \"by_year\": [")
        let rows = result.years.map { y in
            "    {\"year\": \(y.year), \"opening_cost\": \(Self.number(y.openingCost, 2)), \"module_cost\": \(Self.number(y.moduleCost, 2)), "
                + "\"operating_cost\": \(Self.number(y.operatingCost, 2)), \"assignment_cost\": \(Self.number(y.assignmentCost, 2)), "
                + "\"total_cost\": \(Self.number(y.totalCost, 2)), \"budget\": \(y.budget.map { Self.number($0, 2) } ?? "null"), "
                + "\"carers_needed\": \(Self.number(y.carersNeeded, 4)), \"carers_available\": \(y.carersAvailable.map { Self.number($0, 4) } ?? "null"), "
                + "\"demand\": \(Self.number(y.demand, 4)), \"capacity\": \(Self.number(y.capacity, 4)), \"unmet\": \(Self.number(y.unmet, 4)), "
                + "\"sites_opened\": [\(y.sitesOpened.map(Self.json).joined(separator: ", "))]}"
        }
        lines.append(rows.joined(separator: ",\n"))
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Thousands-separated whole number for the headline.
    static func grouped(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        let digits = String(abs(rounded))
        var out = ""
        for (k, character) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (rounded < 0 ? "-" : "") + out
    }

    package var headline: String {
        let s = result.solution
        var text = "\(scenario): \(s.status.rawValue) by \(s.solver) in \(String(format: "%.2f", s.seconds)) s, gap \(String(format: "%.4f", s.gap * 100)) %\n"
        text += "objective \(Self.fixed(s.objective, 2)) (bound \(Self.fixed(s.bound, 2))); unmet penalty \(Self.grouped(result.penalty)) per unit"
        text += result.penaltyIsDefault ? " (default: 10 × the dearest way to serve one unit)\n" : "\n"
        if s.status == .timeLimitNoSolution {
            text += "the solver found no plan within the time limit: shown is the plan of building nothing; allow more time (--time-limit)\n"
        }
        let header = ["year", "opened", "expanded", "spent", "budget", "cost", "demand", "capacity", "unmet"]
        var rows: [[String]] = [header]
        var named: [String] = []
        for y in result.years {
            let expanded = Set(result.plan.filter { $0.year == y.year && $0.action == "expand" }.map(\.site)).sorted()
            rows.append([String(y.year), String(y.sitesOpened.count), String(expanded.count),
                         Self.grouped(y.capitalCost), y.budget.map(Self.grouped) ?? "-", Self.grouped(y.totalCost),
                         Self.grouped(y.demand), Self.grouped(y.capacity), Self.grouped(y.unmet)])
            if !y.sitesOpened.isEmpty { named.append("  \(y.year) opened: \(y.sitesOpened.joined(separator: ", "))") }
            if !expanded.isEmpty { named.append("  \(y.year) expanded: \(expanded.joined(separator: ", "))") }
        }
        var widths = header.map { _ in 0 }
        for row in rows { for (k, cell) in row.enumerated() { widths[k] = max(widths[k], cell.count) } }
        for row in rows {
            text += row.enumerated().map { k, cell in
                k == 0 ? cell.padding(toLength: widths[k], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[k] - cell.count) + cell
            }.joined(separator: "  ") + "\n"
        }
        text += "cost \(Self.grouped(result.years.map(\.totalCost).reduce(0, +))) yuan (undiscounted), unmet \(Self.grouped(result.totalUnmet)) unit-years\n"
        if !named.isEmpty { text += named.joined(separator: "\n") + "\n" }
        return text
    }
}
