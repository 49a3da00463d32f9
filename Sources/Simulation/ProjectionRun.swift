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
        return ProjectionSetup(areaCodes: section.areas?.sorted(), baseYear: section.baseYear, horizon: section.horizon,
                               mortality: mortality, fertility: fertility, migration: migration,
                               householdSize: households)
    }

    /// Loads every file the section names; errors name the data file's line and column, or the
    /// scenario's line for an area the census lacks.
    package static func prepare(_ scenario: Scenario, section: PopulationSection) throws -> ProjectionInputs {
        do {
            let census = try CensusTable.load(path: section.census.path)
            var wpp = try WPPRates.load(directory: section.wpp.path)
            if let files = section.deathRateFiles {
                wpp = wpp.replacing(maleDeathRates: try WPPRates.loadDeathRates(path: files[0].path),
                                    femaleDeathRates: try WPPRates.loadDeathRates(path: files[1].path))
            }
            if let schedule = section.fertilityScheduleFile {
                wpp = wpp.replacing(fertilityPercent: try WPPRates.loadFertilityPercent(path: schedule.path))
            }
            return try ProjectionInputs.prepare(census: census, wpp: wpp, setup: try setup(for: section, wpp: wpp))
        } catch let error as CensusSelectionError {
            if case let .unknownArea(_, key) = error, let index = section.areas?.firstIndex(of: key) {
                let position = section.areaPositions.indices.contains(index) ? section.areaPositions[index] : [0, 0]
                throw Failure(description: "\(scenario.file):\(position[0]):\(position[1]): error: population.areas[\(index)]: no row with code \"\(key)\" in \(section.census.written)")
            }
            throw Failure(description: "\(scenario.file): error: population.areas: \(error.description)")
        } catch let error as DataFileError {
            throw Failure(description: error.description)
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "\(scenario.file): error: population: \(error)")
        }
    }

    package static func project(_ inputs: ProjectionInputs, tasks: Int) async throws -> ProjectionResult {
        try await CohortComponentProjector(taskCount: tasks).project(inputs)
    }
}
