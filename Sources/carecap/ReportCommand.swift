import ArgumentParser
import Foundation
import Reporting

extension ReportFormat: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.html, report.xlsx and report.md from a finished run's files, without rerunning it.",
        discussion: """
            Reads manifest.json, population.csv, pyramid.csv, demand.csv, supply.csv, shortfall.csv and findings.csv
            of RUN_DIR (and the scenario file the manifest names, for areas' names and counts the run does not
            carry) and writes the reports into RUN_DIR.
            """
    )

    @Argument(help: "A folder written by `carecap run`.")
    var runDir: String

    @Option(help: "Language of the reports: zh (default) or en.")
    var lang: Language = .zh

    @Option(help: "Write only this format: html, xlsx or md (default: all three).")
    var format: [ReportFormat] = []

    @Flag(help: "Also rewrite the run's CSV files with a UTF-8 byte-order mark, for Excel on Windows.")
    var excelCsv = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let formats = format.isEmpty ? Set(ReportFormat.allCases) : Set(format)
        do {
            try RunReport.write(runFolder: runDir, language: lang, formats: formats)
            if excelCsv { try RunReport.addByteOrderMarks(runFolder: runDir) }
        } catch {
            failBadInput("carecap: \(error)")
        }
        if !quiet {
            let names = ReportFormat.allCases.filter { formats.contains($0) }.map(\.fileName).joined(separator: ", ")
            writeStandardOutput("wrote \(names) in \(runDir)\n")
        }
    }
}
