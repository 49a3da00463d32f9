import GRDB
import GRDBSQLite

/// Binds and steps one prepared INSERT through SQLite's C interface, for the store's large tables.
///
/// Why: a national run writes millions of long-table rows, and GRDB's `execute(arguments:)` builds an
/// array of boxed `DatabaseValue`s for every row: retaining and releasing them took most of the
/// store's time (about 4 s of a national run, on one core while the other waited). The statement,
/// the values and their types are the same as through GRDB, so the store's content is unchanged.
struct RowInserter {
    private let statement: OpaquePointer
    private let connection: OpaquePointer?
    private let sql: String
    /// Tells SQLite to copy text (`SQLITE_TRANSIENT`, a macro Swift does not import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement, in db: Database) {
        self.statement = statement.sqliteStatement
        connection = db.sqliteConnection
        sql = statement.sql
    }

    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
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

    func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(statement, index, Int64(value)) }

    /// A double, or NULL where there is none (as GRDB binds a nil `Double?`).
    func bind(_ index: Int32, _ value: Double?) {
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
