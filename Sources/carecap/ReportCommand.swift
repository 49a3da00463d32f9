import ArgumentParser
import Foundation
import Reporting
import Results

extension ReportFormat: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild report.html, report.xlsx and report.md of a finished run from its store, without rerunning it.",
        discussion: """
            Reads RUN_DIR/results.gpkg (the store `carecap run` writes) and writes the reports into RUN_DIR, each to a
            temporary name and renamed. The same result gives the same bytes as the run wrote.
            """
    )

    @Argument(help: "A folder written by `carecap run`.")
    var runDir: String

    @Option(help: "Language of the reports: zh (default) or en.")
    var lang: Language = .zh

    @Option(help: "Write only this format: html, xlsx or md (default: all three).")
    var format: [ReportFormat] = []

    @Flag(help: "Also rewrite the run's CSV tables with a UTF-8 byte-order mark, for Excel on Windows.")
    var excelCsv = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let formats = format.isEmpty ? Set(ReportFormat.allCases) : Set(format)
        if TemporaryOutputs.isTemporaryName(((runDir as NSString).standardizingPath as NSString).lastPathComponent) {
            throw CommandFailure.badInput("carecap: \(runDir) is the temporary folder of a run in progress or interrupted, not a finished run")
        }
        let result: RunResult
        let reading = ReportProgress(enabled: !quiet, label: runDir)
        reading.note("reading \(ResultStore.fileName)")
        do {
            defer { reading.finish() }
            result = try ResultStore.read(path: (runDir as NSString).appendingPathComponent(ResultStore.fileName))
        } catch {
            throw CommandFailure.badInput("carecap: \(error)")
        }
        var views = Set(formats.map(\.view))
        if excelCsv { views.insert(.csv) }
        do {
            var runViews = RunViews(result: result, formats: views, language: lang, byteOrderMark: excelCsv)
            let progress = ReportProgress(enabled: !quiet, label: result.manifest.scenarioName)
            runViews.onReport = { name, done, total in progress.update(name: name, done: done, total: total) }
            defer { progress.finish() }
            try RunFolderWriter.rewrite(runFolder: runDir, views: runViews)
        } catch {
            throw CommandFailure.from(error)
        }
        if !quiet {
            let names = ReportFormat.allCases.filter { formats.contains($0) }.map(\.fileName).joined(separator: ", ")
            writeStandardOutput(Labels.fill("console.report_wrote", lang, [names, runDir]) + "\n")
        }
    }
}
