import ArgumentParser
import Demography
import Foundation
import Planning
import Reporting
import Results
import Scenario
import Simulation

extension ViewFormat: ExpressibleByArgument {}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Project, derive demand, compare with supply: shortfalls per area, year and measure, with P10/P50/P90.",
        discussion: """
            Writes into --out (or Results/<scenario name>/<run id>/) the result store results.gpkg (a GeoPackage:
            every table of the run and a map layer of its areas), manifest.json, and the views the scenario's
            `outputs:` or --format ask for (default all): the long tables population, demand, supply, shortfall
            (area, year, measure, basis, p10, p50, p90), pyramid and findings as CSV and JSON, report.html,
            report.xlsx and report.md. Runs of more than 200 areas write the long tables' JSON only when json is
            named. An existing run folder is replaced only once the new result is complete. With --all-variants
            each variant gets its own folder and a comparison table is printed and written (comparison.csv).
            """
    )

    @Argument(help: "The scenario file (YAML) with `population:`, `supply:` and optionally `uncertainty:`.")
    var file: String

    @Option(help: "Results folder (default Results/<scenario name>/<run id>/): new, empty, or a previous run to replace.")
    var out: String?

    @Option(help: "Worker tasks (default: the number of cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run this variant (a name from `variants:` or a sweep point) instead of the base scenario.")
    var variant: String?

    @Flag(help: "Run the base scenario and every variant, and compare their headline shortfalls.")
    var allVariants = false

    @Option(help: "Also write the central path's population by single-year or five-year age (population_detail.csv).")
    var detail: PopulationSection.Detail?

    @Option(name: .customLong("format"), help: "Write this view (csv, json, xlsx, html, md; repeat for more). Default: the scenario's `outputs:`, else all.")
    var formats: [ViewFormat] = []

    @Option(help: "Language of report.html, report.xlsx and report.md: zh or en.")
    var lang: Language = .zh

    @Flag(help: "Write the CSV files with a UTF-8 byte-order mark, so that Excel on Windows reads Chinese correctly.")
    var excelCsv = false

    @Flag(help: "Write no reports (report.html, report.xlsx, report.md), only the store and the tables.")
    var noReport = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: "Refuse a run whose estimated peak memory passes this (e.g. 8G, 512M; default 75% of physical memory).")
    var memoryLimit: MemoryLimit?

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        if allVariants && variant != nil { throw ValidationError("give --variant or --all-variants, not both") }
    }

    func run() async throws {
        let base = try load(variant)
        let root = out ?? OutputDirectory.defaultRunPath(scenarioName: base.name)
        if !allVariants {
            let result = try await runOne(base, path: root)
            if !quiet {
                writeStandardOutput(RunSummary(result: result).text + "wrote \(root)\n")
                if views(for: base).contains(.html) { writeStandardOutput("report: \((root as NSString).appendingPathComponent("report.html"))\n") }
            }
            return
        }
        // Every variant is loaded (and validated) before anything is run or written.
        let names: [String?] = [nil] + base.variantNames.map { Optional($0) }
        let scenarios = try names.map { try load($0) }
        var results: [RunResult] = []
        for scenario in scenarios {
            let folder = (root as NSString).appendingPathComponent(RunSummary.folderName(scenario.variant))
            let result = try await runOne(scenario, path: folder)
            if !quiet { writeStandardOutput(RunSummary(result: result).text + "wrote \(folder)\n\n") }
            results.append(result)
        }
        let comparison = VariantComparison(results: results)
        do {
            try AtomicWrite.replace((root as NSString).appendingPathComponent("comparison.csv"), with: comparison.csv.data)
        } catch {
            throw CommandFailure.from(error)
        }
        if !quiet { writeStandardOutput(comparison.text) }
    }

    func load(_ variant: String?) throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: file, variant: variant)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
    }

    /// The views to write: --format, else the scenario's `outputs:`, else all; --no-report drops the reports.
    func views(for scenario: Scenario) -> Set<ViewFormat> {
        var chosen: Set<ViewFormat>
        if !formats.isEmpty { chosen = Set(formats) }
        else if let outputs = scenario.outputs { chosen = Set(outputs.compactMap(ViewFormat.init(rawValue:))) }
        else { chosen = Set(ViewFormat.allCases) }
        if noReport { chosen.subtract([.xlsx, .html, .md]) }
        return chosen
    }

    func runOne(_ scenario: Scenario, path: String) async throws -> RunResult {
        let detail = self.detail ?? scenario.population?.detail ?? .service
        try checkMemory(scenario: scenario, detail: detail)
        let plan: CapacityPlan
        let points: CountyPoints?
        do {
            plan = try CapacityPlan(scenario: scenario)
            points = try scenario.population?.points.map { file throws(ScenarioError) in try CountyPoints.load(file) }
        } catch {
            throw CommandFailure.badInput("\(error)")
        }
        for warning in plan.supplyWarnings where !quiet {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let progress = ProgressBar(enabled: !quiet, label: scenario.variant ?? scenario.name, draws: scenario.uncertainty?.draws ?? 1)
        let simulation = try await CapacitySimulation(plan: plan, everyCentralYear: detail != .service).run(jobs: jobs) { done, total in
            progress.update(done: done, total: total)
        }
        progress.finish()
        let result = RunResultBuilder(result: simulation, tool: CareCap.version, detail: detail, points: points).build()
        let jsonAsked = formats.contains(.json) || (scenario.outputs?.contains("json") ?? false)
        let views = RunViews(result: result, formats: views(for: scenario), language: lang, jsonAsked: jsonAsked, byteOrderMark: excelCsv)
        do {
            try RunFolderWriter.write(result, to: path, views: views)
        } catch {
            throw CommandFailure.from(error)
        }
        return result
    }
}

