import Foundation
import Planning
import Results

/// 表3: the supply-demand gap per measure and target year.
extension ReportTables {
    // MARK: (c) gap

    /// Per measure and target year: supply now, demand (P50 and P10-P90), planned supply, gap, gap %.
    package func gap(area: String) -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("col.measure"), .text), .init(t("col.unit"), .text),
            .init(tf("col.current_supply", run.baseYear), .integer), .init(t("col.target_year"), .text),
            .init(t("col.demand_p50"), .integer), .init(t("col.demand_range"), .text), .init(t("col.planned_supply"), .integer),
            .init(t("col.gap"), .integer), .init(withUnit("col.gap_rate", "unit.percent"), .percent),
            .init(t("col.supply_basis"), .text), .init(t("col.rule"), .text),
        ]
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for m in ResultMeasure.capacity {
            let known = declared(area, m)
            let rule = run.rule(of: m)
            for y in run.keyYears {
                guard let d = run.demand.value(area, y, m, .standard) else { continue }
                let s = known ? run.supply.p50(area, y, m, .planned) : nil
                let g = known ? run.shortfall.p50(area, y, m, .standard) : nil
                var row: [ReportTable.Cell] = [.text(measureName(m)), .text(unitName(m))]
                let notProvided = ReportTable.Cell.text(t("supply_basis.not_provided"))
                row.append(known ? (run.supply.p50(area, run.baseYear, m, .planned).map { .number($0) } ?? .missing) : notProvided)
                row.append(.text(String(y)))
                row.append(.number(d.p50))
                row.append(.text(run.draws > 1 ? "\(ReportNumber.format(d.p10, .integer))–\(ReportNumber.format(d.p90, .integer))" : "—"))
                row.append(s.map { .number($0) } ?? notProvided)
                row.append(g.map { .number($0) } ?? notProvided)
                row.append(g.map { d.p50 > 0 ? .number($0 / d.p50) : .missing } ?? .missing)
                row.append(.text(t("supply_basis.\((run.supplyBasis(area, m) ?? .notProvided).rawValue)")))
                row.append(.text(rule.map { ruleName($0.id) } ?? "—"))
                if let g, g > 0.5 { emphasized.insert(rows.count) }
                rows.append(row)
            }
        }
        var table = ReportTable(key: "c-gap", title: "\(t("table.c")) — \(run.areaName(area, language))",
                                sheetName: t("sheet.c"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.gap"), t("note.dash"), t("note.earliest_level")]
        if ResultMeasure.capacity.contains(where: { run.supplyBasis(area, $0) == .assumption }) { table.notes.append(t("note.supply_basis")) }
        return table
    }

    func ruleName(_ id: String) -> String {
        guard let rule = rules?.rule(id) else { return id }
        if idsHidden { return language == .zh ? rule.nameZH : rule.nameEN }
        return language == .zh ? "\(rule.nameZH)（\(id)）" : "\(rule.nameEN) (\(id))"
    }

    func responsible(_ id: String) -> String {
        guard let units = rules?.rule(id)?.responsibleUnits, !units.isEmpty else { return "" }
        return units.joined(separator: language == .zh ? "、" : ", ")
    }
}
