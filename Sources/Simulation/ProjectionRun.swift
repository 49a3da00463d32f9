import Demography
import Foundation
import Scenario

/// Turns a scenario's `population:` section into a projection: loads the census and WPP files it
/// names, maps its assumptions onto the Demography engine, and projects.
package enum ProjectionRun {
    /// A failure placed in the scenario or in the data file it names.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    package static func setup(for section: PopulationSection, wpp: WPPRates) throws -> ProjectionSetup {
        var mortality = MortalitySpec()
        mortality.defaultE0Offset = section.e0Offset["*"] ?? 0
        mortality.e0Offsets = section.e0Offset.filter { $0.key != "*" }

        var fertility = FertilitySpec()
        if section.calibrateToCensus {
            fertility.level = .calibrated(ageZeroAdjustment: section.ageZeroAdjustment)
        } else if let tfr = section.tfr {
            fertility.level = .given(tfr)
        }
        switch section.tfrPath {
        case .wpp: fertility.path = .followingWPP
        case .constant: fertility.path = .constant
        case let .linear(to, by): fertility.path = .linear(target: to, year: by)
        case let .logistic(to, by): fertility.path = .logistic(target: to, year: by)
        case let .fitted(history): fertility.path = .fittedLogistic(history: history)
        }
        fertility.schedule = section.scheduleTiming == .held ? .heldAtBaseYear : .followingYear
        fertility.sexRatio = section.sexRatioAtBirth.map { .given($0) } ?? .wpp

        var migration = MigrationSpec.none
        switch section.migration {
        case .none: break
        case let .ratePerThousand(rate): migration.volume = .netRatePerThousand(rate)
        case let .total(total): migration.volume = .netTotalPerYear(total)
        }
        if section.migration != .none {
            switch section.migrationProfile {
            case .standard: migration.profile = .standard
            case .wpp: migration.profile = try RogersCastroProfile.fitted(to: wpp, year: section.baseYear)
            }
        }
        let households: HouseholdSizePath = section.personsPerHousehold.map { .linear(target: $0, year: section.baseYear) }
            ?? .heldAtCensus
        // Areas in code order: the files list them so, and no sum or stream can follow the order written.
        // A group-quarters file is read by `prepare`; until then the estimate stands in.
        var setup = ProjectionSetup(areaCodes: section.areas?.sorted(), baseYear: section.baseYear, horizon: section.horizon,
                                    mortality: mortality, fertility: fertility, migration: migration,
                                    householdSize: households, groupQuarters: section.groupQuarters == .none ? .none : .estimated)
        setup.areasAsNamed = section.areaUnits == .named
        setup.reference = section.reference
        return setup
    }

    /// Loads every file the section names; errors name the data file's line and column and the
    /// scenario key that named the file, or the scenario's line for an area the census lacks.
    package static func prepare(_ scenario: Scenario, section: PopulationSection) throws -> ProjectionInputs {
        /// Reads one file, naming the scenario key that named it in any error.
        func read<T>(_ file: PopulationSection.DataPath, _ load: () throws -> T) throws -> T {
            do { return try load() } catch let error as DataFileError {
                throw Failure(description: error.named(by: file.keyPath).description)
            }
        }
        do {
            let census = try read(section.census) { try CensusTable.load(path: section.census.path) }
            var wpp = try read(section.wpp) { try WPPRates.load(directory: section.wpp.path) }
            if let files = section.deathRateFiles {
                wpp = wpp.replacing(maleDeathRates: try read(files[0]) { try WPPRates.loadDeathRates(path: files[0].path) },
                                    femaleDeathRates: try read(files[1]) { try WPPRates.loadDeathRates(path: files[1].path) })
            }
            if let schedule = section.fertilityScheduleFile {
                wpp = wpp.replacing(fertilityPercent: try read(schedule) { try WPPRates.loadFertilityPercent(path: schedule.path) })
            }
            var projectionSetup: ProjectionSetup
            do {
                projectionSetup = try setup(for: section, wpp: wpp)
            } catch let error as MigrationError {
                throw Failure(description: "\(scenario.file): error: population.migration.profile: \(error.description)")
            }
            var offsets: E0OffsetTable? = nil
            if let file = section.e0OffsetFile {
                let table = try read(file) { try E0OffsetTable.load(path: file.path) }
                projectionSetup.mortality.sexOffsets = table.offsets
                offsets = table
            }
            var groupQuarters: GroupQuartersTable? = nil
            if case let .file(file) = section.groupQuarters {
                let table = try read(file) { try GroupQuartersTable.load(path: file.path) }
                projectionSetup.groupQuarters = .given(table)
                groupQuarters = table
            }
            if let gap = WPPCoverageGap.first(in: wpp, setup: projectionSetup,
                                              migrationProfileFromWPP: section.migration != .none && section.migrationProfile == .wpp) {
                throw Failure(description: coverageMessage(gap, section: section, scenario: scenario))
            }
            var inputs: ProjectionInputs
            do {
                inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: projectionSetup)
            } catch let error as DataFileError {
                // A group-quarters cell above the census: name the key that gave the file.
                guard case let .file(file) = section.groupQuarters, error.path == file.path else { throw error }
                throw Failure(description: error.named(by: file.keyPath).description)
            }
            // Codes of a table file that this run does not project: their rows are not used.
            let projected = Set(inputs.areas.map(\.key))
            func unused(_ lines: [String: Int], _ file: PopulationSection.DataPath?, _ what: String) -> [String] {
                guard let file else { return [] }
                return lines.filter { $0.key != "*" && !projected.contains($0.key) }.sorted { $0.value < $1.value }.map {
                    "\(file.path):\($0.value): warning: \(file.keyPath): code \($0.key) is not an area of this run; its \(what) are not used"
                }
            }
            inputs.warnings += unused(offsets?.lines ?? [:], section.e0OffsetFile, "e0 offsets")
            if case let .file(file) = section.groupQuarters {
                inputs.warnings += unused(groupQuarters?.firstLine ?? [:], file, "group-quarters counts")
            }
            return inputs
        } catch let error as CensusSelectionError {
            switch error {
            case let .unknownArea(_, key):
                if let index = section.areas?.firstIndex(of: key) {
                    throw Failure(description: "\(scenario.file):\(areaPosition(index, section)): error: population.areas[\(index)]: no row with code \"\(key)\" in \(section.census.written)")
                }
                throw Failure(description: "\(scenario.file): error: population.areas: \(error.description)")
            case let .unusableArea(warning):
                let named = section.areas?.firstIndex(of: warning.key).map {
                    " (the row of population.areas[\($0)], \(scenario.file):\(areaPosition($0, section)))"
                } ?? ""
                throw Failure(description: "\(warning.location): error: \(section.census.keyPath): \(warning.message)\(named); expected a row whose age cells sum to its total, male and female columns")
            case let .overlappingAreas(_, first, second, leaf):
                let index = section.areas?.firstIndex(of: second) ?? 0
                let firstIndex = section.areas?.firstIndex(of: first) ?? 0
                throw Failure(description: "\(scenario.file):\(areaPosition(index, section)): error: population.areas[\(index)]: \"\(second)\" and population.areas[\(firstIndex)] \"\(first)\" both contain \(leaf) in \(section.census.written); expected areas that do not overlap: list a region or its units, not both")
            case let .notAUnit(_, line, key):
                let index = section.areas?.firstIndex(of: key) ?? 0
                throw Failure(description: "\(scenario.file):\(areaPosition(index, section)): error: population.areas[\(index)]: \"\(key)\" (\(section.census.written) line \(line)) groups counties that have their own rows; expected their codes or the province's code")
            }
        } catch let error as DataFileError {
            throw Failure(description: error.description)
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "\(scenario.file): error: population: \(error)")
        }
    }

    static func areaPosition(_ index: Int, _ section: PopulationSection) -> String {
        let position = section.areaPositions.indices.contains(index) ? section.areaPositions[index] : [0, 0]
        return "\(position[0]):\(position[1])"
    }

    /// A WPP table that lacks a year the projection needs: the base year or the horizon is the key
    /// to change, or the file.
    static func coverageMessage(_ gap: WPPCoverageGap, section: PopulationSection, scenario: Scenario) -> String {
        let fileKey = [section.deathRateFiles?.first, section.deathRateFiles?.last, section.fertilityScheduleFile]
            .compactMap { $0 }.first { $0.path == gap.path }?.keyPath ?? section.wpp.keyPath
        let key = gap.isBeforeTable ? "population.base_year" : "population.horizon"
        let value = gap.isBeforeTable ? section.baseYear : section.horizon
        // Year-end figures of the horizon interpolate towards the census moment after it.
        let yearEnd = !gap.isBeforeTable && section.reference == .yearEnd
            ? " (year-end figures for \(section.horizon) interpolate towards 1 Nov \(section.horizon + 1), so the steps reach one year past the horizon; population.reference: census stops at the horizon)" : ""
        return "\(gap.path): error: \(key): \(value) needs rates for \(gap.year), and this file (named by \(fileKey)) covers only \(gap.covered.lowerBound)-\(gap.covered.upperBound); expected every year from \(gap.needed.lowerBound) to \(gap.needed.upperBound), or a \(gap.isBeforeTable ? "base year" : "horizon") within the file's years\(yearEnd) (\(scenario.file))"
    }

    package static func project(_ inputs: ProjectionInputs, tasks: Int) async throws -> ProjectionResult {
        try await CohortComponentProjector(taskCount: tasks).project(inputs)
    }
}
