import CSQLiteOptions

/// SQLite's process-wide options, set once, before the first connection this process opens (SQLite takes
/// them only before it initialises): every opening of a database in this module calls `prepare()` first.
enum SQLiteSetup {
    /// SQLite's status of turning its memory statistics off (`carecap_sqlite_memory_statistics_off`): 0
    /// when off, 21 (SQLITE_MISUSE) when SQLite was initialised before (the statistics stay on; only
    /// slower).
    static let memoryStatistics: Int32 = carecap_sqlite_memory_statistics_off()

    static func prepare() { _ = memoryStatistics }
}
