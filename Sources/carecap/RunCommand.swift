import ArgumentParser
import Demography
import Foundation
import Planning
import Reporting
import Scenario
import Simulation

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Project, derive demand, compare with supply: shortfalls per area, year and measure, with P10/P50/P90.",
        discussion: """
            Writes manifest.json, population.csv, demand.csv, supply.csv, shortfall.csv (long format: area,
            year, measure, basis, p10, p50, p90), findings.csv and the same as JSON into --out or
            Results/<scenario name>/<run id>/. With --all-variants each variant gets its own folder and a
            comparison table is printed and written (comparison.csv).
            """
    )

    @Argument(help: "The scenario file (YAML) with `population:`, `supply:` and optionally `uncertainty:`.")
    var file: String

    @Option(help: "Results folder (default Results/<scenario name>/<run id>/). Must not exist or be empty.")
    var out: String?

    @Option(help: "Worker tasks (default: the number of cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run this variant (a name from `variants:` or a sweep point) instead of the base scenario.")
    var variant: String?

    @Flag(help: "Run the base scenario and every variant, and compare their headline shortfalls.")
    var allVariants = false

    @Option(help: "population.csv detail: service (default), single-year or five-year (central path).")
    var detail: PopulationSection.Detail?

    @Option(help: "Language of report.html, report.xlsx and report.md: zh or en.")
    var lang: Language = .zh

    @Flag(help: "Write the CSV files with a UTF-8 byte-order mark, so that Excel on Windows reads Chinese correctly.")
    var excelCsv = false

    @Flag(help: "Write no reports (report.html, report.xlsx, report.md), only the tables.")
    var noReport = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        if allVariants && variant != nil { throw ValidationError("give --variant or --all-variants, not both") }
    }

    func run() async throws {
        let base: Scenario
        do {
            base = try ScenarioLoader.load(path: file, variant: variant)
        } catch {
            failBadInput(error.description)
        }
        let root = out ?? OutputDirectory.defaultRunPath(scenarioName: base.name)
        if !allVariants {
            let summary = try await runOne(base, path: root)
            if !quiet {
                writeStandardOutput(summary.text + "wrote \(root)\n")
                if !noReport { writeStandardOutput("report: \((root as NSString).appendingPathComponent("report.html"))\n") }
            }
            return
        }
        var summaries: [RunSummary] = []
        let names: [String?] = [nil] + base.variantNames.map { Optional($0) }
        for name in names {
            let scenario: Scenario
            do {
                scenario = try ScenarioLoader.load(path: file, variant: name)
            } catch {
                failBadInput(error.description)
            }
            let folder = (root as NSString).appendingPathComponent(RunSummary.folderName(name))
            let summary = try await runOne(scenario, path: folder)
            if !quiet { writeStandardOutput(summary.text + "wrote \(folder)\n\n") }
            summaries.append(summary)
        }
        let comparison = RunSummary.comparison(summaries)
        do {
            try AtomicFile.write(comparison.csv, to: (root as NSString).appendingPathComponent("comparison.csv"))
        } catch {
            failBadInput("carecap: cannot write comparison.csv: \(error)")
        }
        if !quiet { writeStandardOutput(comparison.text) }
    }

    func runOne(_ scenario: Scenario, path: String) async throws -> RunSummary {
        let plan: CapacityPlan
        do {
            plan = try CapacityPlan(scenario: scenario)
        } catch {
            failBadInput("\(error)")
        }
        let progress = ProgressBar(enabled: !quiet, label: scenario.variant ?? scenario.name, draws: scenario.uncertainty?.draws ?? 1)
        let result = try await CapacitySimulation(plan: plan).run(jobs: jobs) { done, total in
            progress.update(done: done, total: total)
        }
        progress.finish()
        let detail = self.detail ?? scenario.population?.detail ?? .service
        let tables = RunTables(result: result)
        let summary = RunSummary(tables: tables)
        do {
            let directory = try OutputDirectory(finalPath: path)
            func write(_ csv: String, _ name: String, numeric: Set<String>) throws {
                try directory.write(csv, to: "\(name).csv")
                try directory.write(LongTableJSON.render(csv: csv, name: name, numeric: numeric), to: "\(name).json")
            }
            let quantileColumns: Set<String> = ["year", "p10", "p50", "p90"]
            let central = try await ProjectionRun.project(plan.inputs, tasks: jobs)
            if detail == .service {
                try write(tables.populationCSV, "population", numeric: quantileColumns)
            } else {
                try write(PopulationCSVWriter.populationCSV(central, fiveYearGroups: detail == .fiveYear), "population",
                          numeric: ["year", "age", "population"])
            }
            try write(Self.pyramidCSV(central), "pyramid", numeric: ["year", "age", "population"])
            try write(tables.demandCSV, "demand", numeric: quantileColumns)
            try write(tables.supplyCSV, "supply", numeric: quantileColumns)
            try write(tables.shortfallCSV, "shortfall", numeric: quantileColumns)
            let findings = tables.findingsCSV(summary.findings)
            try write(findings, "findings", numeric: ["year", "required", "provided", "shortfall", "probability_met"])
            try directory.write(RunManifest.render(result: result, version: CareCap.version, detail: detail.rawValue),
                                to: "manifest.json")
            if !noReport {
                try RunReport.write(runFolder: directory.workingPath, language: lang)
            }
            if excelCsv {
                try RunReport.addByteOrderMarks(runFolder: directory.workingPath)
            }
            try directory.commit()
        } catch {
            failBadInput("carecap: \(error)")
        }
        return summary
    }
}

extension RunCommand {
    /// Five-year age groups by sex in the base year and the horizon, on the central path: what the
    /// report's population pyramids draw. Age is the group's first year (85 = 85-89, 100 = 100+).
    static func pyramidCSV(_ result: ProjectionResult) -> String {
        var out = "area,year,sex,age,population\n"
        let years = [result.years.lowerBound, result.years.upperBound]
        for (index, area) in result.areas.enumerated() {
            for year in years {
                for sex in Sex.allCases {
                    for start in stride(from: 0, through: 100, by: 5) {
                        let end = start == 100 ? 100 : start + 4
                        var value = 0.0
                        for age in start...end { value += result.population(area: index, year: year, sex: sex, age: age) }
                        out += "\(area.key),\(year),\(sex == .male ? "M" : "F"),\(start),\(String(format: "%.2f", value))\n"
                    }
                }
            }
        }
        return out
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
