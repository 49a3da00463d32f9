import Foundation
import Results

/// report.md: the report's tables in the 整体解决方案 order as Markdown tables, for pasting into
/// documents.
package struct MarkdownReport {
    package let run: RunResult
    package let language: Language

    package init(run: RunResult, language: Language) {
        self.run = run
        self.language = language
    }

    func t(_ key: String) -> String { Labels.text(key, language) }

    /// Every text a report shows may come from a scenario or a census: escaped wherever it goes.
    static func cell(_ text: String) -> String { MarkdownText.escape(text) }

    package static func table(_ table: ReportTable) -> String {
        var out = "**\(cell(table.title))**\n\n"
        out += "| " + table.columns.map { cell($0.header) }.joined(separator: " | ") + " |\n"
        out += "|" + table.columns.map { $0.format == .text ? " --- " : " ---: " }.joined(separator: "|") + "|\n"
        for row in table.rows {
            out += "| " + row.enumerated().map { item -> String in
                if case .code(let text) = item.element { return MarkdownText.code(text).replacingOccurrences(of: "|", with: "\\|") }
                return cell(table.display(item.element, column: item.offset))
            }.joined(separator: " | ") + " |\n"
        }
        if !table.notes.isEmpty { out += "\n" + table.notes.map { "> \(cell($0))" }.joined(separator: "\n>\n") + "\n" }
        return out + "\n"
    }

    /// 表2's rows: every area up to `ReportTables.manyAreas`; above, the total (and the provinces of an
    /// aggregated run): the county rows are in report.xlsx, not pasted into a document.
    func baselineAreas(_ scale: HTMLReport.Scale, _ tables: ReportTables) -> [String]? {
        switch scale {
        case .each: nil
        case .many: [RunResult.totalArea]
        case .aggregated: [RunResult.totalArea] + tables.regionKeys(.province)
        }
    }

    package func render() -> String {
        let html = HTMLReport(run: run, language: language)
        let tables = ReportTables(run: run, language: language)
        let name = Self.cell(run.manifest.scenarioName)
        var out = "# \(t("report.title"))：\(name)\n\n"
        if language == .en { out = "# \(t("report.title")): \(name)\n\n" }
        out += "## \(t("report.summary"))\n\n"
        func item(_ k: String, _ v: String) { out += "- **\(t(k))**: \(Self.cell(v))\n" }
        // The path is escaped text, not a code span: a backtick in it would end the span.
        item("report.scenario", "\(run.manifest.scenarioName) (\(run.manifest.scenario))")
        item("report.variant", run.manifest.variant ?? t("report.variant_base"))
        item("report.rules", run.manifest.rules)
        item("report.period", "\(run.baseYear)–\(run.horizon)")
        if html.scale == .each {
            item("report.areas", run.areaCodes.map { "\(run.areaName($0, language))（\($0)）" }.joined(separator: language == .zh ? "、" : ", "))
        } else {
            item("report.areas", Labels.fill("report.areas_count", language, [ReportNumber.format(Double(run.areas.count), .integer),
                                                                             String(tables.regionKeys(.province).count),
                                                                             String(tables.regionKeys(.prefecture).count)]))
        }
        item("report.draws", run.draws > 1 ? Labels.fill("report.draws_text", language, [String(run.draws), run.manifest.seed.map(String.init) ?? "—"]) : t("report.deterministic"))
        out += "\n### \(t("report.headline"))\n\n"
        for line in html.headlines() { out += "- \(Self.cell(line))\n" }
        out += "\n"
        // The 整体解决方案 order, as on the page: population, supply, gap, indicators, assumptions, county
        // detail, then the findings as the appendix. The population at key years only: every year is in
        // report.xlsx.
        let area = run.reportAreas[0]
        out += "## \(t("report.section_population"))\n\n" + Self.table(tables.population(area: area, allYears: false))
        out += "## \(t("report.section_supply"))\n\n"
            + Self.table(tables.supplyBaseline(areas: baselineAreas(html.scale, tables)))
        out += "## \(t("report.section_gap"))\n\n" + Self.table(tables.gap(area: area))
        out += "## \(t("report.section_indicators"))\n\n" + Self.table(tables.indicators())
        out += "## \(t("report.section_assumptions"))\n\n" + Self.table(tables.assumptions())
        if html.scale == .aggregated {
            out += "## \(t("report.by_region"))\n\n"
            for table in tables.byRegion(.province) { out += Self.table(table) }
            out += Self.table(tables.prefectureGaps())
        } else if html.scale == .each && run.areas.count > 1 {
            // Up to `ReportTables.manyAreas` areas; more are in report.xlsx, not pasted here.
            out += "## \(t("report.by_area"))\n\n"
            for table in tables.byArea() { out += Self.table(table) }
        }
        out += "## \(t("report.appendix"))\n\n"
        if html.scale == .each {
            out += Self.table(tables.findingsGrid())
        } else {
            // Many areas: the plan targets' rows, then the areas' findings summed up per indicator (every
            // one is in report.xlsx and findings.csv).
            var programs = tables.findingsGrid()
            let kept = programs.rows.indices.filter { programs.rows[$0].first == .text(t("report.program")) }
            programs.rows = kept.map { programs.rows[$0] }
            programs.emphasized = []
            programs.notes.insert(t("note.findings_programs"), at: 0)
            if !programs.rows.isEmpty { out += Self.table(programs) }
            let summary = tables.findingsByIndicator()
            if !summary.rows.isEmpty { out += Self.table(summary) }
        }
        let rules = tables.ruleSources()
        if !rules.rows.isEmpty { out += Self.table(rules) }
        if !run.manifest.warnings.isEmpty {
            // The program's own messages, as code spans so that they read as quoted output; escaped first, as
            // a name in them may hold HTML (a viewer that renders HTML in code spans shows it as text).
            out += "### \(t("report.warnings"))\n\n\(Self.cell(t("report.warnings_note")))\n\n"
            out += html.shownWarnings().map { "- " + MarkdownText.code(Self.cell($0)) + "\n" }.joined()
        }
        return out
    }
}
