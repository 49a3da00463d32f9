import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import Reporting
import Results

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")
let runPath = fixtures.appendingPathComponent("report-run").path
let sourcesPath = fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Reporting").path

/// Parses XML; returns the parser's error, if any.
func xmlError(_ text: String) -> Error? {
    let parser = XMLParser(data: Data(text.utf8))
    return parser.parse() ? nil : (parser.parserError ?? CocoaError(.coderReadCorrupt))
}

/// The cells of a worksheet: reference → (value text, type).
final class SheetReader: NSObject, XMLParserDelegate {
    var cells: [String: (String, String?)] = [:]
    var ref = "", type: String?, text = "", inValue = false
    var frozen = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "c": ref = attributes["r"] ?? ""; type = attributes["t"]; text = ""
        case "v", "t": inValue = true
        case "pane": frozen = attributes["state"] == "frozen" && attributes["ySplit"] == "1"
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { text += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "v" || name == "t" { inValue = false }
        if name == "c" { cells[ref] = (text, type) }
    }
}

@Suite struct ReportingTests {
    let run: RunResult

    init() throws {
        run = try ResultStore.read(path: "\(runPath)/results.gpkg")
    }

    @Test func readsTheStore() {
        #expect(run.baseYear == 2020 && run.horizon == 2025 && run.areaCodes == ["533102", "533103"])
        #expect(run.areaName("533102", .zh) == "瑞丽市")
        #expect(run.areaName("533103", .zh) == "芒市")   // from the census file: no name: in the supply section
        // The fixture scenario's two districts in 533103 have rooms of 400 and 480 m².
        #expect(run.facts(of: "533103")?.communityRooms == 2 && run.facts(of: "533103")?.communityRoomsM2 == 880)
        #expect(run.variants.map(\.name) == ["stricter-slots"])
        // 24 since issue 11: the Dehong fixture no longer judges Sanya's social workers (4 area findings: two
        // areas × 2024, 2025) or training against a target counted across occupations (1; now an indicator):
        // 18 capacity findings; plus Dehong's three area facility measures (county disability-care home,
        // street centres, township coverage) for 2 areas, 6, all not assessed as the fixture gives none of
        // their counts.
        #expect(run.findings.count == 24)
        #expect(run.findings.filter { $0.status == .notAssessed }.count == 6)
        #expect(run.findings.filter { $0.status == .notAssessed }.allSatisfy { $0.provided.isNaN && $0.needs != nil })
        #expect(run.findings.contains { $0.unit == .slotsPer1000Residents })
    }

    @Test func csvQuotingAndByteOrderMark() {
        let rows = CSVReader.rows("\u{FEFF}a,b,c\n1,\"x, \"\"y\"\"\",3\r\n")
        #expect(rows == [["a", "b", "c"], ["1", "x, \"y\"", "3"]])
    }

