import ArgumentParser
import Foundation
import Reporting
import Results
import Scenario
import Simulation

struct MergeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard folders of `carecap run FILE --shard K/N` into the run folder a single run writes.",
        discussion: """
            Checks that the folders are every shard of one run (same scenario text, variant, seed, draws, detail
            and shard count, each index once, each file's size and hash as its shard.json says), reads the
            scenario and its data files again (as the shards named them, from the folder they ran in; --scenario
            when they have moved), adds the shards' per-draw totals and region sums (integers of 1/1024 person),
            and writes the store, tables and reports: the same bytes as `carecap run FILE` without shards. It also
            refuses data files that now give other numbers than the shards used (an input hash over the plan).
            Regions cut by shard boundaries are merged one at a time, so at most one region's per-draw sums are
            held; the result and its views, as large as a single run's, are most of the merge's memory
            (--memory-limit refuses a merge too large beforehand).
            """
    )

    @Argument(help: "The shard folders (all N of them, in any order).")
    var shards: [String]

    @Option(help: "Results folder (default Results/<scenario name>/<run id>/): new, empty, or a previous result to replace.")
    var out: String?

    @Option(help: "The scenario file the shards ran, when it is no longer where they named it.")
    var scenario: String?

    @OptionGroup var output: RunOutputOptions

    @Option(help: "Refuse a merge whose estimated peak memory passes this (e.g. 8G, 512M; default 75% of physical memory).")
    var memoryLimit: MemoryLimit?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() async throws {
        let folders: [ShardArchive.Folder]
        do {
            folders = try ShardMerge.check(try shards.map { path throws(ShardMerge.Failure) in try ShardArchive.Folder(path: path) },
                                           tool: "carecap \(CareCap.version)")
        } catch {
            throw CommandFailure.badInput("carecap merge: \(error)")
        }
        let manifest = folders[0].manifest
        guard let detail = PopulationSection.Detail(rawValue: manifest.detail) else {
            throw CommandFailure.badInput("carecap merge: \(folders[0].path)/shard.json: error: detail \"\(manifest.detail)\", expected one of \(PopulationSection.Detail.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let loaded = try load(manifest)
        do {
            try ShardMerge.checkScenario(loaded, shards: folders, shownAs: shownPath(manifest))
        } catch {
            throw CommandFailure.badInput("carecap merge: \(error)")
        }
        try checkMemory(manifest, scenario: loaded, detail: detail, largestShard: folders.map(\.manifest.areas.count).max() ?? 0)
        let root = out ?? OutputDirectory.defaultRunPath(scenarioName: OutputName.scenarioFolderName(loaded.name))
        let directory: OutputDirectory
        do {
            directory = try OutputDirectory(finalPath: root, isReplaceable: OutputDirectory.isRunFolder, what: "a carecap run folder")
        } catch {
            throw CommandFailure.from(error)
        }
        let (plan, points) = try plan(loaded, manifest: manifest)
        let simulation: CapacitySimulation.Result
        do {
            simulation = try ShardMerge.merge(folders, plan: plan, everyCentralYear: detail != .service, shownAs: shownPath(manifest))
        } catch {
            throw CommandFailure.badInput("carecap merge: \(error)")
        }
        let result = try output.write(simulation, scenario: loaded, detail: detail, points: points, quiet: quiet, into: directory,
                                      threads: ProcessInfo.processInfo.activeProcessorCount)
        do {
            try directory.commit()
        } catch {
            throw CommandFailure.from(error)
        }
        if !quiet {
            writeStandardOutput(RunSummary(result: result, language: output.lang).text
                + Labels.fill("console.wrote", output.lang, ["\(root) (\(folders.count) shards merged)"]) + "\n")
        }
    }

    /// Where the scenario is read from: --scenario, else the path the shards' command gave, from the
    /// folder it ran in when that path is relative and the folder exists here (so every path the
    /// scenario names, and every message quoting one, is the same string as in a single run).
    func source(_ manifest: ShardManifest) -> (path: String, folder: String?) {
        if let scenario { return (scenario, nil) }
        var isFolder: ObjCBool = false
        guard !manifest.scenario.hasPrefix("/"),
              FileManager.default.fileExists(atPath: manifest.workingDirectory, isDirectory: &isFolder), isFolder.boolValue
        else { return (manifest.scenario, nil) }
        return (manifest.scenario, manifest.workingDirectory)
    }

    /// The shards' scenario (their variant), read as the shards read it.
    func load(_ manifest: ShardManifest) throws -> Scenario {
        let source = source(manifest)
        return try inFolder(source.folder) {
            do {
                // Named as the shards named it, so the merged manifest says the same as a single run's.
                return try ScenarioLoader.load(path: source.path, displayPath: manifest.scenario, variant: manifest.variant)
            } catch {
                throw CommandFailure.badInput("\(error)"
                    + (scenario == nil ? "\n(the shards ran \(manifest.scenario) from \(manifest.workingDirectory); give --scenario FILE if it has moved)" : ""))
            }
        }
    }

    /// The plan, built from the same working folder the scenario was read from (its data files are
    /// named relative to the scenario file, so relative to that folder when the scenario's path is).
    func plan(_ scenario: Scenario, manifest: ShardManifest) throws -> (CapacityPlan, CountyPoints?) {
        try inFolder(source(manifest).folder) { try RunCommand.plan(for: scenario, quiet: quiet) }
    }

    /// Runs `body` with the working directory set to `folder` (when given), then restores it. Paths the
    /// user gave (shard folders, --out) are resolved before or after, never inside.
    func inFolder<T>(_ folder: String?, _ body: () throws -> T) throws -> T {
        guard let folder else { return try body() }
        let here = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(folder) else {
            throw CommandFailure.badInput("carecap merge: error: cannot enter \(folder), the folder the shards ran in, to read their scenario; give --scenario FILE")
        }
        defer { _ = FileManager.default.changeCurrentDirectoryPath(here) }
        return try body()
    }

    /// The scenario's path as the user can find it: --scenario, else the shards' path, joined to the
    /// folder they ran in when it was relative.
    func shownPath(_ manifest: ShardManifest) -> String {
        let source = source(manifest)
        guard let folder = source.folder else { return source.path }
        return (folder as NSString).appendingPathComponent(source.path)
    }

    /// Refuses, before the census is read, a merge whose estimated peak memory passes --memory-limit
    /// (default 75% of the machine's memory): the result and views of every area, the per-draw totals,
    /// one shard's areas as read and one cut region's sums (`RunMemoryEstimate.Kind.merge`).
    func checkMemory(_ manifest: ShardManifest, scenario: Scenario, detail: PopulationSection.Detail, largestShard: Int) throws {
        let census = scenario.population?.census.path
        let censusBytes = census.flatMap { (try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? Int } ?? 0
        let years = max(1, manifest.horizon - manifest.baseYear + 1)
        let reports = !output.views(for: scenario).isDisjoint(with: [.html, .xlsx, .md])
        let estimate = RunMemoryEstimate(areas: manifest.runAreaCount, years: years, draws: manifest.draws, jobs: 1,
                                         centralYears: detail == .service ? 2 : years, reports: reports,
                                         censusBytes: censusBytes, kind: .merge(largestShardAreas: largestShard))
        let limit = memoryLimit ?? .machineDefault
        guard estimate.peak <= limit.bytes else {
            throw CommandFailure.badInput("""
                carecap merge: error: this merge needs an estimated \(estimate.breakdown) of memory at its peak, more than \
                the limit of \(RunMemoryEstimate.bytes(limit.bytes)) (--memory-limit \(limit.origin)); expected a machine with more \
                memory, --no-report (the reports are most of it), or a higher --memory-limit
                """)
        }
    }
}
