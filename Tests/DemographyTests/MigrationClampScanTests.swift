import Foundation
import Testing
@testable import Demography

/// The migration-clamp scan projects blocks of areas side by side (`MigrationClampScan.blockWidth` columns of
/// the kernel). Each area's first clamp must be the one found by projecting that area alone, one column, as the
/// scan did before blocks: this checks the columns' offsets into the base, the rates, the births and the
/// previous step's cells, across whole blocks and a partial last one.
@Suite struct MigrationClampScanTests {
    /// Every county of Yunnan (129 areas: two whole blocks of 64 and one of 1), 2020-2035, with net emigration
    /// of 2 per 1,000 a year on the standard profile: enough to empty a cohort in some counties and not in others
    /// (checked, so that the comparison covers both answers).
    @Test func blocksFindEachAreasClampAsOneAreaAloneDoes() throws {
        let census = try TestData.census.get()
        let counties = census.rows.filter { $0.code.hasPrefix("53") && $0.level == "county" }.map(\.code)
        #expect(counties.count > 2 * MigrationClampScan.blockWidth)
        var setup = ProjectionSetup(areaCodes: counties, baseYear: 2020, horizon: 2035,
                                    migration: MigrationSpec(volume: .netRatePerThousand(-2), profile: .standard))
        setup.areasAsNamed = true
        let inputs = try ProjectionInputs.prepare(census: census, wpp: TestData.wpp.get(), setup: setup)
        let found = MigrationClampScan.firstClamps(base: inputs.basePopulation, rates: inputs.rates)
        let expected = (0..<counties.count).map { Self.firstClampAlone(area: $0, base: inputs.basePopulation, rates: inputs.rates) }
        #expect(found == expected)
        #expect(expected.contains { $0 == nil } && expected.contains { $0 != nil })
    }

    /// The scan's rule for one area projected alone (a one-column kernel run at the step moments): the first
    /// year after a step of net emigration in which a cell is exactly 0 while the cohort it ages from (the
    /// step's births halved, for age 0; the last two ages, for the open interval) held at least one person.
    static func firstClampAlone(area: Int, base: PopulationArray, rates: ProjectionRates) -> MigrationClampScan.Clamp? {
        let n = rates.areaCount
        let cells = PopulationLayout.cellsPerArea, ages = PopulationLayout.ageCount
        let kernel = ProjectionBlockKernel(rates: rates.atStepMoments)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ProjectionBlockKernel.scratchCount(width: 1))
        defer { scratch.deallocate() }
        var first: MigrationClampScan.Clamp? = nil
        var previous = [Double](repeating: 0, count: cells)
        base.values.withUnsafeBufferPointer { b in
        rates.tfr.withUnsafeBufferPointer { tfr in
        rates.netMigration.withUnsafeBufferPointer { net in
            kernel.run(width: 1, runs: [.init(profile: rates.mortalityProfileOfArea[area], columns: 0..<1)],
                       base: b.baseAddress! + area, baseRowStride: n, tfr: tfr.baseAddress! + area,
                       netMigration: net.baseAddress! + area, rateRowStride: n, scratch: scratch) { year, state, births in
                defer { for c in 0..<cells { previous[c] = state[c] } }
                guard first == nil, year > 0, net[(year - 1) * n + area] < 0 else { return }
                for sex in 0..<2 {
                    for x in 0..<ages where state[sex * ages + x] == 0 {
                        let cohort = x == 0 ? (births?[0] ?? 0) / 2
                            : x == ages - 1 ? previous[sex * ages + x - 1] + previous[sex * ages + x] : previous[sex * ages + x - 1]
                        if cohort >= 1 {
                            first = .init(year: rates.baseYear + year, sex: sex == 0 ? .male : .female, age: x)
                            return
                        }
                    }
                }
            }
        }
        }
        }
        return first
    }
}
