import Foundation
import Planning
import Results

/// 表6-7: the population and gap tables stacked by area.
extension ReportTables {
    // MARK: (f) by area

    /// The population, baseline and gap tables with an area column, every area.
    package func byArea() -> [ReportTable] {
        func stacked(_ make: (String) -> ReportTable, key: String, title: String, sheet: String) -> ReportTable {
            var out: ReportTable? = nil
            for area in run.areaCodes {
                let table = make(area)
                if out == nil {
                    out = ReportTable(key: key, title: title, sheetName: sheet,
                                      columns: [.init(t("col.area"), .text)] + table.columns, rows: [])
                    out!.notes = table.notes
                }
                let offset = out!.rows.count
                out!.emphasized.formUnion(table.emphasized.map { $0 + offset })
                out!.rows += table.rows.map { [.text(areaLabel(area))] + $0 }
            }
            return out!
        }
        return [
            stacked({ population(area: $0, allYears: false) }, key: "f-population", title: t("table.f_population"), sheet: t("sheet.f_population")),
            stacked({ gap(area: $0) }, key: "f-gap", title: t("table.f_gap"), sheet: t("sheet.f_gap")),
        ]
    }

    /// An area by name with its code, never the code alone: "芒市（533103）".
    func areaLabel(_ code: String) -> String {
        let name = run.areaName(code, language)
        guard name != code, code != RunResult.totalArea else { return name }
        return language == .zh ? "\(name)（\(code)）" : "\(name) (\(code))"
    }

    /// Every table of the workbook in sheet order: the 整体解决方案 order (表1-表7), then the appendix
    /// (the findings grid and every finding in full), then the long tables.
    package func all() -> [ReportTable] {
        // Above `RunViews.largeRunAreas` the long tables stay out of the workbook (they are in the CSVs
        // and results.gpkg): a national run's three sheets held 3 M cells, made report.xlsx 145 MB and
        // took most of the run's time (≈ 30 s) and memory (≈ 3 GB). A note on the findings sheet says so.
        var findingsTable = findings()
        let withLongTables = run.areas.count <= RunViews.largeRunAreas
        if !withLongTables { findingsTable.notes.append(tf("note.long_tables_left_out", RunViews.largeRunAreas)) }
        return [population(area: run.reportAreas[0]), supplyBaseline(), gap(area: run.reportAreas[0]), indicators(), assumptions()]
            + (run.areas.count > 1 ? byArea() : [])
            + [findingsGrid(), findingsTable] + (withLongTables ? [long("demand"), long("supply"), long("shortfall")] : [])
    }
}
