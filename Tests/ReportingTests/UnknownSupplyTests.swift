import Foundation
import Testing
@testable import Reporting
import Results

/// Where an area does not give a measure's supply, its supply and shortfall are unknown: empty in the
/// result, NULL in the store and empty in the CSVs, for the area and for every region and total it is in;
/// never a planned 0 and a "shortfall" equal to the whole demand.
@Suite struct UnknownSupplyTests {
    @Test func unknownSupplyIsEmptyEverywhere() throws {
        let base = try ResultStore.read(path: "\(runPath)/results.gpkg")
        // The fixture gives every capacity measure in every area; 瑞丽市's beds are dropped here.
        let area = "533102", other = "533103"
        let year = try #require(base.keyYears.last)
        var run = RunResult(manifest: base.manifest, areas: base.areas, population: base.population, demand: base.demand,
                            supply: base.supply, shortfall: base.shortfall, pyramid: base.pyramid, findings: base.findings,
                            supplyDeclarations: base.supplyDeclarations.filter { !($0.area == area && $0.measure == .beds) },
                            facts: base.facts, variants: base.variants)
        // As the simulation leaves them: numbers (supply taken as 0).
        #expect(run.shortfall.value(area, year, .beds, .standard) != nil)
        run.leaveUnknownSupplyEmpty()
        for basis in [ResultBasis.standard, .propensity] {
            #expect(run.shortfall.value(area, year, .beds, basis) == nil)
            #expect(run.shortfall.value(RunResult.totalArea, year, .beds, basis) == nil)
            #expect(run.shortfall.value(other, year, .beds, basis) != nil)
        }
        #expect(run.supply.value(area, year, .beds, .planned) == nil)
        #expect(run.supply.value(other, year, .beds, .planned) != nil)
        #expect(run.shortfall.value(area, year, .nurserySlots, .standard) != nil)
        #expect(run.demand.value(area, year, .beds, .standard) != nil)
        // The store holds NULL, read back as missing: the same result.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unknown-supply-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("results.gpkg").path
        try ResultStore.write(run, to: path)
        let back = try ResultStore.read(path: path)
        #expect(back.shortfall.value(area, year, .beds, .standard) == nil)
        #expect(back.shortfall == run.shortfall && back.supply == run.supply)
        // The CSV: empty values and provided false for that area's beds.
        let csv = RunViews.longCSV(run.shortfall, supplyBasis: { run.supplyBasis($0, $1) }).string
        #expect(csv.contains("\n\(area),\(year),beds,standard,,,,false,not_provided\n"))
        #expect(csv.contains("\n\(other),\(year),beds,standard,"))
        // comparison.csv (`run --all-variants`) keeps the total's row, empty and not provided.
        let comparison = VariantComparison(results: [run]).csv.string
        let judged = VariantComparison(results: [run]).year
        #expect(comparison.contains("\nbase,\(judged),beds,standard,,,,false,not_provided\n"), "\(comparison)")
        #expect(comparison.contains("\nbase,\(judged),nursery_slots,standard,"))
    }
}
