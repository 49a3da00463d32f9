import Foundation
import Testing
@testable import Reporting
import Results

/// A run of many areas built from the fixture run: 3 provinces × 5 prefectures × `perPrefecture`
/// counties, each county the fixture's 瑞丽市 scaled, each region's rows its members' sum times 0.9 (as a
/// per-draw sum's median differs from the sum of medians), so a view that re-sums counties is caught.
enum ManyAreas {
    static func run(perPrefecture: Int) throws -> RunResult {
        let base = try ResultStore.read(path: "\(runPath)/results.gpkg")
        let template = base.areaCodes[0]
        var areas: [ResultArea] = []
        var regions: [RunManifest.Region] = []
        let provinceNames = ["甲省", "乙省", "丙省"]
        for p in 0..<3 {
            let provinceCode = String(format: "%02d0000", 61 + p)
            var provinceMembers: [String] = []
            for q in 0..<5 {
                let prefectureCode = String(format: "%02d%02d00", 61 + p, q + 1)
                let prefectureName = "\(provinceNames[p])第\(q + 1)市"
                var members: [String] = []
                for c in 0..<perPrefecture {
                    let code = String(format: "%02d%02d%02d", 61 + p, q + 1, c + 1)
                    areas.append(ResultArea(code: code, name: "\(prefectureName)\(c + 1)县", level: "county", prefecture: prefectureName,
                                            province: provinceNames[p], prefectureCode: prefectureCode, provinceCode: provinceCode))
                    members.append(code)
                }
                regions.append(.init(key: prefectureCode, name: prefectureName, level: .prefecture, members: members))
                provinceMembers += members
            }
            regions.append(.init(key: provinceCode, name: provinceNames[p], level: .province, members: provinceMembers))
        }
        let codes = areas.map(\.code)
        let scale = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, 1 + Double($0 % 37) / 10) })
        func table(_ source: QuantileTable) -> QuantileTable {
            let keys = codes + regions.map(\.key) + [RunResult.totalArea]
            var out = QuantileTable(areas: keys, years: source.years, columns: source.columns)
            for (y, year) in source.years.enumerated() {
                for (c, column) in source.columns.enumerated() {
                    guard let q = source.value(template, year, column.measure, column.basis) else { continue }
                    func scaled(_ members: [String], _ factor: Double) -> Quantiles {
                        let s = members.reduce(0) { $0 + scale[$1]! } * factor
                        return Quantiles(p10: q.p10 * s, p50: q.p50 * s, p90: q.p90 * s)
                    }
                    for (a, code) in codes.enumerated() { out.set(area: a, yearIndex: y, column: c, scaled([code], 1)) }
                    for (r, region) in regions.enumerated() { out.set(area: codes.count + r, yearIndex: y, column: c, scaled(region.members, 0.9)) }
                    out.set(area: keys.count - 1, yearIndex: y, column: c, scaled(codes, 0.9))
                }
            }
            return out
        }
        var manifest = base.manifest
        manifest.areas = codes
        manifest.regions = regions
        manifest.scenarioName = "多区县测试"
        manifest.warnings = codes.map { "no beds supply given for \($0), " + String(repeating: "\($0), ", count: 60) }
        let findings = base.findings.filter { $0.kind == .program }
            + codes.flatMap { code in base.findings.filter { $0.subject == template }.map { f in
                var f = f
                f.subject = code
                f.shortfall *= scale[code]!
                return f
            } }
        let declarations = codes.flatMap { code in base.supplyDeclarations.filter { $0.area == template }.map { d in
            var d = d
            d.area = code
            return d
        } }
        return RunResult(manifest: manifest, areas: areas, population: table(base.population), demand: table(base.demand),
                         supply: table(base.supply), shortfall: table(base.shortfall), pyramid: base.pyramid, findings: findings,
                         supplyDeclarations: declarations, facts: [], variants: [])
    }
}

@Suite struct ReportScaleTests {
    func svgCount(_ html: String) -> Int { html.components(separatedBy: "<svg").count - 1 }

