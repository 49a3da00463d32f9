import Foundation
import Testing
@testable import Demography

/// The projector's consumers of the block kernel against each other, bit for bit: service ages and
/// age-group tables summed while streaming against the same sums over every stored cell, for any
/// task count and block width.
@Suite struct StreamingProjectionTests {
    static func bits(_ s: ServiceAges) -> [UInt64] {
        [s.months6to12, s.months12to24, s.months24to36, s.ages3to5, s.ages0to14, s.ages15to59, s.ages60plus,
         s.ages65plus, s.ages80plus, s.total, s.households, s.ages60to69, s.ages70to79, s.ages0to2].map(\.bitPattern)
    }

    /// 37 areas, 5 steps, two interleaved mortality profiles, TFR by area, migration by rate.
    static func mixedCase(migration: ProjectionRates.MigrationVolumeKind) throws -> (PopulationArray, ProjectionRates, [[Double]]) {
        let areas = 37, steps = 5
        var base = PopulationArray(areaCount: areas)
        for area in 0..<areas { for sex in Sex.allCases { for age in 0...100 {
            let code: Int = area * 7919 + age * 104_729 + sex.rawValue * 31
            let value: Double = Double(code % 5000) + 10 + 1.0 / 3.0
            base[sex, age, area] = value
        } } }
        let profileA: [Double] = (0..<(steps * 202)).map { (i: Int) -> Double in 1 - 0.0005 * Double(i % 101) }
        let profileB = profileA.map { $0 * 0.999 }
        var shares = [Double](repeating: 0, count: steps * 101)
        for step in 0..<steps { for age in 15...49 { shares[step * 101 + age] = 1.0 / 35 } }
        let rates = try ProjectionRates(
            baseYear: 2020, stepCount: steps, areaCount: areas,
            survivalProfiles: [profileA, profileB],
            mortalityProfileOfArea: (0..<areas).map { $0 % 3 == 0 ? 1 : 0 },
            fertilityShares: shares, tfr: (0..<(steps * areas)).map { 1 + Double($0 % 11) / 10 },
            sexRatioAtBirth: [Double](repeating: 1.1, count: steps),
            migrationVolume: migration,
            migrationShares: migration == .none ? nil : (0..<202).map { Double(($0 % 101) < 60 ? 1 : 0) / 120 },
            netMigration: (0..<(steps * areas)).map { (i: Int) -> Double in
                migration == .total ? Double(i % 9) * 40 - 160 : Double(i % 9) - 4
            })
        let households: [[Double]] = (0..<areas).map { (a: Int) -> [Double] in
            (0...steps).map { (y: Int) -> Double in 2.5 + Double(a % 7) / 10 + Double(y) / 100 }
        }
        return (base, rates, households)
    }

    static func resultFrom(_ base: PopulationArray, _ rates: ProjectionRates, _ households: [[Double]],
                           _ projection: PopulationProjection) -> [[ServiceAges]] {
        (0..<rates.areaCount).map { area in
            projection.years.map { year in
                var both = [Double](repeating: 0, count: 101)
                for age in 0...100 {
                    both[age] = projection.population(area: area, year: year, sex: .male, age: age)
                        + projection.population(area: area, year: year, sex: .female, age: age)
                }
                return ServiceAges(bothSexes: both, personsPerHousehold: households[area][year - projection.baseYear])
            }
        }
    }

