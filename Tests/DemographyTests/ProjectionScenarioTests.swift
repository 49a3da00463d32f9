import Foundation
import Testing
@testable import Demography

@Suite struct ProjectionScenarioTests {
    @Test func chinaWithConstantTFRStaysNearWPPMediumVariant() async throws {
        // The nation row from 2020 (census 1,409.8 million), WPP mortality, TFR 1.08 held, no
        // migration. WPP 2024 medium (popprojMed.tsv, 1 July): 1,396.0; 1,370.6; 1,339.5; 1,255.1
        // million in 2030, 2035, 2040, 2050. The difference in timing (1 Nov vs 1 July), in the
        // TFR path and in migration stays within 3%.
        // The nation's own row as one unit (`areasAsNamed`), not its 2,989 leaves.
        var setup = ProjectionSetup(areaCodes: ["全国"], baseYear: 2020, horizon: 2050,
                                    fertility: FertilitySpec(level: .given(1.08), path: .constant, schedule: .heldAtBaseYear))
        setup.areasAsNamed = true
        let inputs = try ProjectionInputs.prepare(census: try TestData.census.get(), wpp: try TestData.wpp.get(), setup: setup)
        let result = try await CohortComponentProjector().project(inputs)
        let wpp: [Int: Double] = [2030: 1396.0e6, 2035: 1370.6e6, 2040: 1339.5e6, 2050: 1255.1e6]
        for (year, expected) in wpp {
            let total = result.total(area: 0, year: year)
            #expect(abs(total / expected - 1) < 0.03, "\(year): \(total) vs WPP \(expected)")
        }
        #expect(abs(result.total(area: 0, year: 2020) - 1_409_778_724) < 1e-3)
    }

