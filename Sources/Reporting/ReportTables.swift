import Foundation
import Results
import Planning

/// A table of the report as the HTML, the workbook and Markdown show it: typed cells, headers that
/// carry their units, rows that a reader should notice picked out.
package struct ReportTable: Sendable {
    package enum Format: Sendable, Equatable {
        case text
        /// Whole numbers with thousands separators.
        case integer
        /// Fixed decimals with thousands separators.
        case decimal(Int)
        /// A fraction shown as a percentage with one decimal.
        case percent
        /// A year or code: no separators.
        case year
        /// Whole numbers as integers, others with two decimals.
        case auto
    }

    package struct Column: Sendable {
        package let header: String
        package let format: Format
        package init(_ header: String, _ format: Format) {
            self.header = header
            self.format = format
        }
    }

    package enum Cell: Sendable, Equatable {
        case text(String)
        /// Text that is the scenario's own YAML or an identifier (a variant's edits): shown as code, so
        /// that a zh report marks it as quoted input, not as an English sentence.
        case code(String)
        case number(Double)
        /// Not known: shown as "—".
        case missing
    }

    /// Stable identifier (also the sheet's order key).
    package let key: String
    package var title: String
    /// At most 31 characters, none of []:*?/\ (Excel's rule).
    package let sheetName: String
    package var columns: [Column]
    package var rows: [[Cell]]
    /// Row indexes to pick out (key years, failures).
    package var emphasized: Set<Int> = []
    package var notes: [String] = []

    /// The cell as text for HTML and Markdown.
    package func display(_ cell: Cell, column: Int) -> String {
        switch cell {
        case .text(let t), .code(let t): return t
        case .missing: return "—"
        case .number(let v): return ReportNumber.format(v, columns[column].format)
        }
    }
}

package enum ReportNumber {
    package static func format(_ v: Double, _ format: ReportTable.Format) -> String {
        guard v.isFinite else { return "—" }
        switch format {
        case .text, .integer: return NumberFormatting.grouped(Int64(v.rounded()))
        case .decimal(let d):
            let text = String(format: "%.\(d)f", v)
            let parts = text.split(separator: ".", maxSplits: 1)
            let whole = Int64(parts[0]) ?? 0
            let sign = text.hasPrefix("-") && whole == 0 ? "-" : ""
            return sign + NumberFormatting.grouped(whole) + (parts.count > 1 ? "." + parts[1] : "")
        case .percent:
            return String(format: "%.1f", v * 100)
        case .year:
            return String(Int64(v.rounded()))
        case .auto:
            return abs(v - v.rounded()) < 1e-9 ? Self.format(v, ReportTable.Format.integer) : Self.format(v, ReportTable.Format.decimal(2))
        }
    }
}

