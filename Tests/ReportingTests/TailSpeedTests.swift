import Foundation
import Testing
@testable import Reporting
import Results

/// The run's tail made faster: worksheets built as bytes are those of the String method they replaced,
/// the views made at the same time are those made one after the other, and concurrent jobs all run
/// and report their errors in order.
@Suite struct TailSpeedTests {
    let run: RunResult

    init() throws {
        run = try ResultStore.read(path: "\(runPath)/results.gpkg")
    }

    /// The worksheet as it was built before it was built as bytes: by String interpolation (since 2026-11-30
    /// without the default style 0 and with `xml:space="preserve"` only on text that needs it).
    static func referenceSheet(_ table: ReportTable) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        out += "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        out += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        out += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        out += "<sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (i, c) in table.columns.enumerated() {
            var width = Double(DisplayWidth.of(c.header))
            for row in table.rows.prefix(400) {
                width = max(width, Double(DisplayWidth.of(table.display(row[i], column: i))))
            }
            width = min(60, max(6, width + 2))
            out += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(String(format: "%.1f", width))\" customWidth=\"1\"/>"
        }
        out += "</cols><sheetData>"
        // Style 0 is the default and not written; white space kept only where a reader would trim it.
        func styleAttribute(_ style: XLSXWriter.Style) -> String { style == .text ? "" : " s=\"\(style.rawValue)\"" }
        func inline(_ ref: String, _ text: String, _ style: XLSXWriter.Style) -> String {
            // Judged on the text as written: the control characters the escape leaves out removed first.
            let shown = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || "\t\n\r".unicodeScalars.contains($0) }))
            let trimmed = shown.trimmingCharacters(in: CharacterSet(charactersIn: " \t\n\r"))
            let breaks = shown.unicodeScalars.contains { $0 == "\t" || $0 == "\n" || $0 == "\r" }
            let space = trimmed != shown || breaks ? " xml:space=\"preserve\"" : ""
            return "<c r=\"\(ref)\"\(styleAttribute(style)) t=\"inlineStr\"><is><t\(space)>\(XLSXWriter.escape(text))</t></is></c>"
        }
        out += "<row r=\"1\">"
        for (i, c) in table.columns.enumerated() { out += inline("\(XLSXWriter.column(i))1", c.header, .header) }
        out += "</row>"
        var r = 1
        for (index, row) in table.rows.enumerated() {
            r += 1
            out += "<row r=\"\(r)\">"
            for (i, cell) in row.enumerated() {
                let ref = "\(XLSXWriter.column(i))\(r)"
                switch cell {
                case .text(let s), .code(let s):
                    if s.isEmpty { continue }
                    out += inline(ref, s, table.emphasized.contains(index) && i == 0 ? .bold : .text)
                // Not known: an empty cell, never a "—" string in a column of numbers (the notes say so).
                case .missing: continue
                case .number(let v):
                    guard v.isFinite else { continue }
                    var st = XLSXWriter.style(table.columns[i].format)
                    if table.columns[i].format == .auto && abs(v - v.rounded()) < 1e-9 { st = .integer }
                    // A number cell: no `t` attribute (the default, n), so every reader takes it as a number.
                    out += "<c r=\"\(ref)\"\(styleAttribute(st))><v>\(NumberFormatting.plain(v))</v></c>"
                }
            }
            out += "</row>"
        }
        if !table.notes.isEmpty { r += 1 }
        for note in table.notes {
            r += 1
            out += "<row r=\"\(r)\">" + inline("A\(r)", note, .text) + "</row>"
        }
        out += "</sheetData></worksheet>"
        return out
    }

    /// A table with every kind of cell: text needing escapes and control characters, Chinese, empty
    /// text, missing and non-finite numbers, whole and fractional numbers in an `auto` column, large
    /// and tiny numbers, emphasised rows, notes, and more than 26 columns.
    static func awkwardTable() -> ReportTable {
        var columns = [ReportTable.Column("名称 <&\"'>", .text), .init("n", .auto), .init("i", .integer), .init("d", .decimal(1)),
                       .init("p", .percent), .init("y", .year), .init("d4", .decimal(4))]
        for k in 0..<24 { columns.append(.init("c\(k)", .decimal(2))) }
        var rows: [[ReportTable.Cell]] = []
        let numbers: [Double] = [0, -0.0, 1, -1, 2.5, 1e-7, 123456789012.25, 1e15, 4.5e16, -4.2e-12, .nan, .infinity, 1.0 / 3, -2.5e-5]
        for r in 0..<60 {
            var row: [ReportTable.Cell] = [r % 4 == 0 ? .text("市\t<b>&amp;\u{01}\u{7F}\r\n\"x\"") : r % 4 == 1 ? .code("a: [1, 2]") : r % 4 == 2 ? .text("") : .missing]
            for c in 1..<columns.count { row.append(c % 5 == 0 && r % 3 == 0 ? .missing : .number(numbers[(r + c) % numbers.count])) }
            rows.append(row)
        }
        var table = ReportTable(key: "x", title: "t", sheetName: "s", columns: columns, rows: rows)
        table.emphasized = [0, 4, 17]
        table.notes = ["注：<全部>", "second & last", " leading space", "trailing space ", "a\r\nb", "no  break", "\u{1} x",
                       "x\u{2} ", "\u{1}\u{2}", "\u{7}y\u{1f}"]
        return table
    }

    @Test func worksheetBytesAreThoseOfTheStringMethod() {
        var tables = ReportTables(run: run, language: .zh).all() + ReportTables(run: run, language: .en).all() + [Self.awkwardTable()]
        tables.append(ReportTable(key: "empty", title: "", sheetName: "e", columns: [.init("a", .text)], rows: []))
        for table in tables {
            #expect(XLSXWriter.sheet(table) == Array(Self.referenceSheet(table).utf8), "\(table.key)")
        }
    }

    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("carecap-tail-\(UUID().uuidString)").path
    }

    @Test(arguments: [false, true]) func aFolderWrittenConcurrentlyHasTheFilesMadeOneAfterTheOther(byteOrderMark: Bool) throws {
        let views = RunViews(result: run, formats: Set(ViewFormat.allCases), language: .zh, byteOrderMark: byteOrderMark)
        let path = temporaryFolder()
        try RunFolderWriter.write(run, to: path, views: views)
        let expected = try views.files()
        let written = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        #expect(written == (expected.map(\.name) + [ResultStore.fileName]).sorted())
        for file in expected {
            #expect(FileManager.default.contents(atPath: "\(path)/\(file.name)") == file.data, "\(file.name)")
        }
        #expect(try ResultStore.read(path: "\(path)/\(ResultStore.fileName)") == run)
        // Rewritten in place, concurrently too: the same bytes.
        try RunFolderWriter.rewrite(runFolder: path, views: views)
        for file in expected {
            #expect(FileManager.default.contents(atPath: "\(path)/\(file.name)") == file.data, "\(file.name)")
        }
    }

    @Test func reportProgressIsToldOfEveryReportAndTheEnd() throws {
        final class Calls: @unchecked Sendable {
            let lock = NSLock()
            var list: [(String, Int, Int)] = []
        }
        let calls = Calls()
        var views = RunViews(result: run, formats: [.html, .xlsx, .md], language: .en)
        views.onReport = { name, done, total in calls.lock.lock(); calls.list.append((name, done, total)); calls.lock.unlock() }
        _ = try views.files()
        // One after the other: each report with the number before it, then the end.
        #expect(calls.list.map(\.0) == ["report.html", "report.xlsx", "report.md", ""])
        #expect(calls.list.map(\.1) == [0, 1, 2, 3] && calls.list.allSatisfy { $0.2 == 3 })
    }

    struct Failure: Error, Equatable { let index: Int }

    @Test(arguments: [1, 2, 3, 8]) func concurrentJobsAllRunAndGiveTheirErrorsInOrder(threads: Int) {
        final class Ran: @unchecked Sendable {
            let lock = NSLock()
            var indexes: [Int] = []
        }
        let ran = Ran()
        let jobs: [@Sendable () throws -> Void] = (0..<50).map { i in
            {
                ran.lock.lock(); ran.indexes.append(i); ran.lock.unlock()
                if i % 7 == 3 { throw Failure(index: i) }
            }
        }
        let failures = ConcurrentJobs.run(jobs, threads: threads)
        #expect(ran.indexes.sorted() == Array(0..<50))
        #expect(failures.count == 50)
        for (i, failure) in failures.enumerated() {
            #expect((failure as? Failure) == (i % 7 == 3 ? Failure(index: i) : nil))
        }
        #expect(ConcurrentJobs.run([], threads: threads).isEmpty)
    }
}