    @Test func calibrationReproducesCensusAgeZeroInDehong() async throws {
        // Independent check of the calibrated TFR: build the population one year before the
        // census by back-surviving the census (F₋[x] = F[x+1] / S[x+1], same life table), give it
        // the calibrated TFR and project ONE step with the projector; the infants it produces
        // must match the census age-0 count within 0.5%. The TFR checked is each area's own
        // calibrated level, before shrinkage toward the prefecture's (the level used differs from it
        // by the weight 300/(n0 + 300) of the log distance).
        let codes = ["533102", "533103", "533122", "533123", "533124"]
        let census = try TestData.census.get()
        let wpp = try TestData.wpp.get()
        let setup = ProjectionSetup(areaCodes: codes, baseYear: 2020, horizon: 2025)
        let inputs = try ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup)
        let mortality = MortalityModel(wpp: wpp)
        let time = setup.stepMidpoint(startingIn: 2019)
        let tables = Sex.allCases.map { mortality.nationalLifeTable(sex: $0, time: time).survivalRatios }
        var previous = PopulationArray(areaCount: codes.count)
        for area in codes.indices {
            for sex in Sex.allCases {
                for age in 0..<100 {
                    previous[sex, age, area] = inputs.basePopulation[sex, age + 1, area] / tables[sex.rawValue][age + 1]
                }
            }
        }
        let shares = try FertilitySchedule.shares(wpp: wpp, year: setup.stepCalendarYear(startingIn: 2019))
        let rates = try ProjectionRates(
            baseYear: 2019, stepCount: 1, areaCount: codes.count,
            survivalProfiles: [tables[0] + tables[1]], mortalityProfileOfArea: [Int](repeating: 0, count: codes.count),
            fertilityShares: shares, tfr: inputs.calibration.map { $0.ownTFR ?? .nan },
            sexRatioAtBirth: [wpp.sexRatioAtBirth.value(year: setup.stepCalendarYear(startingIn: 2019))])
        let oneStep = try await CohortComponentProjector().project(base: previous, rates: rates)
        for (area, code) in codes.enumerated() {
            let row = census.rows.first { $0.code == code }!
            let censusAgeZero = row.maleAgeGroups![0] + row.femaleAgeGroups![0]
            let model = oneStep.population(area: area, year: 2020, sex: .male, age: 0)
                + oneStep.population(area: area, year: 2020, sex: .female, age: 0)
            #expect(abs(model / censusAgeZero - 1) < 0.005, "\(code): \(model) vs census \(censusAgeZero)")
            let report = inputs.calibration[area]
            #expect(report.tfrCalibrated && report.tfr > 0.5 && report.tfr < 4)
            // modelAgeZero is the level used × births per unit of TFR: census × tfr / ownTFR.
            let own = try #require(report.ownTFR)
            #expect(abs(report.modelAgeZero / censusAgeZero - report.tfr / own) < 1e-12)
        }
    }

    @Test func serviceAgesHouseholdsAndCSVAreConsistent() async throws {
        let setup = ProjectionSetup(areaCodes: ["533103", "460203"], baseYear: 2020, horizon: 2023,
                                    migration: MigrationSpec(volume: .netRatePerThousand(5)))
        let census = try TestData.census.get()
        let inputs = try ProjectionInputs.prepare(census: census, wpp: try TestData.wpp.get(), setup: setup)
        let result = try await CohortComponentProjector().project(inputs)
        let row = census.rows.first { $0.code == "533103" }!
        let base = try #require(result.serviceAges(area: "533103", year: 2020))
        // Census: 439,931 people; 399,682 in 128,719 family households.
        #expect(abs(base.total - 439_931) < 1e-6)
        // Households are the family-household population over its size: the group quarters
        // (439,931 − 399,682 = 40,249 people) live in none, so the base year has the census's
        // 128,719 family households (not 439,931 / 3.105 = 141,681 as when everyone counted).
        #expect(abs(base.households - 128_719) < 1e-6)
        #expect(abs(base.months6to12 - 0.5 * (row.maleAgeGroups![0] + row.femaleAgeGroups![0])) < 1e-9)
        #expect(abs(base.ages80plus - (row.maleAgeGroups![17] + row.maleAgeGroups![18] + row.femaleAgeGroups![17] + row.femaleAgeGroups![18])) < 1e-6)
        // Net immigration at 5 per 1,000 makes 2021 larger than a run without migration would.
        let later = try #require(result.serviceAges(area: "533103", year: 2023))
        #expect(later.total > 0 && later.ages0to14 + later.ages15to59 + later.ages60plus - later.total < 1e-6)
        let csv = PopulationCSVWriter.populationCSV(result)
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == "area,year,sex,age,population")
        let singleYearLines: Int = 1 + 2 * 4 * 2 * 101 // areas × years × sexes × ages
        #expect(lines.count == singleYearLines)
        // Areas come in key order whatever the order given: 460203 before 533103.
        #expect(lines[1].hasPrefix("460203,2020,M,0,"))
        let grouped = PopulationCSVWriter.populationCSV(result, fiveYearGroups: true).split(separator: "\n")
        let groupedLines: Int = 1 + 2 * 4 * 2 * 21
        #expect(grouped.count == groupedLines)
        #expect(grouped.last!.hasPrefix("533103,2023,F,100,"))
        let services = PopulationCSVWriter.serviceAgesCSV(result).split(separator: "\n")
        let serviceLines: Int = 1 + 2 * 4 * 11
        #expect(services.count == serviceLines)
        #expect(services[4 * 11 + 10] == Substring("533103,2020,total,439931.00"))
        var fixed = [UInt8]()
        PopulationCSVWriter.appendFixed(-0.004, decimals: 2, to: &fixed); fixed.append(32)
        PopulationCSVWriter.appendFixed(12.345678, decimals: 3, to: &fixed); fixed.append(32)
        PopulationCSVWriter.appendFixed(7, decimals: 0, to: &fixed)
        #expect(String(decoding: fixed, as: UTF8.self) == "0.00 12.346 7")
    }
}