/// Tables (a)-(f) of a 一老一小 整体解决方案, the findings, and the long tables, built from a run folder.
package struct ReportTables {
    package let run: RunResult
    package let language: Language
    let rules: RuleBook?
    /// Rule names without their ids (the page); the workbook keeps the ids.
    package var idsHidden = false

    package init(run: RunResult, language: Language) {
        self.run = run
        self.language = language
        self.rules = try? RuleBook(preset: run.manifest.rules.isEmpty ? "national" : run.manifest.rules)
    }

    func t(_ key: String) -> String { Labels.text(key, language) }
    func tf(_ key: String, _ args: CustomStringConvertible...) -> String { Labels.fill(key, language, args.map(\.description)) }

    /// "托位数（个）": a measure's name (the label carries its unit).
    func measureHeader(_ measure: ResultMeasure) -> String { t("measure.\(measure.rawValue)") }
    func measureName(_ measure: ResultMeasure) -> String { t("measure.\(measure.rawValue)") }
    func unitName(_ measure: ResultMeasure) -> String { t("unitname.\(Self.unitKey(measure.unit))") }
    func withUnit(_ label: String, _ unitKey: String) -> String {
        language == .zh ? "\(t(label))（\(t(unitKey))）" : "\(t(label)) (\(t(unitKey)))"
    }

    /// The label key of a unit (`unitname.<key>`).
    static func unitKey(_ unit: ResultUnit) -> String {
        switch unit {
        case .persons: "persons"
        case .households: "households"
        case .slots: "slots"
        case .beds: "beds"
        }
    }

    /// Whether the area's supply of `measure` is given (an undeclared measure is unknown, not zero).
    /// A region's (prefecture or province) when every county of it in the run declares it.
    func declared(_ area: String, _ measure: ResultMeasure) -> Bool { declaredAny(area, measure) }

    func pop(_ area: String, _ year: Int, _ measure: ResultMeasure) -> Double? {
        run.population.p50(area, year, measure, .projected)
    }

    // MARK: (a) population

    package func population(area: String, allYears: Bool = true) -> ReportTable {
        let cols: [(String, String)] = [("total", "pop.total"), ("6-12m", "pop.6-12m"), ("12-24m", "pop.12-24m"),
                                        ("24-36m", "pop.24-36m"), ("0-2", "pop.0-2"), ("60+", "pop.60+"),
                                        ("60+share", "pop.60+share"), ("65+", "pop.65+"), ("80+", "pop.80+"),
                                        ("disabled", "pop.disabled")]
        // The column keys are the long table's measure codes, except the derived 0-2, share and disabled.
        var columns = [ReportTable.Column(t("col.year"), .year)]
        for (key, label) in cols {
            columns.append(key == "60+share" ? .init(withUnit(label, "unit.percent"), .percent) : .init(withUnit(label, "unitname.persons"), .integer))
        }
        columns.append(.init(t("col.note"), .text))
        let key = Set(run.keyYears + [run.baseYear])
        let years = allYears ? run.years : run.years.filter { key.contains($0) }
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for year in years {
            var row: [ReportTable.Cell] = [.number(Double(year))]
            let infants = [ResultMeasure.children6to12m, .children12to24m, .children24to36m].map { pop(area, year, $0) }
            for (k, _) in cols {
                switch k {
                case "0-2":
                    row.append(infants.contains(where: { $0 == nil }) ? .missing : .number(infants.reduce(0) { $0 + $1! }))
                case "60+share":
                    if let e = pop(area, year, .elderly60plus), let total = pop(area, year, .residents), total > 0 { row.append(.number(e / total)) } else { row.append(.missing) }
                case "disabled":
                    row.append(run.demand.p50(area, year, .disabledElderly, .propensity).map { .number($0) } ?? .missing)
                default:
                    row.append(ResultMeasure(rawValue: k).flatMap { pop(area, year, $0) }.map { .number($0) } ?? .missing)
                }
            }
            var note = ""
            if year == run.baseYear { note = t("note.base_year") } else if key.contains(year) { note = t("note.key_year") }
            row.append(.text(note))
            if key.contains(year) { emphasized.insert(rows.count) }
            rows.append(row)
        }
        var table = ReportTable(key: "a-population", title: "\(t("table.a")) — \(run.areaName(area, language))",
                                sheetName: t("sheet.a"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [referenceDateNote, t("note.population_p50"), t("note.infant_bands"), t("note.disabled")]
        return table
    }

    /// The date each population figure refers to, from the manifest: the census moment (11-01) or
    /// year-end (12-31); another date is stated as written.
    var referenceDateNote: String {
        switch run.manifest.referenceDate {
        case "11-01": return t("note.reference_census")
        case "12-31": return t("note.reference_year_end")
        default: return language == .zh ? "人口为各年\(run.manifest.referenceDate)数。" : "Population on \(run.manifest.referenceDate) of each year."
        }
    }

}

extension ReportTable {
    package var titleText: String { title }
}

extension RunResult {
    /// The area's name (from the scenario's supply or the census), a region's census name; "all areas"
    /// for the total row.
    package func areaName(_ code: String, _ language: Language) -> String {
        if code == RunResult.totalArea { return Labels.text("report.all_areas", language) }
        if let name = area(code)?.name, !name.isEmpty { return name }
        if let name = region(code)?.name, !name.isEmpty { return name }
        return code
    }
}
