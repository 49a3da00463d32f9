import Foundation
import Planning
import Results

/// 表2: what exists in the base year, by area.
extension ReportTables {
    // MARK: (b) supply baseline

    /// One row per key of `areas` (default: the total, then every area); a region's counts sum its members'.
    package func supplyBaseline(areas: [String]? = nil) -> ReportTable {
        let y = run.baseYear
        var columns = [ReportTable.Column(t("col.area"), .text)]
        let spec: [(String, String, ReportTable.Format)] = [
            ("base.institutions", "unitname.institutions", .integer), ("base.beds", "unitname.beds", .integer),
            ("base.nursing_beds", "unitname.beds", .integer), ("base.nursing_share", "unit.percent", .percent),
            ("base.inclusive_beds", "unitname.beds", .integer),
            ("base.beds_per_1000_elderly", "unitname.beds", .decimal(1)),
            ("base.community_rooms", "unitname.places", .integer), ("base.community_m2", "unitname.m2", .integer),
            ("base.public_nurseries", "unitname.institutions", .integer), ("base.slots", "unitname.slots", .integer),
            ("base.inclusive_slots", "unitname.slots", .integer), ("base.slots_per_1000", "unitname.slots", .decimal(2)),
            ("base.carers", "unitname.persons", .integer), ("base.social_workers", "unitname.persons", .integer),
        ]
        for (label, unit, format) in spec { columns.append(.init(withUnit(label, unit), format)) }
        columns.append(.init(t("col.supply_basis"), .text))
        /// A count the scenario gives beside supply; for the total, the sum when every area gives it.
        func factSum(_ area: String, _ value: (AreaFacts) -> Double?) -> ReportTable.Cell {
            let members = area == RunResult.totalArea ? run.areaCodes : run.region(area)?.members
            if let members {
                var sum = 0.0
                for code in members {
                    guard let v = run.facts(of: code).flatMap(value) else { return .missing }
                    sum += v
                }
                return .number(sum)
            }
            return run.facts(of: area).flatMap(value).map { .number($0) } ?? .missing
        }
        var rows: [[ReportTable.Cell]] = []
        for area in areas ?? run.reportAreas {
            func supply(_ m: ResultMeasure) -> Double? { declared(area, m) ? run.supply.p50(area, y, m, .planned) : nil }
            let beds = supply(.beds), nursing = supply(.nursingBeds), slots = supply(.nurserySlots)
            let elderly = pop(area, y, .elderly60plus), residents = pop(area, y, .residents)
            func cell(_ v: Double?) -> ReportTable.Cell { v.map { .number($0) } ?? .missing }
            // A measure the scenario does not give reads 未提供 / not provided, never 0 nor a bare dash.
            func given(_ m: ResultMeasure) -> ReportTable.Cell { supply(m).map { .number($0) } ?? .text(t("supply_basis.not_provided")) }
            var row: [ReportTable.Cell] = [.text(areaLabel(area))]
            row.append(factSum(area) { $0.institutions.map(Double.init) })
            row.append(given(.beds))
            row.append(given(.nursingBeds))
            row.append(cell(beds.flatMap { b in nursing.flatMap { b > 0 ? $0 / b : nil } }))
            // Inclusive beds only for areas that list institutions (an area with none listed is unknown).
            row.append(factSum(area) { $0.inclusiveBeds })
            row.append(cell(beds.flatMap { b in elderly.flatMap { $0 > 0 ? 1000 * b / $0 : nil } }))
            row.append(factSum(area) { $0.communityRooms.map(Double.init) })
            row.append(factSum(area) { $0.communityRoomsM2 })
            row.append(factSum(area) { $0.publicNurseries })
            row.append(given(.nurserySlots))
            row.append(.missing)
            row.append(cell(slots.flatMap { s in residents.flatMap { $0 > 0 ? 1000 * s / $0 : nil } }))
            row.append(given(.carers))
            row.append(given(.socialWorkers))
            row.append(.text(basisSummary(area)))
            rows.append(row)
        }
        var table = ReportTable(key: "b-supply", title: tf("table.b", y), sheetName: t("sheet.b"),
                                columns: columns, rows: rows)
        if run.areas.count > 1 { table.emphasized = [0] }
        table.notes = [tf("note.supply_source", y)]
        // Fewer rows than areas: say where the rest are (provinces, or the total only in report.md).
        if let areas, areas.count < run.reportAreas.count {
            table.notes.append(t(areas.count > 1 ? "note.supply_by_province" : "note.supply_total_only"))
        }
        table.notes.append(tf("note.facts_from", run.manifest.scenario))
        table.notes.append(t("note.dash"))
        table.notes.append(t("note.earliest_level"))
        // The documents each area's supply cites, so that a reader can check them.
        var cited: [String] = []
        for area in run.areaCodes {
            for m in ResultMeasure.capacity where run.supplyBasis(area, m) == .declared {
                let text = run.supplyCitation(area, m)
                if !text.isEmpty, !cited.contains(text) { cited.append(text) }
            }
        }
        if !cited.isEmpty { table.notes.append(tf("note.supply_basis_list", cited.joined(separator: language == .zh ? "；" : "; "))) }
        if run.areaCodes.contains(where: { a in ResultMeasure.capacity.contains { run.supplyBasis(a, $0) == .assumption } }) {
            table.notes.append(t("note.supply_basis"))
        }
        return table
    }

    /// Which of an area's capacity measures rest on cited figures, on assumptions, or are not given:
    /// "假设：床位、托位；未提供：社工".
    func basisSummary(_ area: String) -> String {
        var parts: [String] = []
        for basis in SupplyBasis.allCases {
            let names = ResultMeasure.capacity.filter { run.supplyBasis(area, $0) == basis }.map { measureName($0) }
            if !names.isEmpty {
                parts.append(t("supply_basis.\(basis.rawValue)") + (language == .zh ? "：" : ": ")
                             + names.joined(separator: language == .zh ? "、" : ", "))
            }
        }
        return parts.joined(separator: language == .zh ? "；" : "; ")
    }
}