    /// Every inline chart parses as XML, and every table has its caption and head, each closed.
    func chartsParse(_ html: String) {
        func count(_ s: String) -> Int { html.components(separatedBy: s).count - 1 }
        for tag in ["table", "caption", "thead", "tbody", "section", "figure"] {
            #expect(count("<\(tag)>") + count("<\(tag) ") == count("</\(tag)>"), "\(tag)")
        }
        #expect(count("<caption>") == count("<table") && !html.contains("<caption><"))
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            let svg = String(rest[start.lowerBound..<end.upperBound])
            #expect(xmlError(svg) == nil, "\(svg.prefix(200))")
            rest = rest[end.upperBound...]
        }
    }

    @Test func manyAreasGetTopBarsAndSummedFindings() throws {
        let run = try ManyAreas.run(perPrefecture: 2)   // 30 areas
        let report = HTMLReport(run: run, language: .zh)
        #expect(report.scale == .many)
        let html = report.render()
        // CARECAP_WRITE_REPORT=DIR keeps the page (docs/report-many.png is its screenshot).
        if let dir = ProcessInfo.processInfo.environment["CARECAP_WRITE_REPORT"] {
            try AtomicWrite.replace("\(dir)/report.html", with: html)
        }
        // Probability, ≤ 5 shortfall bars, ≤ 5 demand charts and one pyramid, all for the total: not one per county.
        #expect(svgCount(html) <= 1 + 5 + 5 + 1)
        #expect(html.contains("按缺口从大到小列出前 15 个区县；其余 15 个见表7。"))
        chartsParse(html)
        #expect(html.contains("表8a"))
        #expect(!html.contains("id=\"picker\""))
        // The county tables keep every area.
        #expect(html.contains("甲省第1市1县") && html.contains("丙省第5市2县"))
        #expect(html.contains("<table class=\"biao\">"))
        let md = MarkdownReport(run: run, language: .zh).render()
        #expect(md.contains("表8a") && md.contains("30 个区县") && !md.contains("甲省第1市1县（610101）"))
    }

    @Test(arguments: Language.allCases) func aggregatedPageIsSelfContainedAndSmall(language: Language) throws {
        let run = try ManyAreas.run(perPrefecture: 14)   // 210 areas
        let report = HTMLReport(run: run, language: language)
        #expect(report.scale == .aggregated)
        let html = report.render()
        for forbidden in ["http:", "https:", "url(", "src=", "<link", "@import", "fetch(", "xmlhttprequest"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        #expect(html.contains("<script type=\"application/json\" id=\"picker-data\">"))
        chartsParse(html)
        // The embedded data cannot end its script element early.
        let data = html.components(separatedBy: "id=\"picker-data\">")[1].components(separatedBy: "</script>")[0]
        #expect(data.hasSuffix("}}") && (try? JSONSerialization.jsonObject(with: Data(data.utf8))) != nil)
        #expect(!html.contains("{0}"))
        // Static tables by province and prefecture, from region rows, without JavaScript.
        #expect(html.contains(language == .zh ? "表7续 分地市需求与缺口" : "Table 7 (cont.) Demand and shortfall by prefecture"))
        // A prefecture's row shows its own region row's demand (× 0.9 here), not its counties' sum.
        let year = run.keyYears.last!
        let own = try #require(run.demand.p50("620300", year, .nurserySlots, .standard))
        #expect(html.contains("<td>乙省第3市</td><td class=\"num\">14</td><td class=\"num\">\(ReportNumber.format(own, .integer))</td>"))
        #expect(html.contains("乙省第3市"))
        #expect(!html.contains("甲省第1市1县</td>"))   // no county rows in the static tables
        #expect(html.utf8.count < 2_000_000)
        // 210 warnings, each naming counties: 10 shown, cut, and where the rest are.
        #expect(html.contains(language == .zh ? "另有 200 条警告未列出" : "200 more warnings not listed here"))
        #expect(!html.contains("no beds supply given for 610301"))
    }

    /// The picker in a real browser: the page opened with `#area=CODE` draws that area's name and numbers.
    /// Skipped, with the reason shown, where no Chromium is installed (scripts/setup.sh installs it).
    @Test(.enabled(if: Chromium.path != nil, "no chromium or chromium-browser on PATH (scripts/setup.sh installs Debian's chromium)"))
    func pickerRedrawsInChromium() throws {
        let browser = try #require(Chromium.path)
        let run = try ManyAreas.run(perPrefecture: 14)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-picker-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try AtomicWrite.replace(page.path, with: HTMLReport(run: run, language: .zh).render())
        let demand = ResultMeasure.nurserySlots
        let year = run.keyYears.last!
        for (code, name) in [("620300", "乙省第3市"), ("610207", "甲省第2市7县"), ("630000", "丙省")] {
            let dom = try Chromium.dumpDOM(browser, url: page.absoluteString + "#area=\(code)")
            let title = try #require(dom.range(of: "<h3 id=\"picker-title\" data-area=\"\(code)\">"), "\(code): \(dom.suffix(2000))")
            let view = String(dom[title.lowerBound...])
            #expect(view.hasPrefix("<h3 id=\"picker-title\" data-area=\"\(code)\">\(name)（\(code)）</h3>"))
            // Its own region row's demand P50 (not a sum over its counties), formatted as the tables format it.
            let p50 = try #require(run.demand.p50(code, year, demand, .standard))
            let cell = "<td>\(Labels.text("measure.\(demand.rawValue)", .zh))</td><td>个</td><td>\(year)</td><td class=\"num\">\(ReportNumber.format(p50, .integer))</td>"
            #expect(view.contains(cell), "\(code): \(cell)")
            #expect(view.contains("id=\"picker-gap\"") && view.contains("<svg class=\"chart\""))
            if code != "610207" {   // a region lists the units within it, each with its own demand
                let first = try #require(run.regions.first { $0.key == code }).members.first!
                let childName = code == "630000" ? "丙省第1市" : run.areaName(first, .zh)
                let childKey = code == "630000" ? "630100" : first
                let childDemand = try #require(run.demand.p50(childKey, year, demand, .standard))
                #expect(view.contains("<tr><td>\(childName)</td><td class=\"num\">\(ReportNumber.format(childDemand, .integer))</td>"), "\(code)")
            }
        }
        // The selects follow the chosen county's ancestry.
        let dom = try Chromium.dumpDOM(browser, url: page.absoluteString + "#area=610207")
        #expect(dom.contains("<option value=\"610000\" selected=\"\">甲省</option>") || dom.contains("<option value=\"610000\">甲省</option>"))
        // An unknown code falls back to the total and says so.
        let unknown = try Chromium.dumpDOM(browser, url: page.absoluteString + "#area=999999")
        #expect(unknown.contains("data-area=\"total\"") && unknown.contains("未找到区域代码 999999"))
    }
}

enum Chromium {
    static var path: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    static func dumpDOM(_ browser: String, url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-chromium-\(getpid())-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--user-data-dir=\(profile.path)",
                             "--virtual-time-budget=5000", "--dump-dom", url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The picker's data may not end its script element: every "</" is written "<\/". The byte pass must give what
/// Foundation's `replacingOccurrences(of:with:)` gives (left to right, not overlapping), with other characters
/// (Chinese names, a lone "<", a "/" alone, "<<//") left as they are.
@Suite struct ScriptEndEscapeTests {
    @Test(arguments: ["", "plain", "</script>", "a</b></c>", "<</", "<<//", "< /", "/</", "贵阳市</市>", "<", "/", "末尾<"])
    func bytePassEqualsReplacingOccurrences(_ text: String) {
        let expected = text.replacingOccurrences(of: "</", with: "<\\/")
        #expect(CountyPicker.escapingScriptEnd(text) == expected)
        #expect(!CountyPicker.escapingScriptEnd(text).contains("</"))
    }
}
