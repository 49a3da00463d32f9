import Foundation
import Testing
@testable import Demography

/// Year-end figures (年末) are the linear interpolation between two census moments: with the census
/// on 1 Nov (fraction 10/12 of the base year), 31 Dec lies w = 2/12 of a step after each moment, so
/// P(31 Dec y) = (1 − w) · P(1 Nov y) + w · P(1 Nov y + 1). The expected values below are computed from
/// a projection at the census moments one year longer, by that formula, not by the kernel's own path.
@Suite struct YearEndReferenceTests {
    /// Dehong's five counties (with group quarters) and a large county (Haidian 110108).
    static let codes = ["533102", "533103", "533122", "533123", "533124", "110108"]

    func setup(_ reference: PopulationReference, horizon: Int) -> ProjectionSetup {
        var setup = ProjectionSetup(areaCodes: Self.codes, baseYear: 2020, horizon: horizon)
        setup.fertility.path = .followingWPP
        setup.reference = reference
        return setup
    }

    @Test func yearEndCellsInterpolateBetweenCensusMoments() async throws {
        let census = try TestData.census.get(), wpp = try TestData.wpp.get()
        let atCensus = try await CohortComponentProjector(taskCount: 2).project(
            ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup(.census, horizon: 2031)))
        let yearEnd = try await CohortComponentProjector(taskCount: 2).project(
            ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup(.yearEnd, horizon: 2030)))
        #expect(yearEnd.years == 2020...2030)
        let w = 2.0 / 12.0
        for area in Self.codes {
            for year in [2020, 2021, 2025, 2030] {
                for sex in Sex.allCases {
                    for age in [0, 1, 2, 30, 65, 100] {
                        let start = atCensus.population(area: area, year: year, sex: sex, age: age)!
                        let end = atCensus.population(area: area, year: year + 1, sex: sex, age: age)!
                        let expected = (1 - w) * start + w * end
                        let got = yearEnd.population(area: area, year: year, sex: sex, age: age)!
                        #expect(abs(got - expected) <= 1e-9 * max(1, expected), "\(area) \(year) \(sex) \(age): \(got) vs \(expected)")
                    }
                }
            }
        }
        // Births are those of the step ending on 1 Nov of the year, as at the census moments.
        let a = yearEnd.areaIndex("533102")!, b = atCensus.areaIndex("533102")!
        #expect(yearEnd.projection.births(area: a, year: 2025) == atCensus.projection.births(area: b, year: 2025))
    }

    /// The streaming service ages (what `run` and `project --detail service` use) are the same
    /// interpolation: every group and the households are linear in the cells.
    @Test func serviceAgesInterpolateToo() async throws {
        let census = try TestData.census.get(), wpp = try TestData.wpp.get()
        let atCensus = try await CohortComponentProjector(taskCount: 1).projectServiceAges(
            ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup(.census, horizon: 2026)))
        let yearEnd = try await CohortComponentProjector(taskCount: 1).projectServiceAges(
            ProjectionInputs.prepare(census: census, wpp: wpp, setup: setup(.yearEnd, horizon: 2025)))
        #expect(yearEnd.years == 2020...2025)
        let w = 2.0 / 12.0
        for area in 0..<Self.codes.count {
            for year in 2020...2025 {
                let s = atCensus.serviceAges(area: area, year: year), e = atCensus.serviceAges(area: area, year: year + 1)
                let got = yearEnd.serviceAges(area: area, year: year)
                for (x, y, z) in [(s.total, e.total, got.total), (s.ages0to2, e.ages0to2, got.ages0to2),
                                  (s.ages60plus, e.ages60plus, got.ages60plus), (s.households, e.households, got.households)] {
                    let expected = (1 - w) * x + w * y
                    #expect(abs(z - expected) <= 1e-9 * max(1, expected))
                }
            }
        }
    }

    /// The service ages with the group quarters added as they are read (`carecap_service_ages_with_group`) have
    /// the bits of the service ages of the stored projection, whose cells the kernel made with the group added
    /// (`carecap_add_group`, or the interpolation's last addition): at census moments and at year-ends, in blocks of
    /// 8 and 64 columns, on one and two tasks. Dehong's counties have group quarters (checked).
    @Test(arguments: [PopulationReference.census, .yearEnd])
    func serviceAgesWithTheGroupAddedAsReadAreTheStoredOnes(_ reference: PopulationReference) async throws {
        let inputs = try ProjectionInputs.prepare(census: TestData.census.get(), wpp: TestData.wpp.get(),
                                                  setup: setup(reference, horizon: 2030))
        #expect(inputs.groupQuarters.totals.prefix(5).allSatisfy { $0 > 0 })
        let stored = try await CohortComponentProjector(taskCount: 1).project(inputs)
        for (tasks, width) in [(1, 8), (2, 64)] {
            let table = try await CohortComponentProjector(taskCount: tasks).projectServiceAges(inputs, blockWidth: width)
            var differing = 0
            for area in 0..<Self.codes.count {
                for year in stored.years {
                    let got = table.serviceAges(area: area, year: year), expected = stored.serviceAges(area: area, year: year)
                    differing += zip(StreamingProjectionTests.bits(got), StreamingProjectionTests.bits(expected)).filter { $0 != $1 }.count
                }
            }
            #expect(differing == 0, "\(reference), \(tasks) task(s), blocks of \(width)")
        }
    }

    /// The steps reach one census moment past the horizon: a WPP table ending at the horizon's step
    /// is a gap for year-end figures and none for census-moment figures.
    @Test func yearEndNeedsTheStepAfterTheHorizon() throws {
        let wpp = try TestData.wpp.get()
        let last = wpp.maleDeathRates.coveredYears.upperBound
        // The step starting 1 Nov y has its mid-point in y + 1, so a horizon of `last` needs rates
        // for `last` at the census moment, and for `last + 1` at the year-end.
        #expect(WPPCoverageGap.first(in: wpp, setup: setup(.census, horizon: last), migrationProfileFromWPP: false) == nil)
        let gap = WPPCoverageGap.first(in: wpp, setup: setup(.yearEnd, horizon: last), migrationProfileFromWPP: false)
        #expect(gap?.year == last + 1)
    }

    @Test(arguments: [(PopulationReference.census, "11-01", "2025-11-01"), (.yearEnd, "12-31", "2025-12-31")])
    func datesAreWrittenOut(reference: PopulationReference, monthDay: String, date: String) {
        #expect(reference.monthDay(baseYearFraction: 10.0 / 12.0) == monthDay)
        #expect(reference.date(year: 2025, baseYearFraction: 10.0 / 12.0) == date)
    }
}
