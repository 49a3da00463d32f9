import GRDB
import GRDBSQLite

/// Binds and steps one prepared INSERT through SQLite's C interface, for the store's large tables.
///
/// Why: a national run writes millions of long-table rows, and GRDB's `execute(arguments:)` builds an
/// array of boxed `DatabaseValue`s for every row: retaining and releasing them took most of the
/// store's time (about 4 s of a national run, on one core while the other waited). The statement,
/// the values and their types are the same as through GRDB, so the store's content is unchanged.
struct RowInserter {
    let statement: OpaquePointer
    /// Keeps the statement alive (GRDB finalizes it when it is released) as long as this inserter.
    private let owner: Statement
    private let connection: OpaquePointer?
    private let sql: String
    /// Tells SQLite to copy text (`SQLITE_TRANSIENT`, a macro Swift does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// `describedAs`: the statement as an error names it, instead of its SQL (a statement of thousands of rows).
    init(_ statement: Statement, in db: Database, describedAs description: String? = nil) {
        self.statement = statement.sqliteStatement
        owner = statement
        connection = db.sqliteConnection
        sql = description ?? statement.sql
    }

    func bind(_ index: Int32, _ text: String) { Self.bind(statement, index, text) }
    func bind(_ index: Int32, _ value: Int) { Self.bind(statement, index, value) }
    /// A double, or NULL where there is none (as GRDB binds a nil `Double?`).
    func bind(_ index: Int32, _ value: Double?) { Self.bind(statement, index, value) }

    static func bind(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        _ = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                if let start = $0.baseAddress {
                    sqlite3_bind_text(statement, index, start, Int32($0.count), Self.transient)
                } else {
                    // An empty string is text '' (a nil pointer would bind NULL).
                    sqlite3_bind_text(statement, index, "", 0, Self.transient)
                }
            }
        }
    }

    /// Text held by `arena` for as long as the statement may be stepped: SQLite reads it in place (`SQLITE_STATIC`,
    /// a null destructor) instead of copying it into memory of its own at every bind.
    static func bind(_ statement: OpaquePointer, _ index: Int32, _ text: TextArena.Text) {
        sqlite3_bind_text(statement, index, text.start, text.count, nil)
    }

    static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Int) { sqlite3_bind_int64(statement, index, Int64(value)) }

    static func bind(_ statement: OpaquePointer, _ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    /// Runs the statement with the values bound, then resets it for the next row.
    func step() throws {
        let code = sqlite3_step(statement)
        defer { sqlite3_reset(statement) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
    }
}

/// Inserts the rows of one table many at a time: one `INSERT ... VALUES (...), (...), ...` statement
/// of `rowsPerStatement` rows, and a one-row statement for the rows left over at the end.
///
/// Why: a statement run per row pays SQLite's per-statement work each time (beginning and ending it,
/// opening and closing the table's cursor, reading and writing the AUTOINCREMENT counter in
/// `sqlite_sequence`); a national run's store has about 3.7 million long-table rows, and that work
/// was most of its time. The rows go in in the same order and get the same fids, so the store's
/// content is unchanged (StoreBatchInsertTests compares it with row-by-row inserts).
struct BatchInserter {
    private let batch: RowInserter
    private let single: RowInserter
    private let batchStatement: OpaquePointer
    private let singleStatement: OpaquePointer
    private let columnCount: Int32
    let rowsPerStatement: Int
    /// Rows that go through the multi-row statement: the whole batches of `rowCount`.
    private let batchedRows: Int
    /// Rows ended so far.
    private var row = 0

    /// 100 rows of up to 9 columns stay under the 999 parameters old SQLite builds allow.
    init(_ db: Database, table: String, columns: [String], rowCount: Int, rowsPerStatement: Int = 100) throws {
        precondition(!columns.isEmpty && rowsPerStatement >= 1)
        let one = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        single = RowInserter(try db.makeStatement(sql: head + one), in: db)
        batch = RowInserter(try db.makeStatement(sql: head + Array(repeating: one, count: rowsPerStatement).joined(separator: ", ")), in: db)
        batchStatement = batch.statement
        singleStatement = single.statement
        columnCount = Int32(columns.count)
        self.rowsPerStatement = rowsPerStatement
        batchedRows = rowCount / rowsPerStatement * rowsPerStatement
    }

    /// The statement the current row's values go to, and the parameter index of its first column
    /// less one. Its bare pointer: copying the inserters per value retained and released their
    /// statements and texts, a quarter of the store's time.
    @inline(__always) private var target: (OpaquePointer, Int32) {
        row < batchedRows ? (batchStatement, Int32(row % rowsPerStatement) * columnCount) : (singleStatement, 0)
    }

    /// Binds the current row's `column` (1-based, as in the one-row statement).
    func bind(_ column: Int32, _ text: String) { let (s, base) = target; RowInserter.bind(s, base + column, text) }
    func bind(_ column: Int32, _ text: TextArena.Text) { let (s, base) = target; RowInserter.bind(s, base + column, text) }
    func bind(_ column: Int32, _ value: Int) { let (s, base) = target; RowInserter.bind(s, base + column, value) }
    func bind(_ column: Int32, _ value: Double?) { let (s, base) = target; RowInserter.bind(s, base + column, value) }

    /// Ends the current row: runs the multi-row statement when its last row is bound, the one-row
    /// statement for a leftover row.
    mutating func endRow() throws {
        if row < batchedRows {
            row += 1
            if row % rowsPerStatement == 0 { try batch.step() }
        } else {
            row += 1
            try single.step()
        }
    }

    /// Checks that every row announced was inserted (a batch half bound would be lost silently).
    func finish() {
        precondition(row >= batchedRows, "BatchInserter: \(row) rows ended, \(batchedRows) announced")
    }
}

/// UTF-8 copies of the few distinct texts a long table repeats on every row (area codes, measures, bases), made
/// once and kept until the arena is released, so that SQLite can read them in place (`RowInserter.bind`).
///
/// Why: a national store binds three texts on each of 4.3 million rows; with `SQLITE_TRANSIENT` SQLite copied
/// each into memory it allocated and freed again.
final class TextArena {
    struct Text {
        let start: UnsafePointer<CChar>
        let count: Int32
    }

    private var blocks: [UnsafeMutablePointer<CChar>] = []

    /// A copy of `text`'s UTF-8 (with a terminating zero, though SQLite is given the length), valid while the
    /// arena lives. An empty text is '' (a pointer to a zero), never NULL.
    func text(_ text: String) -> Text {
        let bytes = Array(text.utf8)
        let block = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { block.initialize(from: $0.baseAddress!, count: b.count) }
        }
        block[bytes.count] = 0
        blocks.append(block)
        return Text(start: UnsafePointer(block), count: Int32(bytes.count))
    }

    deinit { for block in blocks { block.deallocate() } }
}
