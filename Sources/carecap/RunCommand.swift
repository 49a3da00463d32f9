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
            each variant gets its own folder and a comparison table is printed and written (comparison.csv); all
            are written under one temporary folder and put in place together, replacing a previous folder of
            variants whole. --out is checked before anything is projected: it must be new, empty, or a previous
            result; a symbolic link is followed (its target is written, the link kept). Ctrl-C or SIGTERM removes
            the unfinished output and exits 130 or 143; a temporary folder a killed run left is removed by the
            next run into the same folder. With --shard K/N only shard K's share of the areas is simulated and a
            shard folder is written (shard.json and binary partial results, no views); `carecap merge` turns the
            N folders into the run folder, byte for byte the same as without shards.
            """
    )

    @Argument(help: "The scenario file (YAML) with `population:`, `supply:` and optionally `uncertainty:`.")
    var file: String

    @Option(help: "Results folder (default Results/<scenario name>/<run id>/): new, empty, or a previous result to replace; a symbolic link is followed.")
    var out: String?

    @Option(help: "Worker tasks (default: the number of cores). Results do not depend on it.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run this variant (a name from `variants:` or a sweep point) instead of the base scenario.")
    var variant: String?

    @Flag(help: "Run the base scenario and every variant, and compare their headline shortfalls.")
    var allVariants = false

    @Option(help: "Also write the central path's population by single-year or five-year age (population_detail.csv).")
    var detail: PopulationSection.Detail?

    @OptionGroup var output: RunOutputOptions

    @Option(help: ArgumentHelp("Run only shard K of N (K from 1 to N, e.g. 3/8) of the areas and write a shard folder for `carecap merge` (no views).", valueName: "K/N"))
    var shard: RunShard?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: "Refuse a run whose estimated peak memory passes this (e.g. 8G, 512M; default 75% of physical memory).")
    var memoryLimit: MemoryLimit?

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
        if allVariants && variant != nil { throw ValidationError("give --variant or --all-variants, not both") }
        if shard != nil {
            if allVariants { throw ValidationError("--shard runs one scenario: give --variant NAME for a variant, not --all-variants") }
            if !output.formats.isEmpty || output.noReport || output.excelCsv {
                throw ValidationError("a shard writes no views: give --format, --no-report and --excel-csv to `carecap merge`")
            }
        }
    }

    func run() async throws {
        let base = try load(variant)
        if let shard { return try await runShard(shard, scenario: base) }
        let root = out ?? OutputDirectory.defaultRunPath(scenarioName: OutputName.scenarioFolderName(base.name))
        if !allVariants {
            // Memory and the destination are checked, and the temporary folder made, before anything is projected.
            try checkMemory(scenario: base, detail: detail(for: base))
            let directory = try open(root, isReplaceable: OutputDirectory.isRunFolder, what: "a carecap run folder")
            let result = try await runOne(base, into: directory)
            try commit(directory)
            if !quiet {
                writeStandardOutput(RunSummary(result: result, language: output.lang).text + Labels.fill("console.wrote", output.lang, [root]) + "\n")
                if views(for: base).contains(.html) { writeStandardOutput("report: \((root as NSString).appendingPathComponent("report.html"))\n") }
            }
            return
        }
        // Every variant is loaded (and validated, its name as a folder name too) before anything is run or
        // written. Base, variants and comparison.csv are written under one temporary folder, renamed into
        // place at the end: a failure or an interruption leaves the previous folder of variants as it was,
        // and a success replaces it whole (a variant since removed from the scenario does not linger).
        let names: [String?] = [nil] + base.variantNames.map { Optional($0) }
        let scenarios = try names.map { try load($0) }
        for scenario in scenarios { try checkMemory(scenario: scenario, detail: detail(for: scenario)) }
        let directory = try open(root, isReplaceable: OutputDirectory.isVariantsFolder, what: "a folder of carecap variants")
        var results: [RunResult] = []
        for scenario in scenarios {
            let result = try await runOne(scenario, into: directory, folder: OutputName.folderName(scenario.variant))
            if !quiet { writeStandardOutput(RunSummary(result: result, language: output.lang).text + "\n") }
            results.append(result)
        }
        let comparison = VariantComparison(results: results, language: output.lang)
        do {
            try directory.write(comparison.csv.data, to: "comparison.csv")
        } catch {
            throw CommandFailure.from(error)
        }
        try commit(directory)
        if !quiet {
            writeStandardOutput(comparison.text)
            let written = "\(root): \(scenarios.map { OutputName.folderName($0.variant) }.joined(separator: ", ")), comparison.csv"
            writeStandardOutput(Labels.fill("console.wrote", output.lang, [written]) + "\n")
        }
    }

    func open(_ path: String, isReplaceable: (String) -> Bool, what: String) throws -> OutputDirectory {
        do {
            return try OutputDirectory(finalPath: path, isReplaceable: isReplaceable, what: what)
        } catch {
            throw CommandFailure.from(error)
        }
    }

    func commit(_ directory: OutputDirectory) throws {
        do {
            try directory.commit()
        } catch {
            throw CommandFailure.from(error)
        }
    }

    func load(_ variant: String?) throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: file, variant: variant)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
    }

    func views(for scenario: Scenario) -> Set<ViewFormat> { output.views(for: scenario) }

    /// The population detail of a run: --detail, else the scenario's, else the service ages only.
    func detail(for scenario: Scenario) -> PopulationSection.Detail {
        self.detail ?? scenario.population?.detail ?? .service
    }

    /// Runs one scenario and writes its result into `directory` (into its subfolder `folder`, a variant's).
    func runOne(_ scenario: Scenario, into directory: OutputDirectory, folder: String? = nil) async throws -> RunResult {
        let detail = detail(for: scenario)
        let (plan, points) = try PhaseTiming.measure("plan") { try Self.plan(for: scenario, quiet: quiet) }
        try checkMemory(scenario: scenario, detail: detail, plan: plan)
        let progress = ProgressBar(enabled: !quiet, label: scenario.variant ?? scenario.name, draws: scenario.uncertainty?.draws ?? 1)
        let started = Date()
        let simulation = try await CapacitySimulation(plan: plan, everyCentralYear: detail != .service).run(jobs: jobs) { done, total in
            progress.update(done: done, total: total)
        }
        PhaseTiming.report("simulation", wallSeconds: Date().timeIntervalSince(started))
        progress.finish()
        return try output.write(simulation, scenario: scenario, detail: detail, points: points, quiet: quiet, into: directory, folder: folder,
                                threads: jobs)
    }
}

extension RunCommand {
    /// Refuses, before anything is simulated or written, a run whose estimated peak memory passes
    /// --memory-limit (default 75% of the machine's memory).
    /// The areas are those `population.areas` names, or without it every line of the census (an upper
    /// bound known before the census is parsed), so a census too large is refused before it is read.
    /// Regions with rows are bounded by the codes' digits when `population.areas` lists county codes;
    /// `plan` (after the census is read) gives the areas and regions themselves, for the check that
    /// confirms the first before anything is simulated.
    /// A shard (`shardCount` shards, `shardAreas` once the plan is known) simulates only its areas: before
    /// the census is read its share is bounded by `RunShard.maximumAreas` (about 1.5 × areas / N).
    func checkMemory(scenario: Scenario, detail: PopulationSection.Detail, plan: CapacityPlan? = nil,
                     shardCount: Int? = nil, shardAreas: Int? = nil) throws {
        guard let section = scenario.population else { return }
        let censusBytes = (try? FileManager.default.attributesOfItem(atPath: section.census.path))?[.size] as? Int ?? 0
        let allAreas = plan?.inputs.areas.count ?? section.unitCountBound { max(0, RunMemoryEstimate.lineCount(path: section.census.path) - 1) }
        let areas = shardAreas ?? shardCount.map { RunShard.maximumAreas(total: allAreas, count: $0) } ?? allAreas
        let regions = plan.map { RunRegions(areas: $0.inputs.areas).regions.count }
            ?? (section.areaUnits == .named ? nil : section.areas.flatMap(RunMemoryEstimate.regionBound(codes:)))
        let years = max(1, section.horizon - section.baseYear + 1)   // both validated plausible years
        let reports = !views(for: scenario).isDisjoint(with: [.html, .xlsx, .md])
        let estimate = RunMemoryEstimate(areas: areas, years: years, draws: scenario.uncertainty?.draws ?? 1, jobs: jobs,
                                         centralYears: detail == .service ? 2 : years, reports: reports,
                                         censusBytes: censusBytes, regions: regions,
                                         kind: shardCount != nil || shardAreas != nil ? .shard(runAreas: allAreas) : .run)
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

/// A progress line on standard error when it is a terminal while the reports are built: which report,
/// how many of how many, time since the first began (a national report.xlsx takes a while).
final class ReportProgress: @unchecked Sendable {
    private let enabled: Bool
    private let label: String
    /// When the first report began (the store and the tables are written before).
    private var started: Date?
    private let lock = NSLock()
    private var shown = false

    init(enabled: Bool, label: String) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.label = label
    }

    func update(name: String, done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let begun = started ?? Date()
        started = begun
        let elapsed = Date().timeIntervalSince(begun)
        let what = name.isEmpty ? "reports built" : "building \(name)"
        let line = String(format: "\r\u{1B}[K%@ %@ (%d/%d reports done)  %.1fs elapsed", label, what, done, total, elapsed)
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    /// A step before the reports (`carecap report` reading the store).
    func note(_ text: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data(String(format: "\r\u{1B}[K%@ %@", label, text).utf8))
        shown = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
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
