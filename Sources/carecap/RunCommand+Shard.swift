import ArgumentParser
import Foundation
import Reporting
import Scenario
import Simulation

extension RunShard: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension RunCommand {
    /// The plan of `scenario` and its county points; supply warnings on standard error.
    static func plan(for scenario: Scenario, quiet: Bool) throws -> (CapacityPlan, CountyPoints?) {
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
        return (plan, points)
    }

    /// `carecap run FILE --shard K/N`: simulates shard K's areas (`RunShard.split`) and writes its folder
    /// (`ShardArchive`): no views, no summary table; `carecap merge` turns the N folders into the run.
    func runShard(_ shard: RunShard, scenario: Scenario) async throws {
        let detail = detail(for: scenario)
        // The variant in the path: shards of two variants must not replace each other.
        let root = out ?? "Results/\(OutputName.scenarioFolderName(scenario.name))/shards/\(OutputName.folderName(scenario.variant))/shard-\(shard.index)-of-\(shard.count)"
        try checkMemory(scenario: scenario, detail: detail, shardCount: shard.count)
        let directory = try open(root, isReplaceable: ShardArchive.isShardFolder, what: "a carecap shard folder")
        let (plan, _) = try Self.plan(for: scenario, quiet: quiet)
        let simulation = CapacitySimulation(plan: plan, everyCentralYear: detail != .service)
        let areas = simulation.areas(of: shard)
        try checkMemory(scenario: scenario, detail: detail, plan: plan, shardCount: shard.count, shardAreas: areas.count)
        let progress = ProgressBar(enabled: !quiet, label: "\(scenario.variant ?? scenario.name) \(shard)", draws: simulation.draws)
        let output = try await simulation.run(shard: shard, areas: areas, jobs: jobs) { done, total in progress.update(done: done, total: total) }
        progress.finish()
        do {
            let files = try ShardArchive.files(output, plan: plan, detail: detail.rawValue, tool: CareCap.version,
                                               workingDirectory: FileManager.default.currentDirectoryPath)
            for file in files { try directory.write(file.data, to: file.name) }
        } catch {
            throw CommandFailure.from(error)
        }
        try commit(directory)
        if !quiet {
            let regions = "regions whole here: \(output.wholeRegions.count), cut by shard boundaries: \(output.partialRegions.count)"
            writeStandardOutput("shard \(shard): \(areas.count) of \(plan.inputs.areas.count) areas, \(regions); wrote \(root)\n")
        }
    }
}