    @Test func everyLabelInBothLanguages() throws {
        for (key, entry) in Labels.table {
            #expect(!entry.zh.isEmpty && !entry.en.isEmpty, "\(key)")
            // Placeholders agree between the languages.
            for i in 0..<4 { #expect(entry.zh.contains("{\(i)}") == entry.en.contains("{\(i)}"), "\(key) {\(i)}") }
        }
        // Every literal key the reports use is in the table.
        let pattern = try NSRegularExpression(pattern: #"\b(?:t|tf|Labels\.text|Labels\.fill)\("([a-z_]+\.[A-Za-z0-9_.+\-]+)""#)
        var used: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: sourcesPath) where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: "\(sourcesPath)/\(file)", encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        #expect(used.count > 80)
        for key in used.sorted() { #expect(Labels.table[key] != nil, "missing label \(key)") }
        // Keys built at run time.
        var built = ResultMeasure.capacity.map { "measure.\($0.rawValue)" } + ["measure.disabled_elderly"]
        built += ResultMeasure.capacity.map { "unitname.\(ReportTables.unitKey($0.unit))" }
        built += ["standard", "propensity", "both"].map { "basis.\($0)" }
        built += run.manifest.uncertainty.map { "uncertainty.\($0.name.rawValue)" }
        built += run.manifest.demandParameters.map { "param.\($0.name)" } + run.manifest.programTargets.map { "indicator.\($0.metric)" }
        for key in built { #expect(Labels.table[key] != nil, "missing label \(key)") }
    }

    @Test(arguments: Language.allCases) func htmlIsSelfContainedAndItsChartsParse(language: Language) throws {
        let html = HTMLReport(run: run, language: language).render()
        for forbidden in ["http:", "https:", "url(", "src=", "<link", "@import", "//"] where forbidden != "//" || html.contains("href=\"//") {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        var svgs: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            svgs.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        // 4 shortfall charts, 4 measures × 3 areas (total and two), 3 pyramids; no probability chart, as every
        // plan target's probability in the fixture is 0 or 100% (issue 12: no chart of bars all at 0%). Four
        // measures: social workers have no standard under Dehong's preset (`MeasuresNotRequiredTests`).
        #expect(run.findings.filter { $0.kind == .program }.allSatisfy { $0.probabilityMet < 0.005 || $0.probabilityMet > 0.995 })
        #expect(svgs.count == 4 + 12 + 3)
        for svg in svgs { #expect(xmlError(svg) == nil, "\(svg.prefix(200))") }
        #expect(html.contains(language == .zh ? "供需缺口" : "Supply-demand gap"))
        #expect(!html.contains("{0}"))
    }

    @Test func goldenDemandChart() throws {
        let series = SVGChart.Series(years: [2020, 2021, 2022], p10: [90, 95, 100], p50: [100, 110, 120], p90: [110, 125, 140],
                                     capacity: [80, 80, 130])
        let labels = SVGChart.DemandLabels(title: "示例：托位数", yAxis: "托位数（个）", xAxis: "年份", median: "需求中位数",
                                           band: "P10–P90区间", capacity: "规划供给")
        let svg = SVGChart.demandCapacity(series, labels, width: 300, height: 200)
        let golden = fixtures.appendingPathComponent("golden-demand.svg")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil { try svg.write(to: golden, atomically: true, encoding: .utf8) }
        #expect(svg == (try String(contentsOf: golden, encoding: .utf8)))
        #expect(xmlError(svg) == nil)
    }

    @Test func ticksAreRound() {
        #expect(SVGChart.ticks(0, 2600, count: 5) == [0, 1000, 2000])
        #expect(SVGChart.axisMax(2600) == 3000)
        #expect(SVGChart.tick(12500, step: 2500) == "12,500")
        #expect(SVGChart.yearTicks(Array(2020...2035)) == [2020, 2025, 2030, 2035])
        #expect(SVGChart.yearTicks(Array(2020...2030)) == [2020, 2022, 2024, 2026, 2028, 2030])
    }

    @Test func workbookGivesBackTheCSVNumbers() throws {
        let tables = ReportTables(run: run, language: .zh).all()
        let data = try XLSXWriter.workbook(tables)
        #expect(try XLSXWriter.workbook(tables) == data)   // byte-identical on rebuilding
        let archive = try Archive(data: data, accessMode: .read)
        func part(_ path: String) throws -> String {
            var out = Data()
            _ = try archive.extract(try #require(archive[path])) { out.append($0) }
            return String(decoding: out, as: UTF8.self)
        }
        for path in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"] {
            #expect(xmlError(try part(path)) == nil, "\(path)")
        }
        for (name, csvName) in [("long-demand", "demand.csv"), ("long-supply", "supply.csv"), ("long-shortfall", "shortfall.csv")] {
            let index = try #require(tables.firstIndex { $0.key == name })
            let reader = SheetReader()
            let parser = XMLParser(data: Data(try part("xl/worksheets/sheet\(index + 1).xml").utf8))
            parser.delegate = reader
            #expect(parser.parse())
            #expect(reader.frozen)
            let csv = CSVReader.rows(try String(contentsOfFile: "\(runPath)/\(csvName)", encoding: .utf8))
            #expect(reader.cells.filter { $0.key.hasSuffix("1") && $0.key.count == 2 }.count == 8)
            for (i, row) in csv.dropFirst().enumerated() {
                let r = i + 2
                #expect(reader.cells["A\(r)"]?.0 == row[0])
                #expect(reader.cells["C\(r)"].flatMap { Int($0.0) } == Int(row[1]))
                for (col, field) in [("F", 4), ("G", 5), ("H", 6)] {
                    let cell = try #require(reader.cells["\(col)\(r)"], "\(csvName) \(col)\(r)")
                    #expect(cell.1 == nil, "a number, not text")
                    // The CSV rounds to two decimals; the workbook carries the stored value.
                    #expect(abs((Double(cell.0) ?? .nan) - Double(row[field])!) <= 0.005 + 1e-9, "\(csvName) \(col)\(r)")
                }
            }
        }
        // Chinese text intact, header bold (style 1).
        let first = try part("xl/worksheets/sheet1.xml")
        #expect(first.contains("常住人口（人）") && first.contains("s=\"1\" t=\"inlineStr\""))
        #expect(try part("xl/workbook.xml").contains("人口预测"))
    }

    @Test func tablesAreHonestAboutMissingCounts() {
        let tables = ReportTables(run: run, language: .zh)
        let baseline = tables.supplyBaseline()
        // Institutions: the scenario lists none → unknown.
        #expect(baseline.rows.allSatisfy { $0[1] == .missing })
        // Community rooms: only 533103 has districts.
        // Areas by name with code (issue 12).
        let mangshi = baseline.rows.first { $0[0] == .text("芒市（533103）") }!
        #expect(mangshi[7] == .number(2) && mangshi[8] == .number(880))
        #expect(baseline.rows.first { $0[0] == .text("瑞丽市（533102）") }![7] == .missing)
        // Gap: demand − supply where supply < demand, as in shortfall.csv.
        let gap = tables.gap(area: "total")
        #expect(gap.rows.count == 8)   // key years 2024 (the rule set's nursing-share year) and 2025 × four measures (no social workers: not required)
        #expect(gap.columns.allSatisfy { !$0.header.isEmpty })
        #expect(tables.population(area: "total").rows.count == 6)
    }

    @Test func markdownHasTheFindings() {
        let md = MarkdownReport(run: run, language: .en).render()
        // The appendix grid: a row per subject and indicator, the shortfall or "met" per target year.
        #expect(md.contains("Appendix Findings by area, indicator and target year"))
        #expect(md.contains("| 2024 shortfall | 2025 shortfall |"))
        #expect(!md.contains("{0}"))
    }
}
