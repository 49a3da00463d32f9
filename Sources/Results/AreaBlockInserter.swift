import GRDB
import GRDBSQLite

/// Inserts a long table (population, demand, supply, shortfall) one area at a time: one statement holds an area's
/// rows, every year × column in the table's order, with the year, measure and basis of each row written in it as
/// literals and the area bound once (`?1`, which every row names); only the quantiles are bound per row.
///
/// Why: the rows of an area differ only in their quantiles, and a bind costs SQLite a call and a copy: a
/// national store's 4 million rows bound 7 values each through `BatchInserter`, here 3. The rows go in in the same order and get the same fids and AUTOINCREMENT counter as one
/// INSERT per row (StoreBatchInsertTests).
struct AreaBlockInserter {
    private let inserter: RowInserter
    private let statement: OpaquePointer
    let rowsPerArea: Int

    /// `years` and `columns` (measure, basis) as the table lays out each area's rows: year after year, every
    /// column in each. nil when an area's rows need more parameters (3 per row and the area) than this SQLite
    /// takes in one statement (32,766 since SQLite 3.32, 999 before; the national tables' 31 × 13 rows need
    /// 1,210): the caller then inserts row by row in batches.
    init?(_ db: Database, table: String, years: [Int], columns: [(measure: String, basis: String)]) throws {
        let parameters = 3 * years.count * columns.count + 1
        guard !years.isEmpty, !columns.isEmpty,
              parameters <= Int(sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) else { return nil }
        /// A text as an SQL literal.
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let rows = years.flatMap { year in columns.map { "(?1, \(year), \(literal($0.measure)), \(literal($0.basis)), ?, ?, ?)" } }
        let head = "INSERT INTO \(table) (area, year, measure, basis, p10, p50, p90) VALUES "
        // An error (a full disk) names the statement by its first row, not by its 20 KB of SQL.
        inserter = RowInserter(try db.makeStatement(sql: head + rows.joined(separator: ", ")), in: db,
                               describedAs: head + "\(rows[0]), … (\(rows.count) rows)")
        statement = inserter.statement
        rowsPerArea = rows.count
    }

    /// One area's rows: `area`, then the quantiles of row r at `values[3r]`, `values[3r + 1]`, `values[3r + 2]`
    /// (NaN is NULL, as the other inserts bind a missing value).
    func insert(area: TextArena.Text, values: UnsafePointer<Double>) throws {
        RowInserter.bind(statement, 1, area)
        for i in 0..<(3 * rowsPerArea) {
            let value = values[i]
            RowInserter.bind(statement, Int32(i + 2), value.isFinite ? value : nil)
        }
        try inserter.step()
    }
}
