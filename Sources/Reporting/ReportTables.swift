import Foundation
import Results
import Planning

/// A table of the report as the HTML, the workbook and Markdown show it: typed cells, headers that
/// carry their units, rows that a reader should notice picked out.
public struct ReportTable: Sendable {
    public enum Format: Sendable, Equatable {
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

    public struct Column: Sendable {
        public let header: String
        public let format: Format
        public init(_ header: String, _ format: Format) {
            self.header = header
            self.format = format
        }
    }

    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// Not known: shown as "—".
        case missing
    }

    /// Stable identifier (also the sheet's order key).
    public let key: String
    public var title: String
    /// At most 31 characters, none of []:*?/\ (Excel's rule).
    public let sheetName: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Row indexes to pick out (key years, failures).
    public var emphasized: Set<Int> = []
    public var notes: [String] = []

    /// The cell as text for HTML and Markdown.
    public func display(_ cell: Cell, column: Int) -> String {
        switch cell {
        case .text(let t): return t
        case .missing: return "—"
        case .number(let v): return ReportNumber.format(v, columns[column].format)
        }
    }
}

public enum ReportNumber {
    public static func format(_ v: Double, _ format: ReportTable.Format) -> String {
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
public struct ReportTables {
    public let run: RunResult
    public let language: Language
    let rules: RuleBook?
    /// Rule names without their ids (the page); the workbook keeps the ids.
    public var idsHidden = false

    public init(run: RunResult, language: Language) {
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
    func declared(_ area: String, _ measure: ResultMeasure) -> Bool { run.isDeclared(area, measure) }

    func pop(_ area: String, _ year: Int, _ measure: ResultMeasure) -> Double? {
        run.population.p50(area, year, measure, .projected)
    }

    // MARK: (a) population

    public func population(area: String, allYears: Bool = true) -> ReportTable {
        let cols: [(String, String)] = [("total", "pop.total"), ("6-12m", "pop.6-12m"), ("12-24m", "pop.12-24m"),
                                        ("24-36m", "pop.24-36m"), ("0-2", "pop.0-2"), ("60+", "pop.60+"),
                                        ("60+share", "pop.60+share"), ("65+", "pop.65+"), ("80+", "pop.80+"),
                                        ("disabled", "pop.disabled")]
        // The column keys are the long table's measure codes, except the derived 0-2, share and disabled.
        var columns = [ReportTable.Column(t("col.year"), .text)]
        for (key, label) in cols {
            columns.append(key == "60+share" ? .init(withUnit(label, "unit.percent"), .percent) : .init(withUnit(label, "unitname.persons"), .integer))
        }
        columns.append(.init(t("col.note"), .text))
        let key = Set(run.keyYears + [run.baseYear])
        let years = allYears ? run.years : run.years.filter { key.contains($0) }
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for year in years {
            var row: [ReportTable.Cell] = [.text(String(year))]
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
        table.notes = [t("note.population_p50"), t("note.infant_bands"), t("note.disabled")]
        return table
    }

    // MARK: (b) supply baseline

    public func supplyBaseline() -> ReportTable {
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
        /// A count the scenario gives beside supply; for the total, the sum when every area gives it.
        func factSum(_ area: String, _ value: (AreaFacts) -> Double?) -> ReportTable.Cell {
            if area == RunResult.totalArea {
                var sum = 0.0
                for code in run.areaCodes {
                    guard let v = run.facts(of: code).flatMap(value) else { return .missing }
                    sum += v
                }
                return .number(sum)
            }
            return run.facts(of: area).flatMap(value).map { .number($0) } ?? .missing
        }
        var rows: [[ReportTable.Cell]] = []
        for area in run.reportAreas {
            func supply(_ m: ResultMeasure) -> Double? { declared(area, m) ? run.supply.p50(area, y, m, .planned) : nil }
            let beds = supply(.beds), nursing = supply(.nursingBeds), slots = supply(.nurserySlots)
            let elderly = pop(area, y, .elderly60plus), residents = pop(area, y, .residents)
            func cell(_ v: Double?) -> ReportTable.Cell { v.map { .number($0) } ?? .missing }
            var row: [ReportTable.Cell] = [.text(run.areaName(area, language))]
            row.append(factSum(area) { $0.institutions.map(Double.init) })
            row.append(cell(beds))
            row.append(cell(nursing))
            row.append(cell(beds.flatMap { b in nursing.flatMap { b > 0 ? $0 / b : nil } }))
            // Inclusive beds only for areas that list institutions (an area with none listed is unknown).
            row.append(factSum(area) { $0.inclusiveBeds })
            row.append(cell(beds.flatMap { b in elderly.flatMap { $0 > 0 ? 1000 * b / $0 : nil } }))
            row.append(factSum(area) { $0.communityRooms.map(Double.init) })
            row.append(factSum(area) { $0.communityRoomsM2 })
            row.append(factSum(area) { $0.publicNurseries })
            row.append(cell(slots))
            row.append(.missing)
            row.append(cell(slots.flatMap { s in residents.flatMap { $0 > 0 ? 1000 * s / $0 : nil } }))
            row.append(cell(supply(.carers)))
            row.append(cell(supply(.socialWorkers)))
            rows.append(row)
        }
        var table = ReportTable(key: "b-supply", title: tf("table.b", y), sheetName: t("sheet.b"),
                                columns: columns, rows: rows)
        if run.areas.count > 1 { table.emphasized = [0] }
        table.notes = [tf("note.supply_source", y)]
        table.notes.append(tf("note.facts_from", run.manifest.scenario))
        table.notes.append(t("note.dash"))
        return table
    }

    // MARK: (c) gap

    /// Per measure and target year: supply now, demand (P50 and P10-P90), planned supply, gap, gap %.
    public func gap(area: String) -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("col.measure"), .text), .init(t("col.unit"), .text),
            .init(tf("col.current_supply", run.baseYear), .integer), .init(t("col.target_year"), .text),
            .init(t("col.demand_p50"), .integer), .init(t("col.demand_range"), .text), .init(t("col.planned_supply"), .integer),
            .init(t("col.gap"), .integer), .init(withUnit("col.gap_rate", "unit.percent"), .percent),
            .init(t("col.rule"), .text),
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
                row.append(known ? (run.supply.p50(area, run.baseYear, m, .planned).map { .number($0) } ?? .missing) : .missing)
                row.append(.text(String(y)))
                row.append(.number(d.p50))
                row.append(.text(run.draws > 1 ? "\(ReportNumber.format(d.p10, .integer))–\(ReportNumber.format(d.p90, .integer))" : "—"))
                row.append(s.map { .number($0) } ?? .missing)
                row.append(g.map { .number($0) } ?? .missing)
                row.append(g.map { d.p50 > 0 ? .number($0 / d.p50) : .missing } ?? .missing)
                row.append(.text(rule.map { ruleName($0.id) } ?? "—"))
                if let g, g > 0.5 { emphasized.insert(rows.count) }
                rows.append(row)
            }
        }
        var table = ReportTable(key: "c-gap", title: "\(t("table.c")) — \(run.areaName(area, language))",
                                sheetName: t("sheet.c"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.gap"), t("note.dash")]
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

    // MARK: (d) indicators

    /// Binding (约束性) or expected (预期性), as the rule file states it and the run's findings carry it.
    func natureLabel(rule id: String) -> String {
        switch run.findings.first(where: { $0.rule == id })?.nature {
        case .binding: t("nature.binding")
        case .expected: t("nature.expected")
        default: t("nature.unstated")
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

    public func indicators() -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("col.indicator"), .text), .init(t("col.unit"), .text),
            .init(tf("col.base_value", run.baseYear), .auto), .init(t("col.target_year"), .text),
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
            row.append(.text(String(target.year)))
            row.append(scaled(target.required, target.unit))
            row.append(scaled(finding?.provided, target.unit))
            row.append(finding.map { .number($0.probabilityMet) } ?? .missing)
            row.append(.text(natureLabel(rule: target.rule)))
            row.append(.text(target.source))
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
                row.append(.text(String(y)))
                row.append(scaled(p.value, unit))
                let value = projected(metric, y)
                row.append(scaled(value, unit))
                row.append(.missing)
                row.append(.text(natureLabel(rule: String(parameter.prefix { $0 != "." }))))
                row.append(.text(p.source))
                if let value, value < p.value - 1e-9 { emphasized.insert(rows.count) }
                rows.append(row)
            }
        }
        var table = ReportTable(key: "d-indicators", title: t("table.d"), sheetName: t("sheet.d"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.indicators"), t("note.nature")]
        return table
    }

    // MARK: (e) assumptions

    public func assumptions() -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("col.parameter"), .text), .init(t("col.value"), .auto), .init(t("col.unit"), .text),
            .init(t("col.basis"), .text), .init(t("col.range"), .text), .init(t("col.source"), .text),
        ]
        var rows: [[ReportTable.Cell]] = []
        let propensitySD = run.manifest.uncertainty.first { $0.name == .propensityLog }?.sd ?? 0
        for p in run.manifest.demandParameters {
            var range: [String] = []
            if p.basis == .propensity && propensitySD > 0 && p.name.hasPrefix("propensity.") && !p.name.hasSuffix("nursing_share_of_users") {
                let f = exp(1.2816 * propensitySD)
                range.append(tf("range.draws", Self.short(p.value / f), Self.short(p.value * f)))
            }
            let short = p.name.components(separatedBy: ".").last ?? p.name
            for v in run.variants {
                if v.text.contains(p.name) || (short.hasPrefix("enrolment") && v.text.contains("enrolment")) {
                    range.append(tf("range.variant", v.name, v.text))
                }
            }
            rows.append([.text(parameterLabel(p.name)), .number(p.value), .text(unitLabel(p.unit)), .text(t("basis.\(p.basis.rawValue)")),
                         .text(range.isEmpty ? "—" : range.joined(separator: "；")), .text(p.source)])
        }
        for c in run.manifest.uncertainty where c.sd > 0 {
            rows.append([.text(t("uncertainty.\(c.name.rawValue)")), .number(c.sd), .text(t("unit.sd")), .text(t("basis.draws")),
                         .text(tf("range.component", run.draws, Self.short(c.shared), Self.short(c.persistence))),
                         .text(t("source.scenario_uncertainty"))])
        }
        for v in run.variants where !rows.contains(where: { if case .text(let s) = $0[4] { return s.contains(v.name) } else { return false } }) {
            rows.append([.text(tf("variant.row", v.name)), .missing, .text(""), .text(t("basis.variant")),
                         .text(v.text), .text(t("source.scenario_variants"))])
        }
        var table = ReportTable(key: "e-assumptions", title: t("table.e"), sheetName: t("sheet.e"), columns: columns, rows: rows)
        table.notes = [t("note.assumptions")]
        return table
    }

