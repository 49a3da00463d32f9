import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import Reporting
import Results

/// Issue 12: the reports follow a 一老一小 整体解决方案 (summary, 表1 population, 表2 supply, 表3 gap on
/// both bases, 表4 indicators, 表5 assumptions, 表6-7 by county, appendix of findings), a zh report has no
/// English sentence, and the workbook's numbers are numbers.
@Suite struct ReportOrderTests {
    let run: RunResult

    init() throws {
        run = try ResultStore.read(path: "\(runPath)/results.gpkg")
    }

    /// The positions of `needles` in `text`, in the order given; nil for one not found.
    func positions(_ needles: [String], in text: String) -> [Int?] {
        needles.map { text.range(of: $0).map { text.distance(from: text.startIndex, to: $0.lowerBound) } }
    }

    func expectInOrder(_ needles: [String], in text: String, _ what: String) {
        let found = positions(needles, in: text)
        for (needle, p) in zip(needles, found) { #expect(p != nil, "\(what): \(needle) missing") }
        let known = found.compactMap { $0 }
        #expect(known == known.sorted(), "\(what): \(zip(needles, found).map { "\($0) @\($1 ?? -1)" })")
    }

    @Test func htmlFollowsThePlanOrder() {
        let html = HTMLReport(run: run, language: .zh).render()
        // Section headings, then the numbered tables' captions, in the 整体解决方案 order.
        expectInOrder(["<h2>测算概况</h2>", "<h2 id=\"population\">一、人口发展趋势", "<h2 id=\"supply\">二、服务供给现状",
                       "<h2 id=\"gap\">三、供需缺口", "<h2 id=\"indicators\">四、主要指标", "<h2 id=\"assumptions\">五、测算参数与假设",
                       "<h2 id=\"by-area\">六、分区县测算", "<h2 id=\"charts\">附图", "<h2 id=\"appendix\">附录"], in: html, "html sections")
        expectInOrder(["<caption>表1 ", "<caption>表2 ", "<caption>表3 ", "<caption>表4 ", "<caption>表5 ", "<caption>表6 ",
                       "<caption>表7 ", "<caption>附表 "], in: html, "html tables")
        let english = HTMLReport(run: run, language: .en).render()
        expectInOrder(["<h2>Summary</h2>", "<h2 id=\"population\">", "<h2 id=\"supply\">", "<h2 id=\"gap\">", "<h2 id=\"indicators\">",
                       "<h2 id=\"assumptions\">", "<h2 id=\"by-area\">", "<h2 id=\"charts\">", "<h2 id=\"appendix\">"], in: english, "html en")
    }

    @Test func markdownFollowsThePlanOrder() {
        let md = MarkdownReport(run: run, language: .zh).render()
        expectInOrder(["## 测算概况", "## 一、人口发展趋势", "**表1 ", "## 二、服务供给现状", "**表2 ", "## 三、供需缺口", "**表3 ",
                       "## 四、主要指标", "**表4 ", "## 五、测算参数与假设", "**表5 ", "## 六、分区县测算", "**表6 ", "**表7 ",
                       "## 附录", "**附表 "], in: md, "markdown")
    }

    @Test func workbookSheetsFollowThePlanOrder() throws {
        let tables = ReportTables(run: run, language: .zh).all()
        #expect(tables.map(\.key) == ["a-population", "b-supply", "c-gap", "d-indicators", "e-assumptions", "f-population", "f-gap",
                                      "appendix-findings", "findings", "long-demand", "long-supply", "long-shortfall"])
        // The names as the workbook holds them, read back from workbook.xml.
        let workbook = try part(try XLSXWriter.workbook(tables), "xl/workbook.xml")
        let names = try NSRegularExpression(pattern: #"<sheet name="([^"]+)""#)
            .matches(in: workbook, range: NSRange(workbook.startIndex..., in: workbook))
            .map { String(workbook[Range($0.range(at: 1), in: workbook)!]) }
        #expect(names == ["人口预测", "供给现状", "供需缺口", "主要指标", "参数与假设", "分区县人口", "分区县缺口", "附表 达标检查一览", "达标检查",
                          "demand.csv", "supply.csv", "shortfall.csv"])
    }

    /// 表3 puts the standard basis and the observed-use basis side by side, each from its own rows of the
    /// store: the gap cells equal `shortfall` P50 on `standard` and on `propensity`.
    @Test func gapTableShowsBothBases() throws {
        let tables = ReportTables(run: run, language: .zh)
        let gap = tables.gap(area: RunResult.totalArea)
        let headers = gap.columns.map(\.header)
        let standard = try #require(headers.firstIndex(of: "按标准：缺口（中位数）"))
        let use = try #require(headers.firstIndex(of: "按实际使用：缺口（中位数）"))
        #expect(headers.contains("按标准：需求 P10") && headers.contains("按实际使用：需求 P90"), "ranges in two number columns")
        var compared = 0
        for row in gap.rows {
            guard case .text(let name) = row[0], case .number(let y) = row[2] else { Issue.record("year not a number: \(row)"); continue }
            let m = try #require(ResultMeasure.capacity.first { tables.measureName($0) == name })
            guard tables.declared(RunResult.totalArea, m) else { continue }
            if case .number(let v) = row[standard] { #expect(v == run.shortfall.p50(RunResult.totalArea, Int(y), m, .standard)); compared += 1 }
            if case .number(let v) = row[use] { #expect(v == run.shortfall.p50(RunResult.totalArea, Int(y), m, .propensity)); compared += 1 }
        }
        #expect(compared > 0)
    }

    /// The summary's headline ranks the binding gaps by their size in units, never by share missing.
    @Test func headlineRankedBySize() throws {
        let html = HTMLReport(run: run, language: .zh)
        let lines = html.headlines()
        #expect(!lines.contains { $0.contains("项检查") }, "no count of checks in the headline")
        // The gap of each binding line ("缺口 1,234 张"), in the order printed: non-increasing.
        let pattern = try NSRegularExpression(pattern: #"缺口 ([0-9,]+) "#)
        let sizes = lines.compactMap { line -> Double? in
            guard let m = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
            return Double(line[Range(m.range(at: 1), in: line)!].replacingOccurrences(of: ",", with: ""))
        }
        #expect(sizes == sizes.sorted(by: >), "\(lines)")
    }

    // MARK: No English in a zh report

    /// The check itself: three ASCII words in a row are a sentence; ids, codes, units and numbers are not.
    @Test func englishRunCheckCanFail() {
        #expect(ZHText.hasEnglishRun("缺口 (standard basis, P50)"))
        #expect(ZHText.hasEnglishRun("the run does not give it"))
        #expect(!ZHText.hasEnglishRun("每千人口托位数（nursery-slots-per-1000）P10 2035年 m² 533102"))
        #expect(!ZHText.hasEnglishRun("按标准：需求 P10"))
        #expect(!ZHText.hasEnglishRun("见 docs/RULES.md 与 carecap project"), "two words are not a sentence")
    }

    /// The visible text of a page: without styles, scripts and code spans (quoted input and program
    /// messages), tags removed and entities decoded.
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in [#"<style>[\s\S]*?</style>"#, #"<script[\s\S]*?</script>"#, #"<code>[\s\S]*?</code>"#, #"<[^>]+>"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: char)
        }
        return text
    }

    @Test func zhReportHasNoEnglishSentence() {
        let html = HTMLReport(run: run, language: .zh).render()
        let runs = ZHText.englishRuns(Self.visibleText(html))
        #expect(runs.isEmpty, "\(runs.prefix(10))")
        // Markdown: outside code spans.
        let md = MarkdownReport(run: run, language: .zh).render()
            .replacingOccurrences(of: #"`+[^`]*`+"#, with: " ", options: .regularExpression)
        #expect(ZHText.englishRuns(md).isEmpty, "\(ZHText.englishRuns(md).prefix(10))")
        // Every text cell of the workbook's report sheets (the long tables are data, with English codes).
        for table in ReportTables(run: run, language: .zh).all() where !table.key.hasPrefix("long-") {
            for row in table.rows {
                for cell in row { if case .text(let s) = cell { #expect(!ZHText.hasEnglishRun(s), "\(table.key): \(s)") } }
            }
            for note in table.notes { #expect(!ZHText.hasEnglishRun(note), "\(table.key): \(note)") }
            for c in table.columns { #expect(!ZHText.hasEnglishRun(c.header), "\(table.key): \(c.header)") }
        }
    }

    // MARK: Workbook types, read back from the sheet XML

    func part(_ data: Data, _ path: String) throws -> String {
        let archive = try Archive(data: data, accessMode: .read)
        var out = Data()
        _ = try archive.extract(try #require(archive[path])) { out.append($0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Every cell under a numeric header is a number cell (no `t`, or `t="n"`) or absent: no "—" text, no
    /// "P10-P90" text; years are whole numbers between the run's base year and horizon.
    @Test func workbookNumbersAreNumbers() throws {
        let tables = ReportTables(run: run, language: .zh).all().filter { !$0.key.hasPrefix("long-") }
        let data = try XLSXWriter.workbook(tables)
        var yearCells = 0
        for (i, table) in tables.enumerated() {
            let reader = SheetReader()
            let parser = XMLParser(data: Data(try part(data, "xl/worksheets/sheet\(i + 1).xml").utf8))
            parser.delegate = reader
            #expect(parser.parse())
            let lastRow = table.rows.count + 1   // notes follow the table's rows
            for (c, column) in table.columns.enumerated() where column.format != .text {
                for r in 2...max(2, lastRow) where r <= lastRow {
                    guard let cell = reader.cells["\(XLSXWriter.column(c))\(r)"] else { continue }
                    let row = table.rows[r - 2][c]
                    if case .text = row { continue }   // 未提供, 达标: words the table states, not a dash
                    #expect(cell.1 == nil || cell.1 == "n", "\(table.key) \(column.header) row \(r): \(cell)")
                    #expect(Double(cell.0) != nil, "\(table.key) \(column.header) row \(r): \(cell.0)")
                    if column.format == .year {
                        let year = try #require(Int(cell.0), "\(table.key) year \(cell.0)")
                        #expect(year >= run.baseYear && year <= run.horizon)
                        yearCells += 1
                    }
                }
            }
            // No dash anywhere in a numeric column, and no range written as text.
            for (ref, cell) in reader.cells where cell.1 == "inlineStr" {
                let col = ref.prefix { $0.isLetter }
                guard let c = (0..<table.columns.count).first(where: { XLSXWriter.column($0) == col }),
                      let r = Int(ref.dropFirst(col.count)), r >= 2, r <= lastRow else { continue }
                if table.columns[c].format != .text { #expect(cell.0 != "—", "\(table.key) \(ref)") }
                #expect(!cell.0.contains("–") || table.columns[c].format == .text, "\(table.key) \(ref): \(cell.0)")
            }
        }
        #expect(yearCells > 0, "years are numbers in the population, gap, indicator and findings sheets")
    }
}
