import Foundation
import Testing

/// What `carecap check` writes from hostile names: CSV cells that cannot run as formulas, Markdown
/// that carries no HTML, and tags refused with their place.
@Suite struct SafeTextTests {
    func scenario(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-safe-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    // Dehong's preset: its plan's room rule (任务8) is in force there only (issue 11).
    static let hostile = """
        carecap: 1
        rules: dehong-2022
        supply:
          "533103":
            name: "<script>alert(1)</script>"
            population: 100000
            elderly_60plus: 20000
            beds: 2000
            nursing_beds: 900
        districts:
          - id: "=HYPERLINK(\\"http://evil\\",\\"x\\")"
            area: "533103"
            households: 1000
            approval_year: 2023
            elder_care_rooms_m2: [250]

        """

    /// The district's 1,000 households need max(1000 × 20/100, 300) = 300 m² and have 250: short 50.
    @Test func checkCSVNeutralisesFormulaNames() throws {
        let run = try CommandRunner.run(["check", try scenario(Self.hostile), "--format", "csv"])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",district,elder-care-room-area,total_m2,300,250,50,") })
        #expect(!lines.contains { $0.hasPrefix("=") || $0.hasPrefix("\"=") })
    }

    @Test func checkMarkdownEscapesScriptInNames() throws {
        let run = try CommandRunner.run(["check", try scenario(Self.hostile), "--format", "markdown", "--lang", "en"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(!run.stdout.contains("<script>"))
        #expect(run.stdout.contains("### area 533103 &lt;script&gt;alert(1)&lt;/script&gt; — FAIL"))
    }

    @Test func checkRefusesAYAMLTagWithItsPlace() throws {
        let path = try scenario("carecap: 1\nname: !!python/object/apply:os.system [\"true\"]\nsupply: {\"533103\": {beds: 1}}\n")
        let run = try CommandRunner.run(["check", path])
        #expect(run.status == 2)
        #expect(run.stderr == "\(path):2:7: error: name: unsupported YAML tag !!python/object/apply:os.system; expected a plain value without a tag (scenario files take no tags)\n")
    }
}
