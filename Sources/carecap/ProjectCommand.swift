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

    @Flag(help: "Write population.json and service_ages.json also above \(RunViews.largeRunAreas) areas (by default only their CSVs, as `carecap run` does with its long tables).")
    var json = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: "Language of the printed summary: zh (default) or en.")
    var lang: Language = .zh

    @Option(help: "Refuse a projection whose estimated peak memory passes this (e.g. 8G, 512M; default 75% of physical memory).")
    var memoryLimit: MemoryLimit?

    func validate() throws {
        guard jobs >= 1 && jobs <= 256 else { throw ValidationError("--jobs must be between 1 and 256") }
    }

    /// Lines of CSV per written block (about 10 MB of CSV).
    static let linesPerBlock = 200_000

    /// Consecutive ranges of areas of about `linesPerBlock` lines each (at least one area); one empty
    /// range when there are no areas, so the files still get their header.
    static func blocks(_ areaCount: Int, linesPerArea: Int) -> [Range<Int>] {
        guard areaCount > 0 else { return [0..<0] }
        let width = max(1, linesPerBlock / max(1, linesPerArea))
        return stride(from: 0, to: areaCount, by: width).map { $0..<min($0 + width, areaCount) }
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
        let detail = self.detail ?? section.detail ?? .singleYear
        try checkMemory(scenario: scenario, section: section, detail: detail)
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
            // The long tables a block of areas at a time: memory holds one block's lines, not the files.
            let areaCount = inputs.areas.count
            // The JSON twins of the long tables above `largeRunAreas` only when asked: rendering them
            // (1.5 GB for every county by single year of age) took 75% of a national projection's time.
            let withJSON = json || areaCount <= RunViews.largeRunAreas
            if let populationTable {
                var stream = LongTableStream(directory: directory, name: "population", numeric: ["year", "age", "population"],
                                             withJSON: withJSON)
                for range in Self.blocks(areaCount, linesPerArea: populationTable.yearCount * 2 * populationTable.groupCount) {
                    try stream.write(PopulationCSVWriter.populationCSVBytes(populationTable, areas: inputs.areas, range: range,
                                                                            header: range.lowerBound == 0))
                }
                try stream.finish()
            }
            var service = LongTableStream(directory: directory, name: "service_ages", numeric: ["year", "population"],
                                          withJSON: withJSON)
            for range in Self.blocks(areaCount, linesPerArea: serviceTable.yearCount * ServiceAgeGroup.csvGroupCount) {
                try service.write(PopulationCSVWriter.serviceAgesCSVBytes(serviceTable, areas: inputs.areas, range: range,
                                                                         header: range.lowerBound == 0))
            }
            try service.finish()
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
            throw CommandFailure.from(error)
        }
        if !quiet {
            writeStandardOutput(ProjectionSummary.table(serviceTable, scenario: scenario, language: lang))
            if let line = ProjectionSummary.fertilityAdjustedLine(inputs) { writeStandardOutput(line) }
            let seconds = Date().timeIntervalSince(started)
            let years = inputs.setup.years
            writeStandardOutput(Labels.fill("console.project_wrote", lang, [path, String(inputs.areas.count), String(years.first!),
                                                                             String(years.last!), String(format: "%.2f", seconds)]) + "\n")
        }
    }
}

extension ProjectCommand {
    /// Refuses, before the census is parsed, a projection whose estimated peak memory passes
    /// --memory-limit: the areas are those `population.areas` names, or every line of the census.
    func checkMemory(scenario: Scenario, section: PopulationSection, detail: PopulationSection.Detail) throws {
        let censusBytes = (try? FileManager.default.attributesOfItem(atPath: section.census.path))?[.size] as? Int ?? 0
        let areas = section.unitCountBound { max(0, RunMemoryEstimate.lineCount(path: section.census.path) - 1) }
        let years = max(1, section.horizon - section.baseYear + 1)   // both validated plausible years
        let groups = detail == .singleYear ? PopulationGroupTable.singleYearStarts.count
            : detail == .fiveYear ? PopulationGroupTable.fiveYearStarts.count : 0
        let estimate = ProjectionMemoryEstimate(areas: areas, years: years, populationGroups: groups, censusBytes: censusBytes)
        let limit = memoryLimit ?? .machineDefault
        guard estimate.peak <= limit.bytes else {
            throw CommandFailure.badInput("""
                \(scenario.file): error: this projection needs an estimated \(estimate.breakdown) of memory at its peak, \
                more than the limit of \(RunMemoryEstimate.bytes(limit.bytes)) (--memory-limit \(limit.origin)), and would \
                write about \(RunMemoryEstimate.bytes(estimate.output)); expected fewer areas (population.areas), years \
                (population.horizon), --detail five-year or service, or a higher --memory-limit
                """)
        }
    }
}
