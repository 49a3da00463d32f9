import Foundation
import Planning
import Results

/// 表4: the plan's indicators and the standards behind demand.
extension ReportTables {
    // MARK: (d) indicators

    /// Binding (约束性) or expected (预期性), as the rule file states it and the run's findings carry it.
    /// From the rule file's `status:` (the rule book under the run's preset), so that a standard that no
    /// finding cites still reads 约束性 or 预期性.
    func natureLabel(rule id: String) -> String {
        switch ruleStatus(id) {
        case .binding: t("nature.binding")
        case .expected: t("nature.expected")
        case .reference: t("nature.reference")
        case nil: t("nature.unstated")
        }
    }

    func metricLabel(_ metric: String) -> String {
        if let entry = Labels.table["indicator.\(metric)"] { return language == .zh ? entry.zh : entry.en }
        return Labels.text(metric, prefix: "metric", language)
    }

    func unitLabel(_ unit: RuleUnit) -> String {
        if unit.isShare { return "%" }
        return language == .zh ? unit.zh : unit.en
    }

    /// The base-year value of a program metric, where the run's files give it.
    func baseValue(_ metric: String) -> Double? {
        let y = run.baseYear, a = RunResult.totalArea
        func s(_ m: ResultMeasure) -> Double? { declared(a, m) ? run.supply.p50(a, y, m, .planned) : nil }
        switch metric {
        case "slots_per_1000": return s(.nurserySlots).flatMap { v in pop(a, y, .residents).map { 1000 * v / $0 } }
        case "nursing_share": return s(.nursingBeds).flatMap { n in s(.beds).flatMap { $0 > 0 ? n / $0 : nil } }
        case "beds_per_1000_elderly": return s(.beds).flatMap { v in pop(a, y, .elderly60plus).map { 1000 * v / $0 } }
        case "slots": return s(.nurserySlots)
        case "beds": return s(.beds)
        case "nursing_beds": return s(.nursingBeds)
        case "carers": return s(.carers)
        case "social_workers": return s(.socialWorkers)
        default: return nil
        }
    }

    func projected(_ metric: String, _ year: Int) -> Double? {
        let a = RunResult.totalArea
        func s(_ m: ResultMeasure) -> Double? { declared(a, m) ? run.supply.p50(a, year, m, .planned) : nil }
        switch metric {
        case "slots_per_1000": return s(.nurserySlots).flatMap { v in pop(a, year, .residents).map { 1000 * v / $0 } }
        case "nursing_share": return s(.nursingBeds).flatMap { n in s(.beds).flatMap { $0 > 0 ? n / $0 : nil } }
        case "beds_per_1000_elderly": return s(.beds).flatMap { v in pop(a, year, .elderly60plus).map { 1000 * v / $0 } }
        default: return nil
        }
    }

    package func indicators() -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("col.indicator"), .text), .init(t("col.unit"), .text),
            .init(tf("col.base_value", run.baseYear), .auto), .init(t("col.target_year"), .year),
            .init(t("col.target_value"), .auto), .init(t("col.projected"), .auto),
            .init(withUnit("col.probability", "unit.percent"), .percent), .init(t("col.nature"), .text), .init(t("col.source"), .text),
        ]
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        func scaled(_ v: Double?, _ unit: RuleUnit) -> ReportTable.Cell {
            guard let v else { return .missing }
            return .number(unit.isShare ? 100 * v : v)
        }
        for target in run.manifest.programTargets {
            let finding = run.findings.first { $0.kind == .program && $0.rule == target.rule && $0.metric == target.metric && $0.year == target.year }
            var row: [ReportTable.Cell] = [.text(metricLabel(target.metric)), .text(unitLabel(target.unit))]
            row.append(scaled(baseValue(target.metric), target.unit))
            row.append(.number(Double(target.year)))
            row.append(scaled(target.required, target.unit))
            row.append(scaled(finding?.provided, target.unit))
            row.append(finding.map { .number($0.probabilityMet) } ?? .missing)
            row.append(.text(natureLabel(rule: target.rule)))
            row.append(.text(sourceText(rule: target.rule, fallback: target.source)))
            if finding?.status == .fail { emphasized.insert(rows.count) }
            rows.append(row)
        }
        // The standards behind demand, as ratios of planned supply to the projected population.
        let standards: [(String, String, RuleUnit)] = [
            ("slots_per_1000", "nursery-slots-per-1000.slots_per_1000", .slotsPer1000Residents),
            ("beds_per_1000_elderly", "institutional-beds-per-1000-elderly.beds_per_1000_elderly", .bedsPer1000Elderly),
            ("nursing_share", "nursing-bed-share.share", .share),
        ]
        for (metric, parameter, unit) in standards {
            guard let p = run.manifest.demandParameters.first(where: { $0.name == parameter }) else { continue }
            for y in run.keyYears {
                var row: [ReportTable.Cell] = [.text(metricLabel(metric) + t("indicator.standard_suffix")), .text(unitLabel(unit))]
                row.append(scaled(baseValue(metric), unit))
                row.append(.number(Double(y)))
                row.append(scaled(p.value, unit))
                let value = projected(metric, y)
                row.append(scaled(value, unit))
                row.append(.missing)
                row.append(.text(natureLabel(rule: String(parameter.prefix { $0 != "." }))))
                row.append(.text(sourceText(rule: String(parameter.prefix { $0 != "." }), fallback: p.source)))
                if let value, value < p.value - 1e-9 { emphasized.insert(rows.count) }
                rows.append(row)
            }
        }
        var table = ReportTable(key: "d-indicators", title: t("table.d"), sheetName: t("sheet.d"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.indicators"), t("note.nature")]
        return table
    }
}
