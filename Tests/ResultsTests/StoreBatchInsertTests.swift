import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import Results

/// The store's multi-row inserts (`BatchInserter`, and `AreaBlockInserter` for the long tables) give the same
/// rows, fids and AUTOINCREMENT counter as one INSERT per row, for every count around the batch size; a store
/// with whole batches and a remainder reads back exactly, and so does one written by batches where SQLite takes
/// too few parameters for an area's rows in one statement.
@Suite struct StoreBatchInsertTests {
    func temporaryPath() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("carecap-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.appendingPathComponent("batch.sqlite").path
    }

    /// Row `i` of the test table: text with Chinese, quotes and an empty string, an integer, a double or NULL.
    static func row(_ i: Int) -> (String, Int, Double?) {
        let texts = ["533102", "瑞丽市, \"quoted\"", "", "total"]
        return (texts[i % texts.count], 2020 + i, i % 5 == 3 ? nil : Double(i) * 0.125 - 7)
    }

    /// Every row of `table` (fid and cells as SQLite gives them back) and its AUTOINCREMENT counter.
    static func contents(_ db: Database, _ table: String) throws -> ([[DatabaseValue]], Int?) {
        let rows = try Row.fetchAll(db, sql: "SELECT fid, a, b, c FROM \(table) ORDER BY fid").map { Array($0.databaseValues) }
        let sequence = try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table])
        return (rows, sequence)
    }

    @Test(arguments: [(0, 3), (1, 3), (2, 3), (3, 3), (7, 3), (9, 3), (99, 100), (100, 100), (101, 100), (250, 100)])
    func batchesGiveTheRowsOfOneInsertPerRow(count: Int, rowsPerStatement: Int) throws {
        let queue = try DatabaseQueue(path: try temporaryPath())
        try queue.write { db in
            for table in ["single", "batched"] {
                try db.execute(sql: "CREATE TABLE \(table) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, a TEXT NOT NULL, b INTEGER NOT NULL, c DOUBLE)")
            }
            let statement = try db.makeStatement(sql: "INSERT INTO single (a, b, c) VALUES (?, ?, ?)")
            let single = RowInserter(statement, in: db)
            var batched = try BatchInserter(db, table: "batched", columns: ["a", "b", "c"], rowCount: count, rowsPerStatement: rowsPerStatement)
            for i in 0..<count {
                let (a, b, c) = Self.row(i)
                single.bind(1, a); single.bind(2, b); single.bind(3, c)
                try single.step()
                batched.bind(1, a); batched.bind(2, b); batched.bind(3, c)
                try batched.endRow()
            }
            batched.finish()
            let (expected, expectedSequence) = try Self.contents(db, "single")
            let (found, foundSequence) = try Self.contents(db, "batched")
            #expect(found.count == count)
            #expect(found == expected)
            #expect(foundSequence == expectedSequence)
        }
    }

    /// An area's rows in one statement with their year, measure and basis as literals and the area bound once
    /// (`AreaBlockInserter`): the rows, fids and counter of one INSERT per row, with NaN as NULL and texts that hold
    /// a quote, a comma and Chinese.
    @Test(arguments: [(1, 1, 1), (1, 3, 2), (4, 2, 3), (3, 31, 13)])
    func areaBlocksGiveTheRowsOfOneInsertPerRow(areaCount: Int, yearCount: Int, columnCount: Int) throws {
        let areas = (0..<areaCount).map { ["533102", "瑞丽市, \"quoted\"", "it's", "total"][$0 % 4] + String($0) }
        let years = (0..<yearCount).map { 2020 + $0 }
        let columns = (0..<columnCount).map { (measure: "m'\($0)", basis: "基础\($0 % 2)") }
        let values = (0..<(areaCount * yearCount * columnCount * 3)).map { $0 % 7 == 4 ? Double.nan : Double($0) * 0.25 }
        let queue = try DatabaseQueue(path: try temporaryPath())
        try queue.write { db in
            for table in ["single", "blocks"] {
                try db.execute(sql: "CREATE TABLE \(table) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, area TEXT NOT NULL, year INTEGER NOT NULL, measure TEXT NOT NULL, basis TEXT NOT NULL, p10 DOUBLE, p50 DOUBLE, p90 DOUBLE)")
            }
            let single = RowInserter(try db.makeStatement(sql: "INSERT INTO single (area, year, measure, basis, p10, p50, p90) VALUES (?, ?, ?, ?, ?, ?, ?)"), in: db)
            var i = 0
            for area in areas {
                for year in years {
                    for column in columns {
                        single.bind(1, area); single.bind(2, year); single.bind(3, column.measure); single.bind(4, column.basis)
                        for q in 0..<3 { single.bind(Int32(5 + q), values[i + q].isNaN ? nil : values[i + q]) }
                        try single.step()
                        i += 3
                    }
                }
            }
            let blocks = try #require(try AreaBlockInserter(db, table: "blocks", years: years, columns: columns))
            #expect(blocks.rowsPerArea == yearCount * columnCount)
            let arena = TextArena()
            try withExtendedLifetime(arena) {
                try values.withUnsafeBufferPointer { v in
                    for (a, area) in areas.enumerated() {
                        try blocks.insert(area: arena.text(area), values: v.baseAddress! + 3 * a * blocks.rowsPerArea)
                    }
                }
            }
            func contents(_ table: String) throws -> ([[DatabaseValue]], Int?) {
                (try Row.fetchAll(db, sql: "SELECT fid, area, year, measure, basis, p10, p50, p90 FROM \(table) ORDER BY fid").map { Array($0.databaseValues) },
                 try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]))
            }
            let (expected, expectedSequence) = try contents("single")
            let (found, foundSequence) = try contents("blocks")
            #expect(found.count == areaCount * yearCount * columnCount)
            #expect(found == expected)
            #expect(foundSequence == expectedSequence)
        }
    }

    /// The long tables' areas and years of the store tests below: the sample's two counties and the total, 2020-2059.
    static let longAreas = ["533102", "533103", RunResult.totalArea]
    static let longYears = Array(2020..<2060)

    /// A long table of `longAreas` × `longYears` × `columns` whose values run seed, seed + 0.125, ... (NaN at
    /// `missing`).
    static func longTable(_ columns: [QuantileTable.Column], seed: Double, missing: Int? = nil) -> QuantileTable {
        let count = longAreas.count * longYears.count * columns.count * 3
        var values = (0..<count).map { seed + Double($0) * 0.125 }
        if let missing { values[missing] = .nan }
        return QuantileTable(areas: longAreas, years: longYears, columns: columns, values: values)
    }

    /// Where SQLite takes fewer parameters in a statement than an area's rows need (the limit lowered to 700 here;
    /// 40 years × 2 columns need 241, × 6 columns 721), the long table goes in row by row in batches of 100 (700
    /// parameters): the store reads back the same result either way.
    @Test func aStoreWithAreasTooLargeForOneStatementComesBackExactly() throws {
        var result = ResultStoreTests.sample()
        let years = Self.longYears
        func table(_ columns: [QuantileTable.Column], seed: Double) -> QuantileTable { Self.longTable(columns, seed: seed) }
        result.manifest.horizon = years.last!
        result.population = table([.init(.residents, .projected), .init(.elderly60plus, .projected)], seed: 1000)
        result.demand = table(ResultMeasure.capacity.prefix(3).flatMap { [.init($0, .standard), .init($0, .propensity)] }, seed: 10)
        result.supply = table([.init(.nurserySlots, .planned)], seed: 5)
        result.shortfall = table([.init(.nurserySlots, .standard)], seed: 0)
        let path = try temporaryPath()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_VARIABLE_NUMBER, 700)
            #expect(try AreaBlockInserter(db, table: "demand", years: years, columns: result.demand.columns.map { ($0.measure.rawValue, $0.basis.rawValue) }) == nil)
            try ResultStore.insert(result, into: db)
        }
        try queue.close()
        #expect(try ResultStore.read(path: path) == result)
    }

    /// 3 areas × 40 years × 1 or 2 columns = 120 or 240 rows a long table: one or two whole batches of 100 and 20 or 40 left over.
    @Test func aStoreOfWholeBatchesAndARemainderComesBackExactly() throws {
        var result = ResultStoreTests.sample()
        let codes = Self.longAreas, years = Self.longYears
        func table(_ columns: [QuantileTable.Column], seed: Double) -> QuantileTable { Self.longTable(columns, seed: seed, missing: 7) }
        result.manifest.horizon = years.last!
        result.supply = table([.init(.nurserySlots, .planned)], seed: 5)
        result.shortfall = table([.init(.nurserySlots, .standard)], seed: 0)
        result.population = table([.init(.residents, .projected), .init(.elderly60plus, .projected)], seed: 1000)
        result.demand = table([.init(.nurserySlots, .standard), .init(.nurserySlots, .propensity)], seed: 10)
        result.pyramid = (0..<205).map { PyramidRow(area: codes[$0 % 2], year: 2020, sex: $0 % 3 == 0 ? .male : .female, age: $0 % 101, population: Double($0) / 3) }
        let path = try temporaryPath()
        try ResultStore.write(result, to: path)
        #expect(try ResultStore.read(path: path) == result)
    }
}
