import Foundation
import GRDB
import Testing
@testable import Results

/// The store's multi-row inserts (`BatchInserter`) give the same rows, fids and AUTOINCREMENT counter
/// as one INSERT per row, for every count around the batch size; a store with whole batches and a
/// remainder reads back exactly.
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

    /// Texts that repeat with a period down the rows (a long table's measure and basis) written as literals of the
    /// multi-row statement (`repeating`): the same rows, fids and counter as one INSERT per row binding them, for
    /// periods that divide the batch and that do not (3 into 10 rows: batches of 9), counts below one batch, at
    /// whole batches and with rows left over; texts with a quote and Chinese.
    @Test(arguments: [(1, 10), (3, 10), (3, 0), (3, 2), (3, 9), (3, 10), (3, 27), (3, 31), (4, 100), (4, 250)])
    func repeatingTextsAsLiteralsGiveTheRowsOfOneInsertPerRow(period: Int, count: Int) throws {
        let cycle = (0..<period).map { ["m'\($0)", "基础\($0)"] }
        let queue = try DatabaseQueue(path: try temporaryPath())
        try queue.write { db in
            for table in ["single", "batched"] {
                try db.execute(sql: "CREATE TABLE \(table) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, a TEXT NOT NULL, m TEXT NOT NULL, b INTEGER NOT NULL, k TEXT NOT NULL, c DOUBLE)")
            }
            let single = RowInserter(try db.makeStatement(sql: "INSERT INTO single (a, m, b, k, c) VALUES (?, ?, ?, ?, ?)"), in: db)
            var batched = try BatchInserter(db, table: "batched", columns: ["a", "m", "b", "k", "c"], rowCount: count,
                                            rowsPerStatement: 10, repeating: ([2, 4], cycle))
            #expect(batched.rowsPerStatement == max(1, 10 / period) * period)
            for i in 0..<count {
                let (a, b, c) = Self.row(i)
                let (m, k) = (cycle[i % period][0], cycle[i % period][1])
                single.bind(1, a); single.bind(2, m); single.bind(3, b); single.bind(4, k); single.bind(5, c)
                try single.step()
                batched.bind(1, a); batched.bind(2, m); batched.bind(3, b); batched.bind(4, k); batched.bind(5, c)
                try batched.endRow()
            }
            batched.finish()
            func contents(_ table: String) throws -> ([[DatabaseValue]], Int?) {
                (try Row.fetchAll(db, sql: "SELECT fid, a, m, b, k, c FROM \(table) ORDER BY fid").map { Array($0.databaseValues) },
                 try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table]))
            }
            let (expected, expectedSequence) = try contents("single")
            let (found, foundSequence) = try contents("batched")
            #expect(found.count == count)
            #expect(found == expected)
            #expect(foundSequence == expectedSequence)
        }
    }

    /// 3 areas × 40 years × 1 or 2 columns = 120 or 240 rows a long table: one or two whole batches of 100 and 20 or 40 left over.
    @Test func aStoreOfWholeBatchesAndARemainderComesBackExactly() throws {
        var result = ResultStoreTests.sample()
        let codes = ["533102", "533103", RunResult.totalArea]
        let years = Array(2020..<2060)
        func table(_ columns: [QuantileTable.Column], seed: Double) -> QuantileTable {
            let count = codes.count * years.count * columns.count * 3
            var values = (0..<count).map { seed + Double($0) * 0.125 }
            values[7] = .nan
            return QuantileTable(areas: codes, years: years, columns: columns, values: values)
        }
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