    func parameterLabel(_ name: String) -> String {
        if let entry = Labels.table["param.\(name)"] { return (language == .zh ? entry.zh : entry.en) + " (\(name))" }
        return name
    }

    /// `{ a: { b: 1 } }` → `a: { b: 1 }`: the outer braces of a variant's edits only.
    static func unbrace(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("{"), t.hasSuffix("}") else { return t }
        return String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
    }

    static func short(_ v: Double) -> String {
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    // MARK: Findings

    /// Findings, failures first (program targets, then areas by share missing), with rule source and
    /// responsible units.
    public func findings() -> ReportTable {
        let columns: [ReportTable.Column] = [
            .init(t("status"), .text), .init(t("col.subject"), .text), .init(t("col.year"), .text), .init(t("col.indicator"), .text),
            .init(t("required"), .auto), .init(t("provided"), .auto), .init(t("shortfall"), .auto),
            .init(t("col.unit"), .text), .init(withUnit("col.probability", "unit.percent"), .percent), .init(t("col.rule"), .text),
            .init(t("responsible"), .text), .init(t("source"), .text),
        ]
        let sorted = sortedFindings()
        var rows: [[ReportTable.Cell]] = []
        var emphasized: Set<Int> = []
        for f in sorted {
            let share = f.unit.isShare
            let integral = !share && !f.isRate
            func num(_ v: Double) -> ReportTable.Cell { .number(share ? 100 * v : (integral ? v.rounded() : v)) }
            let subject = f.kind == .program ? t("report.program") : run.areaName(f.subject, language)
            rows.append([.text(t(f.status.rawValue)), .text(subject), .text(String(f.year)), .text(metricLabel(f.metric)),
                         num(f.required), num(f.provided), f.status == .pass ? .text("") : num(f.shortfall),
                         .text(unitLabel(f.unit)), f.probabilityMet.isFinite && run.draws > 1 ? .number(f.probabilityMet) : .missing,
                         .text(ruleName(f.rule)), .text(responsible(f.rule)), .text(f.source)])
            if f.status == .fail { emphasized.insert(rows.count - 1) }
        }
        var table = ReportTable(key: "findings", title: t("table.findings"), sheetName: t("sheet.findings"), columns: columns, rows: rows)
        table.emphasized = emphasized
        table.notes = [t("note.findings")]
        return table
    }

    /// The findings for the page: without the long source and responsible units, which `ruleSources`
    /// lists once per rule.
    public func findingsCompact() -> ReportTable {
        var table = findings()
        let keep = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        table.columns = keep.map { table.columns[$0] }
        table.rows = table.rows.map { row in keep.map { row[$0] } }
        table.notes.append(t("note.rule_table"))
        return table
    }

    /// One row per rule that findings cite: its name, source and responsible units.
    public func ruleSources() -> ReportTable {
        var seen: [String] = []
        var rows: [[ReportTable.Cell]] = []
        for f in sortedFindings() where !seen.contains(f.rule) {
            seen.append(f.rule)
            let units = responsible(f.rule)
            rows.append([.text(ruleName(f.rule)), .text(units.isEmpty ? "—" : units), .text(f.source)])
        }
        return ReportTable(key: "rules", title: t("table.rules"), sheetName: t("table.rules"),
                           columns: [.init(t("col.rule"), .text), .init(t("responsible"), .text), .init(t("source"), .text)], rows: rows)
    }

    public func sortedFindings() -> [RunFinding] {
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

    // MARK: Long tables

    public func long(_ name: String) -> ReportTable {
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

    // MARK: (f) by area

    /// The population, baseline and gap tables with an area column, every area.
    public func byArea() -> [ReportTable] {
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
                out!.rows += table.rows.map { [.text(run.areaName(area, language))] + $0 }
            }
            return out!
        }
        return [
            stacked({ population(area: $0, allYears: false) }, key: "f-population", title: t("table.f_population"), sheet: t("sheet.f_population")),
            stacked({ gap(area: $0) }, key: "f-gap", title: t("table.f_gap"), sheet: t("sheet.f_gap")),
        ]
    }

    /// Every table of the workbook in sheet order.
    public func all() -> [ReportTable] {
        var population = population(area: run.reportAreas[0])
        population.title = t("table.a")
        var gapTable = gap(area: run.reportAreas[0])
        gapTable.title = t("table.c")
        return [population, supplyBaseline(), gapTable, indicators(), assumptions()] + (run.areas.count > 1 ? byArea() : [])
            + [findings(), long("demand"), long("supply"), long("shortfall")]
    }
}

extension ReportTable {
    public var titleText: String { title }
}

extension RunResult {
    /// The area's name (from the scenario's supply or the census); "all areas" for the total row.
    public func areaName(_ code: String, _ language: Language) -> String {
        if code == RunResult.totalArea { return Labels.text("report.all_areas", language) }
        if let name = area(code)?.name, !name.isEmpty { return name }
        return code
    }
}
