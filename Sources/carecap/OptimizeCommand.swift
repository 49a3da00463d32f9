import ArgumentParser
import Foundation
import Reporting
import Results
import Scenario
import Siting

/// `carecap optimize`: which candidate sites get which facility, of what size, in which year, within each
/// year's budget, and where the remaining shortfall falls (DESIGN.md "Siting").
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Site facilities over several years under a budget; unmet demand is reported, never an error.",
        discussion: """
            Reads the scenario's `siting:` section (zones, sites, costs CSV files; years, budget, penalty), builds the
            mixed-integer programme and solves it with HiGHS (when built in) or GLPK. Writes into --out (default
            Results/<scenario name>/optimize/) plan.csv, assignment.csv, unmet.csv, summary.json, siting.gpkg (sites and
            zones layers for QGIS), report.md with schematic.svg, and prints the headline.
            """
    )

    @Argument(help: "The scenario file (YAML) with a `siting:` section.")
    var file: String

    @Option(help: "Results folder: new, empty, or a previous optimize result to replace.")
    var out: String?

    @Option(help: "Solver: highs, glpk or auto (default: the scenario's `solver:`, else HiGHS when built in, else GLPK).")
    var solver: String?

    @Option(help: "Seconds the solver may take (default: the scenario's time_limit_s, else 60).")
    var timeLimit: Double?

    @Option(name: .customLong("write-lp"), help: "Also write the model in CPLEX LP format to this file.")
    var writeLP: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    static let outputFiles = ["plan.csv", "assignment.csv", "unmet.csv", "summary.json", "siting.gpkg", "report.md"]

    /// A folder this command wrote before (it has summary.json and plan.csv), which may be replaced.
    static func isOptimizeFolder(_ path: String) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: path + "/summary.json") && manager.fileExists(atPath: path + "/plan.csv")
    }

    func run() throws {
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(path: file)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        guard let section = scenario.siting else {
            throw CommandFailure.badInput("\(file): error: siting: the scenario has no `siting:` section; expected one with zones, sites and costs")
        }
        if let timeLimit, !(timeLimit > 0 && timeLimit.isFinite) {
            throw CommandFailure.badInput("carecap: error: --time-limit: expected seconds > 0, found \(timeLimit)")
        }
        let chosen: any MILPSolver
        do {
            chosen = try SolverCatalogue.solver(named: solver ?? section.solver)
        } catch {
            throw CommandFailure.badInput("carecap: error: --solver: \(error.description)")
        }
        let root = out ?? "Results/\(OutputName.scenarioFolderName(scenario.name))/optimize"
        let directory: OutputDirectory
        do {
            directory = try OutputDirectory(finalPath: root, isReplaceable: Self.isOptimizeFolder, what: "a carecap optimize folder")
        } catch {
            throw CommandFailure.from(error)
        }

        let problem = section.problem
        let builder: SitingModelBuilder
        do {
            builder = try SitingModelBuilder(problem: problem)
        } catch {
            throw CommandFailure.badInput("\(file): error: siting: \(error.description)")
        }
        if let writeLP {
            do {
                try LPFormatWriter.text(builder.model).write(toFile: writeLP, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure.cannotWrite("carecap: cannot write \(writeLP): \((error as NSError).localizedDescription)")
            }
        }
        let options = MILPOptions(timeLimitSeconds: timeLimit ?? problem.timeLimitSeconds, relativeGap: problem.mipGap,
                                  fallback: builder.doNothingSolution)
        let solution: MILPSolution
        do {
            solution = try chosen.solve(builder.model, options: options)
        } catch {
            throw CommandFailure.badInput("carecap: error: \(error.description)")
        }
        let result = SitingResult(builder: builder, solution: solution)
        let outputs = SitingOutputs(scenario: scenario.name, result: result)
        do {
            try directory.write(outputs.planCSV, to: "plan.csv")
            try directory.write(outputs.assignmentCSV, to: "assignment.csv")
            try directory.write(outputs.unmetCSV, to: "unmet.csv")
            try directory.write(outputs.summaryJSON, to: "summary.json")
            let report = SitingReport(outputs: outputs)
            try directory.write(report.markdown, to: "report.md")
            if let schematic = report.schematic { try directory.write(schematic, to: "schematic.svg") }
            try SitingLayers.write(
                sites: result.sites.map {
                    .init(id: $0.id, longitude: $0.longitude, latitude: $0.latitude, existing: $0.existing, openedYear: $0.openedYear,
                          modules: $0.modules, capacity: $0.capacity, served: $0.served)
                },
                zones: result.zones.map {
                    .init(id: $0.id, longitude: $0.longitude, latitude: $0.latitude, demand: $0.demand, unmet: $0.unmet,
                          unmetAllYears: $0.unmetAllYears)
                },
                year: problem.years.last!, to: directory.workingPath + "/siting.gpkg")
            try directory.commit()
        } catch {
            throw CommandFailure.from(error)
        }
        if !quiet {
            if let curve = section.costCurve { writeStandardOutput("module costs: \(curve.description)\n") }
            writeStandardOutput(outputs.headline)
            writeStandardOutput("wrote \(root): \(Self.outputFiles.joined(separator: ", "))\(writeLP.map { "; model in \($0)" } ?? "")\n")
        }
    }
}
