import Foundation
import Planning
import Results

/// The long tables as workbook sheets.
extension ReportTables {
    // MARK: Long tables

    package func long(_ name: String) -> ReportTable {
        let table: QuantileTable = switch name {
        case "demand": run.demand
        case "supply": run.supply
        default: run.shortfall
        }
        let columns: [ReportTable.Column] = [
            .init("area", .text), .init(t("col.area_name"), .text), .init("year", .year), .init("measure", .text),
            .init("basis", .text), .init("p10", .decimal(2)), .init("p50", .decimal(2)), .init("p90", .decimal(2)),
        ]
        var rows: [[ReportTable.Cell]] = []
        rows.reserveCapacity(table.rowCount)
        var names: [String: String] = [:]
        table.forEachRow { r in
            let name = names[r.area] ?? run.areaName(r.area, language)
            names[r.area] = name
            let cells: [ReportTable.Cell] = [.text(r.area), .text(name), .number(Double(r.year)), .text(r.measure.rawValue),
                                             .text(r.basis.rawValue), .number(r.q.p10), .number(r.q.p50), .number(r.q.p90)]
            rows.append(cells)
        }
        return ReportTable(key: "long-\(name)", title: name, sheetName: "\(name).csv", columns: columns, rows: rows)
    }
}
