import Foundation
import Planning
import Results

/// Tables for runs of many areas: findings summed up per indicator, and the population and gap by
/// province and prefecture from the run's region rows (each a per-draw sum of its counties, so its
/// P50 is the region's own median, not a sum of the counties' medians).
extension ReportTables {
    /// Runs with more areas than this draw county charts as top-N sorted bars and show the findings
    /// summed up per indicator on the page (every finding stays in report.xlsx and findings.csv).
    package static let manyAreas = 15
    /// Runs with more areas than this show provinces and prefectures on the page, and every county in
    /// the county picker (the same as `RunViews.largeRunAreas`).
    package static let aggregatedAreas = RunViews.largeRunAreas

    /// Whether the region's (or area's) supply of `measure` is known: a region's when every member's is.
    func declaredAny(_ key: String, _ measure: ResultMeasure) -> Bool {
        if let region = run.region(key) { return !region.members.isEmpty && region.members.allSatisfy { run.isDeclared($0, measure) } }
        return run.isDeclared(key, measure)
    }

    /// Region keys of one level, in the run's order.
    package func regionKeys(_ level: RunManifest.Region.Level) -> [String] {
        run.regions.filter { $0.level == level }.map(\.key)
    }

    /// Per indicator and target year: how many areas were judged and failed, and the areas with the
    /// largest shortfall. The program targets are left to the findings table.
    package func findingsByIndicator(largest: Int = 3) -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("col.indicator"), .text), .init(t("col.year"), .year),
            .init(withUnit("col.areas_judged", "unit.areas"), .integer), .init(withUnit("col.areas_failing", "unit.areas"), .integer),
            .init(t("col.largest_gaps"), .text), .init(t("col.unit"), .text),
        ]
        struct Key: Hashable { let metric: String; let year: Int }
        var groups: [Key: [RunFinding]] = [:]
        var order: [Key] = []
        for f in run.findings where f.kind == .area {
            let k = Key(metric: f.metric, year: f.year)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(f)
        }
        let measureOrder = Dictionary(uniqueKeysWithValues: ResultMeasure.capacity.enumerated().map { ($1.rawValue, $0) })
        order.sort { (measureOrder[$0.metric] ?? 99, $0.metric, $0.year) < (measureOrder[$1.metric] ?? 99, $1.metric, $1.year) }
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for k in order {
            let all = groups[k]!
            let fails = all.filter { $0.status == .fail }.sorted { ($0.shortfall, $1.subject) > ($1.shortfall, $0.subject) }
            let share = all[0].unit.isShare
            let worst = fails.prefix(largest).map { f -> String in
                let v = share ? ReportNumber.format(100 * f.shortfall, .decimal(1)) : ReportNumber.format(f.shortfall, f.isRate ? .decimal(2) : .integer)
                return "\(run.areaName(f.subject, language)) \(v)"
            }
            if fails.count > 0 { emphasized.insert(rows.count) }
            rows.append([.text(metricLabel(k.metric)), .number(Double(k.year)), .number(Double(all.count)), .number(Double(fails.count)),
                         .text(worst.joined(separator: language == .zh ? "；" : "; ")),
                         .text(unitLabel(all[0].unit))])
        }
        var table = ReportTable(key: "findings-summary", title: t("table.findings_summary"), sheetName: t("sheet.findings_summary"),
                                columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [tf("note.findings_summary", largest)]
        return table
    }

    /// 表6-7 for the provinces of the run (or prefectures): the population at key years and the gap,
    /// from the region rows.
    package func byRegion(_ level: RunManifest.Region.Level) -> [ReportTable] {
        let keys = regionKeys(level)
        guard !keys.isEmpty else { return [] }
        let suffix = t(level == .province ? "report.by_province" : "report.by_prefecture")
        return stacked(keys: keys, header: t(level == .province ? "col.province" : "col.prefecture"),
                       titles: ("\(t("table.f_population")) — \(suffix)", "\(t("table.f_gap")) — \(suffix)"))
    }

    /// One row per prefecture: its province, counties in the run, the demand of each measure in the last
    /// key year and, for measures whose supply some prefecture declares, the shortfall (P50s of the
    /// prefecture's own per-draw sums).
    package func prefectureGaps() -> ReportTable {
        let year = run.keyYears.last ?? run.horizon
        let provinceOf = Dictionary(run.regions.filter { $0.level == .province }.flatMap { p in p.members.map { ($0, p.name) } },
                                    uniquingKeysWith: { a, _ in a })
        var columns: [ReportTable.Column] = [.init(t("col.province"), .text), .init(t("col.prefecture"), .text),
                                             .init(withUnit("col.counties", "unit.areas"), .integer)]
        let prefectures = run.regions.filter { $0.level == .prefecture }
        let measures = run.requiredMeasures
        let withSupply = measures.filter { m in prefectures.contains { declaredAny($0.key, m) } }
        for m in measures {
            columns.append(.init(language == .zh ? "\(measureName(m))需求（\(unitName(m))）" : "\(measureName(m)) demand (\(unitName(m)))", .integer))
        }
        for m in withSupply {
            columns.append(.init(language == .zh ? "\(measureName(m))缺口（\(unitName(m))）" : "\(measureName(m)) shortfall (\(unitName(m)))", .integer))
        }
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for region in prefectures {
            var row: [ReportTable.Cell] = [.text(region.members.first.flatMap { provinceOf[$0] } ?? "—"), .text(region.name),
                                           .number(Double(region.members.count))]
            var any = false
            for m in measures { row.append(run.demand.p50(region.key, year, m, .standard).map { .number($0) } ?? .missing) }
            for m in withSupply {
                let g = declaredAny(region.key, m) ? run.shortfall.p50(region.key, year, m, .standard) : nil
                if let g, g > 0.5 { any = true }
                row.append(g.map { .number($0) } ?? .missing)
            }
            if any { emphasized.insert(rows.count) }
            rows.append(row)
        }
        var table = ReportTable(key: "f-prefecture", title: tf("table.f_prefecture", year), sheetName: t("sheet.f_prefecture"),
                                columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.region_rows"), t("note.dash")]
        return table
    }

    /// The population and gap tables with a first column naming the row (area or region), every key.
    func stacked(keys: [String], header: String, titles: (String, String)) -> [ReportTable] {
        func stack(_ make: (String) -> ReportTable, key: String, title: String, sheet: String) -> ReportTable {
            var out: ReportTable? = nil
            for area in keys {
                let table = make(area)
                if out == nil {
                    out = ReportTable(key: key, title: title, sheetName: sheet, columns: [.init(header, .text)] + table.columns, rows: [])
                    out!.notes = table.notes
                }
                let offset = out!.rows.count
                out!.emphasized.formUnion(table.emphasized.map { $0 + offset })
                out!.rows += table.rows.map { [.text(run.areaName(area, language))] + $0 }
            }
            return out!
        }
        return [
            stack({ population(area: $0, allYears: false) }, key: "f-population", title: titles.0, sheet: t("sheet.f_population")),
            stack({ gap(area: $0) }, key: "f-gap", title: titles.1, sheet: t("sheet.f_gap")),
        ]
    }
}
