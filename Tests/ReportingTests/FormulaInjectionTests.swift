import Foundation
import Planning
import Testing
@testable import Reporting
import Results

/// Every CSV the tool writes neutralises text that a spreadsheet would run as a formula (OWASP: a
/// leading apostrophe, and the cell quoted), and leaves numbers, negative ones included, as numbers.
@Suite struct FormulaInjectionTests {
    /// Each character OWASP lists as a formula start; expected bytes by hand: apostrophe in front,
    /// the whole in quotes, inner quotes doubled.
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\",\"a\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\""),
        ("+cmd", "\"'+cmd\""),
        ("-2+3", "\"'-2+3\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tTAB", "\"'\tTAB\""),
        ("\rCR", "\"'\rCR\""),
        ("-12.5", "\"'-12.5\""),   // text that looks like a number is still text: guarded
    ])
    func textCellStartingAFormulaIsApostrophedAndQuoted(text: String, written: String) {
        #expect(CSVWriter.field(text) == written)
    }

    /// "\r\n" is one Character in Swift: a text with a Windows line end must still be quoted.
    @Test func textWithCRLFIsQuoted() {
        #expect(CSVWriter.field("a\r\nb") == "\"a\r\nb\"")
    }

    /// check --format csv: names as text, guarded; required/provided/shortfall as numbers. A rule with a
    /// ceiling and provided above it gives shortfall = provided − required = 5,200 − 5,000 = 200; the
    /// provided value -12.5 is negative on purpose and must stay the number -12.5.
    @Test func checkCSVGuardsSubjectsAndKeepsNegativeNumbers() {
        let findings = [
            Finding(subject: "=HYPERLINK(\"http://evil\",\"x\")", kind: .district, rule: "elder-care-room-area", metric: "total_m2",
                    required: 300, provided: -12.5, unit: .squareMetres, source: "@source"),
            Finding(subject: "+86", kind: .institution, rule: "inclusive-price", metric: "monthly_price",
                    required: 5000, provided: 5200, unit: .yuanPerMonth, bound: .maximum, source: "s"),
        ]
        let lines = FindingsWriter().csv(findings).split(separator: "\n").map(String.init)
        #expect(lines[1].hasPrefix("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",district,"))
        #expect(lines[1].contains(",300,-12.5,312.5,"))   // shortfall 300 − (−12.5) = 312.5
        #expect(lines[1].hasSuffix(",\"'@source\","))   // then `needs`, empty for a judged finding
        #expect(lines[2].hasPrefix("\"'+86\",institution,inclusive-price,monthly_price,5000,5200,200,"))
    }

    /// comparison-report.csv (`carecap compare`): run names are folder or variant names, guarded; the
    /// difference of a run with itself is 0.00.
    @Test func comparisonCSVGuardsRunNames() throws {
        let run = try ResultStore.read(path: "\(runPath)/results.gpkg")
        let csv = RunComparison(runs: [("=A", run), ("@B", run)], language: .en).csv
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines[0] == "item,unit,\"'=A\",\"'@B\",difference,provided,supply_basis")
        // Each line ends with the difference (0.00, or empty where not provided), then provided and basis.
        let rows = CSVReader.rows(csv).dropFirst()
        #expect(rows.allSatisfy { $0.count == 7 && ($0[4] == "0.00" || ($0[4].isEmpty && $0[5] == "false")) })
    }

    /// comparison.csv (`run --all-variants`): the variant name is text, guarded.
    @Test func variantComparisonCSVGuardsVariantNames() throws {
        var run = try ResultStore.read(path: "\(runPath)/results.gpkg")
        run.manifest.variant = "-cmd|' /C calc'!A0"
        let lines = VariantComparison(results: [run]).csv.string.split(separator: "\n").map(String.init)
        #expect(lines.count > 1)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("\"'-cmd|' /C calc'!A0\",") })
    }

    /// The run's findings.csv and long tables: a subject or area code from a store is text, guarded.
    @Test func runCSVsGuardTextCells() {
        let finding = RunFinding(subject: "=1+1", kind: .area, rule: "r", metric: "m", year: 2025, required: 1, provided: -2,
                                 shortfall: 3, unit: .beds, status: .fail, probabilityMet: 0, nature: .binding, source: "s",
                                 responsibleUnits: [])
        let line = RunViews.findingsCSV([finding]).string.split(separator: "\n")[1]
        #expect(line.hasPrefix("\"'=1+1\",area,r,m,2025,1.0000,-2.0000,3.0000,"))
    }
}