extension RunCommand {
    /// Refuses, before anything is simulated or written, a run whose estimated peak memory passes
    /// --memory-limit (default 75% of the machine's memory).
    /// The areas are those `population.areas` names, or without it every line of the census (an upper
    /// bound known before the census is parsed), so a census too large is refused before it is read.
    func checkMemory(scenario: Scenario, detail: PopulationSection.Detail) throws {
        guard let section = scenario.population else { return }
        let censusBytes = (try? FileManager.default.attributesOfItem(atPath: section.census.path))?[.size] as? Int ?? 0
        let areas = section.areas.map { Set($0).count } ?? max(0, RunMemoryEstimate.lineCount(path: section.census.path) - 1)
        let years = max(1, section.horizon - section.baseYear + 1)   // both validated plausible years
        let reports = !views(for: scenario).isDisjoint(with: [.html, .xlsx, .md])
        let estimate = RunMemoryEstimate(areas: areas, years: years, draws: scenario.uncertainty?.draws ?? 1, jobs: jobs,
                                         centralYears: detail == .service ? 2 : years, reports: reports,
                                         censusBytes: censusBytes)
        let limit = memoryLimit ?? .machineDefault
        guard estimate.peak <= limit.bytes else {
            throw CommandFailure.badInput("""
                \(scenario.file): error: this run needs an estimated \(estimate.breakdown) of memory at its peak, \
                more than the limit of \(RunMemoryEstimate.bytes(limit.bytes)) (--memory-limit \(limit.origin)), and would \
                write about \(RunMemoryEstimate.bytes(estimate.output)); expected fewer draws (uncertainty.draws), \
                years (population.horizon) or areas, fewer --jobs, or a higher --memory-limit
                """)
        }
    }
}

/// A progress line on standard error when it is a terminal: areas done, draws, elapsed, estimate.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let label: String
    private let draws: Int
    private let started = Date()
    private let lock = NSLock()
    private var shown = false

    init(enabled: Bool, label: String, draws: Int) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.label = label
        self.draws = draws
    }

    func update(done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(started)
        let estimate = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r%@ %@ %d/%d areas × %d draws  %.1fs elapsed, ~%.1fs left ", label, bar, done, total,
                          draws, elapsed, estimate)
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