    @Test(arguments: [ProjectionRates.MigrationVolumeKind.none, .ratePerThousand, .total])
    func streamingServiceAgesEqualTheStoredPathExactly(migration: ProjectionRates.MigrationVolumeKind) async throws {
        let (base, rates, households) = try Self.mixedCase(migration: migration)
        let stored = try await CohortComponentProjector(taskCount: 1).project(base: base, rates: rates)
        let expected = Self.resultFrom(base, rates, households, stored)
        for (tasks, width) in [(1, 8), (2, 16), (3, 64), (2, 256)] {
            let table = try await CohortComponentProjector(taskCount: tasks)
                .projectServiceAges(base: base, rates: rates, personsPerHousehold: households, blockWidth: width)
            #expect(table.years == stored.years)
            for area in 0..<rates.areaCount {
                for year in stored.years {
                    #expect(Self.bits(table.serviceAges(area: area, year: year)) == Self.bits(expected[area][year - 2020]),
                            "area \(area) year \(year), \(tasks) tasks, width \(width)")
                }
            }
            let cells = try await CohortComponentProjector(taskCount: tasks).project(base: base, rates: rates, blockWidth: width)
            var same = true
            for area in 0..<rates.areaCount { for year in stored.years { for sex in Sex.allCases { for age in 0...100 {
                same = same && cells.population(area: area, year: year, sex: sex, age: age).bitPattern
                    == stored.population(area: area, year: year, sex: sex, age: age).bitPattern
            } } } }
            for area in 0..<rates.areaCount { for year in 2021...2025 {
                same = same && cells.births(area: area, year: year).bitPattern == stored.births(area: area, year: year).bitPattern
            } }
            #expect(same, "streamed cells differ from stored cells, \(tasks) tasks, width \(width)")
        }
    }

    @Test func streamingMatchesProjectionResultOnRealCounties() async throws {
        // Dehong and Sanya counties with e0 offsets (three profiles, not in area order) and migration.
        let codes = ["533102", "533103", "533122", "533123", "533124", "460202", "460203", "460204", "460205"]
        let setup = ProjectionSetup(areaCodes: codes, baseYear: 2020, horizon: 2035,
                                    mortality: MortalitySpec(e0Offsets: ["533103": -2, "460203": 1.5]),
                                    migration: MigrationSpec(volume: .netRatePerThousand(3)),
                                    householdSize: .linear(target: 2.4, year: 2035))
        let inputs = try ProjectionInputs.prepare(census: try TestData.census.get(), wpp: try TestData.wpp.get(), setup: setup)
        let result = try await CohortComponentProjector(taskCount: 2).project(inputs)
        let table = try await CohortComponentProjector(taskCount: 2).projectServiceAges(inputs, blockWidth: 8)
        for area in codes.indices {
            for year in result.years {
                #expect(Self.bits(table.serviceAges(area: area, year: year)) == Self.bits(result.serviceAges(area: area, year: year)))
            }
        }
        #expect(PopulationCSVWriter.serviceAgesCSV(result) == PopulationCSVWriter.serviceAgesCSV(table, areas: inputs.areas))

        // One pass for service ages and population groups: the same files, byte for byte.
        for (starts, fiveYear) in [(PopulationGroupTable.fiveYearStarts, true), (PopulationGroupTable.singleYearStarts, false)] {
            for (tasks, width) in [(1, 8), (2, 64)] {
                var services = ServiceAgeTable(), groups = PopulationGroupTable()
                try await CohortComponentProjector(taskCount: tasks).projectServiceAges(
                    inputs, into: &services, populationGroups: starts, into: &groups, blockWidth: width)
                #expect(PopulationCSVWriter.populationCSVBytes(groups, areas: inputs.areas)
                        == PopulationCSVWriter.populationCSVBytes(result, fiveYearGroups: fiveYear))
                #expect(PopulationCSVWriter.serviceAgesCSVBytes(services, areas: inputs.areas)
                        == PopulationCSVWriter.serviceAgesCSVBytes(result))
                if !fiveYear {
                    var same = true
                    for area in codes.indices { for year in result.years { for sex in Sex.allCases { for age in 0...100 {
                        same = same && groups.population(area: area, year: year, sex: sex, group: age).bitPattern
                            == result.population(area: area, year: year, sex: sex, age: age).bitPattern
                    } } } }
                    #expect(same)
                }
            }
        }
    }

    @Test func newServiceAgeGroupsAddUp() async throws {
        let (base, rates, households) = try Self.mixedCase(migration: .none)
        let table = try await CohortComponentProjector().projectServiceAges(base: base, rates: rates, personsPerHousehold: households)
        let s = table.serviceAges(area: 4, year: 2023)
        #expect(abs(s.ages60to69 + s.ages70to79 + s.ages80plus - s.ages60plus) < 1e-9 * s.ages60plus)
        #expect(abs(s.ages0to2 - (2 * s.months6to12 + s.months12to24 + s.months24to36)) < 1e-9 * s.ages0to2)
        #expect(s.groups.count == 11)
    }
}
