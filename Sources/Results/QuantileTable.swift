/// P10, P50 and P90 of one value over the draws (all three equal for a deterministic run).
package struct Quantiles: Sendable, Equatable, Codable {
    package var p10: Double
    package var p50: Double
    package var p90: Double

    package init(p10: Double, p50: Double, p90: Double) {
        self.p10 = p10
        self.p50 = p50
        self.p90 = p90
    }
}

/// One row of a long table: `area, year, measure, basis, p10, p50, p90`.
package struct QuantileRow: Sendable, Equatable {
    package let area: String
    package let year: Int
    package let measure: ResultMeasure
    package let basis: ResultBasis
    package let q: Quantiles
}

/// A long table stored densely: areas (the leaf areas, then `total`) × years × columns × 3 values.
/// Lookups are O(1) and rows come out in the order the CSV view writes them, so a report over every
/// county stays linear in the table's size.
package struct QuantileTable: Sendable, Equatable {
    package struct Column: Sendable, Equatable, Hashable {
        package let measure: ResultMeasure
        package let basis: ResultBasis

        package init(_ measure: ResultMeasure, _ basis: ResultBasis) {
            self.measure = measure
            self.basis = basis
        }
    }

    /// Row keys of the areas, in output order (`total` last when present).
    package let areas: [String]
    package let years: [Int]
    package let columns: [Column]
    /// [((area × years) + year) × columns + column] × 3 + (0: p10, 1: p50, 2: p90).
    package private(set) var values: [Double]
    let areaIndex: [String: Int]
    let columnIndex: [Column: Int]

    package init(areas: [String], years: [Int], columns: [Column], values: [Double]? = nil) {
        self.areas = areas
        self.years = years
        self.columns = columns
        let count = areas.count * years.count * columns.count * 3
        self.values = values ?? [Double](repeating: .nan, count: count)
        precondition(self.values.count == count, "quantile table: \(self.values.count) values for \(count) cells")
        areaIndex = Dictionary(areas.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        columnIndex = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    package static func == (a: QuantileTable, b: QuantileTable) -> Bool {
        a.areas == b.areas && a.years == b.years && a.columns == b.columns
            && a.values.elementsEqual(b.values) { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    @inline(__always) func offset(area: Int, year: Int, column: Int) -> Int {
        ((area * years.count + year) * columns.count + column) * 3
    }

    /// Makes every year of each of `columns` of `area` missing (NaN: an empty cell, NULL in the store), through the
    /// values' buffer at once.
    package mutating func clear(columns: [Int], ofArea area: Int) {
        guard !columns.isEmpty else { return }
        let width = self.columns.count, yearCount = years.count
        values.withUnsafeMutableBufferPointer { values in
            for y in 0..<yearCount {
                for column in columns {
                    let i = ((area * yearCount + y) * width + column) * 3
                    values[i] = .nan
                    values[i + 1] = .nan
                    values[i + 2] = .nan
                }
            }
        }
    }

    package mutating func set(area: Int, yearIndex: Int, column: Int, _ q: Quantiles) {
        let i = offset(area: area, year: yearIndex, column: column)
        values[i] = q.p10
        values[i + 1] = q.p50
        values[i + 2] = q.p90
    }

    package func value(_ area: String, _ year: Int, _ measure: ResultMeasure, _ basis: ResultBasis) -> Quantiles? {
        guard let a = areaIndex[area], let c = columnIndex[Column(measure, basis)], let first = years.first else { return nil }
        let y = year - first
        guard y >= 0, y < years.count else { return nil }
        let i = offset(area: a, year: y, column: c)
        guard !values[i + 1].isNaN else { return nil }
        return Quantiles(p10: values[i], p50: values[i + 1], p90: values[i + 2])
    }

    package func p50(_ area: String, _ year: Int, _ measure: ResultMeasure, _ basis: ResultBasis) -> Double? {
        value(area, year, measure, basis)?.p50
    }

    package var rowCount: Int { areas.count * years.count * columns.count }

    /// Every row in output order: area, then year, then column.
    package var rows: [QuantileRow] {
        var out: [QuantileRow] = []
        out.reserveCapacity(rowCount)
        forEachRow { out.append($0) }
        return out
    }

    package func forEachRow(_ body: (QuantileRow) throws -> Void) rethrows {
        for (a, area) in areas.enumerated() {
            for (y, year) in years.enumerated() {
                for (c, column) in columns.enumerated() {
                    let i = offset(area: a, year: y, column: c)
                    try body(QuantileRow(area: area, year: year, measure: column.measure, basis: column.basis,
                                         q: Quantiles(p10: values[i], p50: values[i + 1], p90: values[i + 2])))
                }
            }
        }
    }
}
