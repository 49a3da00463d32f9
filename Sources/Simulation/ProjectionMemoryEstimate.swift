import Demography
import Foundation

/// What `carecap project` will hold in memory at its peak, estimated before the census is parsed:
/// the projected tables (service ages, and the population by single year or five-year group) for
/// every area and year, the areas' projection inputs, the process and census, and one block of
/// written lines (the files are written a block of areas at a time, about 200,000 lines: 10 MB of CSV
/// and its JSON, 160 MB allowed). Table and input terms carry `RunMemoryEstimate.margin`.
package struct ProjectionMemoryEstimate: Sendable {
    package static let writingBlock = 160.0 * 1024 * 1024

    package let areas: Int
    package let years: Int
    package let tables: Double
    package let inputs: Double
    package let base: Double
    /// Bytes of files written, about: per area-year 26 B per CSV line, 3.3 times that in JSON.
    package let output: Double

    /// `populationGroups`: 101 single years, 21 five-year groups, 0 without population.csv.
    package init(areas: Int, years: Int, populationGroups: Int, censusBytes: Int) {
        self.areas = areas
        self.years = years
        let areaYears = Double(max(0, areas)) * Double(max(1, years))
        tables = areaYears * Double(2 * populationGroups + ServiceAgeTable.groupCount) * 8
        inputs = RunMemoryEstimate.inputs(areas: areas, years: years)
        base = RunMemoryEstimate.processAndCensus(censusBytes: censusBytes)
        output = areaYears * Double(2 * populationGroups + ServiceAgeGroup.csvGroupCount) * 26 * 4.3
    }

    package var peak: Double { RunMemoryEstimate.margin * (tables + inputs) + base + Self.writingBlock }

    package var breakdown: String {
        "\(RunMemoryEstimate.bytes(peak)) (projected tables \(RunMemoryEstimate.bytes(tables)), projection inputs "
            + "\(RunMemoryEstimate.bytes(inputs)), process and census \(RunMemoryEstimate.bytes(base)), writing "
            + "\(RunMemoryEstimate.bytes(Self.writingBlock)); \(areas) areas × \(years) years)"
    }
}
