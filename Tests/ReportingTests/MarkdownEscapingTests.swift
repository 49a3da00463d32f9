import Foundation
import Planning
import Testing
@testable import Reporting
import Results

/// Names, notes and warnings come from scenarios, censuses and stores: report.md and `check --format
/// markdown` write their HTML as text and never let them break a table; report.html escapes them too.
@Suite struct MarkdownEscapingTests {
    /// Expected by hand: & < > as entities, | and \ backslash-escaped, each line break one space.
    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("A & B", "A &amp; B"),
        ("a|b", "a\\|b"),
        ("two\nlines", "two lines"),
        ("dos\r\nline", "dos line"),
        ("back\\", "back\\\\"),
        ("芒市", "芒市"),
    ])
    func markdownTextIsEscaped(text: String, escaped: String) {
        #expect(MarkdownText.escape(text) == escaped)
    }

    /// The fixture run with a hostile scenario name, area name and warning.
    static func hostileRun() throws -> RunResult {
        var run = try ResultStore.read(path: "\(runPath)/results.gpkg")
        run.manifest.scenarioName = "<script>alert('name')</script>"
        run.manifest.scenario = "x`</code><img src=x onerror=alert(1)>.yaml"
        run.manifest.warnings = ["<b>bold</b> | broken\ncell"]
        run.areas[0].name = "瑞丽<script>alert(2)</script>|市\n第二行"
        return run
    }

    @Test func reportMarkdownEscapesHTMLAndTableBreakersInNames() throws {
        let markdown = MarkdownReport(run: try Self.hostileRun(), language: .en).render()
        #expect(!markdown.contains("<script>"))
        #expect(!markdown.contains("<img"))
        #expect(!markdown.contains("<b>"))
        #expect(markdown.contains("&lt;script&gt;alert('name')&lt;/script&gt;"))
        #expect(markdown.contains("瑞丽&lt;script&gt;alert(2)&lt;/script&gt;\\|市 第二行"))
        // Every table row has as many unescaped cell separators as its header.
        for table in markdown.components(separatedBy: "\n\n") where table.hasPrefix("| ") {
            let rows = table.split(separator: "\n")
            func separators(_ row: Substring) -> Int {
                var count = 0, previous: Character = " "
                for c in row { if c == "|" && previous != "\\" { count += 1 }; previous = c }
                return count
            }
            #expect(Set(rows.map(separators)).count == 1, "\(table)")
        }
    }

    @Test func checkMarkdownEscapesHTMLInSubjectsAndNames() {
        let finding = Finding(subject: "<img src=x onerror=alert(1)>", kind: .district, rule: "elder-care-room-area",
                              metric: "total_m2", required: 300, provided: 0, unit: .squareMetres, source: "a|b")
        let markdown = FindingsWriter(language: .en).markdown(
            [finding], subjectNames: ["district:<img src=x onerror=alert(1)>": "<script>x</script>"])
        #expect(!markdown.contains("<img") && !markdown.contains("<script>"))
        #expect(markdown.contains("### district &lt;img src=x onerror=alert(1)&gt; &lt;script&gt;x&lt;/script&gt; — FAIL"))
        #expect(markdown.contains("| a\\|b |"))
    }

    @Test func reportHTMLEscapesScriptInNames() throws {
        let html = HTMLReport(run: try Self.hostileRun(), language: .en).render()
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(&#39;name&#39;)") || html.contains("&lt;script&gt;alert('name')"))
    }
}
