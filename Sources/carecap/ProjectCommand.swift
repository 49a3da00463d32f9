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
            failBadInput(error.description)
        }
        guard let section = scenario.population else {
            failBadInput("\(file): error: missing required key \"population\" (carecap project needs a census and a horizon; `carecap init` shows the keys)")
        }
        let started = Date()
        let inputs: ProjectionInputs
        do {
            inputs = try ProjectionRun.prepare(scenario, section: section)
        } catch {
            failBadInput("\(error)")
        }
        for warning in inputs.censusWarnings where !quiet {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let detail = self.detail ?? section.detail ?? .singleYear
        // Without population.csv no cell is needed: the streaming projection gives the service
        // ages directly (same values, bit for bit); otherwise every cell is stored.
        let result: ProjectionResult?
        let serviceTable: ServiceAgeTable?
        if detail == .service {
            result = nil
            serviceTable = try await CohortComponentProjector(taskCount: jobs).projectServiceAges(inputs)
        } else {
            result = try await ProjectionRun.project(inputs, tasks: jobs)
            serviceTable = nil
        }
        let path = out ?? OutputDirectory.defaultRunPath(scenarioName: scenario.name)
        do {
            let directory = try OutputDirectory(finalPath: path)
            if let result {
                let csv = PopulationCSVWriter.populationCSVBytes(result, fiveYearGroups: detail == .fiveYear)
                try directory.write(csv, to: "population.csv")
                try directory.write(LongTableJSON.render(csv: String(decoding: csv, as: UTF8.self), name: "population",
                                                         numeric: ["year", "age", "population"]),
                                    to: "population.json")
            }
            let service = serviceTable.map { PopulationCSVWriter.serviceAgesCSVBytes($0, areas: inputs.areas) }
                ?? PopulationCSVWriter.serviceAgesCSVBytes(result!)
            try directory.write(service, to: "service_ages.csv")
            try directory.write(LongTableJSON.render(csv: String(decoding: service, as: UTF8.self), name: "service_ages",
                                                     numeric: ["year", "population"]),
                                to: "service_ages.json")
            let calibration = ProjectionSummary.calibrationCSV(inputs.calibration)
            try directory.write(calibration, to: "calibration.csv")
            try directory.write(LongTableJSON.render(csv: calibration, name: "calibration",
                                                     numeric: Set(ProjectionSummary.calibrationNumericColumns)),
                                to: "calibration.json")
            try directory.write(ProjectionSummary.manifest(scenario: scenario, section: section, inputs: inputs,
                                                           detail: detail, version: CareCap.version),
                                to: "manifest.json")
            try directory.commit()
        } catch {
            failBadInput("carecap: \(error)")
        }
        if !quiet {
            writeStandardOutput(serviceTable.map { ProjectionSummary.table($0, scenario: scenario) }
                                ?? ProjectionSummary.table(result!, scenario: scenario))
            let seconds = Date().timeIntervalSince(started)
            let years = inputs.setup.years
            writeStandardOutput(String(format: "wrote %@ (%d areas, %d-%d, %.2f s)\n", path, inputs.areas.count,
                                       years.first!, years.last!, seconds))
        }
    }
}
