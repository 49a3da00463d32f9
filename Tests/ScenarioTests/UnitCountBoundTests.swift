import Foundation
import Testing
@testable import Scenario

/// The memory estimate counts the units a run projects before the census is read: a region's code
/// may mean hundreds of leaves, so it takes the census's row count as the bound.
@Suite struct UnitCountBoundTests {
    static func section(_ areas: [String]?, units: PopulationSection.AreaUnits = .leaves) -> PopulationSection {
        let path = PopulationSection.DataPath(path: "/c.csv", written: "c.csv", keyPath: "population.census", line: nil, column: nil)
        var section = PopulationSection(census: path, wpp: path, baseYear: 2020, horizon: 2030)
        section.areas = areas
        section.areaUnits = units
        return section
    }

    @Test(arguments: [
        (["533102", "533103"], PopulationSection.AreaUnits.leaves, 2),   // counties: one unit each
        (["533100"], .leaves, 3_358),                                     // a prefecture: its leaves, bounded by the census rows
        (["全国"], .leaves, 3_358),
        (["西沙群岛"], .leaves, 3_358),                                   // a name: conservative bound
        (["230100", "230200"], .named, 2),                               // named regions: one unit each
    ])
    func regionCodesAreBoundedByTheCensusRows(areas: [String], units: PopulationSection.AreaUnits, bound: Int) {
        #expect(Self.section(areas, units: units).unitCountBound { 3_358 } == bound)
    }
}
