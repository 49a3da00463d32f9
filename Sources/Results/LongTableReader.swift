import Foundation
import GRDB
import GRDBSQLite

/// A store's long table (population, demand, supply, shortfall) read through SQLite's C interface by column
/// index, for a store as a run writes it; `ResultStore.load` reads the table again through `StoredRow` when
/// this returns nil, and that reading names the row and what is wrong with it.
///
/// Why: through GRDB's rows each cell was found by its column's name and boxed, and each row's area, year
/// and column were looked up in dictionaries: hashing was a quarter of `carecap report`'s time, and reading a
/// national store's 4 million rows took about 4.5 s of its 5.2. Here the first area's rows set out the grid
/// (its years and columns, each checked as `StoredRow` checks them), and every later row is compared with the
/// cell the grid expects there, byte for byte; an area's code becomes a String once, when it changes.
///
/// It accepts exactly the tables the slow reading accepts, with the same result: every row's area is one of
/// `rowAreas`, its year in `years`, its measure and basis known, its quantiles numbers from 0 to
/// `StoredRow.maximumMagnitude` or NULL (NaN) and ordered within the same slack; the rows form the grid of
/// areas × years × columns in that order, with every year from `years`' first to its last.
enum LongTableReader {
    static func read(_ db: Database, table: String, rowAreas: Set<String>, years: ClosedRange<Int>) throws -> QuantileTable? {
        // Room for every row's quantiles at once (the largest fid bounds the rows; growing by doubling copied the
        // values and touched new pages several times over).
        let rowBound = try Int.fetchOne(db, sql: "SELECT max(fid) FROM \(table)") ?? 0
        let statement = try db.makeStatement(sql: "SELECT area, year, measure, basis, p10, p50, p90 FROM \(table) ORDER BY fid")
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }

        var areas: [String] = []
        var seenAreas: Set<String> = []
        var yearOrder: [Int] = []
        var columns: [QuantileTable.Column] = []
        // The first area's cells in order, until the grid is known.
        var firstCells: [(year: Int, column: QuantileTable.Column)] = []
        // The grid, once the first area has ended: each column's measure and basis as UTF-8.
        var gridColumns: [(measure: [UInt8], basis: [UInt8])] = []
        var cellsPerArea = 0
        var values: [Double] = []
        values.reserveCapacity(3 * min(max(0, rowBound), 1 << 22))
        var currentArea: [UInt8] = []
        var rowInArea = 0

        /// Whether `bytes` are `expected`'s (memcmp: the generic `elementsEqual` was a twentieth of the reading).
        func same(_ bytes: UnsafeBufferPointer<UInt8>, _ expected: [UInt8]) -> Bool {
            bytes.count == expected.count
                && (bytes.isEmpty || expected.withUnsafeBufferPointer { memcmp(bytes.baseAddress!, $0.baseAddress!, bytes.count) == 0 })
        }
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
            guard sqlite3_column_type(s, column) == SQLITE_TEXT else { return nil }
            let count = Int(sqlite3_column_bytes(s, column))
            guard let start = sqlite3_column_text(s, column) else { return count == 0 ? UnsafeBufferPointer(start: nil, count: 0) : nil }
            return UnsafeBufferPointer(start: start, count: count)
        }
        /// `StoredRow.number(_:in: 0...maximumMagnitude)`: NULL is NaN; nil for what it refuses.
        func quantile(_ column: Int32) -> Double? {
            let number: Double
            switch sqlite3_column_type(s, column) {
            case SQLITE_NULL: return .nan
            case SQLITE_INTEGER: number = Double(sqlite3_column_int64(s, column))
            case SQLITE_FLOAT: number = sqlite3_column_double(s, column)
            default: return nil
            }
            guard number.isFinite, number >= 0, number <= StoredRow.maximumMagnitude else { return nil }
            return number
        }
        /// The first area's cells as the grid: its years (each once, in order) and its columns (the first year's),
        /// every year holding the columns in that order.
        func settleGrid() -> Bool {
            guard let firstYear = firstCells.first?.year else { return false }
            columns = firstCells.prefix { $0.year == firstYear }.map(\.column)
            guard Set(columns).count == columns.count, firstCells.count % columns.count == 0 else { return false }
            yearOrder = stride(from: 0, to: firstCells.count, by: columns.count).map { firstCells[$0].year }
            guard Set(yearOrder).count == yearOrder.count else { return false }
            for (i, cell) in firstCells.enumerated() where cell.year != yearOrder[i / columns.count] || cell.column != columns[i % columns.count] {
                return false
            }
            gridColumns = columns.map { (Array($0.measure.rawValue.utf8), Array($0.basis.rawValue.utf8)) }
            cellsPerArea = firstCells.count
            return true
        }

        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            guard let area = text(0), sqlite3_column_type(s, 1) == SQLITE_INTEGER,
                  let measure = text(2), let basis = text(3) else { return nil }
            let year = Int(sqlite3_column_int64(s, 1))
            guard let p10 = quantile(4), let p50 = quantile(5), let p90 = quantile(6) else { return nil }
            // Quantiles of the same draws are ordered; the slack `ResultStore.load` allows.
            let slack = 1e-9 * max(1, abs(p90))
            guard !(p10 > p50 + slack || p50 > p90 + slack) else { return nil }

            if !same(area, currentArea) {
                // A new area: the one before must have had the whole grid.
                if areas.count == 1 {
                    guard settleGrid() else { return nil }
                }
                guard areas.count <= 1 || rowInArea == cellsPerArea else { return nil }
                // A NUL ends the text where GRDB reads it (the row-by-row reader): such a store is left to that reader.
                guard !area.contains(0) else { return nil }
                let name = String(decoding: area, as: UTF8.self)
                guard rowAreas.contains(name), seenAreas.insert(name).inserted else { return nil }
                areas.append(name)
                currentArea = Array(area)
                rowInArea = 0
            }
            if areas.count == 1 {
                guard years.contains(year), let m = ResultMeasure(rawValue: String(decoding: measure, as: UTF8.self)),
                      let b = ResultBasis(rawValue: String(decoding: basis, as: UTF8.self)) else { return nil }
                firstCells.append((year, QuantileTable.Column(m, b)))
            } else {
                guard rowInArea < cellsPerArea else { return nil }
                let c = rowInArea % columns.count
                guard year == yearOrder[rowInArea / columns.count], same(measure, gridColumns[c].measure),
                      same(basis, gridColumns[c].basis) else { return nil }
            }
            rowInArea += 1
            values.append(p10)
            values.append(p50)
            values.append(p90)
        }
        if areas.count == 1 {
            guard settleGrid() else { return nil }
        }
        guard !areas.isEmpty, rowInArea == cellsPerArea, yearOrder == Array(years) else { return nil }
        return QuantileTable(areas: areas, years: yearOrder, columns: columns, values: values)
    }
}
