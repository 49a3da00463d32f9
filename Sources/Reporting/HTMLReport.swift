import Foundation
import Results

/// report.html: one self-contained page (styles and charts inline, no address of any kind) that prints
/// cleanly on A4: summary and assumptions, findings, charts, tables (a)-(f).
///
/// Its size follows the run's: up to `ReportTables.manyAreas` areas every area gets its charts; above
/// it the county charts become sorted horizontal bars of the largest shortfalls (the rest in 表7), the
/// demand charts and pyramids are drawn for the total only and the findings are summed up per
/// indicator (表8a); above `ReportTables.aggregatedAreas` the page shows provinces and prefectures
/// (their own region rows) and every county in the county picker (`CountyPicker`).
package struct HTMLReport {
    package let run: RunResult
    package let language: Language
    let tables: ReportTables
    /// The pyramid's rows by area, so each area's chart reads only its own rows.
    let pyramidRows: [String: ArraySlice<PyramidRow>]

    /// How many areas with a bar of their own in a chart of many areas.
    package static let topAreas = 15

    /// The page's layout for the run's number of areas.
    package enum Scale: Sendable, Equatable {
        /// Every area charted and tabled.
        case each
        /// Top-N bars, charts of the total, county tables, findings summed up.
        case many
        /// Provinces and prefectures on the page, counties in the picker.
        case aggregated
    }

    package var scale: Scale {
        let n = run.areas.count
        return n > ReportTables.aggregatedAreas ? .aggregated : (n > ReportTables.manyAreas ? .many : .each)
    }

    package init(run: RunResult, language: Language) {
        self.run = run
        self.language = language
        var byArea: [String: ArraySlice<PyramidRow>] = [:]
        var start = 0
        for i in run.pyramid.indices where i == run.pyramid.count - 1 || run.pyramid[i + 1].area != run.pyramid[i].area {
            byArea[run.pyramid[i].area] = run.pyramid[start...i]
            start = i + 1
        }
        pyramidRows = byArea
        var tables = ReportTables(run: run, language: language)
        tables.idsHidden = true
        self.tables = tables
    }

    func t(_ key: String) -> String { Labels.text(key, language) }
    func tf(_ key: String, _ args: CustomStringConvertible...) -> String { Labels.fill(key, language, args.map(\.description)) }
    func e(_ s: String) -> String { SVGChart.escape(s) }

    static let style = """
        @page { size: A4; margin: 14mm 12mm 16mm 12mm; }
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei", sans-serif;
               color: #000; background: #fff; margin: 0 auto; max-width: 190mm; font-size: 10pt; line-height: 1.45; }
        h1 { font-size: 17pt; margin: 0 0 2pt 0; }
        h2 { font-size: 13pt; border-bottom: 1.5pt solid #000; padding-bottom: 2pt; margin: 16pt 0 6pt 0; break-after: avoid; }
        h3 { font-size: 11pt; margin: 10pt 0 4pt 0; break-after: avoid; }
        p.sub { margin: 0 0 8pt 0; color: #333; }
        dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2pt 12pt; margin: 4pt 0 8pt 0; }
        dl.summary dt { font-weight: bold; }
        dl.summary dd { margin: 0; }
        ul { margin: 2pt 0 6pt 0; padding-left: 16pt; }
        table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 2pt 0 4pt 0; }
        caption { text-align: left; font-weight: bold; font-size: 11.5pt; padding: 10pt 0 3pt 0; caption-side: top; }
        thead { display: table-header-group; }
        th { border-top: 1.2pt solid #000; border-bottom: 0.8pt solid #000; padding: 2pt 3pt; text-align: center;
             font-weight: bold; vertical-align: bottom; }
        td { border-bottom: 0.4pt solid #bbb; padding: 1.5pt 3pt; vertical-align: top; white-space: nowrap; }
        td.wrap { white-space: normal; min-width: 8em; }
        tbody tr:last-child td { border-bottom: 1.2pt solid #000; }
        tr { break-inside: avoid; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.src { font-size: 7pt; color: #333; min-width: 14em; white-space: normal; }
        tr.em td { font-weight: bold; }
        tr.em td.src { font-weight: normal; }
        p.note { font-size: 7.5pt; color: #333; margin: 0 0 1pt 0; }
        figure { margin: 6pt 0; break-inside: avoid; text-align: center; }
        svg.chart { max-width: 100%; height: auto; font-family: inherit; }
        .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4pt 8pt; }
        .grid figure { margin: 2pt 0; }
        .area { break-inside: avoid; }
        .fail { font-weight: bold; }
        nav ol { margin: 2pt 0; padding-left: 16pt; columns: 2; font-size: 9pt; }
        footer { font-size: 7.5pt; color: #444; margin-top: 12pt; border-top: 0.4pt solid #999; padding-top: 3pt; }
        #picker select { font: inherit; margin: 0 8pt 4pt 2pt; max-width: 16em; }
        #picker label { white-space: nowrap; }
        caption { break-after: avoid; }
        @media print {
            h2 { break-before: auto; } .pagebreak { break-before: page; }
            table.biao { break-before: page; }
            /* A heading followed by a 表 starts the page instead, and the 表 stays under it. */
            h2:has(+ table.biao) { break-before: page; }
            h2 + table.biao { break-before: avoid; }
            p.note { break-before: avoid; }
            #picker { break-before: page; }
            #picker-controls { display: none; }
        }
        """

    package func render() -> String {
        let lang = language == .zh ? "zh-CN" : "en"
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(run.manifest.scenarioName)) — \(e(t("report.title")))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        out += "<header><h1>\(e(t("report.title")))</h1><p class=\"sub\">\(e(run.manifest.scenarioName))"
        if let v = run.manifest.variant { out += " — \(e(t("report.variant"))) \(e(v))" }
        out += "</p></header>\n"
        // The order of a 一老一小 整体解决方案: summary, population outlook, supply baseline, gap, indicators,
        // assumptions, county detail; charts and the findings follow as the appendix.
        out += summary()
        let area = run.reportAreas[0]
        out += section("population", t("report.section_population"))
        out += table(tables.population(area: area))
        out += section("supply", t("report.section_supply"))
        out += table(tables.supplyBaseline(areas: scale == .aggregated ? [RunResult.totalArea] + tables.regionKeys(.province) : nil))
        out += section("gap", t("report.section_gap"))
        out += table(tables.gap(area: area))
        out += section("indicators", t("report.section_indicators"))
        out += table(tables.indicators())
        out += section("assumptions", t("report.section_assumptions"))
        out += table(tables.assumptions())
        if scale == .aggregated {
            out += section("by-area", t("report.by_region"))
            for t in tables.byRegion(.province) { out += table(t) }
            out += table(tables.prefectureGaps())
            out += CountyPicker(run: run, language: language, tables: tables).render()
        } else if run.areas.count > 1 {
            out += section("by-area", t("report.by_area"))
            for t in tables.byArea() { out += table(t) }
        }
        out += charts()
        out += section("appendix", t("report.appendix"))
        if scale == .each {
            out += table(tables.findingsGrid())
        } else {
            // Many areas: the plan targets' rows of the grid, then the areas' findings summed up per
            // indicator (every one is in report.xlsx and findings.csv).
            var programs = tables.findingsGrid()
            let kept = programs.rows.indices.filter { programs.rows[$0].first == .text(t("report.program")) }
            programs.emphasized = Set(kept.enumerated().filter { programs.emphasized.contains($0.element) }.map(\.offset))
            programs.rows = kept.map { programs.rows[$0] }
            programs.notes.insert(t("note.findings_programs"), at: 0)
            if !programs.rows.isEmpty { out += table(programs) }
            // Without declared supply no area is judged: the summary would be an empty table.
            let summary = tables.findingsByIndicator()
            if !summary.rows.isEmpty { out += table(summary) }
        }
        let rules = tables.ruleSources()
        if !rules.rows.isEmpty { out += table(rules) }
        if !run.manifest.warnings.isEmpty {
            // The warnings are the program's own messages (area codes, file names, parameters), kept as
            // written so that they can be searched for; the heading and the note say what they are.
            out += "<h3>\(e(t("report.warnings")))</h3>\n<p class=\"note\">\(e(t("report.warnings_note")))</p>\n<ul class=\"warnings\">\n"
            out += shownWarnings().map { "<li><code>\(e($0))</code></li>\n" }.joined() + "</ul>\n"
        }
        out += "<footer>\(e(tf("report.generated_by", run.manifest.tool))) \(e(t("report.scenario_hash"))): \(e(run.manifest.scenarioHash))</footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    func section(_ id: String, _ title: String) -> String { "<h2 id=\"\(id)\">\(e(title))</h2>\n" }

    func summary() -> String {
        var out = "<h2>\(e(t("report.summary")))</h2>\n<dl class=\"summary\">\n"
        func item(_ k: String, _ v: String) { out += "<dt>\(e(t(k)))</dt><dd>\(e(v))</dd>\n" }
        item("report.scenario", run.manifest.scenarioName + " (\(run.manifest.scenario))")
        item("report.variant", run.manifest.variant ?? t("report.variant_base"))
        item("report.rules", run.manifest.rules)
        item("report.period", "\(run.baseYear)–\(run.horizon)")
        if scale != .each {
            item("report.areas", tf("report.areas_count", ReportNumber.format(Double(run.areas.count), .integer),
                                    tables.regionKeys(.province).count, tables.regionKeys(.prefecture).count))
        } else { item("report.areas", run.areaCodes.map { "\(run.areaName($0, language))（\($0)）" }.joined(separator: language == .zh ? "、" : ", ")) }
        item("report.draws", run.draws > 1 ? tf("report.draws_text", run.draws, run.manifest.seed.map(String.init) ?? "—") : t("report.deterministic"))
        out += "</dl>\n<h3>\(e(t("report.headline")))</h3>\n<ul>\n"
        for line in headlines() { out += "<li>\(e(line))</li>\n" }
        out += "</ul>\n"
        if !run.manifest.warnings.isEmpty {
            out += "<p class=\"note\">\(e(tf("report.warnings_pointer", run.manifest.warnings.count)))</p>\n"
        }
        return out
    }

    /// How many warnings a page of many areas shows, and how many characters of each.
    static let warningsShown = 10, warningLength = 300

    /// The run's warnings; with many areas (hundreds, each naming counties) the first few, each cut to a
    /// paragraph, and a line saying how many more are in manifest.json.
    package func shownWarnings() -> [String] {
        let all = run.manifest.warnings
        guard scale != .each, all.count > Self.warningsShown || all.contains(where: { $0.count > Self.warningLength }) else { return all }
        var out = all.prefix(Self.warningsShown).map { $0.count > Self.warningLength ? String($0.prefix(Self.warningLength)) + "…" : $0 }
        out.append(tf("report.warnings_more", all.count - min(all.count, Self.warningsShown), all.count))
        return out
    }

    /// The few findings that matter, largest first: each binding capacity standard the whole run misses
    /// (its worst target year, the gap in units on both bases), each binding plan target missed (with
    /// what it lacks in units where the target converts), then a count of the expected ones. Ranked by
    /// size in units, not by the share missing: a small county's 90% is not a province's 10%.
    package func headlines() -> [String] {
        var ranked: [(size: Double, text: String)] = []
        let area = run.reportAreas[0]
        func units(_ v: Double, _ m: ResultMeasure) -> String { ReportNumber.format(v, .integer) + " " + tables.unitName(m) }
        var unknown: [String] = []
        for m in ResultMeasure.capacity {
            guard let rule = run.rule(of: m), tables.ruleStatus(rule.id) == .binding else { continue }
            guard tables.declared(area, m) else { unknown.append(tables.measureName(m)); continue }
            let missed = run.keyYears.compactMap { y in run.shortfall.p50(area, y, m, .standard).flatMap { $0 > 0.5 ? (y, $0) : nil } }
            guard let first = missed.first, let worst = missed.max(by: { $0.1 < $1.1 }) else { continue }
            let use = run.shortfall.p50(area, worst.0, m, .propensity).map { units($0, m) } ?? t("value.not_computed")
            ranked.append((worst.1, tf("report.headline_binding_gap", worst.0, tables.measureName(m), units(worst.1, m), first.0, use)))
        }
        var expected = 0
        for f in run.findings where f.status == .fail {
            guard f.kind == .program else {
                if tables.ruleStatus(f.rule) != .binding { expected += 1 }
                continue
            }
            guard tables.ruleStatus(f.rule) == .binding else { expected += 1; continue }
            func value(_ v: Double) -> String {
                f.unit.isShare ? String(format: "%.1f%%", 100 * v) : (f.isRate ? String(format: "%.2f", v) : ReportNumber.format(v, .integer))
                    + (f.unit.isShare ? "" : " " + tables.unitLabel(f.unit))
            }
            let nature = t("nature.binding")
            if let (size, m) = programShortfall(f) {
                ranked.append((size, tf("report.headline_target", f.year, tables.metricLabel(f.metric), value(f.required), value(f.provided),
                                        nature, units(size, m))))
            } else {
                ranked.append((0, tf("report.headline_target_plain", f.year, tables.metricLabel(f.metric), value(f.required),
                                     value(f.provided), nature)))
            }
        }
        var lines = ranked.sorted { $0.size > $1.size }.map(\.text)
        if lines.isEmpty { lines.append(t("report.headline_none")) }
        if expected > 0 { lines.append(tf("report.headline_expected", expected)) }
        if !unknown.isEmpty { lines.append(tf("report.headline_unknown", unknown.joined(separator: language == .zh ? "、" : ", "))) }
        return lines
    }

    /// A plan target's shortfall in units of the measure it counts: a rate per 1,000 times the
    /// population it is per, a share times the beds it is a share of, a total as it is; nil otherwise.
    func programShortfall(_ f: RunFinding) -> (Double, ResultMeasure)? {
        let a = RunResult.totalArea, y = f.year
        let short = f.required - f.provided
        guard short.isFinite, short > 0 else { return nil }
        switch f.metric {
        case "slots_per_1000": return run.population.p50(a, y, .residents, .projected).map { (short * $0 / 1000, .nurserySlots) }
        case "beds_per_1000_elderly": return run.population.p50(a, y, .elderly60plus, .projected).map { (short * $0 / 1000, .beds) }
        case "nursing_share":
            guard tables.declared(a, .beds) else { return nil }
            return run.supply.p50(a, y, .beds, .planned).map { (short * $0, .nursingBeds) }
        case "slots": return (short, .nurserySlots)
        case "beds": return (short, .beds)
        case "nursing_beds": return (short, .nursingBeds)
        case "carers": return (short, .carers)
        case "social_workers": return (short, .socialWorkers)
        default: return nil
        }
    }

    func table(_ table: ReportTable) -> String {
        // Each numbered table (表) starts a page in print; the rule list follows the findings.
        var out = table.key == "rules" ? "<table>\n" : "<table class=\"biao\">\n"
        out += "<caption>\(e(table.title))</caption>\n<thead><tr>"
        for c in table.columns { out += "<th>\(e(c.header))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        let sourceColumns = Set(table.columns.indices.filter { [t("col.source"), t("source")].contains(table.columns[$0].header) })
        for (i, row) in table.rows.enumerated() {
            out += table.emphasized.contains(i) ? "<tr class=\"em\">" : "<tr>"
            for (j, cell) in row.enumerated() {
                let text = table.display(cell, column: j)
                let cls: String
                if sourceColumns.contains(j) { cls = " class=\"src\"" } else if case .text = cell, DisplayWidth.of(text) > 16 { cls = " class=\"wrap\"" } else if case .number = cell { cls = " class=\"num\"" } else if case .missing = cell { cls = " class=\"num\"" } else { cls = "" }
                if case .code = cell { out += "<td class=\"wrap\"><code>\(e(text))</code></td>"; continue }
                out += "<td\(cls)>\(e(text))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        for note in table.notes { out += "<p class=\"note\">\(e(note))</p>\n" }
        return out
    }

    // MARK: Charts

    package func pyramidChart(area: String) -> String? {
        var base: [String: [Int: Double]] = [:], horizon: [String: [Int: Double]] = [:]
        let rows = area == RunResult.totalArea ? run.pyramid[...] : (pyramidRows[area] ?? [])
        guard !rows.isEmpty else { return nil }
        for r in rows {
            if r.year == run.baseYear { base[r.sex.rawValue, default: [:]][r.age, default: 0] += r.population }
            if r.year == run.horizon { horizon[r.sex.rawValue, default: [:]][r.age, default: 0] += r.population }
        }
        let labels = SVGChart.PyramidLabels(
            title: tf("chart.pyramid", run.areaName(area, language), run.baseYear, run.horizon),
            male: t("chart.male"), female: t("chart.female"), age: t("chart.age"), axis: t("chart.population_axis"),
            baseYear: String(run.baseYear), horizon: String(run.horizon))
        return SVGChart.pyramid(base: base, horizon: horizon, labels)
    }

    package func demandChart(area: String, measure: ResultMeasure) -> String? {
        let years = run.years
        var p10: [Double] = [], p50: [Double] = [], p90: [Double] = [], cap: [Double] = []
        for y in years {
            guard let q = run.demand.value(area, y, measure, .standard) else { return nil }
            p10.append(q.p10); p50.append(q.p50); p90.append(q.p90)
            cap.append(run.supply.p50(area, y, measure, .planned) ?? 0)
        }
        let unit = tables.unitName(measure)
        let name = tables.measureName(measure)
        let labels = SVGChart.DemandLabels(
            title: tf("chart.demand_title", run.areaName(area, language), name),
            yAxis: language == .zh ? "\(name)（\(unit)）" : "\(name) (\(unit))", xAxis: t("chart.year_axis"),
            median: t("chart.demand_p50"), band: t("chart.demand_band"), capacity: t("chart.capacity"))
        return SVGChart.demandCapacity(.init(years: years, p10: p10, p50: p50, p90: p90,
                                             capacity: tables.declared(area, measure) ? cap : nil), labels)
    }

    package func shortfallChart(measure: ResultMeasure) -> String? {
        let years = run.keyYears
        guard !years.isEmpty, tables.declared(RunResult.totalArea, measure) || run.areaCodes.contains(where: { tables.declared($0, measure) }) else { return nil }
        let areas = run.areaCodes.filter { tables.declared($0, measure) }
        let values = areas.map { a in years.map { run.shortfall.p50(a, $0, measure, .standard) ?? 0 } }
        let unit = tables.unitName(measure)
        let name = tables.measureName(measure)
        return SVGChart.groupedBars(title: tf("chart.shortfall_title", name, unit), categories: areas.map { run.areaName($0, language) },
                                    groups: years.map(String.init), values: values,
                                    yAxis: language == .zh ? "缺口（\(unit)）" : "shortfall (\(unit))", emptyNote: t("chart.no_shortfall"))
    }

    package func probabilityChart() -> String? {
        var items = run.findings.filter { $0.kind == .program }
        if items.isEmpty, let y = run.keyYears.last { items = run.findings.filter { $0.year == y } }
        guard !items.isEmpty else { return nil }
        let all = items.count
        var note = ""
        if scale != .each && items.count > Self.topAreas {
            items = Array(items.sorted { ($0.probabilityMet.isFinite ? $0.probabilityMet : 0) < ($1.probabilityMet.isFinite ? $1.probabilityMet : 0) }
                .prefix(Self.topAreas))
            note = tf("chart.probability_top", items.count, all)
        }
        let labels = items.map { f -> String in
            let who = f.kind == .program ? "" : run.areaName(f.subject, language) + " "
            return "\(who)\(tables.metricLabel(f.metric)) \(f.year)"
        }
        let chart = SVGChart.probabilityBars(title: t("chart.probability_section"), labels: labels,
                                             values: items.map { $0.probabilityMet.isFinite ? $0.probabilityMet : 0 }, axis: t("chart.probability_axis"))
        return note.isEmpty ? chart : chart + "<p class=\"note\">\(e(note))</p>\n"
    }

    /// The areas (or, aggregated, the provinces) with the largest shortfall of `measure` in the last key
    /// year, sorted largest first, as horizontal bars; at most `topAreas` of them, the rest named in a note.
    package func topShortfallChart(measure: ResultMeasure) -> String? {
        let year = run.keyYears.last ?? run.horizon
        let provinces = scale == .aggregated ? tables.regionKeys(.province) : []
        let keys = (provinces.isEmpty ? run.areaCodes : provinces).filter { tables.declared($0, measure) }
        guard !keys.isEmpty else { return nil }
        let ranked = keys.map { ($0, run.shortfall.p50($0, year, measure, .standard) ?? 0) }
            .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
        let shown = provinces.isEmpty ? Array(ranked.prefix(Self.topAreas)) : ranked
        let unit = tables.unitName(measure)
        let name = tables.measureName(measure)
        let title = provinces.isEmpty ? tf("chart.top_title", year, name, unit) : tf("chart.province_title", year, name, unit)
        let rest = ranked.count - shown.count
        let note = provinces.isEmpty ? (rest > 0 ? tf("chart.top_note", shown.count, rest) : "") : t("chart.province_note")
        return SVGChart.horizontalBars(title: title, labels: shown.map { run.areaName($0.0, language) }, values: shown.map(\.1),
                                       axis: language == .zh ? "缺口（\(unit)）" : "shortfall (\(unit))", note: note,
                                       emptyNote: t("chart.no_shortfall"))
    }

    func charts() -> String {
        var out = "<div class=\"pagebreak\"></div>\n<h2 id=\"charts\">\(e(t("report.charts_section")))</h2>\n"
        // A chart of bars all at 0 or 100% says nothing the indicators table does not.
        let probabilities = run.findings.filter { $0.kind == .program && $0.status != .notAssessed }.map(\.probabilityMet)
        let flat = !probabilities.isEmpty && probabilities.allSatisfy { !$0.isFinite || $0 < 0.005 || $0 > 0.995 }
        if flat {
            out += "<p class=\"note\">\(e(t("chart.probability_flat")))</p>\n"
        } else if let p = probabilityChart() {
            out += "<figure>\(p)</figure>\n"
            if run.draws <= 1 { out += "<p class=\"note\">\(e(t("chart.deterministic_note")))</p>\n" }
        }
        out += "<h3>\(e(t("chart.shortfall_section")))</h3>\n"
        for m in run.requiredMeasures {
            let chart = scale == .each ? shortfallChart(measure: m) : topShortfallChart(measure: m)
            if let c = chart { out += "<figure>\(c)</figure>\n" }
        }
        out += "<h3>\(e(t("chart.demand_section")))</h3>\n"
        let charted = scale == .each ? run.reportAreas : [run.reportAreas[0]]
        if scale != .each {
            out += "<p class=\"note\">\(e(tf(scale == .aggregated ? "chart.total_only_picker" : "chart.total_only_note", ReportTables.manyAreas)))</p>\n"
        }
        for area in charted {
            out += "<div class=\"grid\">\n"
            for m in run.requiredMeasures { if let c = demandChart(area: area, measure: m) { out += "<figure>\(c)</figure>\n" } }
            out += "</div>\n"
        }
        out += "<h3>\(e(t("chart.pyramids")))</h3>\n"
        for area in charted { if let c = pyramidChart(area: area) { out += "<figure>\(c)</figure>\n" } }
        return out
    }
}
