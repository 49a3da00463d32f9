import Foundation
import Planning
import Results

/// 表8: every finding, failures first, and the rules they cite.
extension ReportTables {
    // MARK: Findings

    /// Findings, failures first (program targets, then areas by share missing), with rule source and
    /// responsible units.
    package func findings() -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("status"), .text), .init(t("col.subject"), .text), .init(t("col.year"), .year), .init(t("col.indicator"), .text),
            .init(t("required"), .auto), .init(t("provided"), .auto), .init(t("shortfall"), .auto),
            .init(t("col.unit"), .text), .init(withUnit("col.probability", "unit.percent"), .percent), .init(t("col.supply_basis"), .text),
            .init(t("col.rule"), .text),
            .init(t("responsible"), .text), .init(t("source"), .text),
        ]
        let sorted = sortedFindings()
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for f in sorted {
            let share = f.unit.isShare
            let integral = !share && !f.isRate
            func num(_ v: Double) -> ReportTable.Cell {
                v.isFinite ? .number(share ? 100 * v : (integral ? v.rounded() : v)) : .text(t("supply_basis.not_provided"))
            }
            let subject = f.kind == .program ? t("report.program") : run.areaName(f.subject, language)
            let status = f.needs.map { tf("not_assessed.needs", $0) } ?? t(f.status.rawValue)
            rows.append([.text(status), .text(subject), .number(Double(f.year)), .text(metricLabel(f.metric)),
                         num(f.required), num(f.provided), f.status == .fail ? num(f.shortfall) : .text(""),
                         .text(unitLabel(f.unit)), probability(f), .text(t("supply_basis.\(f.supplyBasis.rawValue)")),
                         .text(ruleName(f.rule)), .text(responsible(f.rule)), .text(sourceText(rule: f.rule, fallback: f.source))])
            if f.status == .fail { emphasized.insert(rows.count - 1) }
        }
        var table = ReportTable(key: "findings", title: t("table.findings"), sheetName: t("sheet.findings"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.findings"), t("note.probability_fixed")]
        if run.findings.contains(where: { $0.supplyBasis == .assumption }) { table.notes.append(t("note.supply_basis")) }
        return table
    }

    /// A probability only where supply or demand varies across draws; otherwise the inputs fix the outcome.
    func probability(_ f: RunFinding) -> ReportTable.Cell {
        guard f.probabilityMet.isFinite, run.draws > 1, f.status != .notAssessed else { return .missing }
        return f.uncertain ? .number(f.probabilityMet) : .text(t("value.fixed"))
    }

    /// The findings for the page: without the long source and responsible units, which `ruleSources`
    /// lists once per rule.
    package func findingsCompact() -> ReportTable {
        var table = findings()
        let keep = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        table.columns = keep.map { table.columns[$0] }
        table.rows = table.rows.map { row in keep.map { row[$0] } }
        table.notes.append(t("note.rule_table"))
        return table
    }

    /// One row per rule that findings cite: its name, source and responsible units.
    package func ruleSources() -> ReportTable {
        var seen: [String] = []
        var rows: [[ReportTable.Cell]] = []
        for f in sortedFindings() where !seen.contains(f.rule) {
            seen.append(f.rule)
            let units = responsible(f.rule)
            rows.append([.text(ruleName(f.rule)), .text(units), .text(sourceText(rule: f.rule, fallback: f.source))])
        }
        return ReportTable(key: "rules", title: t("table.rules"), sheetName: t("table.rules"),
                           columns: [.init(t("col.rule"), .text), .init(t("responsible"), .text), .init(t("source"), .text)], rows: rows)
    }

    /// The appendix: every finding as one grid, a row per subject and indicator, a column per target
    /// year; a cell holds the shortfall (in the row's unit) where the standard is missed, 达标 where it is
    /// met, 未评估 where the scenario lacks what it needs, and is empty where the year is not judged.
    package func findingsGrid() -> ReportTable {
        let years = Array(Set(run.findings.map(\.year))).sorted()
        var columns: [ReportTable.Column] = [.init(t("col.subject"), .text), .init(t("col.indicator"), .text), .init(t("col.unit"), .text),
                                             .init(t("col.nature"), .text)]
        for y in years { columns.append(.init(tf("col.year_shortfall", y), .auto)) }
        let areaOrder = Dictionary(uniqueKeysWithValues: run.areaCodes.enumerated().map { ($1, $0) })
        let measureOrder = Dictionary(uniqueKeysWithValues: ResultMeasure.capacity.enumerated().map { ($1.rawValue, $0) })
        struct Key: Hashable { let subject: String; let program: Bool; let metric: String; let rule: String }
        var byKey: [Key: [Int: RunFinding]] = [:]
        var keys: [Key] = []
        for f in run.findings {
            let key = Key(subject: f.subject, program: f.kind == .program, metric: f.metric, rule: f.rule)
            if byKey[key] == nil { keys.append(key) }
            byKey[key, default: [:]][f.year] = f
        }
        // Plan targets first, then areas in the run's order, each area's measures in the report's order.
        keys.sort {
            ($0.program ? 0 : 1, areaOrder[$0.subject] ?? Int.max, measureOrder[$0.metric] ?? 99, $0.metric)
                < ($1.program ? 0 : 1, areaOrder[$1.subject] ?? Int.max, measureOrder[$1.metric] ?? 99, $1.metric)
        }
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for key in keys {
            let cells = byKey[key]!
            let any = cells.values.first!
            let subject = key.program ? t("report.program") : "\(run.areaName(key.subject, language))（\(key.subject)）"
            var row: [ReportTable.Cell] = [.text(subject), .text(metricLabel(key.metric)), .text(unitLabel(any.unit)),
                                           .text(natureLabel(rule: key.rule))]
            for y in years {
                guard let f = cells[y] else { row.append(.text("")); continue }
                switch f.status {
                case .fail:
                    let v = f.unit.isShare ? 100 * f.shortfall : (f.isRate ? f.shortfall : f.shortfall.rounded())
                    row.append(v.isFinite ? .number(v) : .missing)
                case .pass: row.append(.text(t("grid.pass")))
                case .notAssessed: row.append(.text(t("not_assessed")))
                }
            }
            if cells.values.contains(where: { $0.status == .fail }) { emphasized.insert(rows.count) }
            rows.append(row)
        }
        var table = ReportTable(key: "appendix-findings", title: t("table.appendix"), sheetName: t("sheet.appendix"),
                                columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.grid")]
        if run.findings.contains(where: { $0.supplyBasis == .assumption }) { table.notes.append(t("note.supply_basis")) }
        return table
    }

    package func sortedFindings() -> [RunFinding] {
        let fails = run.findings.filter { $0.status == RunFinding.Status.fail }
        let programs = fails.filter { $0.kind == .program }
        let areaOrder = Dictionary(uniqueKeysWithValues: run.areaCodes.enumerated().map { ($1, $0) })
        let measureOrder = Dictionary(uniqueKeysWithValues: ResultMeasure.capacity.enumerated().map { ($1.rawValue, $0) })
        // Grouped for reading: area, then measure, then year.
        let areas = fails.filter { $0.kind != .program }.sorted {
            (areaOrder[$0.subject] ?? 99, measureOrder[$0.metric] ?? 99, $0.year) < (areaOrder[$1.subject] ?? 99, measureOrder[$1.metric] ?? 99, $1.year)
        }
        return programs + areas + run.findings.filter { $0.status != .fail }
    }
}
