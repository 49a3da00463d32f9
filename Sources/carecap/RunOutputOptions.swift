import ArgumentParser
import Foundation
import Reporting
import Results
import Scenario
import Simulation

/// The options that choose a run folder's views, shared by `carecap run` and `carecap merge` (a merged
/// run is written as a single run is).
struct RunOutputOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: "Write this view (csv, json, xlsx, html, md; repeat for more). Default: the scenario's `outputs:`, else all.")
    var formats: [ViewFormat] = []

    @Option(help: "Language of the console summary, report.html, report.xlsx and report.md: zh (default) or en.")
    var lang: Language = .zh

    @Flag(help: "Write the CSV files with a UTF-8 byte-order mark, so that Excel on Windows reads Chinese correctly.")
    var excelCsv = false

    @Flag(help: "Write no reports (report.html, report.xlsx, report.md), only the store and the tables.")
    var noReport = false

    /// The views to write: --format, else the scenario's `outputs:`, else all; --no-report drops the reports.
    func views(for scenario: Scenario) -> Set<ViewFormat> {
        var chosen: Set<ViewFormat>
        if !formats.isEmpty { chosen = Set(formats) }
        else if let outputs = scenario.outputs { chosen = Set(outputs.compactMap(ViewFormat.init(rawValue:))) }
        else { chosen = Set(ViewFormat.allCases) }
        if noReport { chosen.subtract([.xlsx, .html, .md]) }
        return chosen
    }

    /// Builds the typed result of a finished simulation and writes the store and the views into
    /// `directory` (its subfolder `folder`, a variant's); the caller commits.
    /// `threads`: how many files are made at once (the command's --jobs), at most `RunFolderWriter.maximumThreads`.
    func write(_ simulation: CapacitySimulation.Result, scenario: Scenario, detail: PopulationSection.Detail,
               points: CountyPoints?, quiet: Bool, into directory: OutputDirectory, folder: String? = nil,
               threads: Int) throws -> RunResult {
        let result = RunResultBuilder(result: simulation, tool: CareCap.version, detail: detail, points: points).build()
        if !quiet { FileHandle.standardError.write(Data(RunSummary(result: result).warningLines.utf8)) }
        let jsonAsked = formats.contains(.json) || (scenario.outputs?.contains("json") ?? false)
        var views = RunViews(result: result, formats: views(for: scenario), language: lang, jsonAsked: jsonAsked, byteOrderMark: excelCsv)
        let reportProgress = ReportProgress(enabled: !quiet, label: scenario.variant ?? scenario.name)
        views.onReport = { name, done, total in reportProgress.update(name: name, done: done, total: total) }
        defer { reportProgress.finish() }
        do {
            try RunFolderWriter.write(result, views: views, into: directory, folder: folder, threads: threads)
        } catch {
            throw CommandFailure.from(error)
        }
        return result
    }
}
