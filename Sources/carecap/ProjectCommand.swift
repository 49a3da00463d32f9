import ArgumentParser
import Demography
import Foundation
import Reporting
import Scenario
import Simulation

extension PopulationSection.Detail: ExpressibleByArgument {}

struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Project each area's population by single year of age and sex (cohort-component).",
        discussion: """
            Writes population.csv (area, year, sex, age, population; age 100 = 100+), service_ages.csv
            (area, year, group, population), calibration.csv (each area's solved TFR, life expectancy and
            household size), the same as JSON, and manifest.json, into --out or
            Results/<scenario name>/<run id>/.
            """
    )

    @Argument(help: "The scenario file (YAML) with a `population:` section.")
    var file: String

    @Option(help: "Results folder (default Results/<scenario name>/<run id>/). Must not exist or be empty.")
    var out: String?

    @Option(help: "population.csv detail: single-year, five-year or service (service writes no population.csv).")
    var detail: PopulationSection.Detail?

    @Option(help: "Worker tasks for the projection (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() async throws {
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(path: file)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
        guard let section = scenario.population else {
            throw CommandFailure.badInput("\(file): error: missing required key \"population\" (carecap project needs a census and a horizon; `carecap init` shows the keys)")
        }
        // The destination is checked, and its temporary folder made, before anything is projected.
        let path = out ?? OutputDirectory.defaultRunPath(scenarioName: OutputName.scenarioFolderName(scenario.name))
        let directory: OutputDirectory
        do {
            directory = try OutputDirectory(finalPath: path)
        } catch {
            throw CommandFailure.from(error)
        }
        let started = Date()
        let inputs: ProjectionInputs
        do {
            inputs = try ProjectionRun.prepare(scenario, section: section)
        } catch {
            throw CommandFailure.badInput("\(error)")
        }
        for warning in ProjectionSummary.warnings(inputs) where !quiet {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let detail = self.detail ?? section.detail ?? .singleYear
        // Streaming projection: no cell is stored, each block of areas hands over per year what
        // the files need (service ages, and the single-year or five-year population unless
        // --detail service); values are bit-identical to the stored projection's.
        let projector = CohortComponentProjector(taskCount: jobs)
        var serviceTable = ServiceAgeTable()
        var populationTable: PopulationGroupTable? = nil
        if detail == .service {
            try await projector.projectServiceAges(inputs, into: &serviceTable)
        } else {
            var groups = PopulationGroupTable()
            try await projector.projectServiceAges(
                inputs, into: &serviceTable,
                populationGroups: detail == .fiveYear ? PopulationGroupTable.fiveYearStarts : PopulationGroupTable.singleYearStarts,
                into: &groups)
            populationTable = groups
        }
        do {
            if let populationTable {
                let csv = PopulationCSVWriter.populationCSVBytes(populationTable, areas: inputs.areas)
                try directory.write(csv, to: "population.csv")
                try directory.write(LongTableJSON.render(csv: csv, name: "population",
                                                         numeric: ["year", "age", "population"]),
                                    to: "population.json")
            }
            let service = PopulationCSVWriter.serviceAgesCSVBytes(serviceTable, areas: inputs.areas)
            try directory.write(service, to: "service_ages.csv")
            try directory.write(LongTableJSON.render(csv: service, name: "service_ages",
                                                     numeric: ["year", "population"]),
                                to: "service_ages.json")
            let calibration = PopulationCSVWriter.calibrationCSV(inputs.calibration)
            try directory.write(calibration, to: "calibration.csv")
            try directory.write(LongTableJSON.render(csv: calibration, name: "calibration",
                                                     numeric: Set(ProjectionSummary.calibrationNumericColumns)),
                                to: "calibration.json")
            try directory.write(ProjectionSummary.manifest(scenario: scenario, section: section, inputs: inputs,
                                                           detail: detail, version: CareCap.version),
                                to: "manifest.json")
            try directory.commit()
        } catch {
            throw CommandFailure.badInput("carecap: \(error)")
        }
        if !quiet {
            writeStandardOutput(ProjectionSummary.table(serviceTable, scenario: scenario))
            let seconds = Date().timeIntervalSince(started)
            let years = inputs.setup.years
            writeStandardOutput(String(format: "wrote %@ (%d areas, %d-%d, %.2f s)\n", path, inputs.areas.count,
                                       years.first!, years.last!, seconds))
        }
    }
}
