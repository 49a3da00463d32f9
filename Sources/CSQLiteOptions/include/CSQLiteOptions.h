#ifndef CARECAP_SQLITE_OPTIONS_H
#define CARECAP_SQLITE_OPTIONS_H

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS), which take a process-wide mutex on
/// every allocation SQLite makes: 15% of the CPU of writing a national run's store (1.76 → 1.50 s). Returns
/// SQLite's status: SQLITE_OK (0), or SQLITE_MISUSE when SQLite was already initialised in this process
/// (the statistics then stay on; nothing else changes). The call is C because sqlite3_config is variadic,
/// which Swift cannot call. Nothing of CareCap reads the statistics or sets a soft heap limit.
int carecap_sqlite_memory_statistics_off(void);

#endif
