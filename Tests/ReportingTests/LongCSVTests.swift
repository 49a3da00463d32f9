import Foundation
import Testing
@testable import Reporting
import Results

/// The long tables' CSV rows are made in a byte buffer from texts made once (`RunViews.longCSV`). Expected here:
/// the same table written cell by cell through `CSVWriter`'s own methods (quoting and the formula guard of `text`,
/// `number` with two places and an empty cell when not finite), the way the views wrote it before.
@Suite struct LongCSVTests {
    /// Areas that need quoting or the formula guard, a Chinese name, and `total`; a quantile NaN, one infinite,
    /// one negative, one rounding to -0.00; two measures on two bases.
    static let table: QuantileTable = {
        let areas = ["533102", "瑞丽市, \"a\"", "=SUM(A1)", "-5", RunResult.totalArea]
        let years = [2020, 2021, 2022]
        let columns = [QuantileTable.Column(.nurserySlots, .standard), .init(.beds, .propensity), .init(.carers, .standard)]
        var values = (0..<(areas.count * years.count * columns.count * 3)).map { Double($0) * 37.3125 - 11.0049 }
        values[4] = .nan
        values[17] = .infinity
        values[29] = -0.004
        return QuantileTable(areas: areas, years: years, columns: columns, values: values)
    }()

    /// Each area's supply basis of each measure: every case, and nil (no supply rule: the basis field says declared).
    static func basis(_ area: String, _ measure: ResultMeasure) -> SupplyBasis? {
        switch (area, measure) {
        case ("533102", .beds): .notProvided
        case ("瑞丽市, \"a\"", _): .assumption
        case ("=SUM(A1)", .nurserySlots): nil
        case (RunResult.totalArea, .carers): .notProvided
        default: .declared
        }
    }

    /// The table cell by cell through `CSVWriter`'s methods.
    static func expected(_ t: QuantileTable, supplyBasis: ((String, ResultMeasure) -> SupplyBasis?)?, byteOrderMark: Bool) -> [UInt8] {
        var w = CSVWriter(header: supplyBasis == nil ? RunViews.longHeader : RunViews.supplyHeader, byteOrderMark: byteOrderMark)
        var i = 0
        for area in t.areas {
            for year in t.years {
                for column in t.columns {
                    let b = supplyBasis?(area, column.measure)
                    w.text(area)
                    w.integer(year)
                    w.text(column.measure.rawValue)
                    w.text(column.basis.rawValue)
                    for q in 0..<3 {
                        if b == .notProvided { w.empty() } else { w.number(t.values[i + q], decimals: 2) }
                    }
                    if supplyBasis != nil {
                        w.text(b == .notProvided ? "false" : "true")
                        w.text((b ?? .declared).rawValue)
                    }
                    w.endRow()
                    i += 3
                }
            }
        }
        return w.bytes
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func longCSVEqualsTheTableWrittenCellByCell(withSupplyBasis: Bool, byteOrderMark: Bool) throws {
        var basis: ((String, ResultMeasure) -> SupplyBasis?)? = nil
        if withSupplyBasis { basis = { area, measure in Self.basis(area, measure) } }
        let expected = Self.expected(Self.table, supplyBasis: basis, byteOrderMark: byteOrderMark)
        // Held whole (no sink), and streamed to a sink in blocks.
        #expect(RunViews.longCSV(Self.table, supplyBasis: basis, byteOrderMark: byteOrderMark).bytes == expected)
        var streamed: [UInt8] = []
        var writer = RunViews.longCSV(Self.table, supplyBasis: basis, byteOrderMark: byteOrderMark, sink: { streamed.append(contentsOf: $0) })
        try writer.finish()
        #expect(streamed == expected)
        // The cases the table holds: a guarded formula, a quoted name, an empty cell, no "-0.00".
        let text = String(decoding: expected, as: UTF8.self)
        #expect(text.contains("\"'=SUM(A1)\"") && text.contains("\"瑞丽市, \"\"a\"\"\"") && text.contains(",,") && !text.contains("-0.00"))
    }

    /// A table larger than a block (`CSVWriter.blockBytes`) streams in several blocks, the same bytes.
    @Test func aTableOfManyBlocksStreamsTheSameBytes() throws {
        let areas = (0..<3_000).map { String(100_000 + $0) }
        let years = Array(2020...2050)
        let columns = [QuantileTable.Column(.nurserySlots, .standard)]
        let t = QuantileTable(areas: areas, years: years, columns: columns,
                              values: (0..<(areas.count * years.count * 3)).map { Double($0) / 7 })
        var blocks = 0
        var streamed: [UInt8] = []
        var writer = RunViews.longCSV(t, sink: { streamed.append(contentsOf: $0); blocks += 1 })
        try writer.finish()
        #expect(blocks > 2)
        #expect(streamed == Self.expected(t, supplyBasis: nil, byteOrderMark: false))
    }
}
